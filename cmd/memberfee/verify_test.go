package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"memberfee/internal/lotest"
	"memberfee/manifest"
)

// TestMain runs the test binary as memberfee when verify starts it for a
// re-run (verify runs memberfee itself, os.Executable, named childArgv0).
func TestMain(m *testing.M) {
	if os.Args[0] == childArgv0 {
		main()
	}
	code := m.Run()
	removeBuilt()
	os.Exit(code)
}

// copyExample copies the example into a folder of its own, so that a test
// can change its inputs.
func copyExample(t *testing.T) string {
	t.Helper()
	return copyFolder(t, "../../examples/sydnarke")
}

// copyFolder copies the folder src into a temporary folder of its own.
func copyFolder(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestManifestAndVerify(t *testing.T) {
	ex := copyExample(t)
	out := filepath.Join(ex, "out")
	cfg := filepath.Join(ex, "memberfee.yaml")
	for _, cmd := range [][]string{{"allocate"}, {"bill"}, {"compare"}, {"forecast", "--years", "3"}, {"clients"}} {
		if code, _, stderr := runCLI(t, append(cmd, "--config", cfg, "--out", out)...); code != 0 {
			t.Fatalf("%v: %s", cmd, stderr)
		}
	}
	mpath := filepath.Join(out, "manifest.json")
	m, err := os.ReadFile(mpath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"allocation-2025"`, `"chargeback-2025-01-01_2025-12-31"`, `"compare-2025"`, `"forecast-2025-2027"`, `"clients-2025"`,
		`"path": "../data/support.csv"`, `"rows": 954`, `"sha256"`, `"resolved_config"`} {
		if !bytes.Contains(m, []byte(want)) {
			t.Errorf("manifest lacks %s", want)
		}
	}
	if bytes.Contains(m, []byte(ex)) {
		t.Error("the manifest holds an absolute path")
	}

	code, stdout, stderr := runCLI(t, "verify", "--manifest", mpath, "--root", ex)
	if code != 0 || strings.Count(stdout, "verified") != 5 {
		t.Fatalf("untouched run: exit %d\n%s\n%s", code, stdout, stderr)
	}

	// One byte of one input changed: verify names the input, the outputs and
	// the totals that change.
	storage := filepath.Join(ex, "data", "storage.csv")
	b, _ := os.ReadFile(storage)
	orig := bytes.Clone(b)
	i := bytes.Index(b, []byte(";45,"))
	if i < 0 {
		t.Fatal("no use of 45 GB to change")
	}
	b[i+1] = '9' // 45,xx GB → 95,xx GB
	os.WriteFile(storage, b, 0o644)
	code, _, stderr = runCLI(t, "verify", "--manifest", mpath, "--root", ex)
	for _, want := range []string{"input data/storage.csv (storage) has changed",
		"output chargeback-2025-01-01_2025-12-31.json: 5 figures would change",
		`members[1882].total would change from "2551886.99" to "2552046.99"`,
		`departments[1882/Kommunstyrelseförvaltningen/storage].amount would change from "1730.45" to "1890.45"`,
		`output chargeback-2025-01-01_2025-12-31-1882.xlsx: 8 figures would change`,
		`Lagring!H188 would change from "20.19" to "70.19"`, // the quantity column, the lines sorted by member, department and date
		`total member 1882 would change from "2551886.99" to "2552046.99"`,
		`total total would change from "14307554.31" to "14307714.31"`,
		// The members whose figures do not change: their workbooks differ in the audit sheet only.
		"3 outputs differ only in provenance (the audit sheet's fingerprint of data/storage.csv); figures unchanged: chargeback-2025-01-01_2025-12-31-1814.xlsx, chargeback-2025-01-01_2025-12-31-1860.xlsx, chargeback-2025-01-01_2025-12-31-1861.xlsx"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code != 1 || strings.Contains(stderr, "allocation-2025:") || strings.Contains(stderr, "1861.xlsx: ") {
		t.Errorf("exit %d; stderr:\n%s", code, stderr)
	}
	os.WriteFile(storage, orig, 0o644)

	// Only provenance changes: a comment in the config changes its SHA-256,
	// which every workbook's audit sheet shows, and no figure.
	y, _ := os.ReadFile(cfg)
	os.WriteFile(cfg, append(y, "# reviewed\n"...), 0o644)
	code, _, stderr = runCLI(t, "verify", "--manifest", mpath, "--root", ex, "--run", "chargeback-2025-01-01_2025-12-31")
	for _, want := range []string{"input ../memberfee.yaml (config) has changed",
		"5 outputs differ only in provenance (the audit sheet's fingerprint of ../memberfee.yaml); figures unchanged: chargeback-2025-01-01_2025-12-31-1814.xlsx",
		"figures unchanged: ../memberfee.yaml changed, and every total and every figure of the outputs is the same"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code != 1 || strings.Contains(stderr, "would change") {
		t.Errorf("exit %d; stderr:\n%s", code, stderr)
	}
	os.WriteFile(cfg, y, 0o644)

	// A tampered output is named too.
	js := filepath.Join(out, "allocation-2025.json")
	a, _ := os.ReadFile(js)
	os.WriteFile(js, bytes.Replace(a, []byte("17317290"), []byte("17317291"), 1), 0o644)
	code, _, stderr = runCLI(t, "verify", "--manifest", mpath, "--root", ex, "--run", "allocation-2025")
	if code != 1 || !strings.Contains(stderr, "output allocation-2025.json in") {
		t.Errorf("exit %d; stderr:\n%s", code, stderr)
	}
}

// TestSameWhateverThePath: how the config's path is typed (relative to
// where the command runs, or absolute) does not change a byte of the
// outputs, and a run given a relative path verifies from anywhere.
func TestSameWhateverThePath(t *testing.T) {
	rel := "../../examples/sydnarke/memberfee.yaml"
	abs, err := filepath.Abs(rel)
	if err != nil {
		t.Fatal(err)
	}
	outs := [2]string{t.TempDir(), t.TempDir()}
	for i, cfg := range []string{rel, abs} {
		for _, cmd := range [][]string{{"allocate"}, {"bill", "--quiet"}} {
			if code, _, stderr := runCLI(t, append(cmd, "--config", cfg, "--out", outs[i])...); code != 0 {
				t.Fatalf("%v --config %s: %s", cmd, cfg, stderr)
			}
		}
	}
	for _, name := range []string{"allocation-2025.xlsx", "chargeback-2025-01-01_2025-12-31.xlsx", "chargeback-2025-01-01_2025-12-31-1861.xlsx"} {
		a, errA := os.ReadFile(filepath.Join(outs[0], name))
		b, errB := os.ReadFile(filepath.Join(outs[1], name))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between --config %s and --config %s (%v, %v)", name, rel, abs, errA, errB)
		}
	}
	if code, stdout, stderr := runCLI(t, "verify", "--manifest", filepath.Join(outs[0], "manifest.json"), "--root", "/"); code != 0 || strings.Count(stdout, "verified") != 2 {
		t.Fatalf("verify: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// TestGeneratedTime: without a given time the outputs carry no clock; with
// SOURCE_DATE_EPOCH or --generated the workbook says when it was made.
func TestGeneratedTime(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	runCLI(t, "allocate", "--config", exampleConfig, "--out", a)
	t.Setenv("SOURCE_DATE_EPOCH", "1764115200")
	runCLI(t, "allocate", "--config", exampleConfig, "--out", b)
	runCLI(t, "allocate", "--config", exampleConfig, "--out", c, "--generated", "2025-11-26")
	x, _ := os.ReadFile(filepath.Join(a, "allocation-2025.xlsx"))
	y, _ := os.ReadFile(filepath.Join(b, "allocation-2025.xlsx"))
	z, _ := os.ReadFile(filepath.Join(c, "allocation-2025.xlsx"))
	if bytes.Equal(x, y) {
		t.Error("SOURCE_DATE_EPOCH changed nothing")
	}
	for _, p := range []string{filepath.Join(b, "allocation-2025.xlsx"), filepath.Join(c, "allocation-2025.xlsx")} {
		f, err := excelize.OpenFile(p)
		if err != nil {
			t.Fatal(err)
		}
		props, _ := f.GetDocProps()
		if props.Created != "2025-11-26T00:00:00Z" {
			t.Errorf("%s: created %q", p, props.Created)
		}
		f.Close()
	}
	_ = z
	if code, _, _ := runCLI(t, "allocate", "--config", exampleConfig, "--out", c, "--generated", "yesterday"); code == 0 {
		t.Error("a bad --generated was accepted")
	}
}

// TestPDF prints the summaries for the board: one A4 page each.
func TestPDF(t *testing.T) {
	lotest.Soffice(t)
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "allocate", "--config", exampleConfig, "--out", out, "--pdf"); code != 0 {
		t.Fatal(stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "allocation-2025.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(b, -1))
	if !bytes.HasPrefix(b, []byte("%PDF")) || pages != 1 {
		t.Errorf("not a one-page PDF: %d bytes, %d pages", len(b), pages)
	}
	// The manifest does not list the PDF: LibreOffice stamps it with the time.
	m, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	if bytes.Contains(m, []byte(".pdf")) {
		t.Error("the manifest lists the PDF")
	}
}

// hostileCase is a crafted manifest under testdata/verify: what it tries,
// the refusals verify must name, and the manifest ({{BASE}} is the test's
// folder, {{FOLDER}} the manifest's folder inside it).
type hostileCase struct {
	Why      string          `json:"why"`
	Want     []string        `json:"want"`
	Manifest json.RawMessage `json:"manifest"`
}

// TestVerifyRefuses: every crafted manifest under testdata/verify is
// refused by name (its entry and value), and what it tried did not happen:
// the fake soffice did not run, the victim file was not written, the secret
// outside the folder was not printed, no folder was made outside verify's
// own. Before the manifest was treated as untrusted input, verify ran the
// fake soffice (pdf-with-abs-path), overwrote the victim (cpuprofile,
// memprofile) and printed the secret's first line (config-eq-absolute).
func TestVerifyRefuses(t *testing.T) {
	files, err := filepath.Glob("testdata/verify/*.json")
	if err != nil || len(files) < 30 {
		t.Fatalf("%d crafted manifests: %v", len(files), err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var c hostileCase
			if err := json.Unmarshal(raw, &c); err != nil {
				t.Fatal(err)
			}
			base := t.TempDir()
			folder := filepath.Join(base, "folder")
			copyExampleInto(t, folder)
			const secret = "year: SECRET-LINE-4711" // a config reading it echoes the value
			os.WriteFile(filepath.Join(base, "secret.txt"), []byte(secret+"\n"), 0o600)
			victim := filepath.Join(base, "victim")
			os.WriteFile(victim, []byte("precious"), 0o644)
			ran := filepath.Join(base, "ran")
			os.MkdirAll(filepath.Join(folder, "x"), 0o755)
			fake := "#!/bin/sh\necho ran > " + ran + "\n"
			for _, prog := range []string{"soffice", "libreoffice"} {
				os.WriteFile(filepath.Join(folder, "x", prog), []byte(fake), 0o755)
			}
			os.Symlink(filepath.Join(base, "secret.txt"), filepath.Join(folder, "link.yaml"))
			os.Symlink("/dev/zero", filepath.Join(folder, "zero.json"))
			syscall.Mkfifo(filepath.Join(folder, "fifo.json"), 0o644)
			os.WriteFile(filepath.Join(folder, "evil.yaml"), []byte("billing:\n  inputs:\n    storage: "+filepath.Join(base, "secret.txt")+"\n"), 0o644)
			sub := func(s string) string {
				return strings.NewReplacer("{{FOLDER}}", folder, "{{BASE}}", base).Replace(s)
			}
			mpath := filepath.Join(folder, "manifest.json")
			os.WriteFile(mpath, []byte(sub(string(c.Manifest))), 0o644)

			type result struct {
				code           int
				stdout, stderr string
			}
			done := make(chan result, 1)
			go func() {
				code, stdout, stderr := runCLI(t, "verify", "--manifest", mpath)
				done <- result{code, stdout, stderr}
			}()
			var code int
			var stdout, stderr string
			select {
			case r := <-done:
				code, stdout, stderr = r.code, r.stdout, r.stderr
			case <-time.After(60 * time.Second):
				t.Fatalf("%s: verify hangs", c.Why)
			}
			if code != 1 {
				t.Errorf("%s: exit %d, want 1", c.Why, code)
			}
			for _, w := range c.Want {
				if !strings.Contains(stderr, sub(w)) {
					t.Errorf("%s: stderr lacks %s", c.Why, sub(w))
				}
			}
			if !strings.Contains(stderr, "refused") {
				t.Errorf("%s: nothing refused", c.Why)
			}
			if strings.Contains(stdout, "verified") {
				t.Errorf("%s: verify says verified:\n%s", c.Why, stdout)
			}
			if _, err := os.Stat(ran); err == nil {
				t.Errorf("%s: the fake soffice ran", c.Why)
			}
			if b, _ := os.ReadFile(victim); string(b) != "precious" {
				t.Errorf("%s: the victim file was written", c.Why)
			}
			if strings.Contains(stdout+stderr, "SECRET-LINE") {
				t.Errorf("%s: the secret was printed:\n%s", c.Why, stderr)
			}
			for _, d := range []string{"gen", "elsewhere"} {
				if _, err := os.Stat(filepath.Join(base, d)); err == nil {
					t.Errorf("%s: %s was made", c.Why, d)
				}
			}
			if t.Failed() {
				t.Logf("stderr:\n%s", stderr)
			}
		})
	}
}

// copyExampleInto copies the example into dir.
func copyExampleInto(t *testing.T, dir string) {
	t.Helper()
	src := copyExample(t)
	if err := os.Rename(src, dir); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyEnvironment: verify applies a run's recorded MEMBERFEE_
// variables to its re-run only: in a process of its own, never in its
// own environment; and its own MEMBERFEE_ variables do not reach the
// re-run.
func TestVerifyEnvironment(t *testing.T) {
	ex := copyExample(t)
	cfg := filepath.Join(ex, "memberfee.yaml")
	t.Setenv("MEMBERFEE_FEE_PREVIOUS_TOTAL", "60000000")
	if code, _, stderr := runCLI(t, "allocate", "--config", cfg, "--out", ex); code != 0 {
		t.Fatal(stderr)
	}
	mpath := filepath.Join(ex, "manifest.json")
	m, _ := os.ReadFile(mpath)
	if !bytes.Contains(m, []byte(`"MEMBERFEE_FEE_PREVIOUS_TOTAL": "60000000"`)) {
		t.Fatalf("the manifest does not record the override:\n%s", m)
	}
	for _, env := range []string{"", "61250000", "1"} {
		if env == "" {
			os.Unsetenv("MEMBERFEE_FEE_PREVIOUS_TOTAL")
		} else {
			os.Setenv("MEMBERFEE_FEE_PREVIOUS_TOTAL", env)
		}
		// The manifest's folder holds the config: no --root needed.
		code, stdout, stderr := runCLI(t, "verify", "--manifest", mpath)
		if code != 0 || !strings.Contains(stdout, "allocation-2025: every input and output verified") {
			t.Errorf("verifier's MEMBERFEE_FEE_PREVIOUS_TOTAL=%q: exit %d\n%s%s", env, code, stdout, stderr)
		}
		if got, ok := os.LookupEnv("MEMBERFEE_FEE_PREVIOUS_TOTAL"); got != env || ok != (env != "") {
			t.Errorf("verify changed its own environment: %q", got)
		}
	}
}

// TestVerifyRoot: inputs outside the manifest's folder are read only when
// the auditor names, with --root, the folder they were delivered in.
func TestVerifyRoot(t *testing.T) {
	ex := copyExample(t)
	out := filepath.Join(ex, "out")
	if code, _, stderr := runCLI(t, "allocate", "--config", filepath.Join(ex, "memberfee.yaml"), "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	mpath := filepath.Join(out, "manifest.json")
	// The config lies one folder above the manifest's: still the file the
	// run read, so verify may read it without --root.
	if code, _, stderr := runCLI(t, "verify", "--manifest", mpath); code != 0 {
		t.Errorf("unchanged input outside the folder: exit %d\n%s", code, stderr)
	}
	// Changed, it is no longer the run's file: refused unread, unless the
	// auditor names the folder the inputs were delivered in.
	cfg := filepath.Join(ex, "memberfee.yaml")
	raw, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append(raw, "# changed\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "verify", "--manifest", mpath)
	if code != 1 || !strings.Contains(stderr, `allocation-2025: refused: inputs[0] (../memberfee.yaml) "../memberfee.yaml": lies outside the folder verify may read, `+out+` (give verify --root`) || !strings.Contains(stderr, "not the file the run read") {
		t.Errorf("changed input outside the folder: exit %d\n%s", code, stderr)
	}
	code, _, stderr = runCLI(t, "verify", "--manifest", mpath, "--root", ex)
	if code != 1 || strings.Contains(stderr, "refused") || !strings.Contains(stderr, "figures unchanged") {
		t.Errorf("--root %s: exit %d\n%s", ex, code, stderr)
	}
	if code, _, stderr := runCLI(t, "verify", "--manifest", mpath, "--root", t.TempDir()); code != 1 || !strings.Contains(stderr, "does not hold the manifest's folder") {
		t.Errorf("a --root beside the folder: exit %d\n%s", code, stderr)
	}
}

// FuzzPlanRerun: whatever a manifest's run holds, planning its re-run does
// not panic, and a plan it accepts holds only allow-listed parts: an
// allowed subcommand, --name=value flags of the allow-list, MEMBERFEE_
// variables, and paths to listed inputs inside the folder.
func FuzzPlanRerun(f *testing.F) {
	files, _ := filepath.Glob("testdata/verify/*.json")
	for _, file := range files {
		raw, _ := os.ReadFile(file)
		var c struct {
			Manifest struct {
				Runs map[string]json.RawMessage `json:"runs"`
			} `json:"manifest"`
		}
		if json.Unmarshal(raw, &c) == nil {
			for _, r := range c.Manifest.Runs {
				f.Add([]byte(r))
			}
		}
	}
	f.Add([]byte(`{"command":"compare","args":["compare","--config=memberfee.yaml","--scenario","a","b","--lang=en"],"inputs":[{"name":"memberfee.yaml","path":"memberfee.yaml"}]}`))
	f.Add([]byte(`{"command":"bill","args":["bill","--config","data/../memberfee.yaml","--strict=false","--from","2025-01-01","--to=2025-03-31"],"environment":{"MEMBERFEE_YEAR":"2025"},"inputs":[{"name":"memberfee.yaml","path":"memberfee.yaml"}]}`))
	dir := fuzzExampleFolder(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var rec manifest.Run
		if json.Unmarshal(b, &rec) != nil {
			return
		}
		p, refused := planRerun(dir, dir, "allocation-2025", &rec)
		if p == nil {
			if len(refused) == 0 {
				t.Fatal("neither a plan nor a refusal")
			}
			for _, r := range refused {
				if len(r.Error()) > 2000 {
					t.Fatalf("a refusal of %d characters", len(r.Error()))
				}
			}
			return
		}
		if !verifySubcommands[p.sub] || p.args[0] != p.sub || p.config == "" {
			t.Fatalf("plan %+v", p)
		}
		for _, a := range p.args[1:] {
			name, value, ok := strings.Cut(strings.TrimPrefix(a, "--"), "=")
			if _, known := verifyFlags[name]; !ok || !known || !strings.HasPrefix(a, "--") {
				t.Fatalf("passes on %q", a)
			}
			if verifyFlags[name] == flagPath && !inside(dir, value) {
				t.Fatalf("passes on a path outside the folder: %q", a)
			}
		}
		for _, a := range p.positional {
			if strings.HasPrefix(a, "-") || p.sub != "compare" {
				t.Fatalf("passes on the argument %q", a)
			}
		}
		for _, kv := range p.env {
			if !strings.HasPrefix(kv, "MEMBERFEE_") {
				t.Fatalf("applies %q", kv)
			}
		}
		for _, in := range p.inputs {
			if !inside(dir, in.real) {
				t.Fatalf("reads %q", in.real)
			}
		}
	})
}

// fuzzExampleFolder copies the example into a folder for a fuzz target.
func fuzzExampleFolder(f *testing.F) string {
	f.Helper()
	dir := f.TempDir()
	src := "../../examples/sydnarke/memberfee.yaml"
	b, err := os.ReadFile(src)
	if err != nil {
		f.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "memberfee.yaml"), b, 0o644)
	os.MkdirAll(filepath.Join(dir, "data"), 0o755)
	os.WriteFile(filepath.Join(dir, "data", "storage.csv"), []byte("x"), 0o644)
	os.Symlink("/etc/passwd", filepath.Join(dir, "link.yaml"))
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		f.Fatal(err)
	}
	return real
}

// TestVerifyCompareScenarios: compare given scenario ids after --scenario
// (positional) verifies; it was recorded with the ids twice, and its re-run
// differed.
func TestVerifyCompareScenarios(t *testing.T) {
	ex := copyExample(t)
	if code, _, stderr := runCLI(t, "compare", "--config", filepath.Join(ex, "memberfee.yaml"), "--out", ex, "--scenario", "volume-10", "no-wan-transfer"); code != 0 {
		t.Fatal(stderr)
	}
	m, err := manifest.Read(filepath.Join(ex, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(m.Runs["compare-2025"].Args, " "); got != "compare --config memberfee.yaml --scenario volume-10 --scenario no-wan-transfer" {
		t.Errorf("the manifest records %s", got)
	}
	if code, _, stderr := runCLI(t, "verify", "--manifest", filepath.Join(ex, "manifest.json")); code != 0 {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

// TestVerifyGenerated: a run whose time came from SOURCE_DATE_EPOCH
// verifies without it in verify's environment (the manifest records the
// time; verify's re-run gets it, and never verify's own).
func TestVerifyGenerated(t *testing.T) {
	ex := copyExample(t)
	t.Setenv("SOURCE_DATE_EPOCH", "1764115200")
	if code, _, stderr := runCLI(t, "allocate", "--config", filepath.Join(ex, "memberfee.yaml"), "--out", ex); code != 0 {
		t.Fatal(stderr)
	}
	os.Unsetenv("SOURCE_DATE_EPOCH")
	mpath := filepath.Join(ex, "manifest.json")
	if code, _, stderr := runCLI(t, "verify", "--manifest", mpath); code != 0 {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1")
	if code, _, stderr := runCLI(t, "verify", "--manifest", mpath); code != 0 {
		t.Errorf("verify's own SOURCE_DATE_EPOCH: exit %d\n%s", code, stderr)
	}
}
