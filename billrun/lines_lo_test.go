package billrun

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"memberfee/chargeback"
	"memberfee/internal/lotest"
	"memberfee/report"
)

// The number fields of the line-detail CSV: quantity, unit_price, extra,
// amount (from 0).
var csvNumbers = []int{7, 9, 10, 11}

// TestLinesCSVInSwedishSpreadsheet: the example's lines CSV, as bill
// writes it by default, opened as a Swedish spreadsheet opens it
// (LibreOffice, numbers read by sv-SE) has a number in every number field
// of every line, equal to the line's figure; the rfc4180 dialect opened
// the same way reads its amounts with öre as text, as Swedish Excel did
// (the test sees the difference).
func TestLinesCSVInSwedishSpreadsheet(t *testing.T) {
	lotest.Soffice(t)
	c, in := load(t, "../examples/sydnarke/memberfee.yaml")
	mem, err := chargeback.Run(c.Billing, c.BillingMembers(), c.Resolve, in.From, in.To, chargeback.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[report.CSVDialect]string{}
	for _, d := range []report.CSVDialect{report.ExcelSwedish, report.RFC4180} {
		var b bytes.Buffer
		if err := report.LinesCSV(&b, report.MemoryLines(mem.Lines), mem.Summary.Rejected, d); err != nil {
			t.Fatal(err)
		}
		files[d] = filepath.Join(dir, d.String()+".csv")
		if err := os.WriteFile(files[d], b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// both opened as a Swedish spreadsheet opens them (its locale), each
	// with its own separator
	conv := append(lotest.ConvertCSV(t, "xlsx", lotest.SwedishCSV, files[report.ExcelSwedish]),
		lotest.ConvertCSV(t, "xlsx", "44,34,76,1,,1053", files[report.RFC4180])...)
	sv, pt := readCSVRecords(t, files[report.ExcelSwedish], ';'), readCSVRecords(t, files[report.RFC4180], ',')
	numbers, fractions := 0, 0
	eachCell(t, conv[0], func(row, col int, typ excelize.CellType, value string) {
		if row == 0 || !isNumberColumn(col) || sv[row][col] == "" {
			return
		}
		want := decimal.RequireFromString(pt[row][col]) // the same figure with a decimal point
		got, err := decimal.NewFromString(value)
		if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || err != nil || !got.Equal(want) {
			t.Errorf("row %d column %d: %q read as %q (type %d), want the number %s", row+1, col+1, sv[row][col], value, typ, want)
			return
		}
		numbers++
	})
	eachCell(t, conv[1], func(row, col int, typ excelize.CellType, value string) {
		if row > 0 && col == 11 && strings.Contains(pt[row][col], ".") && !strings.HasSuffix(pt[row][col], ".00") {
			if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				fractions++ // 1499.50 is text to a Swedish spreadsheet
			}
		}
	})
	if numbers < 4*100 {
		t.Errorf("only %d number cells read", numbers)
	}
	if fractions == 0 {
		t.Error("the rfc4180 dialect's amounts with öre read as numbers in a Swedish spreadsheet: the test cannot tell the dialects apart")
	}
	t.Logf("%d lines, %d number cells read as numbers; %d amounts of the rfc4180 dialect read as text", len(sv)-1, numbers, fractions)
}

// TestLinesCSVDialectsRoundTrip: read back as CSV, the two dialects hold
// the same fields but for the number fields' decimal separator, and each
// number field reads back as the line's exact figure.
func TestLinesCSVDialectsRoundTrip(t *testing.T) {
	c, in := load(t, "../examples/sydnarke/memberfee.yaml")
	mem, err := chargeback.Run(c.Billing, c.BillingMembers(), c.Resolve, in.From, in.To, chargeback.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var raw [2]bytes.Buffer
	for i, d := range []report.CSVDialect{report.ExcelSwedish, report.RFC4180} {
		if err := report.LinesCSV(&raw[i], report.MemoryLines(mem.Lines), mem.Summary.Rejected, d); err != nil {
			t.Fatal(err)
		}
		if bytes.HasPrefix(raw[i].Bytes(), []byte("\ufeff")) != (d == report.ExcelSwedish) || !bytes.HasSuffix(raw[i].Bytes(), []byte("\r\n")) {
			t.Errorf("%s: a BOM where there should be none, or none where Excel needs one, or no CRLF", d)
		}
	}
	sv, pt := parseCSV(t, raw[0].Bytes(), ';'), parseCSV(t, raw[1].Bytes(), ',')
	if len(sv) != len(pt) || len(sv) < 100 {
		t.Fatalf("%d and %d rows", len(sv), len(pt))
	}
	for r := range sv {
		for col := range sv[r] {
			a, b := sv[r][col], pt[r][col]
			if r == 0 || !isNumberColumn(col) || a == "" {
				if a != b {
					t.Errorf("row %d column %d: %q and %q", r+1, col+1, a, b)
				}
				continue
			}
			if strings.Contains(a, ".") || strings.ContainsAny(a, " \u00a0") || strings.Replace(a, ",", ".", 1) != b {
				t.Errorf("row %d column %d: %q, rfc4180 %q", r+1, col+1, a, b)
			}
			if _, err := decimal.NewFromString(b); err != nil {
				t.Errorf("row %d column %d: %q is not a number", r+1, col+1, b)
			}
		}
	}
}

func isNumberColumn(col int) bool {
	for _, c := range csvNumbers {
		if c == col {
			return true
		}
	}
	return false
}

func readCSVRecords(t *testing.T, path string, comma rune) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parseCSV(t, b, comma)
}

func parseCSV(t *testing.T, b []byte, comma rune) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.Comma = comma
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// eachCell calls f with every cell of the workbook's first sheet: its row
// and column (from 0), its type and its raw value.
func eachCell(t *testing.T, path string, f func(row, col int, typ excelize.CellType, value string)) {
	t.Helper()
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheet := x.GetSheetName(0)
	rows, err := x.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for r := 0; rows.Next(); r++ {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for c, v := range cols {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			typ, err := x.GetCellType(sheet, cell)
			if err != nil {
				t.Fatal(err)
			}
			f(r, c, typ, v)
		}
	}
}
