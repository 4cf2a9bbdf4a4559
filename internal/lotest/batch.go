package lotest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Checked is what CheckFormulasAll found of one workbook.
type Checked struct {
	Path         string     // the workbook
	Recalculated string     // LibreOffice's recalculated copy (xlsx)
	Mismatches   []Mismatch // as CheckFormulas returns them
	Formulas     int        // formula cells compared
}

// CheckFormulasAll checks each workbook of paths as CheckFormulas does,
// with one LibreOffice start for all of them (a start costs seconds:
// most of a small workbook's check). Workbooks whose names are the same
// are converted one by one.
func CheckFormulasAll(t testing.TB, paths ...string) []Checked {
	t.Helper()
	recalc := ConvertAll(t, "xlsx", paths...)
	out := make([]Checked, len(paths))
	for i, p := range paths {
		m, n := check(t, p, recalc[i])
		out[i] = Checked{Path: p, Recalculated: recalc[i], Mismatches: m, Formulas: n}
	}
	return out
}

// ConvertAll converts each file of paths to format as Convert does
// (recalculating every formula on load), in one LibreOffice start, and
// returns the converted files' paths in the order of paths.
func ConvertAll(t testing.TB, format string, paths ...string) []string {
	t.Helper()
	seen := map[string]bool{}
	for _, p := range paths {
		base := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
		if seen[base] { // one output folder holds one file of a name
			out := make([]string, len(paths))
			for i, p := range paths {
				out[i] = Convert(t, p, format)
			}
			return out
		}
		seen[base] = true
	}
	return convert(t, format, "", paths...)
}

// convert runs one LibreOffice start, recalculating every formula on
// load, that opens each of paths (CSV with the import options filter when
// given) and saves it as format; it returns the converted files' paths in
// the order of paths. The paths' names must differ.
func convert(t testing.TB, format, filter string, paths ...string) []string {
	t.Helper()
	bin := Soffice(t)
	profile := t.TempDir()
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(recalcProfile), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	args := []string{"-env:UserInstallation=file://" + profile, "--headless", "--norestore"}
	if filter != "" {
		args = append(args, "--infilter=CSV:"+filter)
	}
	cmd := exec.Command(bin, append(append(args, "--convert-to", format, "--outdir", dir), paths...)...)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --convert-to %s %s: %v\n%s", format, strings.Join(paths, " "), err, msg)
	}
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Join(dir, strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))+"."+format)
		if _, err := os.Stat(out[i]); err != nil {
			t.Fatalf("soffice wrote no %s: %s", out[i], msg)
		}
	}
	return out
}
