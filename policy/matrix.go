package policy

// Responsible parties of the responsibility matrix (gränsdragningslista).
const (
	Board        = "N" // IT-nämnden: in the member fee
	Municipality = "K" // respektive kommun: the municipality's own
)

// Matrix is the responsibility matrix at the top of the policy: for each
// component who runs (drift och underhåll), manages (förvaltning) and
// develops (utveckling) it, the other tasks and who has them, and the
// chargeable categories with the clause and sentence behind each. The
// engine ships the policy's matrix (Default); a config may replace it.
type Matrix struct {
	Source     string      `mapstructure:"source"`
	Components []Component `mapstructure:"components"`
	Tasks      []Task      `mapstructure:"tasks"`
	Notes      []string    `mapstructure:"notes"`
	Categories []Category  `mapstructure:"categories"`
}

// Component is a row of the matrix.
type Component struct {
	Name        string `mapstructure:"name"`
	Operation   string `mapstructure:"operation"`   // drift och underhåll: N or K
	Management  string `mapstructure:"management"`  // förvaltning
	Development string `mapstructure:"development"` // utveckling
}

// Task is one of the other tasks (övriga arbetsuppgifter).
type Task struct {
	Name        string `mapstructure:"name"`
	Responsible string `mapstructure:"responsible"`
}

// Category is a chargeable category and why: the sentence of the policy
// that puts it outside the fee, and the one that says what stays inside.
type Category struct {
	Category string   `mapstructure:"category"`
	Clauses  []string `mapstructure:"clauses"`
	Title    string   `mapstructure:"title"`
	Charged  string   `mapstructure:"charged"`  // the policy's sentence: not in the fee
	Included string   `mapstructure:"included"` // the policy's sentence: in the fee
	Rule     string   `mapstructure:"rule"`     // how the engine applies it
}

// Default returns the matrix of the policy of May 2023.
func Default() Matrix {
	return Matrix{
		Source: "Vad ingår i Sydnärkekommunernas medlemsbidrag till IT-nämnden, maj 2023",
		Components: []Component{
			{"Verksamhetssystem och ingående komponenter, t.ex. databaser och webbtjänster", Board, Municipality, Municipality},
			{"Centrala system, t.ex. e-post, övervakning, katalogtjänst, backup, integrationssystem, datalagring, gemensam filtjänst", Board, Board, Board},
			{"Nätverk, brandväggar inkl. stödsystem", Board, Board, Board},
			{"Fysiska server/datahallar", Board, Board, Board},
			{"Hårdvara, t.ex. servrar, datalagring, backup, nätverksutrustning, PC och andra klienter", Board, Board, Board},
			{"Telefoni", Municipality, Municipality, Municipality},
		},
		Tasks: []Task{
			{"Behörighetshantering i verksamhetssystem", Municipality},
			{"Behörighetshantering i övriga system", Board},
			{"Support PC-klienter", Board},
			{"Support smartphones och surfplattor**", Board},
			{"Support verksamhetssystem", Municipality},
			{"Tekniskt specialiststöd för uttalade verksamhetssystem*", Board},
			{"IT-strategiskt stöd vid upphandling och utveckling av verksamhetssystem", Board},
			{"Huvudansvaret för IT-säkerhetsarbetet", Board},
			{"Strategi för samordning och likformning av verksamhetssystem", Municipality},
			{"Tillhandahållande av ledning och koordinering av IT-relaterade förändringar", Board},
			{"Kvalitetsuppföljning och långsiktig strategi inom IT", Board},
			{"Tillhandahållande av ramverk för systemförvaltning", Board},
			{"Fiberdragning i kommunal mark fram till fastighetsgräns***", Municipality},
			{"Accesspunkter och nätverksutrustning inom fastigheten***", Board},
		},
		Notes: []string{
			"* Endast för enligt systemförvaltningsplan/objektplan överenskomna system",
			"** Begränsat till mailsynk och grundfunktion, ej applikationer (vård och omsorg undantaget)",
			"*** Reviderad gränsdragning 2021 (Syd IT 21-32)",
			"N = IT-nämnden (ingår i medlemsbidraget), K = respektive kommun",
		},
		Categories: []Category{
			{Category: "equipment", Clauses: []string{"2.1"}, Title: "Specialutrustning och arbetsplatsutrustning",
				Charged:  "All specialutrustning och övrig arbetsplats relaterad utrustning faktureras respektive verksamhet direkt.",
				Included: "I medlemsbidraget ingår leverans av klient, åldersutbyte och återlämningsprocess för återvinning/återbruk.",
				Rule:     "quantity × unit price × (1 + equipment markup), charged to the department"},
			{Category: "printers", Clauses: []string{"2.2"}, Title: "Skrivare",
				Charged:  "Respektive kommun står för sina egna kostnader både vid utbyten av befintliga maskiner samt eventuella utökning av maskinparken.",
				Included: "I medlemsbidraget ingår utöver etablering av inköps och utbytesprocess (kravfångst, ev. upphandling etc) inkoppling mot nätverket samt eventuell funktionalitetsövervakning.",
				Rule:     "purchase, replacement and expansion charged at their amount; installation, connection and monitoring included"},
			{Category: "storage", Clauses: []string{"4.1"}, Title: "Lagring i personliga mappar över maxgränsen",
				Charged:  "För varje enskild användare gäller en av Sydnärkes IT-förvaltning vid var tid satt maxgräns vad gäller lagring av data i sina personliga mappar, för de användare som vida överstiger den maxgränsen kan data antingen komma att raderas eller debiteras.",
				Included: "I medlemsbidraget ingår driftrelaterad hårdvara samt utrustning för lagring, backup och nätverkskommunikation.",
				Rule:     "a user-month over quota + tolerance is charged (use − quota) × price per GB-month"},
			{Category: "support", Clauses: []string{"5.1", "5.1.1"}, Title: "Support utanför ordinarie kontorstid",
				Charged:  "Vid behov av support övrig tid för uttalade verksamhetssystem så kan arbete och eventuella utryckningar komma att debiteras uppdragsgivaren.",
				Included: "I medlemsbidraget ingår basservice och support under ordinarie kontorstid helgfria vardagar.",
				Rule:     "the time outside office hours on working days, rounded up to whole increments, at the hourly rate, plus the call-out fee"},
			{Category: "licences", Clauses: []string{"1.2"}, Title: "Microsoft 365-licenser utöver tilldelningen",
				Charged:  "Överstiger verksamhetens behov av de tilldelade licenserna och den utökningen inte är försumbar, ingår inte utökningen i medlemsbidraget.",
				Included: "I medlemsbidraget ingår befintliga system och komponenter, inklusive av IT-förvaltningen tilldelade användarlicenser gällande Microsoft 365.",
				Rule:     "an excess over the allotment above negligible × allotment is charged per licence-month"},
			{Category: "services", Clauses: []string{"1.1", "5.1.2", "5.2", "5.3", "5.4", "5.5", "5.8"}, Title: "Tjänster utanför medlemsbidraget",
				Charged:  "Applikationssupport för olika verksamhetssystem ingår inte i medlemsbidraget (5.1.2); övriga konsultinsatser vid större förändringar kan komma att debiteras verksamheten separat (5.2); kostnader för genomförandet av själva upphandlingen ingår inte (5.3); väsentligt förhöjda IT-säkerhetsåtgärder ingår inte (5.4); genomföranden av nödvändiga förändringar utöver ordinarie systemförvaltning ingår inte (5.5); större vidareutvecklingsaktiviteter ingår inte (5.8); nyanskaffning utöver befintliga system ingår inte (1.1).",
				Included: "I medlemsbidraget ingår befintliga system och komponenter, ordinarie systemförvaltning och drift.",
				Rule:     "an amount as given, or hours × rate (default the consulting rate)"},
		},
	}
}

// CategoryOf returns the chargeable category that cites clause, if any.
func (m Matrix) CategoryOf(clause string) (Category, bool) {
	for _, c := range m.Categories {
		for _, cl := range c.Clauses {
			if cl == clause {
				return c, true
			}
		}
	}
	return Category{}, false
}

// Lookup returns the chargeable category named name.
func (m Matrix) Lookup(name string) (Category, bool) {
	for _, c := range m.Categories {
		if c.Category == name {
			return c, true
		}
	}
	return Category{}, false
}
