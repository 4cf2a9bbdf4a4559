package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBillCSVDialect: bill writes the lines CSV in Swedish Excel's dialect
// unless --csv rfc4180 (or billing.lines_csv: rfc4180, which --csv
// overrides) asks for a decimal point; the two differ in the number
// fields' decimal separator only; verify re-runs a --csv run as it was
// run; any other --csv is a usage error.
func TestBillCSVDialect(t *testing.T) {
	csvOf := func(args ...string) (string, []byte) {
		out := t.TempDir()
		if code, _, stderr := runCLI(t, append([]string{"bill", "--config", exampleConfig, "--out", out, "--quiet"}, args...)...); code != 0 {
			t.Fatalf("bill %v: exit %d\n%s", args, code, stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, stem+"-lines.csv"))
		if err != nil {
			t.Fatal(err)
		}
		return out, b
	}
	_, sv := csvOf()
	out, pt := csvOf("--csv", "rfc4180")
	_, excel := csvOf("--csv=excel")
	if !bytes.Equal(sv, excel) {
		t.Error("--csv excel is not the default")
	}
	if bytes.Equal(sv, pt) {
		t.Fatal("the dialects wrote the same bytes")
	}
	if !strings.Contains(string(sv), ";26229,00;") && !strings.Contains(string(sv), ",00;charged;") {
		t.Errorf("no amount with a decimal comma in the default CSV:\n%.400s", sv)
	}
	// Read back, the two hold the same fields but for the number fields'
	// decimal separator.
	read := func(b []byte, comma rune) [][]string {
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
		r.Comma = comma
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	if bytes.HasPrefix(pt, []byte("\ufeff")) || !bytes.HasPrefix(sv, []byte("\ufeff")) {
		t.Error("a BOM in the rfc4180 CSV, or none in Swedish Excel's")
	}
	svRecs, ptRecs := read(sv, ';'), read(pt, ',')
	if len(svRecs) != len(ptRecs) || len(svRecs) < 100 {
		t.Fatalf("%d and %d records", len(svRecs), len(ptRecs))
	}
	for i := range svRecs {
		for j := range svRecs[i] {
			if a, b := svRecs[i][j], ptRecs[i][j]; a != b && strings.Replace(a, ",", ".", 1) != b {
				t.Fatalf("record %d field %d: %q and %q differ but for a decimal point", i+1, j+1, a, b)
			}
		}
	}
	if code, stdout, stderr := runCLI(t, "verify", "--manifest", filepath.Join(out, "manifest.json")); code != 0 {
		t.Errorf("verify of a --csv rfc4180 run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	// billing.lines_csv: rfc4180 in the config, unless --csv says otherwise.
	dir := copyExample(t)
	cfg := filepath.Join(dir, "memberfee.yaml")
	b, _ := os.ReadFile(cfg)
	if !strings.Contains(string(b), "\nbilling:\n") {
		t.Fatal("the example has no billing section")
	}
	os.WriteFile(cfg, []byte(strings.Replace(string(b), "\nbilling:\n", "\nbilling:\n  lines_csv: rfc4180\n", 1)), 0o644)
	for args, want := range map[string][]byte{"": pt, "--csv=excel": sv} {
		out := t.TempDir()
		all := []string{"bill", "--config", cfg, "--out", out, "--quiet"}
		if args != "" {
			all = append(all, args)
		}
		if code, _, stderr := runCLI(t, all...); code != 0 {
			t.Fatalf("bill %s with lines_csv: rfc4180: exit %d\n%s", args, code, stderr)
		}
		if got, _ := os.ReadFile(filepath.Join(out, stem+"-lines.csv")); !bytes.Equal(got, want) {
			t.Errorf("bill %q with billing.lines_csv: rfc4180 wrote the other dialect", args)
		}
	}
	if code, _, stderr := runCLI(t, "bill", "--config", exampleConfig, "--out", t.TempDir(), "--csv", "semicolon"); code != 2 || !strings.Contains(stderr, `"semicolon" is not a CSV dialect`) {
		t.Errorf("--csv semicolon: exit %d\n%s", code, stderr)
	}
}
