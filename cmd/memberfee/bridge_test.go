package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAllocatePrevious: --previous adds the bridge to the JSON and stdout,
// the manifest records last year's config, and verify re-runs it.
func TestAllocatePrevious(t *testing.T) {
	ex := copyExample(t)
	out := filepath.Join(ex, "out")
	code, stdout, stderr := runCLI(t, "allocate", "--config", filepath.Join(ex, "memberfee.yaml"),
		"--previous", filepath.Join(ex, "memberfee-2024.yaml"), "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("stderr %q (2024 → 2025 needs no warning)", stderr)
	}
	if !strings.Contains(stdout, "the fee bridge from 2024") || !strings.Contains(stdout, "1860   8060000   230067") {
		t.Errorf("stdout lacks the bridge:\n%s", stdout)
	}
	j, err := os.ReadFile(filepath.Join(out, "allocation-2025.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(j), `"bridge": {`) {
		t.Error("the JSON has no bridge")
	}
	m, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	if !strings.Contains(string(m), `"role": "previous"`) {
		t.Errorf("the manifest does not record last year's config:\n%s", m)
	}
	if code, stdout, stderr := runCLI(t, "verify", "--manifest", filepath.Join(out, "manifest.json"), "--root", ex); code != 0 || !strings.Contains(stdout, "verified") {
		t.Fatalf("verify: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// TestAllocatePreviousKey: previous.config, relative to the config's
// folder, gives the bridge without the flag.
func TestAllocatePreviousKey(t *testing.T) {
	ex := copyExample(t)
	cfg := filepath.Join(ex, "memberfee.yaml")
	b, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, append(b, "\nprevious:\n  config: memberfee-2024.yaml\n"...), 0o644)
	t.Chdir(t.TempDir()) // relative to the config, not to the working folder
	code, stdout, stderr := runCLI(t, "allocate", "--config", cfg, "--out", "out")
	if code != 0 || !strings.Contains(stdout, "the fee bridge from 2024") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// TestAllocatePreviousBad: members that differ, a previous config that
// fails validation, a skipped year.
func TestAllocatePreviousBad(t *testing.T) {
	for _, tt := range []struct {
		name     string
		edit     func(string) string
		code     int
		inStderr []string
	}{
		{"members differ", func(s string) string {
			return strings.Replace(s, `  - {id: "1814", name: Lekeberg,  population: 8848}`, `  - {id: "1815", name: Nyby, population: 8848}`, 1)
		}, 1, []string{`member "1815" (Nyby) is in the 2024 config but not in 2025's`, `member "1814" (Lekeberg) is in the 2025 config but not in 2024's`,
			"only for years with the same members", "memberfee-2024.yaml"}},
		{"previous invalid", func(s string) string {
			return strings.Replace(s, "population: 5642", "population: -5642", 1)
		}, 1, []string{"memberfee-2024.yaml has 1 problem", "members[2].population"}},
		{"a skipped year", func(s string) string {
			return strings.Replace(s, "year: 2024", "year: 2022", 1)
		}, 0, []string{"warning: last year's config", "is of 2022, not 2024"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ex := copyExample(t)
			prev := filepath.Join(ex, "memberfee-2024.yaml")
			b, err := os.ReadFile(prev)
			if err != nil {
				t.Fatal(err)
			}
			edited := tt.edit(string(b))
			if edited == string(b) {
				t.Fatal("the edit changed nothing")
			}
			os.WriteFile(prev, []byte(edited), 0o644)
			code, _, stderr := runCLI(t, "allocate", "--config", filepath.Join(ex, "memberfee.yaml"), "--previous", prev, "--out", filepath.Join(ex, "out"))
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", code, tt.code, stderr)
			}
			for _, want := range tt.inStderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
		})
	}
}

// TestCompareForecastBridge: --bridge adds each scenario's bridge from the
// baseline and each forecast year's from the year before; verify re-runs
// both.
func TestCompareForecastBridge(t *testing.T) {
	ex := copyExample(t)
	out := filepath.Join(ex, "out")
	cfg := filepath.Join(ex, "memberfee.yaml")
	for _, args := range [][]string{{"compare", "--bridge"}, {"forecast", "--years", "3", "--bridge"}} {
		if code, _, stderr := runCLI(t, append(args, "--config", cfg, "--out", out)...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
	}
	for file, want := range map[string]int{"compare-2025.json": 3, "forecast-2025-2027.json": 2} {
		b, err := os.ReadFile(filepath.Join(out, file))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Count(string(b), `"bridge": {`); got != want {
			t.Errorf("%s: %d bridges, want %d", file, got, want)
		}
	}
	if code, stdout, stderr := runCLI(t, "verify", "--manifest", filepath.Join(out, "manifest.json"), "--root", ex); code != 0 || strings.Count(stdout, "verified") != 2 {
		t.Fatalf("verify: exit %d\n%s\n%s", code, stdout, stderr)
	}
}
