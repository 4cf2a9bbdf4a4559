package peppol

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"memberfee/internal/peppoltest"
)

// TestOfficialRules runs every test document through the official EN 16931
// and Peppol BIS 3 rules (including SE-R-*) as ../shared/peppol/validate
// does, through peppoltest (one Java start per rule set for all of them):
// none may break a fatal rule. A document that breaks
// PEPPOL-EN16931-R003 goes with them, to prove the harness sees a failure.
func TestOfficialRules(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: the official rules take about 6 s")
	}
	dir := peppoltest.Dir()
	if dir == "" {
		t.Skip("SKIP: the official Peppol rules are absent (set MEMBERFEE_PEPPOL_RULES to the folder with validate, or place them at ../shared/peppol beside the repository)")
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
	out, _, err := peppoltest.Validate(dir, append(files, bad))
	if errors.Is(err, peppoltest.ErrCannotRun) {
		t.Skipf("SKIP: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("validated %d documents in %s", len(files)+1, time.Since(start).Round(time.Millisecond))
	controlCaught := false
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
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
