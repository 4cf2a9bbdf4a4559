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
