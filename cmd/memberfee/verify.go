package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"memberfee/config"
	"memberfee/internal/outdir"
	"memberfee/manifest"
)

func newVerifyCmd() *cobra.Command {
	var path, only, root, into string
	cmd := &cobra.Command{
		Use:   "verify --manifest FILE [--run KEY] [--root DIR]",
		Short: "Prove that outputs came from their inputs: re-check hashes and re-run",
		Long: `verify reads a manifest.json, checks that every input still has the
SHA-256 it had, re-runs each recorded command into a temporary folder, and
checks that every output would be produced byte for byte. On a difference
it names the input or output that differs and the figures that change
(totals, members' amounts) apart from what only records provenance (the
audit sheet's fingerprints), and exits 1.

The manifest is untrusted: verify re-runs only memberfee's computing
subcommands with the computing flags, applies only MEMBERFEE_ variables,
reads only the inputs the manifest lists inside the manifest's folder (or
--root, the folder the inputs were delivered in), writes only into its own
temporary folder and never runs another program. Anything else is refused,
naming the entry and the value.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if into != "" {
				return rerunChild(cmd.OutOrStdout(), cmd.ErrOrStderr(), path, only, root, into)
			}
			return runVerify(cmd.OutOrStdout(), cmd.ErrOrStderr(), path, only, root)
		},
	}
	cmd.Flags().StringVar(&path, "manifest", "", "the manifest.json of an output folder")
	cmd.Flags().StringVar(&only, "run", "", "verify only this run (its key, e.g. allocation-2025)")
	cmd.Flags().StringVar(&root, "root", "", "the folder verify may read inputs from; the manifest's folder must be inside it (default the manifest's folder)")
	cmd.Flags().StringVar(&into, "rerun", "", "re-run the run --run of the manifest into this folder (verify's own re-run)")
	_ = cmd.Flags().MarkHidden("rerun")
	_ = cmd.MarkFlagRequired("manifest")
	return cmd
}

// folders returns the manifest's absolute path, its folder and the folder
// verify may read (root, default the manifest's folder).
func folders(path, root string) (mpath, dir, rootDir string, err error) {
	mpath, err = filepath.Abs(path)
	if err != nil {
		return "", "", "", err
	}
	dir = filepath.Dir(mpath)
	if root == "" {
		return mpath, dir, dir, nil
	}
	if rootDir, err = filepath.Abs(root); err != nil {
		return "", "", "", err
	}
	if fi, err := os.Stat(rootDir); err != nil || !fi.IsDir() {
		return "", "", "", &inputError{summary: fmt.Sprintf("--root %s is not a folder", root)}
	}
	if !inside(rootDir, dir) {
		return "", "", "", &inputError{summary: fmt.Sprintf("--root %s does not hold the manifest's folder %s", root, dir)}
	}
	return mpath, dir, rootDir, nil
}

// maxRuns is the most runs verify re-runs from one manifest: a folder
// holds one run per output stem (a year's monthly bills, allocations,
// forecasts: a few dozen); a crafted manifest could list thousands.
const maxRuns = 200

// openManifest finds the manifest's folder and the folder verify may read
// (folders), starts this verify's hash cache and comparing budget afresh,
// and reads the manifest.
func openManifest(path, root string) (mpath, dir, rootDir string, m *manifest.Manifest, err error) {
	if mpath, dir, rootDir, err = folders(path, root); err != nil {
		return
	}
	hashes = newHashCache()
	compared.Store(maxCompared)
	if m, err = manifest.Read(mpath); err != nil {
		return "", "", "", nil, &inputError{summary: err.Error()}
	}
	return
}

func runVerify(stdout, stderr io.Writer, path, only, root string) error {
	mpath, dir, rootDir, m, err := openManifest(path, root)
	if err != nil {
		return err
	}
	if len(m.Runs) == 0 {
		return &inputError{summary: fmt.Sprintf("%s records no run", path)}
	}
	if only == "" && len(m.Runs) > maxRuns {
		return &inputError{summary: fmt.Sprintf("refused: %s records %d runs, more than the %d verify re-runs from one manifest; verify them one at a time with --run KEY", path, len(m.Runs), maxRuns)}
	}
	ws, err := newWorkspace(stderr)
	if err != nil {
		return err
	}
	defer ws.close()
	var problems []error
	verified := 0
	for _, key := range m.Keys() {
		if only != "" && key != only {
			continue
		}
		verified++
		ps := verifyRun(ws, mpath, dir, rootDir, key, m.Runs[key])
		if len(ps) == 0 {
			fmt.Fprintf(stdout, "%s: every input and output verified (%d inputs, %d outputs)\n", key, len(m.Runs[key].Inputs), len(m.Runs[key].Outputs))
		}
		problems = append(problems, ps...)
	}
	if verified == 0 {
		keys := m.Keys()
		for i, k := range keys {
			keys[i] = showKey(k)
		}
		return &inputError{summary: fmt.Sprintf("%s has no run %s; it has %s", path, quote(only), strings.Join(keys, ", "))}
	}
	if len(problems) > 0 {
		return &inputError{summary: fmt.Sprintf("verification failed, %s:", plural(len(problems), "difference")), problems: problems}
	}
	return nil
}

// verifyRun checks one run's inputs and re-runs it.
func verifyRun(ws *workspace, mpath, dir, root, key string, rec *manifest.Run) []error {
	plan, refused := planRerun(dir, root, key, rec)
	if len(refused) > 0 {
		return refused
	}
	var problems []error
	fail := func(format string, args ...any) {
		problems = append(problems, fmt.Errorf("%s: "+format, append([]any{showKey(key)}, args...)...))
	}
	var changed []string
	checked := map[string]bool{} // a file the run lists twice is named once
	for _, in := range plan.inputs {
		if checked[in.real] {
			continue
		}
		checked[in.real] = true
		now, err := hashes.hash(in.real)
		switch {
		case err != nil:
			fail("input %s (%s) cannot be read: %v", showName(in.file.Name), showName(in.file.Role), err)
		case now.SHA256 != in.file.SHA256:
			fail("input %s (%s) has changed: SHA-256 %s…, was %s… (%d bytes, was %d)", showName(in.file.Name), showName(in.file.Role), short(now.SHA256), short(in.file.SHA256), now.Size, in.file.Size)
			changed = append(changed, showName(in.file.Name))
		}
	}
	intact := map[string]string{} // outputs in the folder as the manifest records them: their paths
	var tampered []error          // outputs that are not
	var moved []string
	for _, out := range rec.Outputs {
		fail := func(format string, args ...any) {
			tampered = append(tampered, fmt.Errorf("%s: "+format, append([]any{showKey(key)}, args...)...))
			moved = append(moved, out.Name)
		}
		real, _, err := confine(dir, root, out.Name)
		if err != nil {
			fail("output %s is missing from %s", out.Name, dir)
			continue
		}
		now, err := hashes.hash(real)
		switch {
		case err != nil:
			fail("output %s is missing from %s", out.Name, dir)
		case now.SHA256 != out.SHA256:
			fail("output %s in %s has changed since the run: SHA-256 %s…, recorded %s…", out.Name, dir, short(now.SHA256), short(out.SHA256))
		default:
			intact[out.Name] = real
		}
	}
	// A run killed while putting its outputs in place left some of them new
	// and the manifest old: say so, once, rather than name each output;
	// nothing verifies until the next run completes it.
	if _, pending := outdir.Pending(dir); pending && len(tampered) > 0 {
		fail("this folder has changed since the run: an interrupted run's outputs are half in place (%s); run memberfee into this folder again to complete it (verify cannot pass until then)", listNames(moved))
		return problems
	}
	problems = append(problems, tampered...)
	out, err := ws.rerun(mpath, root, key, plan)
	if err != nil {
		fail("re-running `memberfee %s` failed: %v", strings.Join(plan.display(), " "), err)
		return problems
	}
	again, err := manifest.Read(filepath.Join(out, manifest.Name))
	if err != nil || again.Runs[key] == nil {
		fail("the re-run wrote no manifest entry")
		return problems
	}
	now := again.Runs[key]
	// The re-run may have read only what the manifest lists (the child
	// checks the files the config names before it reads them; this
	// catches any other).
	allowed := map[string]bool{}
	for _, in := range plan.inputs {
		allowed[in.real] = true
	}
	for _, in := range now.Inputs {
		p := filepath.Join(out, filepath.FromSlash(in.Path))
		if real, err := filepath.EvalSymlinks(p); err != nil || !allowed[real] {
			fail("the re-run read %s (%s), which the manifest does not list as an input", quote(in.Path), showName(in.Role))
		}
	}
	problems = append(problems, compareOutputs(ws.dir, key, out, rec, now, intact, changed)...)
	return problems
}

// short is the first 12 hex digits of a SHA-256 (all of a shorter one).
func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// display is the re-run's command line as a person reads it.
func (p *rerun) display() []string {
	var out []string
	for _, a := range append(append([]string(nil), p.args...), p.positional...) {
		out = append(out, showName(a))
	}
	return out
}

// rerunProcess re-runs a planned run into tmp/out in a process of its own:
// memberfee itself (never another program), with the run's MEMBERFEE_
// variables and nothing else of verify's environment (no PATH, no
// SOURCE_DATE_EPOCH), in verify's temporary folder. The child plans the run
// again from the manifest and checks the files its config names before it
// reads a byte of them.
func (ws *workspace) rerunProcess(tmp, mpath, root, key string, plan *rerun) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("cannot find memberfee itself: %w", err)
	}
	spill := filepath.Join(tmp, "spill")
	if err := os.Mkdir(spill, 0o700); err != nil {
		return err
	}
	cmd := exec.Command(exe, "verify", "--manifest="+mpath, "--run="+key, "--root="+root, "--rerun="+filepath.Join(tmp, "out"))
	cmd.Args[0] = childArgv0
	cmd.Dir = tmp
	cmd.Env = append([]string{"TMPDIR=" + spill}, plan.env...)
	for _, k := range []string{"GOMEMLIMIT", outdir.PauseEnv} { // the test-only pause, to stop the re-run at a point
		if v, ok := os.LookupEnv(k); ok {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	var errb limitedBuffer
	cmd.Stdout, cmd.Stderr = io.Discard, &errb
	err = ws.runChild(cmd)
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return errors.New(strings.TrimSpace(strings.TrimPrefix(errb.String(), "memberfee: ")))
		}
		return err
	}
	return nil
}

// childArgv0 is the name verify gives its re-run (tests' TestMain runs the
// test binary as memberfee when it sees it).
const childArgv0 = "memberfee"

// limitedBuffer keeps the first 8 KiB written to it.
type limitedBuffer struct{ b bytes.Buffer }

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := 8<<10 - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

func (l *limitedBuffer) String() string { return l.b.String() }

// rerunChild is verify's re-run of one run: in a process of its own whose
// environment is the run's MEMBERFEE_ variables. It plans the run again
// (the manifest may have changed since the parent read it), checks that
// every file the config names is an input the manifest lists, and runs it
// into the folder into.
func rerunChild(stdout, stderr io.Writer, path, key, root, into string) error {
	_, dir, rootDir, m, err := openManifest(path, root)
	if err != nil {
		return err
	}
	plan, refused := planRerun(dir, rootDir, key, m.Runs[key])
	if len(refused) > 0 {
		return &inputError{summary: "refused:", problems: refused}
	}
	if err := checkConfigFiles(key, rootDir, plan); err != nil {
		return err
	}
	args := append(append(plan.args, "--out="+into), plan.positional...)
	if code := run(args, stdout, stderr); code != 0 {
		os.Exit(code) // the run has said why on stderr
	}
	return nil
}

// configFiles are the keys of a config that name files (as CheckFiles
// lists them), and the subcommands that read each.
func configFiles(c *config.Config) []configFile {
	in := c.Billing.Inputs
	bill := []string{"bill"}
	return []configFile{
		{"billing.inputs.equipment", in.Equipment, bill},
		{"billing.inputs.printers", in.Printers, bill},
		{"billing.inputs.storage", in.Storage, bill},
		{"billing.inputs.support", in.Support, bill},
		{"billing.inputs.licences", in.Licences, []string{"bill", "clients"}},
		{"billing.inputs.services", in.Services, bill},
		{"clients.register", c.Clients.Register, []string{"clients"}},
	}
}

type configFile struct {
	key, name string
	readBy    []string
}

// checkConfigFiles loads the run's config (with the run's MEMBERFEE_
// overrides, which can name files too) and refuses it if it names a file
// the subcommand reads that is not one of the inputs planRerun accepted
// (inside root, or outside it and unchanged since the run).
func checkConfigFiles(key, root string, plan *rerun) error {
	c, err := config.Load(plan.config)
	if err != nil {
		return &inputError{summary: err.Error()}
	}
	allowed := map[string]bool{}
	for _, in := range plan.inputs {
		allowed[in.real] = true
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return err
	}
	var refused []error
	for _, f := range configFiles(c) {
		if f.name == "" {
			continue
		}
		refuse := func(why string) {
			refused = append(refused, &refusal{key: key, what: "the config's " + f.key, value: f.name, why: why})
		}
		if !slices.Contains(f.readBy, plan.sub) {
			continue // the subcommand does not read it
		}
		// Only a file verify accepted as an input: inside root, or outside
		// it and still the file the run read (confineInput).
		p, err := filepath.Abs(c.Resolve(f.name))
		if err != nil {
			refuse("is not a path")
			continue
		}
		real, err := filepath.EvalSymlinks(p)
		switch {
		case err == nil && allowed[real]:
		case !inside(root, p) || (err == nil && !inside(realRoot, real)):
			refuse("names a file outside the folder verify may read, " + root + ", that is not one of the manifest's inputs")
		default:
			refuse("names a file " + plan.sub + " reads that the manifest does not list as an input")
		}
	}
	if len(refused) > 0 {
		return &inputError{summary: "refused:", problems: refused}
	}
	return nil
}
