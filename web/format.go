package web

import (
	"fmt"
	"html/template"
	"memberfee/internal/msg"
	"memberfee/report"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/internal/numtext"
	"memberfee/ledger"
)

// labels are the pages' words in both languages (sv, en). Every key a
// template asks for with {{t "key"}} is here; TestLabels holds both
// columns full and every template's keys present.
var labels = map[string][2]string{
	"year":              {"År", "Year"},
	"the_year":          {"Året", "The year"},
	"adopted_fee":       {"Fastställd avgift", "Adopted fee"},
	"revision":          {"revision", "revision"},
	"not_adopted":       {"Årets avgift är inte fastställd.", "The year's fee is not adopted."},
	"installments":      {"Delbetalningar", "Installments"},
	"issued_inst":       {"Fakturerade delbetalningar", "Installments issued"},
	"member":            {"Medlem", "Member"},
	"members":           {"Medlemmar", "Members"},
	"name":              {"Namn", "Name"},
	"fee":               {"Avgift", "Fee"},
	"periods":           {"Perioder", "Periods"},
	"period":            {"Period", "Period"},
	"status":            {"Status", "Status"},
	"total":             {"Summa", "Total"},
	"corrections":       {"Rättelser", "Corrections"},
	"correction":        {"Rättelse", "Correction"},
	"chargebacks":       {"Debiteringar", "Chargebacks"},
	"year_to_date":      {"Hittills i år", "Year to date"},
	"st_draft":          {"utkast", "draft"},
	"st_approved":       {"godkänd", "approved"},
	"st_issued":         {"fakturerad", "issued"},
	"st_corrected":      {"rättad", "corrected"},
	"rejected_rows":     {"Avvisade rader", "Rejected rows"},
	"no_rejected":       {"Inga avvisade rader.", "No rejected rows."},
	"file":              {"Fil", "File"},
	"row":               {"Rad", "Row"},
	"column":            {"Kolumn", "Column"},
	"reason":            {"Orsak", "Reason"},
	"category":          {"Kategori", "Category"},
	"categories":        {"Kategorier", "Categories"},
	"department":        {"Förvaltning", "Department"},
	"departments":       {"Förvaltningar", "Departments"},
	"document":          {"Dokument", "Document"},
	"documents":         {"Dokument", "Documents"},
	"number":            {"Nummer", "Number"},
	"kind":              {"Slag", "Kind"},
	"k_fee":             {"avgift", "fee"},
	"k_chargeback":      {"debitering", "chargeback"},
	"k_correction":      {"rättelse", "correction"},
	"issue_date":        {"Fakturadatum", "Issue date"},
	"due_date":          {"Förfallodag", "Due date"},
	"issued_by":         {"Utfärdad av", "Issued by"},
	"corrects":          {"Rättar", "Corrects"},
	"lines":             {"Rader", "Lines"},
	"line":              {"Rad", "Line"},
	"amount":            {"Belopp", "Amount"},
	"old":               {"Tidigare", "Old"},
	"new":               {"Ny", "New"},
	"change":            {"Ändring", "Change"},
	"date":              {"Datum", "Date"},
	"ref":               {"Referens", "Reference"},
	"description":       {"Beskrivning", "Description"},
	"quantity":          {"Antal", "Quantity"},
	"unit":              {"Enhet", "Unit"},
	"unit_price":        {"À-pris", "Unit price"},
	"extra":             {"Tillägg", "Extra"},
	"clause":            {"Avsnitt", "Clause"},
	"note":              {"Anmärkning", "Note"},
	"charged":           {"Debiterade", "Charged"},
	"included":          {"Ingår", "Included"},
	"rejected":          {"Avvisade", "Rejected"},
	"approve":           {"Godkänn", "Approve"},
	"approve_help":      {"Godkänn perioden som den beräknas nu (fyra ögon: någon annan utfärdar).", "Approve the period as rated now (four eyes: someone else issues it)."},
	"issue":             {"Utfärda", "Issue"},
	"allow_rejected":    {"Utfärda trots avvisade rader (de registreras också)", "Issue despite rejected rows (they are recorded too)"},
	"correct":           {"Rätta", "Correct"},
	"correct_help":      {"Beräkna om perioden och registrera rättelser för det som skiljer.", "Re-rate the period and record corrections of what differs."},
	"approved_by":       {"Godkänd av", "Approved by"},
	"draft_note":        {"Utkast: beräknat nu från indatafilerna, inget är registrerat.", "Draft: rated now from the input files, nothing is recorded."},
	"rated_at":          {"beräknat", "rated"},
	"overlaps_short":    {"överlappar fakturerade perioder", "overlaps issued periods"},
	"overlaps":          {"Perioden överlappar redan fakturerade perioder och kan inte faktureras:", "The period overlaps periods already issued and cannot be issued:"},
	"search":            {"Sök", "Search"},
	"search_help":       {"ärende, användare eller beskrivning", "ticket, user or description"},
	"search_results":    {"Sökträffar", "Search results"},
	"no_hits":           {"Inga träffar.", "No matches."},
	"downloads":         {"Hämta", "Downloads"},
	"dl_bill":           {"Arbetsbok (sammanställning)", "Workbook (summary)"},
	"dl_member_bill":    {"Medlemmens arbetsbok", "Member's workbook"},
	"dl_lines":          {"Rader (CSV)", "Lines (CSV)"},
	"dl_json":           {"JSON", "JSON"},
	"dl_sie":            {"SIE", "SIE"},
	"dl_csv":            {"Fakturaunderlag (CSV)", "Invoice basis (CSV)"},
	"dl_peppol":         {"Peppol", "Peppol"},
	"dl_statement":      {"Årsbesked", "Year statement"},
	"filter":            {"Filtrera", "Filter"},
	"all":               {"alla", "all"},
	"page_of":           {"sida", "page"},
	"previous":          {"Föregående", "Previous"},
	"next":              {"Nästa", "Next"},
	"showing":           {"visar", "showing"},
	"of":                {"av", "of"},
	"input_row":         {"Indatarad", "Input row"},
	"input_file":        {"Indatafil", "Input file"},
	"header":            {"Rubrik", "Header"},
	"value":             {"Värde", "Value"},
	"sha_now":           {"SHA-256 nu", "SHA-256 now"},
	"sha_issued":        {"SHA-256 vid fakturering", "SHA-256 when issued"},
	"sha_differs":       {"Filen har ändrats sedan perioden fakturerades: raden kan skilja sig från det som fakturerades.", "The file has changed since the period was issued: the row may differ from what was issued."},
	"sha_same":          {"Filen är densamma som när perioden fakturerades.", "The file is the one the period was issued from."},
	"lines_from_row":    {"Rader från indataraden", "Lines from this input row"},
	"derived":           {"Härledd rad (ingen indatarad).", "Derived line (no input row)."},
	"issued_on":         {"Fakturerad på", "Issued on"},
	"not_issued":        {"inte fakturerad", "not issued"},
	"sum":               {"Summa", "Total"},
	"not_found":         {"Hittades inte", "Not found"},
	"not_found_help":    {"Sidan finns inte:", "There is no such page:"},
	"error":             {"Fel", "Error"},
	"error_help":        {"Sidan kunde inte visas:", "The page could not be shown:"},
	"forbidden":         {"Förbjuden begäran", "Forbidden request"},
	"forbidden_help":    {"Formuläret kom inte från den här sidan.", "The form did not come from this site."},
	"misdirected":       {"Fel adress", "Misdirected request"},
	"misdirected_help":  {"Servern svarar inte under det här namnet:", "This server does not answer to this name:"},
	"refused":           {"Vägrat", "Refused"},
	"error_logged":      {"Ett fel uppstod; detaljerna finns i serverns logg.", "Something went wrong; the detail is in the server's log."},
	"outcome":           {"Utfall", "Outcome"},
	"done_approve":      {"Godkänt.", "Approved."},
	"done_issue":        {"Utfärdat.", "Issued."},
	"done_correct":      {"Rättat.", "Corrected."},
	"nothing_to_record": {"Inget att registrera: inget registrerades.", "Nothing to record: nothing was recorded."},
	"ref_four-eyes":     {"Vägrat: fyra ögon — någon annan måste godkänna exakt detta innehåll först.", "Refused: four eyes — someone else must approve exactly this content first."},
	"ref_overlap":       {"Vägrat: perioden överlappar en redan utfärdad.", "Refused: the period overlaps one already issued."},
	"ref_rejected":      {"Vägrat: rader är avvisade.", "Refused: rows are rejected."},
	"ref_conflict":      {"Vägrat: någon annan registrerade under tiden.", "Refused: someone else recorded meanwhile."},
	"ref_changed":       {"Vägrat: indata har ändrats sedan sidan visades — titta på perioden igen.", "Refused: the inputs changed since the page was shown — look at the period again."},
	"ref_input":         {"Vägrat.", "Refused."},
	"nothing_recorded":  {"Inget registrerades.", "Nothing was recorded."},
	"action_failed":     {"Misslyckades: inget registrerades; detaljerna finns i serverns logg.", "Failed: nothing was recorded; the detail is in the server's log."},
	"more":              {"Mer", "More"},
	"back_to_period":    {"Tillbaka till perioden", "Back to the period"},
	"needs_reason":      {"En rättelse behöver sin orsak: den står på dokumenten. Inget registrerades.", "A correction needs its reason: it stands on the documents. Nothing was recorded."},
	"signin":            {"Logga in", "Sign in"},
	"signin_failed":     {"Fel namn eller lösenord.", "Wrong name or password."},
	"password":          {"Lösenord", "Password"},
	"signedout":         {"Inte inloggad", "Not signed in"},
	"signedout_help":    {"Logga in för att godkänna, utfärda eller rätta: inget registrerades.", "Sign in to approve, issue or correct: nothing was recorded."},
	"signout":           {"Logga ut", "Sign out"},
	"nothing_issued":    {"Inget fakturerat.", "Nothing issued."},
	"more_lines":        {"rader", "lines"},
	"balance":           {"Saldo", "Balance"},
	"not_in_period":     {"Medlemmen har inget i perioden.", "The member has nothing in the period."},
	"rated_draft":       {"Utkast", "Draft"},
	"ch_added":          {"tillagd", "added"},
	"ch_removed":        {"borttagen", "removed"},
	"ch_changed":        {"ändrad", "changed"},
	"ls_charged":        {"debiterad", "charged"},
	"ls_included":       {"ingår", "included"},
	"ls_rejected":       {"avvisad", "rejected"},
	"no_department":     {"(ingen förvaltning)", "(no department)"},
	"corrected_on":      {"Rättad på", "Corrected on"},
	"fee_issued":        {"Fakturerad avgift", "Fee issued"},
	"cross_site_rating": {"Perioden är inte beräknad, och en sida som öppnas från en annan webbplats beräknar ingen. Öppna den från memberfees egna sidor.",
		"The period is not rated, and a page opened from another site rates none. Open it from memberfee's own pages."},
	"off_documents": {"Alla indatarader finns inte på periodens dokument: rader daterade utanför perioden, rader som inte anger någon medlem i nämnden (avvisade, på inget dokument) och rader för en medlem utan debiterat. Liggaren har bara antalen, så här står hur många, inte vilka.",
		"Not every input row is on the period's documents: rows dated outside the period, rows naming no member of the board (rejected, on no document) and rows of a member with nothing charged. The ledger keeps only the counts, so this says how many, not which."},
	"input_rows":     {"Rader i indata", "Input rows"},
	"on_documents":   {"På dokumenten", "On the documents"},
	"on_no_document": {"På inget dokument", "On no document"},
	"config_broken": {"Konfigurationen %s går inte längre att läsa, så sidorna visar inga belopp förrän den är rättad:",
		"The config %s no longer loads, so the pages show no figures until it is fixed:"},
}

// lang is one language's words and number form.
type lang struct {
	code string
	i    int // column of labels
	num  numtext.Form
}

var langs = map[string]*lang{
	"sv": {code: "sv", i: 0, num: numtext.Swedish},
	"en": {code: "en", i: 1, num: numtext.English},
}

func langOf(code string) *lang {
	if l, ok := langs[code]; ok {
		return l
	}
	return langs["sv"]
}

// t is a label; a missing one is an error, so that a page never shows a
// key (the tests render every page in both languages).
func (l *lang) t(key string) (string, error) {
	v, ok := labels[key]
	if !ok {
		return "", fmt.Errorf("web: no label %q", key)
	}
	return v[l.i], nil
}

func (l *lang) funcs() template.FuncMap {
	return template.FuncMap{
		"t":      l.t,
		"amount": func(d decimal.Decimal) string { return l.num.Amount(d) },
		"num": func(d decimal.Decimal) string {
			return l.num.Number(d, max(0, -d.Exponent()), false)
		},
		"int":     func(n int) string { return l.num.Number(decimal.NewFromInt(int64(n)), 0, false) },
		"day":     day,
		"period":  periodText,
		"status":  func(s string) (string, error) { return l.t("st_" + s) },
		"kind":    func(k ledger.Kind) (string, error) { return l.t("k_" + string(k)) },
		"change":  func(c string) (string, error) { return l.t("ch_" + c) },
		"lstatus": func(st billing.Status) (string, error) { return l.t("ls_" + string(st)) },
		"dept": func(d string) string {
			if d == "" {
				v, _ := l.t("no_department")
				return v
			}
			return d
		},
		"cat": func(c billing.Category) string { return categoryName(l.code, c) },
		"neg": func(d decimal.Decimal) bool { return d.Sign() < 0 },
		// say, unit and word render a line's texts (reasons, notes,
		// rule-made descriptions; units; printer events) in the page's
		// language through the catalogue: the ledger keeps them in their
		// canonical English. A text the catalogue lacks is shown as written.
		"say":  func(s string) string { return msg.Render(s, l.code) },
		"unit": func(u string) string { return msg.UnitIn(l.code, u) },
		"word": func(w string) string { return msg.WordIn(l.code, w) },
	}
}

// categoryName is a category as the workbooks call it (report's labels);
// what is not a chargeback category (a fee document's "fee") as it is.
func categoryName(code string, c billing.Category) string {
	if !slices.Contains(billing.Categories, c) {
		return string(c)
	}
	return report.Lang(langOf(code).code).Category(c)
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// periodKey is a period as URLs write it: 2025-01-01_2025-03-31.
func periodKey(p ledger.Period) string { return day(p.From) + "_" + day(p.To) }

// periodText is a period as a page shows it.
func periodText(p ledger.Period) string { return day(p.From) + " – " + day(p.To) }

// parsePeriod reads a period from a URL; ok is false for anything but two
// dates, the first not after the second.
func parsePeriod(s string) (ledger.Period, bool) {
	a, b, ok := strings.Cut(s, "_")
	if !ok {
		return ledger.Period{}, false
	}
	from, err1 := time.Parse(time.DateOnly, a)
	to, err2 := time.Parse(time.DateOnly, b)
	if err1 != nil || err2 != nil || to.Before(from) || day(from) != a || day(to) != b {
		return ledger.Period{}, false
	}
	return ledger.Period{From: from, To: to}, true
}
