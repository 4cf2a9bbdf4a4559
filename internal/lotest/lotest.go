package lotest

import (
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// recalcProfile makes LibreOffice recalculate every formula of an xlsx or ods
// file on load instead of keeping the cached values.
const recalcProfile = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`

// Soffice returns the LibreOffice binary. Where it is missing the test is
// skipped, except under CI (CI=true), which installs it: there it fails.
func Soffice(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-calc-nogui")
	}
	t.Skip("LibreOffice (soffice) is not installed: apt-get install -y libreoffice-calc-nogui")
	return ""
}

// Convert converts the file at path to format (e.g. "xlsx", "pdf") with
// LibreOffice, recalculating every formula on load, and returns the path of
// the converted file in a temporary folder.
func Convert(t testing.TB, path, format string) string {
	t.Helper()
	bin := Soffice(t)
	profile := t.TempDir()
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(recalcProfile), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	cmd := exec.Command(bin, "-env:UserInstallation=file://"+profile, "--headless", "--norestore",
		"--convert-to", format, "--outdir", out, path)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --convert-to %s %s: %v\n%s", format, path, err, msg)
	}
	conv := filepath.Join(out, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))+"."+format)
	if _, err := os.Stat(conv); err != nil {
		t.Fatalf("soffice wrote no %s: %s", conv, msg)
	}
	return conv
}

// Mismatch is a formula cell whose cached value differs from LibreOffice's
// recalculated value.
type Mismatch struct {
	Sheet, Cell, Formula string
	Cached, Recalculated string
}

func (m Mismatch) String() string {
	return fmt.Sprintf("%s!%s =%s: cached %q, LibreOffice %q", m.Sheet, m.Cell, m.Formula, m.Cached, m.Recalculated)
}

// CheckFormulas opens the workbook at path in LibreOffice, recalculates it,
// and returns every formula cell whose cached value differs from the
// recalculated one, and the number of formula cells compared. Numbers are
// equal when they agree to 1e-9 relative or 1e-6 absolute (a spreadsheet
// computes in binary floating point, and a remainder such as quota − floor
// keeps only the absolute precision of the quota); text must be identical.
func CheckFormulas(t testing.TB, path string) ([]Mismatch, int) {
	t.Helper()
	recalc := Convert(t, path, "xlsx")
	orig, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer orig.Close()
	lo, err := excelize.OpenFile(recalc)
	if err != nil {
		t.Fatal(err)
	}
	defer lo.Close()
	var out []Mismatch
	n := 0
	raw := excelize.Options{RawCellValue: true}
	for _, sheet := range orig.GetSheetList() {
		rows, err := orig.GetRows(sheet, raw)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				f, _ := orig.GetCellFormula(sheet, ref)
				if f == "" {
					continue
				}
				n++
				cached, _ := orig.GetCellValue(sheet, ref, raw)
				got, _ := lo.GetCellValue(sheet, ref, raw)
				if !Same(cached, got) {
					out = append(out, Mismatch{sheet, ref, f, cached, got})
				}
			}
		}
	}
	return out, n
}

// Same reports whether a cached and a recalculated cell value agree.
func Same(a, b string) bool {
	if a == b {
		return true
	}
	x, ok1 := new(big.Rat).SetString(strings.TrimSpace(a))
	y, ok2 := new(big.Rat).SetString(strings.TrimSpace(b))
	if !ok1 || !ok2 {
		return false
	}
	diff := new(big.Rat).Sub(x, y)
	diff.Abs(diff)
	tol := new(big.Rat).Mul(new(big.Rat).Abs(x), big.NewRat(1, 1_000_000_000))
	if abs := big.NewRat(1, 1_000_000); tol.Cmp(abs) < 0 {
		tol = abs
	}
	return diff.Cmp(tol) <= 0
}
