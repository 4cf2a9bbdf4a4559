package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"memberfee/internal/lotest"
)

func TestClientsExample(t *testing.T) {
	t.Parallel() // long and independent: runs beside the other long ones
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "clients", "--config", exampleConfig, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "4 register rows rejected") || !strings.Contains(stdout, "Askersund") {
		t.Errorf("stdout %s\nstderr %s", stdout, stderr)
	}
	js, err := os.ReadFile(filepath.Join(out, "clients-2025.json"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "clients-2025.golden.json", js)
	var j struct {
		Year    int
		Members []map[string]any
	}
	if err := json.Unmarshal(js, &j); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"id", "devices", "depreciation", "interest", "book_value", "replacements", "replacement_investment"} {
		if _, ok := j.Members[0][key]; !ok {
			t.Errorf("members[0] lacks %q", key)
		}
	}
	mismatches, n := lotest.CheckFormulas(t, filepath.Join(out, "clients-2025.xlsx"))
	if n < 1000 {
		t.Errorf("only %d formulas", n)
	}
	for _, m := range mismatches {
		t.Error(m)
	}
	if code, _, _ := runCLI(t, "clients", "--config", exampleConfig, "--year", "2024", "--out", out); code != 0 {
		t.Fatal("--year 2024 failed")
	}
	if _, err := os.Stat(filepath.Join(out, "clients-2024.json")); err != nil {
		t.Fatal(err)
	}
}

// TestClientsMemberNames: a register row names its member as the
// chargeback's rows may ("Laxå kommun", "Laxa"), and the licence
// cross-check counts licence rows written by name for that member too.
func TestClientsMemberNames(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "clients.csv"), []byte("device;type;member;department;purchased;price;shared\r\n"+
		"D1;PC;Laxå kommun;Soc;2024-01-10;12 000,00;ja\r\nD2;PC;Laxa;Soc;2024-01-10;12 000,00;ja\r\nD3;PC;1860;Soc;2024-01-10;12 000,00;nej\r\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "licenser.csv"), []byte("kommun;förvaltning;licenstyp;antal\r\nLaxå kommun;Soc;F3;2\r\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "c.yaml"), []byte(`year: 2025
members: [{id: "1860", name: Laxå, population: 5600}]
billing:
  inputs: {licences: licenser.csv}
clients:
  register: clients.csv
  interest_rate: 0.025
  types: [{type: PC, depreciation_years: 4, replacement_price: 11500}]
`), 0o644)
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "clients", "--config", filepath.Join(dir, "c.yaml"), "--out", out)
	if code != 0 || strings.Contains(stderr, "rejected") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	var j struct {
		Members []struct {
			ID      string
			Devices int
		}
		LicenceCheck []struct {
			Member        string
			SharedDevices int    `json:"shared_devices"`
			F3            string `json:"f3_licences"`
		} `json:"licence_check"`
	}
	js, _ := os.ReadFile(filepath.Join(out, "clients-2025.json"))
	if err := json.Unmarshal(js, &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Members) != 1 || j.Members[0].Devices != 3 {
		t.Errorf("members %+v", j.Members)
	}
	if len(j.LicenceCheck) != 1 || j.LicenceCheck[0].SharedDevices != 2 || j.LicenceCheck[0].F3 != "2" {
		t.Errorf("licence check %+v\n%s", j.LicenceCheck, js)
	}
}
