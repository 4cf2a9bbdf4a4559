package report

import (
	"fmt"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/internal/msg"
	"memberfee/internal/numtext"
)

// Lang is the language of a workbook's labels: Swedish (the default, for
// Swedish finance staff) or English.
type Lang string

// The languages of the labels.
const (
	Swedish Lang = "sv"
	English Lang = "en"
)

// ParseLang checks a --lang value.
func ParseLang(s string) (Lang, error) {
	switch Lang(s) {
	case Swedish, "":
		return Swedish, nil
	case English:
		return English, nil
	}
	return "", fmt.Errorf("language %q is not sv or en", s)
}

// label is a label in both languages.
type label struct{ sv, en string }

// labelTable is one area's labels: key → {Swedish, English}.
type labelTable map[string]label

// labelTables are the areas' tables; a key is in one of them.
// TestLabels holds them to both languages and every key the code uses.
var labelTables = []struct {
	area  string
	table labelTable
}{
	{"allocation", allocationLabels},
	{"bridge", bridgeLabels},
	{"chargeback", chargebackLabels},
	{"compare", compareLabels},
	{"forecast", forecastLabels},
	{"clients", clientsLabels},
	{"audit", auditLabels},
	{"documents", documentLabels},
}

// labels holds every label of the workbooks, by key.
var labels = func() labelTable {
	all := labelTable{}
	for _, t := range labelTables {
		for k, v := range t.table {
			all[k] = v
		}
	}
	return all
}()

// allocationLabels are the labels of the fee workbook (allocate), and the
// words every workbook shares (member, name, total, yes, no, check).
var allocationLabels = labelTable{
	// sheet names (at most 31 characters)
	"sheet.summary":      {"Sammanställning", "Summary"},
	"sheet.indexation":   {"Indexering", "Indexation"},
	"sheet.additions":    {"Tillägg", "Additions"},
	"sheet.transfers":    {"Överföringar", "Transfers"},
	"sheet.volume":       {"Volym", "Volume"},
	"sheet.allocation":   {"Fördelning", "Allocation"},
	"sheet.installments": {"Delbetalningar", "Installments"},
	"sheet.inputs":       {"Indata", "Inputs"},

	"title.summary":      {"Medlemsbidrag %d – sammanställning per medlemskommun", "Member fee %d – summary per member municipality"},
	"title.indexation":   {"Indexering av medlemsbidraget %d", "Indexation of the member fee %d"},
	"title.additions":    {"Utökat medlemsbidrag (tillägg) %d", "Additions to the member fee %d"},
	"title.transfers":    {"Ramväxling: kostnader som flyttas till kommunerna %d", "Transfers of costs to the municipalities %d"},
	"title.volume":       {"Volymprincip %d", "Volume principle %d"},
	"title.allocation":   {"Fördelning av poolen efter fördelningsnyckel %d", "Allocation of the pool by the key %d"},
	"title.installments": {"Delbetalningar %d", "Installments %d"},
	"title.inputs":       {"Indata och parametrar %d", "Inputs and parameters %d"},

	"member":        {"Kommun", "Member"},
	"name":          {"Namn", "Name"},
	"population":    {"Invånare", "Population"},
	"key_share":     {"Nyckelandel", "Key share"},
	"allocated":     {"Fördelat", "Allocated"},
	"additions":     {"Tillägg", "Additions"},
	"own_additions": {"Egna tillägg", "Own additions"},
	"common_note": {"Gemensamma tillägg, %s, ingår i Fördelat och delas efter nyckelandel; Egna tillägg betalar kommunen ensam.",
		"Common additions, %s, are in Allocated, shared by key share; Own additions the member alone pays for."},
	"volume":      {"Volymjustering", "Volume adjustment"},
	"fee":         {"Medlemsbidrag", "Fee"},
	"previous":    {"Föregående år", "Last year"},
	"change":      {"Förändring kr", "Change"},
	"change_pct":  {"Förändring %", "Change %"},
	"carried":     {"Bär själv efter ramväxling", "Carries itself after transfers"},
	"net_effect":  {"Nettoeffekt av ramväxling", "Net effect of transfers"},
	"total":       {"Summa", "Total"},
	"chart.title": {"Medlemsbidrag per kommun", "Fee per member"},

	"component":    {"Kostnadskomponent", "Component"},
	"share":        {"Andel av kostnaden", "Share of cost"},
	"rate":         {"Uppräkning", "Rate"},
	"contribution": {"Bidrag (andel × uppräkning)", "Contribution (share × rate)"},
	"source":       {"Källa", "Source"},
	"factor":       {"Indexeringsfaktor (1 + Σ bidrag)", "Index factor (1 + Σ contributions)"},
	"prev_total":   {"Föregående års medlemsbidrag, löpande del", "Last year's ongoing total"},
	"indexed_base": {"Indexerad bas, avrundad", "Indexed base, rounded"},

	"year":           {"År", "Year"},
	"id":             {"Id", "Id"},
	"description":    {"Benämning", "Name"},
	"clause":         {"Punkt", "Clause"},
	"scope":          {"Omfattning", "Scope"},
	"scope.common":   {"gemensam", "common"},
	"scope.member":   {"medlem", "member"},
	"investment":     {"Investering", "Investment"},
	"dep_years":      {"Avskrivningsår", "Depreciation years"},
	"interest_rate":  {"Räntesats", "Interest rate"},
	"start_year":     {"Startår", "Start year"},
	"end_year":       {"Slutår", "End year"},
	"permanent":      {"Permanent", "Permanent"},
	"yes":            {"Ja", "Yes"},
	"no":             {"Nej", "No"},
	"k":              {"År i avskrivningen (k)", "Year of depreciation (k)"},
	"depreciation":   {"Avskrivning", "Depreciation"},
	"opening_book":   {"Ingående bokfört värde", "Opening book value"},
	"interest":       {"Ränta", "Interest"},
	"capital_cost":   {"Kapitalkostnad", "Capital cost"},
	"operating":      {"Driftkostnad per år", "Operating cost per year"},
	"operating_year": {"Driftkostnad i år", "Operating cost this year"},
	"cost_year":      {"Kostnad i år", "Cost this year"},
	"common_total":   {"Gemensamma tillägg (läggs till poolen)", "Common additions (join the pool)"},
	"member_total":   {"Medlemsspecifika tillägg", "Member additions"},
	"additions_note": {"Kapitalkostnad = investering / avskrivningsår + räntesats × (investering − k × investering / avskrivningsår). Driftkostnad gäller startår ≤ år ≤ slutår.",
		"Capital cost = investment / years + interest rate × (investment − k × investment / years). Operating cost applies from start year to end year."},

	"amount":         {"Belopp", "Amount"},
	"transfer_total": {"Summa ramväxling (sänker poolen)", "Total transfers (lower the pool)"},
	"relief":         {"Andel av poolens sänkning", "Share of the pool's reduction"},
	"transfers_note": {"Nettoeffekt = det kommunen själv bär − avrundad nyckelandel × summa ramväxling. Positivt: kommunen betalar mer totalt.",
		"Net effect = what the member carries itself − rounded key share × total transfers. Positive: the member pays more in all."},

	"threshold":         {"Tröskel", "Threshold"},
	"symmetric":         {"Symmetrisk (även minskningar)", "Symmetric (decreases too)"},
	"driver":            {"Drivare", "Driver"},
	"baseline":          {"Basvärde", "Baseline"},
	"current":           {"Aktuellt", "Current"},
	"vchange":           {"Förändring", "Change"},
	"vchange_pct":       {"Förändring %", "Change %"},
	"over":              {"Över tröskeln", "Over threshold"},
	"unit_cost":         {"Styckkostnad", "Unit cost"},
	"adjustment":        {"Justering", "Adjustment"},
	"volume_per_member": {"Volymjustering per kommun, avrundad", "Volume adjustment per member, rounded"},

	"pool_calc":    {"Poolen", "The pool"},
	"common_add":   {"+ gemensamma tillägg", "+ common additions"},
	"minus_transf": {"− ramväxling", "− transfers"},
	"pool":         {"Pool att fördela, avrundad", "Pool to allocate, rounded"},
	"unit":         {"Avrundningsenhet", "Rounding unit"},
	"weight":       {"Vikt", "Weight"},
	"key_total":    {"Summa", "Total"},
	"quota":        {"Exakt kvot (enheter)", "Exact quota (units)"},
	"floor":        {"Hela enheter", "Whole units"},
	"remainder":    {"Rest", "Remainder"},
	"extra":        {"Restenhet", "Remainder unit"},
	"units_left":   {"Enheter kvar att dela ut", "Units left to hand out"},
	"alloc_note": {"Största restmetoden: varje kommun får heltalsdelen av sin kvot; återstående enheter går en i taget till de största resterna, vid lika rest till den större nyckelandelen och därefter till lägre kommun-id.",
		"Largest remainder: each member gets the whole units of its quota; the units left go one each to the largest remainders, ties to the larger key share, then to the lower member id."},
	"check":         {"Kontroll", "Check"},
	"installment_n": {"Delbetalning %d", "Installment %d"},
	"inst_note":     {"Lika delar i hela enheter; de första delbetalningarna bär de extra enheterna.", "Equal parts in whole units; the earliest installments carry the extra units."},

	"param":             {"Parameter", "Parameter"},
	"value":             {"Värde", "Value"},
	"organisation":      {"Organisation", "Organisation"},
	"currency":          {"Valuta", "Currency"},
	"installments":      {"Antal delbetalningar", "Installments per year"},
	"population_source": {"Befolkningskälla", "Population source"},
	"next_base":         {"Bas för nästa års indexering", "Base for next year's indexation"},
	"permanent_total":   {"Permanenta tillägg (driftkostnad)", "Permanent additions (operating cost)"},
	"engine":            {"Motorversion", "Engine version"},
	"members":           {"Medlemskommuner", "Member municipalities"},
	"keys":              {"Fördelningsnyckel", "Allocation key"},
	"illustrative":      {"Alla belopp i %s.", "All amounts in %s."},
}

// tr returns the label for key in the language; a key without a label
// gives itself, which TestLabels keeps from happening.
func (l Lang) tr(key string) string {
	v, ok := labels[key]
	if !ok {
		return key
	}
	if l == English {
		return v.en
	}
	return v.sv
}

// trf formats a label with arguments.
func (l Lang) trf(key string, args ...any) string { return fmt.Sprintf(l.tr(key), args...) }

// say is a canonical text of the catalogue (a reason, a note, a
// description a rule made; internal/msg) in the language; a text the
// catalogue does not know (an office's description) is as it is.
func (l Lang) say(text string) string { return msg.Render(text, string(l)) }

// unit is a line's unit in the language.
func (l Lang) unit(u string) string { return msg.UnitIn(string(l), u) }

// ruleText reports whether a line's description is one the rules made (a
// storage user-month, a licence excess) rather than an office's.
func ruleText(c billing.Category, derived bool) bool { return c == billing.Storage || derived }

// exact writes a figure inside text in the language's form with the
// decimals it needs and no trailing zeros: 61 784 338 and 62 648 337,5 in
// Swedish, 61,784,338 and 62,648,337.5 in English.
func (l Lang) exact(d decimal.Decimal) string {
	return numtext.Of(string(l)).Exact(decimal.RequireFromString(d.String()))
}

// count writes a number of rows inside text in the language's form: 12 500
// in Swedish, 12,500 in English.
func (l Lang) count(n int) string { return l.exact(decimal.NewFromInt(int64(n))) }

// ref is a line's reference in the language: a printer line's is its
// event, a word of the catalogue; any other (a ticket, a user, a licence
// type) is as it is.
func (l Lang) ref(c billing.Category, ref string) string {
	if c == billing.Printers {
		return msg.WordIn(string(l), ref)
	}
	return ref
}
