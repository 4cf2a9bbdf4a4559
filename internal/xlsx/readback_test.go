package xlsx_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestReadBack: excelize reads the small book back as it was written: each
// cell's raw value, its type, its formula and its style's number format
// and font; the widths, the frozen rows, the merge, the document's
// properties and the sheets in order. No LibreOffice is needed.
func TestReadBack(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(smallBook(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Fördelning" || got[1] != "Other's" {
		t.Fatalf("sheets %q", got)
	}
	const S = "Fördelning"
	for _, tt := range []struct {
		sheet, cell string
		value       string // raw
		typ         excelize.CellType
		formula     string
		numFmt      string // custom number format, "" for none
		bold        bool
	}{
		{S, "A1", "Title across four columns", excelize.CellTypeInlineString, "", "", true},
		{S, "B2", "Amount", excelize.CellTypeInlineString, "", "", true},
		{S, "A3", "a<b & c", excelize.CellTypeInlineString, "", "", false},
		{S, "B3", "", excelize.CellTypeUnset, "", "", false},
		{S, "C3", "1.5", excelize.CellTypeUnset, "", "#,##0.00", false},
		{S, "D3", "1", excelize.CellTypeBool, "", "", false},
		{S, "A5", "x", excelize.CellTypeSharedString, "", "", false},
		{S, "C5", "x", excelize.CellTypeSharedString, "", "", false},
		{S, "D5", "", excelize.CellTypeUnset, "", "#,##0.00", false},
		{S, "A6", "45747.5", excelize.CellTypeUnset, "", "yyyy-mm-dd", false},
		{S, "B6", "7", excelize.CellTypeUnset, "", "#,##0", false},
		{S, "C6", "0.333333333333333", excelize.CellTypeUnset, "", "0.00%", false},
		{S, "D6", " spaced ", excelize.CellTypeInlineString, "", "", false},
		{S, "B7", "8", excelize.CellTypeUnset, "B6+1", "#,##0", true},
		{S, "C7", "many", excelize.CellTypeFormula, `IF(B7>1,"many","few")`, "", false},
		{S, "D7", "1", excelize.CellTypeBool, "B7=8", "", true},
		{S, "A8", "x", excelize.CellTypeSharedString, "", "", false},
		{S, "B8", "3", excelize.CellTypeUnset, "ROUND(B8*C8,0)", "#,##0", false}, // money of a book with 0 places
		{S, "C8", "-1234567.25", excelize.CellTypeUnset, "", "#,##0.00", true},
		{S, "D8", "42", excelize.CellTypeUnset, "", "", false},
		{"Other's", "A1", "8", excelize.CellTypeUnset, "'Fördelning'!$B$7", "#,##0", false},
		{"Other's", "B1", "0.125", excelize.CellTypeUnset, "", "0.00%", false},
	} {
		at := tt.sheet + "!" + tt.cell
		if v, _ := f.GetCellValue(tt.sheet, tt.cell, excelize.Options{RawCellValue: true}); v != tt.value {
			t.Errorf("%s: value %q, want %q", at, v, tt.value)
		}
		if typ, _ := f.GetCellType(tt.sheet, tt.cell); typ != tt.typ {
			t.Errorf("%s: type %v, want %v", at, typ, tt.typ)
		}
		if formula, _ := f.GetCellFormula(tt.sheet, tt.cell); formula != tt.formula {
			t.Errorf("%s: formula %q, want %q", at, formula, tt.formula)
		}
		id, err := f.GetCellStyle(tt.sheet, tt.cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		numFmt := ""
		if st.CustomNumFmt != nil {
			numFmt = *st.CustomNumFmt
		}
		if numFmt != tt.numFmt {
			t.Errorf("%s: number format %q, want %q", at, numFmt, tt.numFmt)
		}
		if bold := st.Font != nil && st.Font.Bold; bold != tt.bold {
			t.Errorf("%s: bold %v, want %v", at, bold, tt.bold)
		}
	}
	// what the sheet's shell holds besides its rows
	if w, _ := f.GetColWidth(S, "D"); w != 16 {
		t.Errorf("width of D: %v", w)
	}
	if h, _ := f.GetRowHeight(S, 2); h != 31 {
		t.Errorf("height of the heading: %v", h)
	}
	if p, _ := f.GetPanes(S); !p.Freeze || p.YSplit != 2 {
		t.Errorf("panes %+v", p)
	}
	if m, _ := f.GetMergeCells(S); len(m) != 1 || m[0].GetStartAxis() != "A1" || m[0].GetEndAxis() != "D1" {
		t.Errorf("merges %v", m)
	}
	if props, _ := f.GetDocProps(); props.Title != "Small & book" || props.Created != "2025-04-01T08:30:00Z" || props.Creator != "memberfee" {
		t.Errorf("document properties %+v", props)
	}
}
