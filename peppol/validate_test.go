package peppol

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// rulesDir finds the official rules (../shared/peppol beside the
// repository, see its README): MEMBERFEE_PEPPOL_RULES, else the
// repository's sibling shared/peppol, else one folder further up (a
// worktree under wt/).
func rulesDir() string {
	if d := os.Getenv("MEMBERFEE_PEPPOL_RULES"); d != "" {
		return d
	}
	for _, d := range []string{"../../shared/peppol", "../../../shared/peppol"} {
		if _, err := os.Stat(filepath.Join(d, "validate")); err == nil {
			return d
		}
	}
	return ""
}

// TestOfficialRules runs every test document through the official EN 16931
// and Peppol BIS 3 rules (including SE-R-*) in one call of
// ../shared/peppol/validate: none may break a fatal rule. A document that
// breaks PEPPOL-EN16931-R003 goes with them, to prove the harness sees a
// failure. About 3 s a document (two JVM starts each).
func TestOfficialRules(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: the official rules take about 3 s a document")
	}
	dir := rulesDir()
	if dir == "" {
		t.Skip("SKIP: the official Peppol rules are absent (set MEMBERFEE_PEPPOL_RULES to the folder with validate, or place them at ../shared/peppol beside the repository)")
	}
	validate, err := filepath.Abs(filepath.Join(dir, "validate"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(validate); err != nil {
		t.Skipf("SKIP: the official Peppol rules are absent: %v", err)
	}
	tmp := t.TempDir()
	var files []string
	for _, tc := range documents() {
		var buf bytes.Buffer
		if err := Write(&buf, tc.doc); err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(tmp, tc.name+".xml")
		if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	var buf bytes.Buffer
	if err := Write(&buf, documents()[0].doc); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(tmp, "control-without-buyer-reference.xml")
	noRef := strings.Replace(buf.String(), "  <cbc:BuyerReference>IT-nämnden 4711</cbc:BuyerReference>\n", "", 1)
	if err := os.WriteFile(bad, []byte(noRef), 0o644); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	out, err := exec.Command(validate, append(files, bad)...).CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 {
		t.Skipf("SKIP: the official Peppol rules cannot run here (apt-get install -y default-jre-headless libsaxonhe-java): %s", bytes.TrimSpace(out))
	}
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("running %s: %v", validate, err)
	}
	t.Logf("validated %d documents in %s", len(files)+1, time.Since(start).Round(time.Millisecond))
	controlCaught := false
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		switch {
		case line == "":
		case strings.HasPrefix(line, bad+":"):
			controlCaught = controlCaught || strings.Contains(line, "fatal: PEPPOL-EN16931-R003")
		case strings.Contains(line, ": fatal: ") || strings.Contains(line, "could not be checked"):
			t.Errorf("%s", strings.TrimPrefix(line, tmp+string(filepath.Separator)))
		default:
			t.Logf("%s", strings.TrimPrefix(line, tmp+string(filepath.Separator)))
		}
	}
	if !controlCaught {
		t.Errorf("the validator did not report the control document's missing BuyerReference (PEPPOL-EN16931-R003); its output:\n%s", out)
	}
}
