package report

// documentLabels are the labels of the ledger's documents: the stamp on an
// issued chargeback workbook and the pack's list of documents, the draft
// warning of bill, the correction workbook (correct) and the statement
// (ledger statement).
var documentLabels = labelTable{
	"doc.chargeback":    {"Debiteringsbesked", "Chargeback notice"},
	"doc.number":        {"Nummer", "Number"},
	"doc.kind":          {"Typ", "Kind"},
	"doc.issue_date":    {"Utfärdat", "Issued"},
	"doc.due_date":      {"Förfallodag", "Due date"},
	"doc.issued_by":     {"Utfärdat av", "Issued by"},
	"doc.total":         {"Belopp", "Amount"},
	"doc.corrects":      {"Rättar", "Corrects"},
	"doc.period":        {"Period", "Period"},
	"doc.from":          {"Från", "From"},
	"doc.to":            {"Till", "To"},
	"doc.reason":        {"Orsak", "Reason"},
	"doc.none":          {"inget: inget att debitera i perioden", "none: nothing to charge in the period"},
	"doc.not_in_period": {"(inte i periodens sammanställning)", "(not in the period's summary)"},
	"doc.more":          {"%s … (%d i allt)", "%s … (%d in all)"},
	"doc.no_corrects":   {"— (inget debiteringsbesked i perioden)", "— (no chargeback notice in the period)"},

	"kind.fee":        {"Medlemsbidrag, delbetalning %d av %d", "Member fee, installment %d of %d"},
	"kind.chargeback": {"Debiteringsbesked", "Chargeback notice"},
	"kind.correction": {"Rättelse", "Correction"},

	"cb.sheet.documents": {"Debiteringsbesked", "Notices"},
	"cb.title.issued":    {"Debiteringsbesked %s: %s, %s – %s", "Chargeback notice %s: %s, %s – %s"},
	"cb.draft":           {"Utkast — perioden överlappar debiteringsbesked %s redan utfärdade. %s", "Draft — the period overlaps chargeback notices %s already issued. %s"},
	"cb.documents_title": {"Utfärdade debiteringsbesked %s – %s", "Chargeback notices issued %s – %s"},
	"cb.documents_note":  {"Ett debiteringsbesked per kommun med något att debitera; beloppet är kommunens summa på sammanställningen. Ett utfärdat besked ändras aldrig: ett fel rättas med en rättelse.", "One notice per member with something charged; its amount is the member's total on the summary. An issued notice is never changed: a mistake is corrected by a correction."},
	"co.sheet":           {"Rättelse", "Correction"},
	"co.title":           {"Rättelse %s: %s, %s – %s", "Correction %s: %s, %s – %s"},
	"co.note":            {"Skillnaden rad för rad mellan det som debiterades och en ny debitering av perioden med indata som de är nu. Skillnad = nytt − tidigare; belopp i kronor.", "The difference line by line between what was charged and a new rating of the period from the inputs as they are now. Difference = new − old; amounts in SEK."},
	"co.change":          {"Ändring", "Change"},
	"co.old":             {"Tidigare", "Old"},
	"co.new":             {"Nytt", "New"},
	"co.diff":            {"Skillnad", "Difference"},
	"co.key":             {"Radnyckel", "Line key"},
	"co.added":           {"tillagd", "added"},
	"co.removed":         {"borttagen", "removed"},
	"co.changed":         {"ändrad", "changed"},
	"co.by_category":     {"Skillnad per kategori", "Difference per category"},
	"co.check":           {"Kontroll: summan av raderna = rättelsens belopp", "Check: the sum of the lines = the correction's amount"},
	"st.sheet":           {"Kontoutdrag", "Statement"},
	"st.title":           {"Kontoutdrag %d: %s", "Statement %d: %s"},
	"st.note":            {"Varje dokument som utfärdats till kommunen under året (efter utfärdandedatum), med beloppet per kategori. Belopp i kronor.", "Every document issued to the member in the year (by issue date), with its amount per category. Amounts in SEK."},
	"st.by_category":     {"Årets belopp per kategori", "The year's amount per category"},
	"st.year_total":      {"Årets summa", "The year's total"},
	"st.no_documents":    {"Inga dokument utfärdade under året.", "No documents issued in the year."},
}
