package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const exampleConfig = "../../examples/sydnarke/memberfee.yaml"

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/memberfee -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run with -update if the change is intended\ngot:\n%s", name, got)
	}
}

// TestAllocateExample runs the shipped example end to end.
func TestAllocateExample(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "allocate", "--config", exampleConfig, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Askersund", "Lekeberg", "62521338", "allocation-2025.xlsx"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	js, err := os.ReadFile(filepath.Join(out, "allocation-2025.json"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "allocation-2025.golden.json", js)
	if st, err := os.Stat(filepath.Join(out, "allocation-2025.xlsx")); err != nil || st.Size() == 0 {
		t.Fatalf("no workbook: %v", err)
	}
	// A second run gives the same bytes.
	out2 := t.TempDir()
	if code, _, stderr := runCLI(t, "allocate", "--config", exampleConfig, "--out", out2); code != 0 {
		t.Fatal(stderr)
	}
	for _, name := range []string{"allocation-2025.json", "allocation-2025.xlsx"} {
		a, _ := os.ReadFile(filepath.Join(out, name))
		b, _ := os.ReadFile(filepath.Join(out2, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

func TestAllocateEnglish(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "allocate", "--config", exampleConfig, "--out", out, "--lang", "en"); code != 0 {
		t.Fatal(stderr)
	}
}

// TestBadConfig: bad input exits 1, names the key path and value, and writes
// nothing.
func TestBadConfig(t *testing.T) {
	example, err := os.ReadFile(exampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	// The config is copied elsewhere: point it at the example's data.
	dataDir, err := filepath.Abs("../../examples/sydnarke/data")
	if err != nil {
		t.Fatal(err)
	}
	ex := strings.ReplaceAll(string(example), ": data/", ": "+dataDir+"/")
	tests := []struct {
		name    string
		config  string
		missing bool
		want    []string
	}{
		{"missing config", "", true, []string{"does not exist"}},
		{"member id twice", strings.Replace(ex, `id: "1860"`, `id: "1882"`, 1), false, []string{`members[2].id: "1882" is used twice (also members[0].id)`}},
		{"unknown member in addition", strings.Replace(ex, `member: "1861"`, `member: "1234"`, 1), false, []string{`additions[1].member: "1234" is not the id of a member`}},
		{"unknown member in transfer", strings.Replace(ex, `{member: "1860", amount: 240000}`, `{member: "9", amount: 240000}`, 1), false, []string{`transfers[0].amounts[2].member: "9"`}},
		{"unknown member in count", strings.Replace(ex, `{member: "1814", driver: users`, `{member: "x", driver: users`, 1), false, []string{`volume.counts[3].member: "x"`}},
		{"negative population", strings.Replace(ex, "population: 5497", "population: -5", 1), false, []string{"members[2].population: -5 is negative"}},
		{"zero population", strings.Replace(ex, "population: 5497", "population: 0", 1), false, []string{"members[2].population: 0 must be greater than 0"}},
		{"weights", strings.Replace(ex, "{driver: population, weight: 1}", "{driver: population, weight: 0.9}", 1), false, []string{"allocation.keys: weights summing to 0.9"}},
		{"indexation share", strings.Replace(ex, "share: 0.62", "share: 1.62", 1), false, []string{"fee.indexation[0].share: 1.62", "fee.indexation: shares summing to 1.69"}},
		{"zero baseline", strings.Replace(ex, "baseline: 820", "baseline: 0", 1), false, []string{"volume.counts[2].baseline: 0"}},
		{"negative pool", strings.Replace(ex, "amount: 410000", "amount: 410000000", 1), false, []string{"pool: -", "is negative"}},
		{"non-numeric amount", strings.Replace(ex, "operating_cost: 240000", "operating_cost: 240 000 kr", 1), false, []string{`additions[0].operating_cost: "240 000 kr" is not a number`}},
		{"unknown key", strings.Replace(ex, "installments: 4", "installments: 4\ninstalments: 4", 1), false, []string{"instalments: is not a known key (did you mean installments?)"}},
		{"several problems at once", strings.Replace(strings.Replace(ex, "population: 5497", "population: -5", 1), "baseline: 820", "baseline: 0", 1), false,
			[]string{"2 problems", "members[2].population", "volume.counts[2].baseline"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, "memberfee.yaml")
			if !tt.missing {
				if err := os.WriteFile(cfg, []byte(tt.config), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(dir, "out")
			for _, cmd := range [][]string{{"allocate", "--config", cfg, "--out", out}, {"validate", "--config", cfg}} {
				code, _, stderr := runCLI(t, cmd...)
				if code != 1 {
					t.Fatalf("%s: exit %d, want 1; stderr:\n%s", cmd[0], code, stderr)
				}
				for _, w := range tt.want {
					if !strings.Contains(stderr, w) {
						t.Errorf("%s: stderr lacks %q:\n%s", cmd[0], w, stderr)
					}
				}
			}
			if entries, _ := os.ReadDir(out); len(entries) > 0 {
				t.Errorf("output written despite bad input: %v", entries)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{
		{"allocate"},                 // --config missing
		{"allocate", "--config"},     // no value
		{"allocate", "--bogus", "x"}, // unknown flag
		{"frobnicate"},               // unknown command
		{"allocate", "--config", exampleConfig, "--lang", "fi"},
		{"version", "extra"},
	} {
		if code, _, stderr := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr)
		}
	}
}

// TestValidateExample: the example's inputs hold rows that must be
// rejected; validate lists each with file, row and column, and exits 1.
func TestValidateExample(t *testing.T) {
	code, _, stderr := runCLI(t, "validate", "--config", exampleConfig)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"14 problems", "clients.csv: row 1078 column purchased", "equipment.csv: row 322 column member", "support.csv: row 952 column end: end is not after start",
		"storage.csv: row 2582 column user", "services.csv: row 72 column clause"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestValidateWithoutInputs(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "c.yaml")
	if err := os.WriteFile(cfg, []byte("year: 2025\nmembers: [{id: a, population: 1}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := runCLI(t, "validate", "--config", cfg); code != 0 || !strings.Contains(stdout, "no problems") {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := runCLI(t, "version")
	if code != 0 || strings.TrimSpace(stdout) != "memberfee "+version {
		t.Fatalf("exit %d: %q", code, stdout)
	}
}

func TestExplain(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"explain"}, []string{"Gränsdragningslista", "Telefoni", "Fiberdragning i kommunal mark", "storage", "punkt 4.1"}},
		{[]string{"explain", "storage"}, []string{"punkt 4.1", "maxgräns", "Rule:"}},
		{[]string{"explain", "5.1.1"}, []string{"Punkt 5.1.1", "övrig tid", "ordinarie kontorstid"}},
		{[]string{"explain", "6.2"}, []string{"Punkt 6.2", "In the member fee"}},
	} {
		code, stdout, stderr := runCLI(t, tt.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d %s", tt.args, code, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%v: output lacks %q", tt.args, w)
			}
		}
	}
	if code, _, _ := runCLI(t, "explain", "9.9"); code != 2 {
		t.Errorf("an unknown clause: exit %d", code)
	}
}

// TestAllocateWithoutChargebackInputs: the annual fee does not need the
// chargeback's input files, as SPEC's config shape names them.
func TestAllocateWithoutChargebackInputs(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(cfg, []byte(`year: 2025
members:
  - {id: "1882", name: Askersund, population: 11478, previous_fee: 16412000}
  - {id: "1861", name: Hallsberg, population: 16232}
fee:
  previous_total: 61250000
  indexation:
    - {component: wages, share: 0.62, rate: 0.034, source: "x"}
installments: 4
billing:
  period: {from: 2025-01-01, to: 2025-12-31}
  inputs: {equipment: data/equipment.csv, storage: data/storage.csv, support: data/support.csv}
`), 0o644)
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "allocate", "--config", cfg, "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "validate", "--config", cfg); code != 1 || !strings.Contains(stderr, `billing.inputs.equipment: "data/equipment.csv" the file does not exist`) {
		t.Fatalf("validate: exit %d: %s", code, stderr)
	}
}
