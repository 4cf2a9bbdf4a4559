package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
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

// TestUserListExample: the shipped example's user-list config: validate
// shows the users, the licences per type and the names not mapped; the
// pack lists the names not billed under its summary and its licence
// holders sheet shows per member, department and type the count and the
// users behind it, as a member's workbook does its own.
func TestUserListExample(t *testing.T) {
	cfg := "../../examples/sydnarke/memberfee-users.yaml"
	code, stdout, stderr := runCLI(t, "validate", "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		`user         ← "User principal name" (column 2, billing.columns.licences.user)`,
		"member       ← the user's domain (billing.licences.member_by_domain)",
		"licence user list: 5895 users; licences billed as F3 1593, E3 3313, A3 808",
		"names not in billing.licences.names (not billed): Power BI Pro × 528, Visio Plan 2 × 130, Project Plan 3 × 75",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("validate lacks %q:\n%s", want, stdout)
		}
	}
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "bill", "--config", cfg, "--out", out, "--quiet"); code != 0 {
		t.Fatalf("bill: exit %d: %s", code, stderr)
	}
	js, err := os.ReadFile(filepath.Join(out, "chargeback-2025-01-01_2025-12-31.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `"licence_users": {
    "users": 5895,
    "licences_per_type": {
      "A3": 808,
      "E3": 3313,
      "F3": 1593
    },
    "unbilled": [
      {
        "name": "Power BI Pro",
        "users": 528
      },`; !strings.Contains(string(js), want) {
		t.Errorf("the JSON lacks\n%s", want)
	}
	x, err := excelize.OpenFile(filepath.Join(out, "chargeback-2025-01-01_2025-12-31.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, _ := x.GetRows("Sammanställning")
	found := false
	for _, r := range rows {
		found = found || len(r) > 0 && r[0] == "Ej debiterade licenser: Power BI Pro × 528, Visio Plan 2 × 130, Project Plan 3 × 75"
	}
	if !found {
		t.Errorf("the summary lacks the licences not billed")
	}
	m, err := excelize.OpenFile(filepath.Join(out, "chargeback-2025-01-01_2025-12-31-1860.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	rows, _ = m.GetRows("Licensinnehavare")
	if len(rows) < 6 || strings.Join(rows[3], "|") != "Kommun|Namn|Förvaltning|Licenstyp|Antal|Användare (UPN)" ||
		rows[4][0] != "1860" || rows[4][3] != "A3" || !strings.HasSuffix(rows[4][5], "@laxa.se") || !strings.HasSuffix(rows[5][5], "@laxa.se") {
		t.Fatalf("holders sheet %q", rows[:min(len(rows), 6)])
	}
	users := 0
	for _, r := range rows[4:] {
		if len(r) > 5 && !strings.HasSuffix(r[5], "@laxa.se") {
			t.Fatalf("member 1860's workbook holds %q", r)
		}
		users++
	}
	if users == 0 {
		t.Fatal("no users")
	}
}
