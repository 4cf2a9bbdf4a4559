package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"memberfee/config"
	"memberfee/internal/xlsx"
	"memberfee/manifest"
	"memberfee/report"
)

// record gathers what a run read, for its manifest and the audit sheets of
// its workbooks.
type record struct {
	cmd       *cobra.Command
	cfg       *config.Config
	key       string // the primary output's stem: allocation-2025 …
	inputs    []manifest.File
	totals    map[string]string
	generated time.Time

	out     *output // the locked output folder the run stages into
	mu      sync.Mutex
	outputs []manifest.File
}

// newRecord starts the record of a run and fingerprints its config file.
func newRecord(cmd *cobra.Command, c *config.Config, key string) (*record, error) {
	r := &record{cmd: cmd, cfg: c, key: key, totals: map[string]string{}}
	if err := r.addInput("config", c.Path, c.Path, 0); err != nil {
		return nil, err
	}
	if c.PolicyFile != "" {
		if err := r.addInput("policy", c.PolicyFile, c.Resolve(c.PolicyFile), 0); err != nil {
			return nil, err
		}
	}
	g, err := generatedTime(cmd)
	if err != nil {
		return nil, err
	}
	r.generated = g
	return r, nil
}

// addInput fingerprints an input file.
func (r *record) addInput(role, name, path string, rows int) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	f, err := manifest.Hash(role, name, abs)
	if err != nil {
		return fmt.Errorf("fingerprinting %s: %w", name, err)
	}
	f.Rows = rows
	r.inputs = append(r.inputs, f)
	return nil
}

// audit is what the workbooks' audit sheet shows: the command as given.
func (r *record) audit() *report.Audit {
	// The config by its file name alone, here and in the inputs: how its
	// path was typed (relative to where the command ran, or absolute) must
	// not change the workbook, or a re-run from elsewhere (verify) would
	// differ; the manifest says where the file is, and the inputs carry
	// their SHA-256.
	args := r.args("")
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--config" {
			args[i+1] = filepath.Base(args[i+1])
		}
	}
	a := &report.Audit{Engine: version, Command: strings.Join(append([]string{"memberfee"}, args...), " "), Generated: r.generated}
	for _, f := range r.inputs {
		name := f.Name // as the config names its data files: the same from anywhere
		if f.Role == "config" {
			name = filepath.Base(name)
		}
		a.Inputs = append(a.Inputs, report.AuditFile{Role: f.Role, Name: name, SHA256: f.SHA256, Size: f.Size, Rows: f.Rows})
	}
	return a
}

// args returns the subcommand and the flags it was given, without --out:
// what re-runs it. With base, the config is given relative to the folder
// base (the manifest's), so that the record holds no absolute path.
func (r *record) args(base string) []string {
	args := []string{r.cmd.Name()}
	var sliced []string // the values of slice flags, in order
	r.cmd.Flags().Visit(func(f *pflag.Flag) {
		switch f.Name {
		case "out", "lock-timeout": // where and how long to wait change no output
			return
		case "config", "previous":
			if base != "" {
				args = append(args, "--"+f.Name, relTo(base, f.Value.String()))
				return
			}
		}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			for _, v := range sv.GetSlice() {
				args = append(args, "--"+f.Name, v)
			}
			sliced = append(sliced, sv.GetSlice()...)
			return
		}
		if f.Value.Type() == "bool" {
			args = append(args, "--"+f.Name+"="+f.Value.String())
			return
		}
		args = append(args, "--"+f.Name, f.Value.String())
	})
	// Positional arguments, unless a flag took them in already (compare
	// folds its scenario ids into --scenario: recording them twice made a
	// re-run differ, its audit sheet showing them three times).
	if pos := r.cmd.Flags().Args(); len(pos) > len(sliced) || !slices.Equal(sliced[len(sliced)-len(pos):], pos) {
		args = append(args, pos...)
	}
	if r.cmd.Flags().Lookup("generated") == nil {
		if g := r.cmd.Root().PersistentFlags().Lookup("generated"); g != nil && g.Changed {
			args = append(args, "--generated", g.Value.String())
		}
	}
	return args
}

// stage writes an output to its staged file as soon as it is made, so
// that it need not wait in memory, and notes its fingerprint. It may be
// called from several goroutines.
func (r *record) stage(name string, data []byte) error {
	if err := r.out.Add(name, data); err != nil {
		return writeError(err)
	}
	r.mu.Lock()
	r.outputs = append(r.outputs, manifest.HashBytes(name, data))
	r.mu.Unlock()
	return nil
}

// Stage writes an output piece by piece straight to its staged file,
// fingerprinting it on the way (billrun.Stager). It may be called from
// several goroutines.
func (r *record) Stage(name string, write func(w io.Writer) error) error {
	var f manifest.File
	err := r.out.Create(name, func(w io.Writer) error {
		h := manifest.NewHasher(name)
		if err := write(io.MultiWriter(w, h)); err != nil {
			return err
		}
		f = h.File()
		return nil
	})
	if err != nil {
		return writeError(err)
	}
	r.mu.Lock()
	r.outputs = append(r.outputs, f)
	r.mu.Unlock()
	return nil
}

// write stages the last outputs and the folder's manifest, and puts them
// in place together with every output staged before, the manifest last.
// The manifest is read while the folder is locked, so a run into the same
// folder can neither lose this run's entry nor have its own lost.
func (r *record) write(files ...outputFile) error {
	if err := r.stageAll(files...); err != nil {
		return err
	}
	return r.commit()
}

// commit puts every staged output in place, the manifest last.
func (r *record) commit() error { return writeError(r.out.Commit()) }

// stageAll stages the last outputs and the folder's manifest, to be put in
// place by commit: a command that records in the ledger stages everything
// inside its transaction and commits the folder after the ledger.
func (r *record) stageAll(files ...outputFile) error {
	for _, f := range files {
		if err := r.stage(f.name, f.data); err != nil {
			return err
		}
	}
	out := r.out.Dir()
	if st, err := os.Lstat(filepath.Join(out, manifest.Name)); err == nil && st.Mode()&os.ModeSymlink != 0 {
		return writeError(fmt.Errorf("%s is a symbolic link, not a manifest memberfee wrote; it is not followed: remove it yourself and run again", filepath.Join(out, manifest.Name)))
	}
	m, err := manifest.Read(filepath.Join(out, manifest.Name))
	if err != nil {
		return writeError(err)
	}
	outputs := append([]manifest.File(nil), r.outputs...)
	sort.Slice(outputs, func(i, j int) bool { return outputs[i].Name < outputs[j].Name })
	run := &manifest.Run{Engine: "memberfee " + version, Command: r.cmd.Name(), Args: r.args(out),
		Environment: memberfeeEnv(), Config: r.cfg.Settings(), Totals: r.totals, Outputs: outputs}
	if !r.generated.IsZero() {
		run.Generated = r.generated.Format(time.RFC3339) // verify gives it to its re-run as SOURCE_DATE_EPOCH
	}
	for _, f := range r.inputs {
		f.Path = relTo(out, f.Path)
		if f.Role == "config" {
			f.Name = f.Path
		}
		run.Inputs = append(run.Inputs, f)
	}
	m.Runs[r.key] = run
	b, err := m.Bytes()
	if err == nil {
		err = r.out.Add(manifest.Name, b)
	}
	return writeError(err)
}

// outputFile is an output and its whole content.
type outputFile struct {
	name string
	data []byte
}

// writeBookAndJSON writes <key>.xlsx and <key>.json with the folder's
// manifest, and returns OUT/<key>.
func (r *record) writeBookAndJSON(book *xlsx.Book, v any) (string, error) {
	js, err := report.Marshal(v)
	if err != nil {
		return "", err
	}
	xlsx, err := book.Bytes()
	if err != nil {
		return "", fmt.Errorf("writing the workbook: %w", err)
	}
	return filepath.Join(r.out.Dir(), r.key), r.write(outputFile{r.key + ".xlsx", xlsx}, outputFile{r.key + ".json", js})
}

// memberfeeEnv returns the MEMBERFEE_ environment variables: the config's
// overrides of this run.
func memberfeeEnv() map[string]string {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, config.EnvPrefix+"_") {
			env[k] = v
		}
	}
	if len(env) == 0 {
		return nil
	}
	return env
}

// generatedTime is when the outputs say they were made: --generated, else
// SOURCE_DATE_EPOCH, else no time at all (the outputs carry no clock).
func generatedTime(cmd *cobra.Command) (time.Time, error) {
	if f := cmd.Root().PersistentFlags().Lookup("generated"); f != nil && f.Value.String() != "" {
		for _, layout := range []string{time.RFC3339, time.DateOnly} {
			if t, err := time.Parse(layout, f.Value.String()); err == nil {
				return t.UTC(), nil
			}
		}
		return time.Time{}, fmt.Errorf("--generated %q is not a time written as 2025-11-26 or 2025-11-26T10:00:00Z", f.Value.String())
	}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", s)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return time.Time{}, nil
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// relTo returns path relative to the folder base, in slashes, so that a
// manifest moves with its folder and reads the same on any machine.
func relTo(base, path string) string {
	ab, err1 := filepath.Abs(base)
	ap, err2 := filepath.Abs(path)
	if err1 != nil || err2 != nil {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(ab, ap)
	if err != nil {
		return filepath.ToSlash(ap)
	}
	return filepath.ToSlash(rel)
}
