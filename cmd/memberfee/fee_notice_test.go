package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestIssueInstallmentNotices: issue --installment writes one fee notice
// per fee document, fee-<year>-<K>-<member>.xlsx, stamped with that
// document's number, in the language of --lang, and lists it in the
// manifest.
func TestIssueInstallmentNotices(t *testing.T) {
	cfg, _ := ledgerExample(t)
	if code, _, errs := runCLI(t, "adopt", "--config", cfg, "--by", "Eva Lind", "--date", "2024-12-12"); code != 0 {
		t.Fatalf("adopt: %s", errs)
	}
	out := t.TempDir()
	if code, stdout, errs := runCLI(t, "issue", "--config", cfg, "--installment", "2", "--by", "Eva Lind", "--date", "2025-04-10", "--lang", "en", "--out", out); code != 0 {
		t.Fatalf("installment 2: exit %d\n%s%s", code, stdout, errs)
	}
	js, err := os.ReadFile(filepath.Join(out, "documents-fee-2025-2.json"))
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Documents []struct{ Number, Member, Total, DueDate string } `json:"documents"`
	}
	if err := json.Unmarshal(js, &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Documents) != 4 {
		t.Fatalf("%d fee documents, want 4", len(list.Documents))
	}
	manifest, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{"1882": "Askersund", "1861": "Hallsberg", "1860": "Laxå", "1814": "Lekeberg"}
	for _, d := range list.Documents {
		name := "fee-2025-2-" + d.Member + ".xlsx"
		f, err := excelize.OpenFile(filepath.Join(out, name))
		if err != nil {
			t.Errorf("%s: %v", d.Number, err)
			continue
		}
		get := func(ref string) string {
			v, _ := f.GetCellValue("Member fee", ref, excelize.Options{RawCellValue: true})
			return v
		}
		want := "Member fee 2025, installment 2 of 4: " + names[d.Member] + " (" + d.Member + ")"
		if got := get("A1"); got != want {
			t.Errorf("%s: title %q, want %q", name, got, want)
		}
		if got := get("B4"); got != d.Number {
			t.Errorf("%s: number %q, the JSON's %s", name, got, d.Number)
		}
		if got := get("B6"); got != "2025-04-01 – 2025-06-30" {
			t.Errorf("%s: period %q", name, got)
		}
		if got := get("B9"); got != "Eva Lind" {
			t.Errorf("%s: issued by %q", name, got)
		}
		if got := get("D20") + get("D21"); got != "OKOK" {
			t.Errorf("%s: checks %q", name, got)
		}
		f.Close()
		if !strings.Contains(string(manifest), `"`+name+`"`) {
			t.Errorf("the manifest does not list %s", name)
		}
	}
}
