package peppoltest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFailedAsserts: each failed assert as validate prints it, fatal where
// the rule sets no flag, the text's spaces collapsed and cut at 200
// characters; a warning alone is not fatal.
func TestFailedAsserts(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("å", 250)
	for name, tc := range map[string]struct {
		svrl  string
		want  []string
		fatal bool
	}{
		"fatal": {`<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl"><svrl:fired-rule/>
<svrl:failed-assert id="R003" flag="fatal"><svrl:text>  A buyer
 reference must be given </svrl:text></svrl:failed-assert>
<svrl:failed-assert id="R004"><svrl:text>` + long + `</svrl:text></svrl:failed-assert></svrl:schematron-output>`,
			[]string{"fatal: R003: A buyer reference must be given", "fatal: R004: " + strings.Repeat("å", 200)}, true},
		"warning": {`<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl"><svrl:failed-assert id="W1" flag="warning"><svrl:text>w</svrl:text></svrl:failed-assert></svrl:schematron-output>`,
			[]string{"warning: W1: w"}, false},
		"none": {`<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl"/>`, nil, false},
	} {
		p := filepath.Join(dir, name+".svrl")
		os.WriteFile(p, []byte(tc.svrl), 0o644)
		got, fatal, err := failedAsserts(p)
		if err != nil || fatal != tc.fatal || strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s: %q %v %v", name, got, fatal, err)
		}
	}
	if _, _, err := failedAsserts(filepath.Join(dir, "missing.svrl")); err == nil {
		t.Error("a missing report read")
	}
}
