package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"memberfee/internal/lotest"
)

// copyExample copies the example into a folder of its own, so that a test
// can change its inputs.
func copyExample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := "../../examples/sydnarke"
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

	code, stdout, stderr := runCLI(t, "verify", "--manifest", mpath)
	if code != 0 || strings.Count(stdout, "verified") != 5 {
		t.Fatalf("untouched run: exit %d\n%s\n%s", code, stdout, stderr)
	}

	// One byte of one input changed: verify names the input, the outputs and
	// the totals that change.
	storage := filepath.Join(ex, "data", "storage.csv")
	b, _ := os.ReadFile(storage)
	i := bytes.Index(b, []byte(";45,"))
	if i < 0 {
		t.Fatal("no use of 45 GB to change")
	}
	b[i+1] = '9' // 45,xx GB → 95,xx GB
	os.WriteFile(storage, b, 0o644)
	code, _, stderr = runCLI(t, "verify", "--manifest", mpath)
	for _, want := range []string{"input data/storage.csv (storage) has changed", "output chargeback-2025-01-01_2025-12-31.json would differ", "total total would change"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code != 1 || strings.Contains(stderr, "allocation-2025:") {
		t.Errorf("exit %d; stderr:\n%s", code, stderr)
	}

	// A tampered output is named too.
	os.WriteFile(storage, b, 0o644)
	js := filepath.Join(out, "allocation-2025.json")
	a, _ := os.ReadFile(js)
	os.WriteFile(js, bytes.Replace(a, []byte("17317290"), []byte("17317291"), 1), 0o644)
	code, _, stderr = runCLI(t, "verify", "--manifest", mpath, "--run", "allocation-2025")
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
	if code, stdout, stderr := runCLI(t, "verify", "--manifest", filepath.Join(outs[0], "manifest.json")); code != 0 || strings.Count(stdout, "verified") != 2 {
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
