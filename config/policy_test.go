package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"memberfee/internal/field"
	"memberfee/policy"
)

// TestLoadPolicy: policy: FILE is read from the config's folder and
// reaches the fee calculation's and the billing's checks; without it the
// built-in policy applies.
func TestLoadPolicy(t *testing.T) {
	c, err := Load("../examples/vastbo/memberfee.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := c.Policy()
	if !p.HasClause("D2") || p.HasClause("5.1.1") || c.Billing.PolicyOrDefault() != p || c.Input.PolicyOrDefault() != p {
		t.Fatalf("the config's policy is not the one used: %q", p.Source)
	}
	if errs := c.Validate(); len(errs) > 0 {
		t.Fatalf("the second board does not validate: %v", errs)
	}
	sc, err := c.Scenario("no-fibre-transfer")
	if err != nil || sc.Policy() != p {
		t.Fatalf("a scenario lost the policy: %v", err)
	}
	c.Scenarios = append(c.Scenarios, Scenario{ID: "other-policy", Set: map[string]any{"policy": "other.yaml"}})
	if _, err := c.Scenario("other-policy"); !errors.Is(err, ErrPolicyInScenario) || !strings.Contains(err.Error(), "scenarios[2] (other-policy): policy: cannot be set by a scenario") {
		t.Errorf("a scenario changed the policy: %v", err)
	}
	d, err := Load("../examples/sydnarke/memberfee.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if d.Policy() != policy.Default() {
		t.Fatal("without policy: the built-in policy does not apply")
	}
	// A clause of the built-in policy is no clause of the second board's.
	c.Additions[0].Clause = "3.1"
	if err := errors.Join(c.Validate()...); err == nil || !strings.Contains(err.Error(), `additions[0].clause: "3.1" is not a clause of the policy`) {
		t.Fatalf("3.1 accepted: %v", err)
	}
	c.Additions[0].Clause = "C2x"
	if err := errors.Join(c.Validate()...); err == nil || !strings.Contains(err.Error(), `"C2x" is not a clause of the policy (did you mean C2?)`) {
		t.Fatalf("no did you mean: %v", err)
	}
}

// TestLoadPolicyErrors: a policy file that is missing, broken, too large
// or too deep stops the config's load, naming the file, the path and line.
func TestLoadPolicyErrors(t *testing.T) {
	good, err := os.ReadFile("../examples/vastbo/policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		policy string // "" writes no file
		is     error
		says   []string
	}{
		{"missing", "", nil, []string{"policy: \"policy.yaml\" the file does not exist"}},
		{"broken", strings.Replace(string(good), `id: "D2"`, `id: "D1"`, 1), policy.ErrDuplicate,
			[]string{"policy.yaml", `clauses[7].id: "D1" is used twice`, "line 41"}},
		{"a mistyped key", strings.Replace(string(good), "in_fee: true", "infee: true", 1), policy.ErrUnknownKey,
			[]string{"parties[0].infee: is not a key of a policy (did you mean in_fee?)"}},
		{"too deep", strings.Repeat("[", 100) + strings.Repeat("]", 100), ErrTooDeep, nil},
		{"too large", strings.Repeat("#", MaxSize+1), ErrTooLarge, nil},
		{"an alias bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
			"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n" +
			"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n", ErrTooMany, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, "memberfee.yaml")
			if err := os.WriteFile(cfg, []byte(minimal+"policy: policy.yaml\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if c.policy != "" {
				if err := os.WriteFile(filepath.Join(dir, "policy.yaml"), []byte(c.policy), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Load(cfg)
			if err == nil {
				t.Fatal("loaded")
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Errorf("not %v: %v", c.is, err)
			}
			for _, s := range c.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("does not say %q: %v", s, err)
				}
			}
		})
	}
}

// TestResponsibilityMatrixKey: the old responsibility_matrix key keeps
// replacing the policy's matrix, and is checked against its clauses and
// parties.
func TestResponsibilityMatrixKey(t *testing.T) {
	cats := ""
	for _, c := range policy.Categories {
		cats += "    - {category: " + c + ", clauses: [\"2.1\"], title: T, charged: C, included: I}\n"
	}
	m := "responsibility_matrix:\n  source: Beslut 2024\n  components:\n    - {name: Telefoni, operation: N, management: N, development: N}\n  categories:\n" + cats
	c, err := Load(write(t, minimal+m))
	if err != nil {
		t.Fatal(err)
	}
	if c.Matrix().Source != "Beslut 2024" || len(c.Matrix().Components) != 1 || c.Policy().Clauses[0].ID != "1.1" {
		t.Fatalf("the matrix was not replaced: %+v", c.Matrix())
	}
	bad := strings.Replace(m, "development: N", "development: X", 1)
	bad = strings.Replace(bad, `clauses: ["2.1"]`, `clauses: ["9.9"]`, 1)
	_, err = Load(write(t, minimal+bad))
	var fe *field.Error
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v", err)
	}
	for _, s := range []string{`responsibility_matrix.components[0].development: "X" is not the code of a party (N, K)`,
		`responsibility_matrix.categories[0].clauses[0]: "9.9" is not a clause of the policy`} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("does not say %q: %v", s, err)
		}
	}
}

// FuzzReadPolicy: a policy file is untrusted; within the config's limits
// it is refused with problems or read, never a panic or a hang.
func FuzzReadPolicy(f *testing.F) {
	f.Add(policy.DefaultYAML())
	if b, err := os.ReadFile("../examples/vastbo/policy.yaml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("clauses: [{id: 1.1, title: [x]}]\nparties: {}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := parsePolicy(data, "fuzz.yaml")
		if err == nil && (len(p.Clauses) == 0 || len(p.Categories) != len(policy.Categories)) {
			t.Fatalf("accepted %+v", p)
		}
	})
}
