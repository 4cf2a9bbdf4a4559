package report_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"memberfee/allocation"
	"memberfee/config"
	"memberfee/internal/lotest"
	"memberfee/internal/xlsx"
	"memberfee/report"
)

func example(t *testing.T) (*config.Config, *allocation.Result) {
	t.Helper()
	c, err := config.Load("../examples/sydnarke/memberfee.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := allocation.Compute(&c.Input)
	if err != nil {
		t.Fatal(err)
	}
	return c, r
}

func writeBook(t *testing.T, c *config.Config, r *allocation.Result, lang report.Lang) string {
	t.Helper()
	b, err := report.AllocationBook(&c.Input, r, lang, &report.Audit{Engine: "test"}).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "allocation.xlsx")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestAllocationBookDeterministic: the same result gives the same bytes.
func TestAllocationBookDeterministic(t *testing.T) {
	c, r := example(t)
	a, err := report.AllocationBook(&c.Input, r, report.Swedish, &report.Audit{Engine: "test"}).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	c2, r2 := example(t)
	b, err := report.AllocationBook(&c2.Input, r2, report.Swedish, &report.Audit{Engine: "test"}).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two runs gave different workbooks")
	}
}

// TestAllocationBookFigures: the summary holds numeric cells equal to the
// engine's figures, in both languages.
func TestAllocationBookFigures(t *testing.T) {
	c, r := example(t)
	for _, tt := range []struct {
		lang  report.Lang
		sheet string
	}{{report.Swedish, "Sammanställning"}, {report.English, "Summary"}} {
		t.Run(string(tt.lang), func(t *testing.T) {
			f, err := excelize.OpenFile(writeBook(t, c, r, tt.lang))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); len(got) != 9 || got[0] != tt.sheet {
				t.Fatalf("sheets %v", got)
			}
			for i, m := range r.Members {
				row := 5 + i // title, note, blank, header
				id, _ := f.GetCellValue(tt.sheet, xlsx.Ref(1, row))
				fee, _ := f.GetCellValue(tt.sheet, xlsx.Ref(8, row), excelize.Options{RawCellValue: true})
				typ, _ := f.GetCellType(tt.sheet, xlsx.Ref(8, row))
				if id != m.ID || fee != m.Fee.String() {
					t.Errorf("row %d: %s %s, want %s %s", row, id, fee, m.ID, m.Fee)
				}
				if typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
					t.Errorf("fee of %s is text", m.ID)
				}
			}
		})
	}
}

// TestAllocationBookRecalculates opens the workbook in LibreOffice, forces a
// full recalculation, and finds every formula's value equal to the cached
// engine figure, and the recalculated fees equal to the JSON.
func TestAllocationBookRecalculates(t *testing.T) {
	t.Parallel() // LibreOffice and Gnumeric: runs beside the other workbook tests
	c, r := example(t)
	path := writeBook(t, c, r, report.Swedish)
	mismatches, n := lotest.CheckFormulas(t, path)
	if n < 100 {
		t.Fatalf("only %d formulas", n)
	}
	for _, m := range mismatches {
		t.Error(m)
	}
	recalc := lotest.Convert(t, path, "xlsx")
	f, err := excelize.OpenFile(recalc)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	j := report.NewAllocationJSON(&c.Input, r)
	for i, m := range j.Members {
		got, _ := f.GetCellValue("Sammanställning", xlsx.Ref(8, 5+i), excelize.Options{RawCellValue: true})
		if !decimal.RequireFromString(got).Equal(decimal.RequireFromString(m.Fee)) {
			t.Errorf("LibreOffice computes the fee of %s as %s; the JSON says %s", m.ID, got, m.Fee)
		}
	}
	total, _ := f.GetCellValue("Sammanställning", xlsx.Ref(8, 5+len(j.Members)), excelize.Options{RawCellValue: true})
	if total != j.Total {
		t.Errorf("LibreOffice total %s, JSON %s", total, j.Total)
	}
}

func TestAllocationJSONContract(t *testing.T) {
	c, r := example(t)
	j := report.NewAllocationJSON(&c.Input, r)
	sum := decimal.Zero
	for _, m := range j.Members {
		fee := decimal.RequireFromString(m.Fee)
		sum = sum.Add(fee)
		inst := decimal.Zero
		for _, p := range m.Installments {
			inst = inst.Add(decimal.RequireFromString(p))
		}
		if !inst.Equal(fee) || len(m.Installments) != 4 {
			t.Errorf("%s: installments %v do not make %s", m.ID, m.Installments, m.Fee)
		}
	}
	if sum.String() != j.Total {
		t.Errorf("fees sum to %s, total says %s", sum, j.Total)
	}
	if _, err := strconv.Atoi(j.Pool); err != nil {
		t.Errorf("pool %q is not in whole kronor", j.Pool)
	}
}

// TestCompareAndForecastBooksRecalculate: the comparison and forecast
// workbooks of the example recalculate in LibreOffice to the engine's
// figures.
func TestCompareAndForecastBooksRecalculate(t *testing.T) {
	t.Parallel() // LibreOffice and Gnumeric: runs beside the other workbook tests
	c, _ := example(t)
	var scenarios []report.ScenarioResult
	for _, id := range c.ScenarioIDs() {
		sc, err := c.Scenario(id)
		if err != nil {
			t.Fatal(err)
		}
		r, err := allocation.Compute(&sc.Input)
		if err != nil {
			t.Fatal(err)
		}
		scenarios = append(scenarios, report.ScenarioResult{ID: id, Name: c.ScenarioName(id), Input: &sc.Input, Result: r})
	}
	rs, err := allocation.Forecast(&c.Input, 4, c.Forecast)
	if err != nil {
		t.Fatal(err)
	}
	for name, book := range map[string]*xlsx.Book{
		"compare.xlsx":  report.CompareBook(scenarios, "dagens modell", report.Swedish, nil),
		"forecast.xlsx": report.ForecastBook(rs, report.English, nil),
	} {
		b, err := book.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), name)
		os.WriteFile(p, b, 0o644)
		mismatches, n := lotest.CheckFormulas(t, p)
		if n == 0 {
			t.Errorf("%s has no formulas", name)
		}
		for _, m := range mismatches {
			t.Errorf("%s: %s", name, m)
		}
	}
}
