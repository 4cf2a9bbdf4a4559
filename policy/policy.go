package policy

import (
	_ "embed"
	"slices"
	"sync"
)

// Policy is one board's policy: what the member fee includes and what is
// charged, with the clause behind each. Its fields carry the key names of
// the policy file.
type Policy struct {
	// Matrix is the responsibility matrix and the chargeable categories:
	// the keys source, components, tasks, notes and categories.
	Matrix  `yaml:",inline"`
	Names   Names    `yaml:"names"`
	Parties []Party  `yaml:"parties"`
	Clauses []Clause `yaml:"clauses"`
	// ClientsClause is the clause of the client devices, which the client
	// workbook's title cites; none when empty.
	ClientsClause string `yaml:"clients_clause"`
}

// Clause is a numbered section of the policy.
type Clause struct {
	ID    string `yaml:"id"`     // "5.1.1"
	Title string `yaml:"title"`  // the section heading, as the policy has it
	InFee string `yaml:"in_fee"` // the policy's sentence on what the member fee includes
}

// Party is a code of the responsibility matrix: who is responsible.
type Party struct {
	Code  string `yaml:"code"`   // "N"
	Name  string `yaml:"name"`   // "IT-nämnden"
	InFee bool   `yaml:"in_fee"` // the board: what it is responsible for is in the fee
}

// Names are the names the outputs quote that are the board's own words.
type Names struct {
	// Baseline is what compare calls the config itself, the scenarios'
	// baseline ("dagens modell").
	Baseline Text `yaml:"baseline"`
}

// Text is a name in Swedish and English.
type Text struct {
	SV string `yaml:"sv"`
	EN string `yaml:"en"`
}

// In returns the text in the language ("en" English, anything else
// Swedish).
func (t Text) In(lang string) string {
	if lang == "en" {
		return t.EN
	}
	return t.SV
}

// DefaultBaseline is the baseline's name in a policy that names none.
var DefaultBaseline = Text{SV: "grundalternativet", EN: "the baseline"}

// Matrix is the responsibility matrix at the top of the policy: for each
// component who runs (drift och underhåll), manages (förvaltning) and
// develops (utveckling) it, the other tasks and who has them, and the
// chargeable categories with the clause and sentence behind each. Its
// mapstructure keys are those of the config's responsibility_matrix, which
// replaces the policy's.
type Matrix struct {
	Source     string      `mapstructure:"source" yaml:"source"`
	Components []Component `mapstructure:"components" yaml:"components"`
	Tasks      []Task      `mapstructure:"tasks" yaml:"tasks"`
	Notes      []string    `mapstructure:"notes" yaml:"notes"`
	Categories []Category  `mapstructure:"categories" yaml:"categories"`
}

// Component is a row of the matrix.
type Component struct {
	Name        string `mapstructure:"name" yaml:"name"`
	Operation   string `mapstructure:"operation" yaml:"operation"`     // drift och underhåll: a party's code
	Management  string `mapstructure:"management" yaml:"management"`   // förvaltning
	Development string `mapstructure:"development" yaml:"development"` // utveckling
}

// Task is one of the other tasks (övriga arbetsuppgifter).
type Task struct {
	Name        string `mapstructure:"name" yaml:"name"`
	Responsible string `mapstructure:"responsible" yaml:"responsible"`
}

// Category is a chargeable category and why: the sentence of the policy
// that puts it outside the fee, and the one that says what stays inside.
type Category struct {
	Category string   `mapstructure:"category" yaml:"category"`
	Clauses  []string `mapstructure:"clauses" yaml:"clauses"`
	// ChargedClause and IncludedClause are the clauses a charged and an
	// included line cite: the first of Clauses when empty.
	ChargedClause  string `mapstructure:"charged_clause" yaml:"charged_clause"`
	IncludedClause string `mapstructure:"included_clause" yaml:"included_clause"`
	Title          string `mapstructure:"title" yaml:"title"`
	Charged        string `mapstructure:"charged" yaml:"charged"`   // the policy's sentence: not in the fee
	Included       string `mapstructure:"included" yaml:"included"` // the policy's sentence: in the fee
	Rule           string `mapstructure:"rule" yaml:"rule"`         // how the engine applies it
}

// Categories are the chargeable categories the engine rates, each of which
// a policy must cite clauses for.
var Categories = []string{"equipment", "printers", "storage", "support", "licences", "services"}

//go:embed sydnarke-2023.yaml
var defaultYAML []byte

// DefaultFile is the name of the built-in policy, as messages name it.
const DefaultFile = "sydnarke-2023.yaml (built in)"

var defaultPolicy = sync.OnceValue(func() *Policy {
	p, err := Parse(defaultYAML, DefaultFile)
	if err != nil {
		panic("policy: the built-in policy does not check: " + err.Error()) // TestDefault keeps it from happening
	}
	return p
})

// Default returns the built-in policy, Sydnärke's of May 2023. It is
// shared: do not modify it (Clone does).
func Default() *Policy { return defaultPolicy() }

// DefaultYAML returns the built-in policy's file, what `policy export`
// writes.
func DefaultYAML() []byte { return slices.Clone(defaultYAML) }

// Clone returns a copy of p that shares nothing with it.
func (p *Policy) Clone() *Policy {
	c := *p
	c.Matrix = p.Matrix.clone()
	c.Parties = slices.Clone(p.Parties)
	c.Clauses = slices.Clone(p.Clauses)
	return &c
}

func (m Matrix) clone() Matrix {
	m.Components = slices.Clone(m.Components)
	m.Tasks = slices.Clone(m.Tasks)
	m.Notes = slices.Clone(m.Notes)
	cats := slices.Clone(m.Categories)
	for i := range cats {
		cats[i].Clauses = slices.Clone(cats[i].Clauses)
	}
	m.Categories = cats
	return m
}

// WithMatrix returns a copy of p whose matrix is m (the config's old
// responsibility_matrix key), after checking m against p's clauses and
// parties: the problems are Problems with paths under at.
func (p *Policy) WithMatrix(m Matrix, at string) (*Policy, error) {
	c := p.Clone()
	c.Matrix = m.clone()
	if probs := c.checkMatrix(at); len(probs) > 0 {
		return nil, &Problems{List: probs}
	}
	return c, nil
}

// Clause returns the clause id and whether the policy has it.
func (p *Policy) Clause(id string) (Clause, bool) {
	for _, c := range p.Clauses {
		if c.ID == id {
			return c, true
		}
	}
	return Clause{}, false
}

// HasClause reports whether id is one of the policy's clauses.
func (p *Policy) HasClause(id string) bool {
	_, ok := p.Clause(id)
	return ok
}

// ClauseIDs returns the clauses' ids in document order.
func (p *Policy) ClauseIDs() []string {
	ids := make([]string, len(p.Clauses))
	for i, c := range p.Clauses {
		ids[i] = c.ID
	}
	return ids
}

// Cite returns the clause a line of the category cites: charged or
// included.
func (p *Policy) Cite(category string, charged bool) string {
	c, ok := p.Lookup(category)
	if !ok {
		return ""
	}
	return c.Cite(charged)
}

// Cite returns the clause a charged or an included line of the category
// cites.
func (c Category) Cite(charged bool) string {
	switch {
	case charged && c.ChargedClause != "":
		return c.ChargedClause
	case !charged && c.IncludedClause != "":
		return c.IncludedClause
	case len(c.Clauses) > 0:
		return c.Clauses[0]
	}
	return ""
}

// Baseline returns what compare calls the baseline, in the language.
func (p *Policy) Baseline(lang string) string {
	if s := p.Names.Baseline.In(lang); s != "" {
		return s
	}
	return DefaultBaseline.In(lang)
}

// PartyName returns the name of the party with the code, "" for none.
func (p *Policy) PartyName(code string) string {
	for _, x := range p.Parties {
		if x.Code == code {
			return x.Name
		}
	}
	return ""
}

// CategoryOf returns the chargeable category that cites clause, if any.
func (m Matrix) CategoryOf(clause string) (Category, bool) {
	for _, c := range m.Categories {
		if slices.Contains(c.Clauses, clause) {
			return c, true
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
