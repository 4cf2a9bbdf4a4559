package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"memberfee/policy"
)

// TestPolicyCommands: policy export writes the built-in policy, which
// policy check accepts; a broken policy exits 1 with every problem, its
// path and line.
func TestPolicyCommands(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCLI(t, "policy", "export")
	if code != 0 || out != string(policy.DefaultYAML()) {
		t.Fatalf("export: exit %d, %d bytes\n%s", code, len(out), errs)
	}
	file := filepath.Join(dir, "policy.yaml")
	if code, out, errs := runCLI(t, "policy", "export", "--out", file); code != 0 || !strings.Contains(out, file) {
		t.Fatalf("export --out: exit %d\n%s%s", code, out, errs)
	}
	if b, _ := os.ReadFile(file); string(b) != string(policy.DefaultYAML()) {
		t.Fatal("export --out wrote something else")
	}
	if code, out, errs := runCLI(t, "policy", "check", file); code != 0 || !strings.Contains(out, "is valid: 18 clauses") {
		t.Fatalf("check of the export: exit %d\n%s%s", code, out, errs)
	}
	broken := strings.Replace(string(policy.DefaultYAML()), `id: "5.1.2"`, `id: "5.1.1"`, 1)
	broken = strings.Replace(broken, "operation: N, management: K", "operation: X, management: K", 1)
	broken = strings.Replace(broken, "\nclients_clause:", "\nclient_clause:", 1)
	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCLI(t, "policy", "check", file)
	if code != 1 {
		t.Fatalf("check of a broken policy: exit %d\n%s%s", code, out, errs)
	}
	for _, s := range []string{"has 4 problems:", `line 53: clauses[8].id: "5.1.1" is used twice (also clauses[7].id, line 50)`,
		`line 148: categories[5].clauses[1]: "5.1.2" is not a clause of the policy (did you mean 5.1.1?)`,
		`line 85: components[0].operation: "X" is not the code of a party (N, K)`,
		`line 154: client_clause: is not a key of a policy (did you mean clients_clause?)`} {
		if !strings.Contains(errs, s) {
			t.Errorf("check does not say %q:\n%s", s, errs)
		}
	}
	for _, c := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"policy", "check", filepath.Join(dir, "none.yaml")}, 1, "the file does not exist"},
		{[]string{"policy", "check"}, 2, "accepts 1 arg"},
		{[]string{"policy"}, 2, "export or check"},
		{[]string{"policy", "export", "--out", filepath.Join(dir, "no", "such", "folder.yaml")}, 1, "policy export"},
	} {
		if code, _, errs := runCLI(t, c.args...); code != c.code || !strings.Contains(errs, c.says) {
			t.Errorf("%v: exit %d, want %d saying %q\n%s", c.args, code, c.code, c.says, errs)
		}
	}
}

// TestExplainUnknownClause: explain of what is neither a category nor a
// clause is a usage error that lists every clause with its title and the
// nearest.
func TestExplainUnknownClause(t *testing.T) {
	code, _, errs := runCLI(t, "explain", "5.1.3")
	if code != 2 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(errs, "(did you mean 5.1.1 or 5.1.2?)") {
		t.Errorf("no did you mean:\n%s", errs)
	}
	for _, c := range policy.Default().Clauses {
		if !strings.Contains(errs, c.ID) || !strings.Contains(errs, c.Title) {
			t.Errorf("does not list %s %s", c.ID, c.Title)
		}
	}
	if _, _, errs := runCLI(t, "explain", "storag"); !strings.Contains(errs, "(did you mean storage?)") {
		t.Errorf("no did you mean for a category:\n%s", errs)
	}
}
