package policy

import "sort"

// Clause is a numbered section of the policy.
type Clause struct {
	Number string // "5.1.1"
	Title  string // the section heading, in Swedish as the policy has it
	InFee  string // the policy's sentence on what the member fee includes
}

// clauses are the policy's numbered sections, in document order.
var clauses = []Clause{
	{"1.1", "Verksamhetssystem",
		"I medlemsbidraget ingår befintliga system och komponenter, väsentligt förändrade/utökade behov såsom exempelvis nyanskaffning utöver befintliga system och komponenter ingår inte."},
	{"1.2", "Centrala system",
		"I medlemsbidraget ingår befintliga system och komponenter, inklusive av IT-förvaltningen tilldelade användarlicenser gällande Microsoft 365."},
	{"2.1", "PC och andra klienter",
		"I medlemsbidraget ingår leverans av klient, åldersutbyte och återlämningsprocess för återvinning/återbruk."},
	{"2.2", "Skrivare",
		"I medlemsbidraget ingår utöver etablering av inköps och utbytesprocess (kravfångst, ev. upphandling etc) inkoppling mot nätverket samt eventuell funktionalitetsövervakning."},
	{"3.1", "Nätverk, brandväggar inkl stödsystem",
		"I medlemsbidraget ingår av IT-förvaltningen vid var tid valda systemlösningar för i huvudsak befintlig nätverksstruktur."},
	{"4.1", "Fysiska server/datorhallar, hårdvara",
		"I medlemsbidraget ingår driftrelaterad hårdvara samt utrustning för lagring, backup och nätverkskommunikation."},
	{"5.1", "Support PC och andra klienter, smartphones och surfplattor",
		"I medlemsbidraget ingår basservice och support under ordinarie kontorstid helgfria vardagar."},
	{"5.1.1", "Övrig support gällande kommunikation och nätverk, internetaccess etc.",
		"I medlemsbidraget ingår basservice och support under ordinarie kontorstid helgfria vardagar."},
	{"5.1.2", "Applikationssupport verksamhetssystem",
		"Applikationssupport för olika verksamhetssystem ingår inte i medlemsbidraget."},
	{"5.2", "Tekniskt specialstöd för uttalade verksamhetssystem",
		"I medlemsbidraget ingår för enligt systemförvaltningsplan/objektplan överenskomna system tekniskt externt specialstöd för genomförande av uppgraderingar, matchningar etc, som Sydnärkes IT-förvaltningen och verksamheterna gemensamt planerat för."},
	{"5.3", "IT-strategiskt stöd vid upphandling och utveckling av verksamhetssystem",
		"I medlemsbidraget ingår att objektledare IT eller motsvarande vid behov deltar i arbetet med upphandlingar, utan att vara drivande projektledare."},
	{"5.4", "Huvudansvaret för IT-säkerhetsarbetet",
		"Sydnärkes IT-förvaltning har ansvaret för IT-säkerheten, dvs de tekniska förutsättningarna för att säkerställa att informationen i verksamhetssystemen är tillgänglig och tillförlitlig."},
	{"5.5", "Strategi för samordning och likformning av verksamhetssystem",
		"Sydnärkes IT-förvaltning tillhandahåller enligt punkt 5.8 ett ramverk för systemförvaltning genom en samverkansmodell baserad på PM3."},
	{"5.6", "Tillhandahållande av ledning och koordinering av IT-relaterade förändringar",
		"I medlemsbidraget ingår strategisk planering, ledning och koordinering av IT-relaterade förändringar."},
	{"5.7", "Kvalitetsuppföljning och långsiktig strategi inom IT",
		"I medlemsbidraget ingår kvalitetsuppföljning vad gäller IT-förvaltningens totala leverans."},
	{"5.8", "Tillhandahållande av ramverk för systemförvaltning",
		"I medlemsbidraget ingår utbildning i modellen, objektledare IT för respektive objekt samt strukturer, processer och dokumentmallar för framtagande av objektplan och löpande uppföljning."},
	{"6.1", "Fiberdragning i kommunal mark fram till fastighetsgräns",
		"All fiberdragning och annan utökning av nätverkskapacitet i kommunal mark med tillhörande ansvar för processer och dokumentation ansvarar respektive kommun för."},
	{"6.2", "Accesspunkter och nätverksutrustning inom fastigheten",
		"Sydnärkes IT-förvaltning ansvarar för (ingående i medlemsbidraget) leverans, uppsättning samt support och service för nätverksutrustning som exempelvis switchar och accesspunkter."},
}

// Clauses returns the policy's clauses in document order.
func Clauses() []Clause { return append([]Clause(nil), clauses...) }

// LookupClause returns the clause numbered n and whether the policy has it.
func LookupClause(n string) (Clause, bool) {
	i := sort.Search(len(clauses), func(i int) bool { return !clauseLess(clauses[i].Number, n) })
	if i < len(clauses) && clauses[i].Number == n {
		return clauses[i], true
	}
	return Clause{}, false
}

// clauseLess orders clause numbers as the document does ("5.1" < "5.1.1" < "5.2").
func clauseLess(a, b string) bool { return a < b }
