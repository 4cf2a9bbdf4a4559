package policy

import "sort"

// Clause is a numbered section of the policy.
type Clause struct {
	Number string // "5.1.1"
	Title  string // the section heading, in Swedish as the policy has it
}

// clauses are the policy's numbered sections, in document order.
var clauses = []Clause{
	{"1.1", "Verksamhetssystem"},
	{"1.2", "Centrala system"},
	{"2.1", "PC och andra klienter"},
	{"2.2", "Skrivare"},
	{"3.1", "Nätverk, brandväggar inkl stödsystem"},
	{"4.1", "Fysiska server/datorhallar, hårdvara"},
	{"5.1", "Support PC och andra klienter, smartphones och surfplattor"},
	{"5.1.1", "Övrig support gällande kommunikation och nätverk, internetaccess etc."},
	{"5.1.2", "Applikationssupport verksamhetssystem"},
	{"5.2", "Tekniskt specialstöd för uttalade verksamhetssystem"},
	{"5.3", "IT-strategiskt stöd vid upphandling och utveckling av verksamhetssystem"},
	{"5.4", "Huvudansvaret för IT-säkerhetsarbetet"},
	{"5.5", "Strategi för samordning och likformning av verksamhetssystem"},
	{"5.6", "Tillhandahållande av ledning och koordinering av IT-relaterade förändringar"},
	{"5.7", "Kvalitetsuppföljning och långsiktig strategi inom IT"},
	{"5.8", "Tillhandahållande av ramverk för systemförvaltning"},
	{"6.1", "Fiberdragning i kommunal mark fram till fastighetsgräns"},
	{"6.2", "Accesspunkter och nätverksutrustning inom fastigheten"},
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
