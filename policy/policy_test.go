package policy

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestDefault: the built-in policy checks, has Sydnärke's clauses and
// matrix, and every chargeable category cites clauses of the policy and
// quotes the sentences behind it.
func TestDefault(t *testing.T) {
	p := Default()
	if len(p.Clauses) != 18 || len(p.Components) != 6 || len(p.Tasks) != 14 || len(p.Categories) != 6 {
		t.Fatalf("%d clauses, %d components, %d tasks, %d categories", len(p.Clauses), len(p.Components), len(p.Tasks), len(p.Categories))
	}
	for _, n := range []string{"1.1", "5.1", "5.1.1", "5.1.2", "6.2"} {
		if c, ok := p.Clause(n); !ok || c.ID != n || c.Title == "" || c.InFee == "" {
			t.Errorf("Clause(%s) = %v, %v", n, c, ok)
		}
	}
	for _, n := range []string{"", "7.2", "5.1.3", "5"} {
		if p.HasClause(n) {
			t.Errorf("Clause(%q) found", n)
		}
	}
	for _, c := range p.Categories {
		if c.Charged == "" || c.Included == "" || c.Rule == "" {
			t.Errorf("%s lacks its sentences", c.Category)
		}
	}
	if c, ok := p.CategoryOf("5.1.1"); !ok || c.Category != "support" {
		t.Errorf("5.1.1 → %v", c)
	}
	for _, c := range []struct {
		cat     string
		charged bool
		want    string
	}{
		{"equipment", true, "2.1"}, {"printers", true, "2.2"}, {"printers", false, "2.2"}, {"storage", true, "4.1"},
		{"support", true, "5.1.1"}, {"support", false, "5.1"}, {"licences", true, "1.2"}, {"licences", false, "1.2"},
		{"none", true, ""},
	} {
		if got := p.Cite(c.cat, c.charged); got != c.want {
			t.Errorf("Cite(%s, %v) = %q, want %q", c.cat, c.charged, got, c.want)
		}
	}
	if p.Baseline("sv") != "dagens modell" || p.Baseline("en") != "the baseline" || p.ClientsClause != "2.1" {
		t.Errorf("names: %q %q %q", p.Baseline("sv"), p.Baseline("en"), p.ClientsClause)
	}
	if p.PartyName("N") != "IT-nämnden" || p.PartyName("X") != "" {
		t.Errorf("parties %v", p.Parties)
	}
}

// TestDefaultIsTheFile: what export writes is the built-in policy, and
// parsing it gives the default.
func TestDefaultIsTheFile(t *testing.T) {
	file, err := os.ReadFile("sydnarke-2023.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, DefaultYAML()) {
		t.Fatal("DefaultYAML is not sydnarke-2023.yaml")
	}
	b := DefaultYAML()
	b[0] = 'X' // a copy
	if DefaultYAML()[0] != '#' {
		t.Fatal("DefaultYAML shares its bytes")
	}
}

// TestClone: a clone shares nothing with the default.
func TestClone(t *testing.T) {
	c := Default().Clone()
	c.Categories[0].Clauses[0] = "x"
	c.Clauses[0].ID = "x"
	c.Notes[0] = "x"
	if d := Default(); d.Categories[0].Clauses[0] == "x" || d.Clauses[0].ID == "x" || d.Notes[0] == "x" {
		t.Fatal("Clone shares the default's slices")
	}
}

// minimal is a policy that checks, to break one key at a time.
const minimal = `source: "Testnämndens policy"
parties:
  - {code: F, name: Förbundet, in_fee: true}
  - {code: M, name: Medlemmen}
clauses:
  - {id: "A1", title: Utrustning, in_fee: "Ingår."}
  - {id: "A2", title: Support, in_fee: "Ingår dagtid."}
components:
  - {name: Nät, operation: F, management: F, development: M}
tasks:
  - {name: Support, responsible: F}
categories:
  - {category: equipment, clauses: [A1], title: T, charged: C, included: I}
  - {category: printers, clauses: [A1], title: T, charged: C, included: I}
  - {category: storage, clauses: [A1], title: T, charged: C, included: I}
  - {category: support, clauses: [A1, A2], charged_clause: A2, title: T, charged: C, included: I}
  - {category: licences, clauses: [A1], title: T, charged: C, included: I}
  - {category: services, clauses: [A1], title: T, charged: C, included: I}
`

func TestParse(t *testing.T) {
	p, err := Parse([]byte(minimal), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if p.Cite("support", true) != "A2" || p.Cite("support", false) != "A1" || p.Baseline("sv") != "grundalternativet" {
		t.Errorf("cites %q %q, baseline %q", p.Cite("support", true), p.Cite("support", false), p.Baseline("sv"))
	}
	if p.Categories[0].Rule != "" {
		t.Error("a rule appeared")
	}
}

// TestParseProblems: each broken policy is refused with every problem,
// each naming its line and path.
func TestParseProblems(t *testing.T) {
	for _, c := range []struct {
		name, yaml string
		is         error
		says       []string
	}{
		{"empty", "", ErrEmpty, []string{"holds no policy"}},
		{"a list", "- a\n", ErrEmpty, []string{"line 1: holds no policy"}},
		{"broken YAML", "source: [\n", nil, []string{"yaml:"}},
		{"unknown top key", strings.Replace(minimal, "source:", "sourse:", 1), ErrUnknownKey,
			[]string{`line 1: sourse: is not a key of a policy (did you mean source?)`, "source: is required"}},
		{"unknown nested key", strings.Replace(minimal, "in_fee: \"Ingår.\"", "in_fe: \"Ingår.\"", 1), ErrUnknownKey,
			[]string{`line 6: clauses[0].in_fe: is not a key of a policy (did you mean in_fee?)`, "clauses[0].in_fee: is required"}},
		{"duplicate clause", strings.Replace(minimal, `id: "A2"`, `id: "A1"`, 1), ErrDuplicate,
			[]string{`line 7: clauses[1].id: "A1" is used twice (also clauses[0].id, line 6)`, `line 16: categories[3].clauses[1]: "A2" is not a clause of the policy (did you mean A1?)`}},
		{"unknown clause", strings.Replace(minimal, "category: storage, clauses: [A1]", "category: storage, clauses: [A3]", 1), ErrUnknownClause,
			[]string{`line 15: categories[2].clauses[0]: "A3" is not a clause of the policy (did you mean A1 or A2?)`}},
		{"unknown party", strings.Replace(minimal, "development: M", "development: K", 1), ErrUnknownParty,
			[]string{`line 9: components[0].development: "K" is not the code of a party (F, M)`}},
		{"unknown category", strings.Replace(minimal, "category: printers", "category: printer", 1), ErrUnknownCat,
			[]string{`line 14: categories[1].category: "printer" is not a chargeable category`, "(did you mean printers?)", `categories: "printers" cites no clause`}},
		{"text where a list", strings.Replace(minimal, "clauses: [A1, A2]", "clauses: A1", 1), ErrNotList,
			[]string{`line 16: categories[3].clauses: "A1" must be a list`}},
		{"a list where text", strings.Replace(minimal, "title: Support", "title: [Support]", 1), ErrNotText,
			[]string{`line 7: clauses[1].title: must be text`}},
		{"no board", strings.Replace(minimal, "in_fee: true", "in_fee: false", 1), ErrNoBoard, []string{"parties: has no party with in_fee: true"}},
		{"in_fee not bool", strings.Replace(minimal, "in_fee: true", "in_fee: ja", 1), ErrNotBool, []string{`line 3: parties[0].in_fee: "ja" must be true or false`}},
		{"comma in id", strings.Replace(minimal, `id: "A2"`, `id: "A2, A3"`, 1), ErrBadID, []string{`clauses[1].id: "A2, A3" is not a clause id`}},
		{"repeated key", strings.Replace(minimal, "tasks:", "source: again\ntasks:", 1), ErrDuplicate, []string{"line 10: source: is used twice (first at line 1)"}},
		{"clients clause", minimal + "clients_clause: \"2.1\"\n", ErrUnknownClause, []string{`clients_clause: "2.1" is not a clause of the policy`}},
		{"an alias bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
			"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\nnotes: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
			nil, []string{"notes[0]: must be text"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.yaml), "test.yaml")
			var probs *Problems
			if !errors.As(err, &probs) {
				t.Fatalf("err = %v, want *Problems", err)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("not %v: %v", c.is, err)
			}
			if !strings.HasPrefix(err.Error(), "policy test.yaml:\n  ") {
				t.Errorf("does not name the file: %v", err)
			}
			for _, s := range c.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("does not say %q:\n%v", s, err)
				}
			}
		})
	}
}

// TestWithMatrix: the config's old responsibility_matrix replaces the
// matrix, checked against the policy's clauses and parties.
func TestWithMatrix(t *testing.T) {
	d := Default()
	m := d.Matrix.clone()
	m.Source = "Beslut 2024"
	p, err := d.WithMatrix(m, "responsibility_matrix")
	if err != nil || p.Source != "Beslut 2024" || d.Source == "Beslut 2024" || !slices.Equal(p.ClauseIDs(), d.ClauseIDs()) {
		t.Fatalf("%v, %q", err, p.Source)
	}
	m.Categories[0].Clauses = []string{"9.9"}
	m.Tasks[0].Responsible = "X"
	_, err = d.WithMatrix(m, "responsibility_matrix")
	for _, s := range []string{`responsibility_matrix.tasks[0].responsible: "X" is not the code of a party (N, K)`,
		`responsibility_matrix.categories[0].clauses[0]: "9.9" is not a clause of the policy`} {
		if err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("does not say %q: %v", s, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add(DefaultYAML())
	f.Add([]byte("clauses: [{id: 1.1}]\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		p, err := Parse(data, "fuzz.yaml")
		if err == nil {
			if p.Source == "" || len(p.Clauses) == 0 || len(p.Categories) != len(Categories) {
				t.Fatalf("accepted an incomplete policy: %+v", p)
			}
			for _, c := range Categories {
				if !p.HasClause(p.Cite(c, true)) || !p.HasClause(p.Cite(c, false)) {
					t.Fatalf("%s cites no clause of the policy", c)
				}
			}
		}
	})
}
