package lotest

import (
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"memberfee/internal/gntest"
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
	return convert(t, format, "", path)[0]
}

// Mismatch is a formula cell whose cached value differs from LibreOffice's
// recalculated value, or (Gnumeric set) a cell Gnumeric reads otherwise
// than LibreOffice.
type Mismatch struct {
	Sheet, Cell, Formula string
	Cached, Recalculated string
	// Gnumeric: Cached is LibreOffice's value of the cell, Recalculated
	// Gnumeric's, each after its own recalculation.
	Gnumeric bool
}

func (m Mismatch) String() string {
	if m.Gnumeric {
		return fmt.Sprintf("%s!%s =%s: LibreOffice %q, Gnumeric %q", m.Sheet, m.Cell, m.Formula, m.Cached, m.Recalculated)
	}
	return fmt.Sprintf("%s!%s =%s: cached %q, LibreOffice %q", m.Sheet, m.Cell, m.Formula, m.Cached, m.Recalculated)
}

// CheckFormulas opens the workbook at path in LibreOffice, recalculates it,
// and returns every formula cell whose cached value differs from the
// recalculated one, and the number of formula cells compared. Numbers are
// equal when they agree to 1e-9 relative or 1e-6 absolute (a spreadsheet
// computes in binary floating point, and a remainder such as quota − floor
// keeps only the absolute precision of the quota); text must be identical.
//
// It also opens the workbook in Gnumeric (ssconvert), recalculates it
// there, and returns every cell, formula or not, that Gnumeric reads
// otherwise than LibreOffice (see CompareReaders).
func CheckFormulas(t testing.TB, path string) ([]Mismatch, int) {
	t.Helper()
	return check(t, path, Convert(t, path, "xlsx"))
}

// check compares the workbook at path with LibreOffice's recalculated copy
// recalc, and Gnumeric's reading with LibreOffice's (see CheckFormulas).
func check(t testing.TB, path, recalc string) ([]Mismatch, int) {
	t.Helper()
	var across []Mismatch
	if _, ok := gntest.Available(t); ok {
		var cells int
		across, cells = CompareReaders(t, recalc, gntest.Convert(t, path))
		if cells == 0 {
			t.Errorf("%s: LibreOffice and Gnumeric read no cell", path)
		}
	}
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
					out = append(out, Mismatch{Sheet: sheet, Cell: ref, Formula: f, Cached: cached, Recalculated: got})
				}
			}
		}
	}
	for i := range across {
		across[i].Formula, _ = orig.GetCellFormula(across[i].Sheet, across[i].Cell)
	}
	return append(out, across...), n
}

// CompareReaders compares two readers' recalculated copies of a workbook
// (LibreOffice's at lo, Gnumeric's at gn, each written as xlsx) cell by
// cell, every cell that holds a value in either, and returns the cells
// they read differently and the number of cells compared. The sheets must
// be the same, by name and in order; text must be identical; numbers must
// be the same decimal once rounded to the 15 significant digits a
// spreadsheet number holds (LibreOffice writes 0.62, Gnumeric
// 0.620000000000000000004). Only a formula's value may instead agree as
// Same has it: each reader's binary arithmetic leaves its own noise in a
// difference of large figures (−0.0080000000000382 in LibreOffice,
// −0.00800000000000000710543 in Gnumeric).
func CompareReaders(t testing.TB, lo, gn string) ([]Mismatch, int) {
	t.Helper()
	fa, err := excelize.OpenFile(lo)
	if err != nil {
		t.Fatal(err)
	}
	defer fa.Close()
	fb, err := excelize.OpenFile(gn)
	if err != nil {
		t.Fatal(err)
	}
	defer fb.Close()
	sa, sb := fa.GetSheetList(), fb.GetSheetList()
	if strings.Join(sa, "\x00") != strings.Join(sb, "\x00") {
		return []Mismatch{{Sheet: "(the sheets)", Cached: strings.Join(sa, ", "), Recalculated: strings.Join(sb, ", "), Gnumeric: true}}, 0
	}
	var out []Mismatch
	n := 0
	raw := excelize.Options{RawCellValue: true}
	for _, sheet := range sa {
		ra, err := fa.GetRows(sheet, raw)
		if err != nil {
			t.Fatal(err)
		}
		rb, err := fb.GetRows(sheet, raw)
		if err != nil {
			t.Fatal(err)
		}
		for r := range max(len(ra), len(rb)) {
			rowA, rowB := at(ra, r), at(rb, r)
			for c := range max(len(rowA), len(rowB)) {
				a, b := at(rowA, c), at(rowB, c)
				if a == "" && b == "" {
					continue
				}
				n++
				if SameNumber(a, b) {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if f, _ := fa.GetCellFormula(sheet, ref); f == "" || !Same(a, b) {
					out = append(out, Mismatch{Sheet: sheet, Cell: ref, Cached: a, Recalculated: b, Gnumeric: true})
				}
			}
		}
	}
	return out, n
}

func at[T any](s []T, i int) T {
	if i < len(s) {
		return s[i]
	}
	var zero T
	return zero
}

// SameNumber reports whether two readers' values of a cell are the same
// text or the same number once each is rounded to 15 significant digits.
func SameNumber(a, b string) bool {
	if a == b {
		return true
	}
	x, err1 := decimal.NewFromString(a)
	y, err2 := decimal.NewFromString(b)
	return err1 == nil && err2 == nil && significant(x).Equal(significant(y))
}

// significant rounds a number to 15 significant digits.
func significant(d decimal.Decimal) decimal.Decimal {
	if d.IsZero() {
		return d
	}
	return d.Round(15 - (int32(d.NumDigits()) + d.Exponent()))
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
