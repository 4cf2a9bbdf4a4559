package billing

import (
	"math/big"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"memberfee/internal/lotest"
)

// spreadsheetDigits is the significant digits a spreadsheet number holds.
const spreadsheetDigits = 15

// checkExact: a charged line's exact amount, rounded as its rule rounds
// (the time to the öre, plus the call-out fee, for support), is its amount.
func checkExact(t *testing.T, l Line) {
	t.Helper()
	x := l.Category.Exact(&l)
	got := R2(x.Base.Decimal())
	if l.Category == Support {
		per60 := new(big.Rat).Quo(x.Per60.Decimal().Rat(), big.NewRat(60, 1))
		got = decimal.NewFromBigRat(per60, 2).Add(x.Base.Decimal()) // NewFromBigRat rounds half away from zero
	}
	if !got.Equal(l.Amount) {
		t.Errorf("%s row %d: the exact amount rounds to %s, the line has %s", l.Category, l.Row, got, l.Amount)
	}
}

// checkFormulas writes a book of the charged lines, a line a row, each
// amount as its category's formula over its quantity, price and extra
// (blank when zero), has LibreOffice recalculate it, and holds every
// recalculated amount to the rule's.
func checkFormulas(t *testing.T, lines []Line) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	var charged []Line
	for _, l := range lines {
		if l.Status != Charged || l.Category == Licences && !l.Derived {
			continue
		}
		checkExact(t, l)
		charged = append(charged, l)
		n := strconv.Itoa(len(charged))
		places := l.Category.Exact(&l).Places(spreadsheetDigits)
		set := func(col string, d decimal.Decimal) {
			if err := f.SetCellDefault(sheet, col+n, d.String()); err != nil {
				t.Fatal(err)
			}
		}
		set("A", l.Quantity)
		set("B", l.UnitPrice)
		if !l.Extra.IsZero() {
			set("C", l.Extra)
		}
		if err := f.SetCellFormula(sheet, "D"+n, l.Category.Formula("A"+n, "B"+n, "C"+n, places)); err != nil {
			t.Fatal(err)
		}
	}
	if len(charged) == 0 {
		t.Fatal("no charged line to recalculate")
	}
	path := filepath.Join(t.TempDir(), "amounts.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	lo, err := excelize.OpenFile(lotest.Convert(t, path, "xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer lo.Close()
	for i, l := range charged {
		ref := "D" + strconv.Itoa(i+1)
		raw, _ := lo.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		formula, _ := f.GetCellFormula(sheet, ref)
		got, err := decimal.NewFromString(raw)
		if err != nil || !got.Equal(l.Amount) {
			t.Errorf("%s row %d: =%s recalculates to %q, the rule's amount is %s", l.Category, l.Row, formula, raw, l.Amount)
		}
	}
}
