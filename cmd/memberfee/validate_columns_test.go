package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestValidateShowsColumns: validate shows per input which column each
// field was read from, and whether a built-in name or billing.columns
// named it.
func TestValidateShowsColumns(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "support.csv"), []byte("Nr;member;department;Anmäld;Avslutad\nT-1;1882;Soc;2025-03-04 17:00;2025-03-04 18:00\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(cfg, []byte(`year: 2025
members: [{id: "1882", name: Askersund, population: 1}]
billing:
  period: {from: 2025-01-01, to: 2025-12-31}
  prices: {support_hour: 900, support_increment_minutes: 15}
  columns: {support: {ticket: Nr, start: Anmäld, end: Avslutad}}
  inputs: {support: support.csv}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, "validate", "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"support: support.csv (csv, UTF-8, delimiter ';'), 1 row",
		`ticket     ← "Nr" (column 1, billing.columns.support.ticket)`,
		`member     ← "member" (column 2, built-in name)`,
		`start      ← "Anmäld" (column 4, billing.columns.support.start)`,
		"no problems found",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
}
