package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type feesJSON struct {
	Members []struct{ ID, Fee string }
}

func allocateFees(t *testing.T, cfg string) map[string]string {
	t.Helper()
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "allocate", "--config", cfg, "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	var j feesJSON
	b, _ := os.ReadFile(filepath.Join(out, "allocation-2025.json"))
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	fees := map[string]string{}
	for _, m := range j.Members {
		fees[m.ID] = m.Fee
	}
	return fees
}

// TestCompareEqualsSeparateRuns: each scenario's fees are those of an
// allocate run of a config edited by hand to the scenario.
func TestCompareEqualsSeparateRuns(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "compare", "--config", exampleConfig, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "no-wan-transfer") {
		t.Errorf("stdout: %s", stdout)
	}
	// The console heads each scenario's columns with what they are and
	// writes amounts with thousands separators, then names the scenarios.
	for _, want := range []string{"fee  difference", "17,317,290", "+411,762", "no-wan-transfer  Nätkapacitet kvar"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout has no %q:\n%s", want, stdout)
		}
	}
	var j struct {
		Scenarios []struct {
			ID      string
			Members []struct{ ID, Fee, Difference string }
		}
	}
	b, _ := os.ReadFile(filepath.Join(out, "compare-2025.json"))
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Scenarios) != 4 || j.Scenarios[0].ID != "baseline" {
		t.Fatalf("scenarios %+v", j.Scenarios)
	}
	example, _ := os.ReadFile(exampleConfig)
	ex := string(example)
	data, _ := filepath.Abs("../../examples/sydnarke/data")
	ex = strings.ReplaceAll(ex, ": data/", ": "+data+"/")
	i := strings.Index(ex, "\ntransfers:")
	k := strings.Index(ex, "\nvolume:")
	edited := map[string]string{
		"baseline":        ex,
		"no-wan-transfer": ex[:i] + "\ntransfers: []\n" + ex[k:],
		"volume-10":       strings.Replace(ex, "threshold: 0.05", "threshold: 0.10", 1),
	}
	for _, s := range j.Scenarios {
		text, ok := edited[s.ID]
		if !ok {
			continue
		}
		cfg := filepath.Join(t.TempDir(), "c.yaml")
		os.WriteFile(cfg, []byte(text), 0o644)
		want := allocateFees(t, cfg)
		for _, m := range s.Members {
			if m.Fee != want[m.ID] {
				t.Errorf("%s %s: compare %s, allocate %s", s.ID, m.ID, m.Fee, want[m.ID])
			}
		}
	}
	// The workbook recalculates.
	if _, err := os.Stat(filepath.Join(out, "compare-2025.xlsx")); err != nil {
		t.Fatal(err)
	}
}

func TestCompareOneScenario(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "compare", "--config", exampleConfig, "--scenario", "volume-10", "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	b, _ := os.ReadFile(filepath.Join(out, "compare-2025.json"))
	if n := strings.Count(string(b), `"id": "volume-10"`) + strings.Count(string(b), `"id": "baseline"`); n != 2 {
		t.Fatalf("%s", b)
	}
	if code, _, stderr := runCLI(t, "compare", "--config", exampleConfig, "--scenario", "nope", "--out", out); code != 1 || !strings.Contains(stderr, `no scenario "nope"`) {
		t.Fatalf("exit %d %s", code, stderr)
	}
}

func TestBadScenarios(t *testing.T) {
	example, _ := os.ReadFile(exampleConfig)
	data, _ := filepath.Abs("../../examples/sydnarke/data")
	ex := strings.ReplaceAll(string(example), ": data/", ": "+data+"/")
	for name, tt := range map[string]struct{ from, to, want string }{
		"unknown key":    {"set: {volume: {threshold: 0.10}}", "set: {volume: {treshold: 0.10}}", "scenarios[2] (volume-10): volume.treshold: is not a known key"},
		"unknown member": {"set: {transfers: []}", `set: {transfers: [{id: wan, amounts: [{member: "9999", amount: 1}]}]}`, `scenarios[1] (no-wan-transfer): transfers[0].amounts[0].member: "9999" is not the id of a member`},
		"duplicate id":   {"id: volume-10", "id: no-wan-transfer", `scenarios[2].id: "no-wan-transfer" is used twice`},
		"baseline id":    {"id: volume-10", "id: baseline", `scenarios[2].id: "baseline" is used twice`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, "c.yaml")
			os.WriteFile(cfg, []byte(strings.Replace(ex, tt.from, tt.to, 1)), 0o644)
			out := filepath.Join(dir, "out")
			for _, cmd := range []string{"compare", "allocate"} {
				code, _, stderr := runCLI(t, cmd, "--config", cfg, "--out", out)
				if code != 1 || !strings.Contains(stderr, tt.want) {
					t.Fatalf("%s: exit %d, stderr:\n%s", cmd, code, stderr)
				}
			}
			if entries, _ := os.ReadDir(out); len(entries) > 0 {
				t.Fatal("output written")
			}
		})
	}
}

// TestForecast: the first year equals allocate, and each year starts from
// the previous year's next_base.
func TestForecast(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := runCLI(t, "forecast", "--config", exampleConfig, "--years", "4", "--out", out)
	if code != 0 {
		t.Fatal(stderr)
	}
	var j struct {
		Years []struct {
			Year        int
			IndexFactor string `json:"index_factor"`
			IndexedBase string `json:"indexed_base"`
			Pool, Total string
			NextBase    string `json:"next_base"`
			Members     []struct{ ID, Fee, Population string }
		}
	}
	b, _ := os.ReadFile(filepath.Join(out, "forecast-2025-2028.json"))
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Years) != 4 || j.Years[0].Year != 2025 || j.Years[3].Year != 2028 {
		t.Fatalf("years %+v", j.Years)
	}
	data, _ := filepath.Abs("../../examples/sydnarke/data")
	example, _ := os.ReadFile(exampleConfig)
	cfg := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(cfg, []byte(strings.ReplaceAll(string(example), ": data/", ": "+data+"/")), 0o644)
	want := allocateFees(t, cfg)
	for _, m := range j.Years[0].Members {
		if m.Fee != want[m.ID] {
			t.Errorf("2025 %s: forecast %s, allocate %s", m.ID, m.Fee, want[m.ID])
		}
	}
	// 2026 indexes 2025's next base (61 243 338) by 1 + 0.62 × 0.030 + 0.07 × 0.020.
	if j.Years[1].IndexFactor != "1.02" || j.Years[1].IndexedBase != "62468205" {
		t.Errorf("2026: factor %s base %s", j.Years[1].IndexFactor, j.Years[1].IndexedBase)
	}
	if j.Years[1].Members[0].Population != "11420" || j.Years[2].Members[0].Population != "11420" {
		t.Errorf("population projections not applied: %+v", j.Years[1].Members[0])
	}
}

func TestCompareScenarioSpellings(t *testing.T) {
	for _, args := range [][]string{
		{"--scenario", "volume-10", "--scenario", "no-wan-transfer"},
		{"--scenario", "volume-10,no-wan-transfer"},
		{"--scenario", "volume-10", "no-wan-transfer"},
	} {
		out := t.TempDir()
		code, _, stderr := runCLI(t, append([]string{"compare", "--config", exampleConfig, "--out", out}, args...)...)
		if code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
		b, _ := os.ReadFile(filepath.Join(out, "compare-2025.json"))
		if strings.Count(string(b), `"difference_percent"`) != 12 {
			t.Errorf("%v: not baseline and two scenarios", args)
		}
	}
}
