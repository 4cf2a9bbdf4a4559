package gntest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Ssconvert returns Gnumeric's converter. Where it is missing the test is
// skipped, except under CI (CI=true), which installs it: there it fails.
func Ssconvert(t testing.TB) string {
	t.Helper()
	p, ok := Available(t)
	if !ok {
		t.Skip(missing)
	}
	return p
}

// Available returns Gnumeric's converter, or false where it is missing and
// the test may go on without it (it logs so). Under CI (CI=true), which
// installs it, a missing ssconvert fails the test.
func Available(t testing.TB) (string, bool) {
	t.Helper()
	if p, err := exec.LookPath("ssconvert"); err == nil {
		return p, true
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Gnumeric (ssconvert) is not installed; .ci/run installs gnumeric")
	}
	t.Log(missing)
	return "", false
}

const missing = "Gnumeric (ssconvert) is not installed, its reading is not checked: apt-get install -y --no-install-recommends gnumeric"

// Convert reads the workbook at path in Gnumeric, recalculates every
// formula, and returns the path of the workbook Gnumeric writes from it
// (xlsx, in a temporary folder).
func Convert(t testing.TB, path string) string {
	t.Helper()
	bin := Ssconvert(t)
	home := t.TempDir()
	out := filepath.Join(t.TempDir(), strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))+".xlsx")
	cmd := exec.Command(bin, "--recalc", "--export-type=Gnumeric_Excel:xlsx2", path, out)
	cmd.Env = append(os.Environ(), "HOME="+home)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("ssconvert --recalc %s: %v\n%s", path, err, msg)
	}
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("ssconvert wrote no %s: %s", out, msg)
	}
	return out
}
