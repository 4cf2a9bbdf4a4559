//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"memberfee/internal/fifotest"
)

// runWithin runs the command line and fails the test if it has not ended
// within a minute (a named pipe used to hang it forever).
func runWithin(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
	}
	r := fifotest.Within(t, time.Minute, fmt.Sprint(args), func() result {
		code, stdout, stderr := runCLI(t, args...)
		return result{code, stdout, stderr}
	})
	return r.code, r.stdout, r.stderr
}

// TestExitCodes: 2 is for usage only and points at --help; a failed run (a
// full disk, a folder that cannot be written) and bad input exit 1 with
// their cause. Before, every error that was not a config or data problem
// exited 2 with "Run 'memberfee --help'": a full disk among them.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := fifotest.Pipe(t, filepath.Join(dir, "fifo.yaml"))
	zeroUnit := filepath.Join(dir, "zero.yaml")
	ex, err := os.ReadFile(exampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(zeroUnit, []byte(strings.Replace(string(ex), "rounding_unit: 1 ", "rounding_unit: 0 ", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := func() string { return t.TempDir() }
	for _, tt := range []struct {
		name string
		args []string
		code int
		says []string
	}{
		{"missing --config", []string{"allocate"}, 2, []string{"config"}},
		{"unknown flag", []string{"allocate", "--bogus", "x"}, 2, []string{"bogus"}},
		{"unknown command", []string{"frobnicate"}, 2, []string{"frobnicate"}},
		{"extra argument", []string{"version", "extra"}, 2, []string{"extra"}},
		{"bad --lang", []string{"allocate", "--config", exampleConfig, "--lang", "fi"}, 2, []string{"fi"}},
		{"--from without --to", []string{"bill", "--config", exampleConfig, "--from", "2025-01-01"}, 2, []string{"--to"}},
		{"bad --years", []string{"forecast", "--config", exampleConfig, "--years", "0"}, 2, []string{"--years"}},
		{"bad --generated", []string{"allocate", "--config", exampleConfig, "--generated", "soon"}, 2, []string{"soon"}},
		{"unknown clause", []string{"explain", "9.9"}, 2, []string{"9.9"}},
		{"unknown workload", []string{"gen", "--workload", "x", "--out", out()}, 2, []string{"workload"}},

		{"disk full", []string{"allocate", "--config", exampleConfig, "--out", out(), "--memprofile", "/dev/full"}, 1, []string{"no space left on device"}},
		{"output folder is a file", []string{"allocate", "--config", exampleConfig, "--out", file}, 1, []string{file, "not a directory"}},
		{"output folder under a file", []string{"allocate", "--config", exampleConfig, "--out", filepath.Join(file, "out")}, 1, []string{"not a directory"}},
		{"profile cannot be created", []string{"allocate", "--config", exampleConfig, "--out", out(), "--cpuprofile", filepath.Join(file, "cpu.prof")}, 1, []string{"--cpuprofile", "not a directory"}},

		{"config is a named pipe", []string{"validate", "--config", fifo}, 1, []string{fifo, "named pipe"}},
		{"config is /dev/zero", []string{"allocate", "--config", "/dev/zero", "--out", out()}, 1, []string{"/dev/zero", "device"}},
		{"config is a folder", []string{"allocate", "--config", dir, "--out", out()}, 1, []string{"folder"}},
		{"rounding_unit 0", []string{"allocate", "--config", zeroUnit, "--out", out()}, 1, []string{"rounding_unit: 0 must be greater than 0"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runWithin(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d: %s", code, tt.code, stderr)
			}
			if help := strings.Contains(stderr, "--help"); help != (tt.code == 2) {
				t.Errorf("exit %d and the --help hint shown: %v: %s", code, help, stderr)
			}
			for _, s := range tt.says {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q: %s", s, stderr)
				}
			}
		})
	}
}

// TestInputNamedPipe: a named pipe as an input file is refused, naming its
// key or file, by validate and by bill, instead of hanging the run.
func TestInputNamedPipe(t *testing.T) {
	dir := t.TempDir()
	ex, err := os.ReadFile(exampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	data, err := filepath.Abs(filepath.Join(filepath.Dir(exampleConfig), "data"))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := os.Symlink(filepath.Join(data, e.Name()), filepath.Join(dir, "data", e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Remove(filepath.Join(dir, "data", "storage.csv")); err != nil {
		t.Fatal(err)
	}
	fifotest.Pipe(t, filepath.Join(dir, "data", "storage.csv"))
	cfg := filepath.Join(dir, "memberfee.yaml")
	if err := os.WriteFile(cfg, ex, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"validate", "--config", cfg},
		{"bill", "--config", cfg, "--out", t.TempDir()},
	} {
		code, _, stderr := runWithin(t, args...)
		if code != 1 || !strings.Contains(stderr, "storage.csv") || !strings.Contains(stderr, "named pipe") {
			t.Errorf("%s: exit %d: %s", args[0], code, stderr)
		}
	}
}
