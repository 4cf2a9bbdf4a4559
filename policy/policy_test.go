package policy

import "testing"

func TestLookupClause(t *testing.T) {
	for _, n := range []string{"1.1", "5.1", "5.1.1", "5.1.2", "6.2"} {
		if c, ok := LookupClause(n); !ok || c.Number != n || c.Title == "" {
			t.Errorf("LookupClause(%s) = %v, %v", n, c, ok)
		}
	}
	for _, n := range []string{"", "7.2", "5.1.3", "5"} {
		if _, ok := LookupClause(n); ok {
			t.Errorf("LookupClause(%q) found", n)
		}
	}
}

// TestMatrixCitesThePolicy: every chargeable category cites clauses of the
// policy and quotes the sentences behind it.
func TestMatrixCitesThePolicy(t *testing.T) {
	m := Default()
	if len(m.Components) != 6 || len(m.Tasks) != 14 || len(m.Categories) != 6 {
		t.Fatalf("%d components, %d tasks, %d categories", len(m.Components), len(m.Tasks), len(m.Categories))
	}
	for _, c := range m.Categories {
		if c.Charged == "" || c.Included == "" || c.Rule == "" {
			t.Errorf("%s lacks its sentences", c.Category)
		}
		for _, cl := range c.Clauses {
			if _, ok := LookupClause(cl); !ok {
				t.Errorf("%s cites %s, not a clause of the policy", c.Category, cl)
			}
		}
	}
	if c, ok := m.CategoryOf("5.1.1"); !ok || c.Category != "support" {
		t.Errorf("5.1.1 → %v", c)
	}
	if _, ok := m.Lookup("storage"); !ok {
		t.Error("no storage")
	}
}
