package xlsx_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"memberfee/internal/xlsx"
)

// TestPrintLayout: what a board member sees printed — each sheet's pages
// numbered from 1 without the workbook's total (the summary printed alone
// said "1 / 9"), the column headings repeated on every page, a note longer
// than the sheet is wide wrapped across it, and dark chart texts.
func TestPrintLayout(t *testing.T) {
	b := xlsx.NewBook("Book", 0)
	s := b.Sheet("Lines")
	s.Widths(10, 10, 10)
	s.Row(xlsx.Styled("Title", xlsx.StyleTitle))
	long := strings.Repeat("a note that runs on ", 10)
	s.Row(xlsx.Styled(long, xlsx.StyleNote))
	s.Freeze(s.Row(xlsx.Styled("Member", xlsx.StyleHeader), xlsx.Styled("Name", xlsx.StyleHeader), xlsx.Styled("Fee", xlsx.StyleHeader)))
	s.Row(xlsx.Text("1861"), xlsx.Text("Hallsberg"), xlsx.Styled(int64(24079966), xlsx.StyleMoney))
	s.Chart("E2", &excelize.Chart{Type: excelize.Pie, Series: []excelize.ChartSeries{{Name: "Fee", Categories: "'Lines'!$B$4:$B$4", Values: "'Lines'!$C$4:$C$4"}},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Fee"}}}})
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	f := openBook(t, data)

	hf, err := f.GetHeaderFooter("Lines")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(hf.OddFooter, "&N") || !strings.Contains(hf.OddFooter, "&P") {
		t.Errorf("footer %q: want the page (&P) without the workbook's total (&N)", hf.OddFooter)
	}
	pl, err := f.GetPageLayout("Lines")
	if err != nil {
		t.Fatal(err)
	}
	if pl.FirstPageNumber == nil || *pl.FirstPageNumber != 1 {
		t.Errorf("first page number %v, want 1", pl.FirstPageNumber)
	}

	names := f.GetDefinedName()
	found := false
	for _, n := range names {
		if n.Name == "_xlnm.Print_Titles" && n.Scope == "Lines" && n.RefersTo == "'Lines'!$3:$3" {
			found = true
		}
	}
	if !found {
		t.Errorf("no print titles of row 3 (the headings) in %+v", names)
	}

	merges, err := f.GetMergeCells("Lines")
	if err != nil {
		t.Fatal(err)
	}
	if len(merges) != 1 || merges[0].GetStartAxis() != "A2" || merges[0].GetEndAxis() != "C2" {
		t.Errorf("merges %v: want the note merged across A2:C2", merges)
	}
	style, _ := f.GetCellStyle("Lines", "A2")
	st, _ := f.GetStyle(style)
	if st.Alignment == nil || !st.Alignment.WrapText {
		t.Errorf("the long note does not wrap: %+v", st.Alignment)
	}
	if h, _ := f.GetRowHeight("Lines", 2); h < 30 {
		t.Errorf("the wrapped note's row is %v high", h)
	}

	chart := string(part(t, data, "xl/charts/chart1.xml"))
	if strings.Contains(chart, `<a:lumMod val="65000"/><a:lumOff val="35000"/>`) || !strings.Contains(chart, `<a:srgbClr val="1F1F1F"/>`) {
		t.Errorf("the chart's texts are not dark: %s", chart)
	}
}

// part returns a part of a workbook.
func part(t *testing.T, book []byte, name string) []byte {
	t.Helper()
	v, ok := openBook(t, book).Pkg.Load(name)
	if !ok {
		t.Fatalf("no part %s", name)
	}
	return v.([]byte)
}

// openBook opens a workbook, closed when the test ends.
func openBook(t *testing.T, book []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
