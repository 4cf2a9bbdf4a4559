package lotest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// SwedishCSV is LibreOffice's CSV import as a Swedish spreadsheet opens a
// file: ';' between fields, '"' around text, UTF-8, from the first line,
// every column standard, and numbers read by the Swedish locale (1053,
// sv-SE: a decimal comma), as Swedish Excel reads them.
const SwedishCSV = "59,34,76,1,,1053"

// ConvertCSV opens each CSV file of paths in LibreOffice with the CSV
// import options filter (SwedishCSV, or LibreOffice's own token string)
// and saves it as format, in one LibreOffice start; it returns the
// converted files' paths, in the order of paths.
func ConvertCSV(t testing.TB, format, filter string, paths ...string) []string {
	t.Helper()
	bin := Soffice(t)
	profile := t.TempDir()
	out := t.TempDir()
	cmd := exec.Command(bin, append([]string{"-env:UserInstallation=file://" + profile, "--headless", "--norestore",
		"--infilter=CSV:" + filter, "--convert-to", format, "--outdir", out}, paths...)...)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --infilter=CSV:%s --convert-to %s: %v\n%s", filter, format, err, msg)
	}
	conv := make([]string, len(paths))
	for i, p := range paths {
		conv[i] = filepath.Join(out, strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))+"."+format)
		if _, err := os.Stat(conv[i]); err != nil {
			t.Fatalf("soffice wrote no %s: %s", conv[i], msg)
		}
	}
	return conv
}
