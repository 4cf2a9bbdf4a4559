package report_test

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/xuri/excelize/v2"

	"memberfee/internal/xlsx"
	"memberfee/internal/xlsx/xlsxtest"
	"memberfee/report"
)

// The tests of this file hold the allocation workbook (a chart, merges,
// panes, formulas on every sheet) to what every reader reads (SPEC, "Every
// reader reads the workbooks"); internal/xlsx holds the engine to the same
// on a book of every kind of cell, and lotest.CheckFormulas reads the
// workbooks in LibreOffice and Gnumeric besides.

// allocationBook is the example's fee workbook.
func allocationBook(t *testing.T) []byte {
	t.Helper()
	c, r := example(t)
	alloc, err := report.AllocationBook(&c.Input, r, report.Swedish, &report.Audit{Engine: "test"}).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return alloc
}

// TestAllocationBookReadable: every cell has its reference, every entry its
// date, and no part an empty element as a pair of tags.
func TestAllocationBookReadable(t *testing.T) {
	book := allocationBook(t)
	if n := xlsxtest.Check(t, "allocation", book); n < 100 {
		t.Errorf("only %d cells", n)
	}
}

// nOfCell is N() of anything: Gnumeric computes N() of a blank cell as
// #NUM! where Excel and LibreOffice give 0.
var nOfCell = regexp.MustCompile(`(^|[^A-Za-z0-9_.])N\(`)

// TestFormulasPortable: no formula of the allocation workbook uses N().
func TestFormulasPortable(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(allocationBook(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c := range row {
				formula, _ := f.GetCellFormula(sheet, xlsx.Ref(c+1, r+1))
				if formula == "" {
					continue
				}
				n++
				if nOfCell.MatchString(formula) {
					t.Errorf("%s!%s: %s", sheet, xlsx.Ref(c+1, r+1), formula)
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d formulas", n)
	}
}
