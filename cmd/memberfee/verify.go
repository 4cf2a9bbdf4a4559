package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"memberfee/manifest"
)

func newVerifyCmd() *cobra.Command {
	var path, only string
	cmd := &cobra.Command{
		Use:   "verify --manifest FILE [--run KEY]",
		Short: "Prove that outputs came from their inputs: re-check hashes and re-run",
		Long: `verify reads a manifest.json, checks that every input still has the
SHA-256 it had, re-runs each recorded command into a temporary folder, and
checks that every output would be produced byte for byte. On a difference
it names the input or output that differs and the totals that change, and
exits 1.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runVerify(cmd.OutOrStdout(), path, only)
		},
	}
	cmd.Flags().StringVar(&path, "manifest", "", "the manifest.json of an output folder")
	cmd.Flags().StringVar(&only, "run", "", "verify only this run (its key, e.g. allocation-2025)")
	_ = cmd.MarkFlagRequired("manifest")
	return cmd
}

func runVerify(stdout io.Writer, path, only string) error {
	m, err := manifest.Read(path)
	if err != nil {
		return &inputError{summary: err.Error()}
	}
	if len(m.Runs) == 0 {
		return &inputError{summary: fmt.Sprintf("%s records no run", path)}
	}
	dir := filepath.Dir(path)
	var problems []error
	verified := 0
	for _, key := range m.Keys() {
		if only != "" && key != only {
			continue
		}
		verified++
		ps := verifyRun(dir, key, m.Runs[key])
		if len(ps) == 0 {
			fmt.Fprintf(stdout, "%s: every input and output verified (%d inputs, %d outputs)\n", key, len(m.Runs[key].Inputs), len(m.Runs[key].Outputs))
		}
		problems = append(problems, ps...)
	}
	if verified == 0 {
		return &inputError{summary: fmt.Sprintf("%s has no run %q; it has %s", path, only, strings.Join(m.Keys(), ", "))}
	}
	if len(problems) > 0 {
		return &inputError{summary: fmt.Sprintf("verification failed, %s:", plural(len(problems), "difference")), problems: problems}
	}
	return nil
}

// verifyRun checks one run's inputs and re-runs it.
func verifyRun(dir, key string, rec *manifest.Run) []error {
	var problems []error
	fail := func(format string, args ...any) { problems = append(problems, fmt.Errorf(key+": "+format, args...)) }
	for _, in := range rec.Inputs {
		p := filepath.Join(dir, filepath.FromSlash(in.Path))
		now, err := manifest.Hash(in.Role, in.Name, p)
		switch {
		case err != nil:
			fail("input %s (%s) cannot be read: %v", in.Name, in.Role, err)
		case now.SHA256 != in.SHA256:
			fail("input %s (%s) has changed: SHA-256 %s…, was %s… (%d bytes, was %d)", in.Name, in.Role, now.SHA256[:12], in.SHA256[:12], now.Size, in.Size)
		}
	}
	for _, out := range rec.Outputs {
		now, err := manifest.Hash("", out.Name, filepath.Join(dir, out.Name))
		switch {
		case err != nil:
			fail("output %s is missing from %s", out.Name, dir)
		case now.SHA256 != out.SHA256:
			fail("output %s in %s has changed since the run: SHA-256 %s…, recorded %s…", out.Name, dir, now.SHA256[:12], out.SHA256[:12])
		}
	}
	tmp, err := os.MkdirTemp("", "memberfee-verify-")
	if err != nil {
		return append(problems, err)
	}
	defer os.RemoveAll(tmp)
	args := append([]string(nil), rec.Args...)
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--config" {
			args[i+1] = filepath.Join(dir, filepath.FromSlash(args[i+1]))
		}
	}
	args = append(args, "--out", tmp)
	restore := setEnv(rec.Environment)
	var errb bytes.Buffer
	code := run(args, io.Discard, &errb)
	restore()
	if code != 0 {
		fail("re-running `memberfee %s` failed: %s", strings.Join(rec.Args, " "), strings.TrimSpace(errb.String()))
		return problems
	}
	again, err := manifest.Read(filepath.Join(tmp, manifest.Name))
	if err != nil || again.Runs[key] == nil {
		fail("the re-run wrote no manifest entry")
		return problems
	}
	now := again.Runs[key]
	produced := map[string]manifest.File{}
	for _, f := range now.Outputs {
		produced[f.Name] = f
	}
	for _, f := range rec.Outputs {
		g, ok := produced[f.Name]
		switch {
		case !ok:
			fail("output %s would no longer be written", f.Name)
		case g.SHA256 != f.SHA256:
			fail("output %s would differ: SHA-256 %s…, recorded %s…", f.Name, g.SHA256[:12], f.SHA256[:12])
		}
		delete(produced, f.Name)
	}
	for _, name := range sortedKeys(produced) {
		fail("output %s would be new", name)
	}
	for _, k := range sortedKeys(rec.Totals) {
		if now.Totals[k] != rec.Totals[k] {
			fail("total %s would change: %s, recorded %s", k, now.Totals[k], rec.Totals[k])
		}
	}
	return problems
}

// setEnv makes the MEMBERFEE_ variables those of a recorded run and returns
// a function that puts them back.
func setEnv(env map[string]string) func() {
	saved := memberfeeEnv()
	for k := range saved {
		os.Unsetenv(k)
	}
	for k, v := range env {
		os.Setenv(k, v)
	}
	return func() {
		for k := range env {
			os.Unsetenv(k)
		}
		for k, v := range saved {
			os.Setenv(k, v)
		}
	}
}
