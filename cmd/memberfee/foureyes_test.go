package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIssueFourEyes: with ledger.four_eyes, a period is issued only after
// someone other than the issuer approved exactly its content.
func TestIssueFourEyes(t *testing.T) {
	cfg, db := ledgerExample(t)
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\nledger:\n  four_eyes: true\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	issue := func(by string) (int, string, string) {
		return runCLI(t, append([]string{"issue", "--config", cfg, "--by", by, "--date", "2025-04-07", "--out", t.TempDir()}, q1...)...)
	}
	refused := func(what string, code int, out, errs, want string) {
		t.Helper()
		if code != 1 || !strings.Contains(errs, want) || !strings.Contains(errs, "nothing was recorded") {
			t.Fatalf("%s: exit %d, want 1 with %q:\n%s%s", what, code, want, out, errs)
		}
		_, list, _ := runCLI(t, "ledger", "list", "--config", cfg)
		if strings.Contains(list, "2025-0001") {
			t.Fatalf("%s recorded a document:\n%s", what, list)
		}
	}
	code, out, errs := issue("Anna")
	refused("issue before any approval", code, out, errs, "nobody has approved it")
	if code, out, errs := runCLI(t, append([]string{"approve", "--config", cfg, "--by", "Anna", "--date", "2025-04-06"}, q1[:4]...)...); code != 0 {
		t.Fatalf("approve: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = issue("Anna")
	refused("issue by the approver", code, out, errs, "four eyes need another")

	storage := filepath.Join(filepath.Dir(cfg), "data", "storage.csv")
	orig, err := os.ReadFile(storage)
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Replace(orig, []byte("2025-01-31;ask0001;1882;Barn- och utbildningsförvaltningen;14,90"),
		[]byte("2025-01-31;ask0001;1882;Barn- och utbildningsförvaltningen;15,90"), 1)
	if bytes.Equal(changed, orig) {
		t.Fatal("the example's storage.csv no longer has the row this test changes")
	}
	if err := os.WriteFile(storage, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = issue("Bertil")
	refused("issue of inputs changed after the approval", code, out, errs, "nobody has approved it")

	if err := os.WriteFile(storage, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := issue("Bertil"); code != 0 || !strings.Contains(out, "2025-0001") {
		t.Fatalf("issue by another than the approver: exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatal(err)
	}
}
