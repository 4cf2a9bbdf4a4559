package report_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"memberfee/report"
)

// The tests of this file hold the workbooks to what every reader reads
// (SPEC, "Every reader reads the workbooks"); lotest.CheckFormulas reads
// them in LibreOffice and Gnumeric besides.

// readerBooks are workbooks with every kind of part and cell: the
// allocation's (a chart, merges, panes, formulas) and one with gaps in its
// rows, held and streamed.
func readerBooks(t *testing.T) map[string][]byte {
	t.Helper()
	c, r := example(t)
	alloc, err := report.AllocationBook(&c.Input, r, report.Swedish, &report.Audit{Engine: "test"}).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	b := report.NewBook("gaps", 2)
	s := b.Sheet("Gaps")
	s.Row(report.Text("a"), report.Cell{}, report.Number(decimal.RequireFromString("1.5"), report.StyleMoney2))
	s.Row()
	s.Stream(2, func(emit func(cells ...report.Cell) error) error {
		if err := emit(report.Cell{}, report.Cell{}, report.Label("x"), report.Cell{Style: report.StyleMoney2}); err != nil {
			return err
		}
		return emit(report.Day(time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC), report.StyleDate), report.Int(7, report.StyleInt))
	})
	s.Row(report.Cell{}, report.Formula("B5+1", 1, report.StyleInt))
	gaps, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{"allocation": alloc, "gaps": gaps}
}

func parts(t *testing.T, book []byte) (*zip.Reader, map[string][]byte) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], err = io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return z, out
}

// TestEveryCellHasReference: every row and every cell carries its
// reference, in order. Gnumeric 1.12.55 (Debian 12) drops a cell without
// one: it kept 113 of the 117 169 cells of a pack.
func TestEveryCellHasReference(t *testing.T) {
	for name, book := range readerBooks(t) {
		_, ps := parts(t, book)
		cells := 0
		for part, data := range ps {
			if !strings.HasPrefix(part, "xl/worksheets/sheet") {
				continue
			}
			d := xml.NewDecoder(bytes.NewReader(data))
			row, col := 0, 0
			for {
				tok, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s %s: %v", name, part, err)
				}
				el, ok := tok.(xml.StartElement)
				if !ok {
					continue
				}
				ref := attr(el, "r")
				switch el.Name.Local {
				case "row":
					n, err := strconv.Atoi(ref)
					if err != nil || n <= row {
						t.Fatalf("%s %s: a row after row %d has r=%q", name, part, row, ref)
					}
					row, col = n, 0
				case "c":
					cells++
					c, r, err := excelize.CellNameToCoordinates(ref)
					if err != nil || r != row || c <= col {
						t.Fatalf("%s %s: a cell of row %d after column %d has r=%q", name, part, row, col, ref)
					}
					col = c
				}
			}
		}
		if cells < 7 {
			t.Errorf("%s: only %d cells", name, cells)
		}
	}
	// the gaps are where the cells say
	_, ps := parts(t, readerBooks(t)["gaps"])
	sheet := string(ps["xl/worksheets/sheet1.xml"])
	for _, want := range []string{`<c r="C1" `, `<c r="C3" `, `<c r="D3" s=`, `<c r="A4" `, `<c r="B4" `, `<c r="B5" `} {
		if !strings.Contains(sheet, want) {
			t.Errorf("no %s in %s", want, sheet)
		}
	}
	if strings.Contains(sheet, `r="B1"`) || strings.Contains(sheet, `r="A5"`) {
		t.Errorf("an empty unstyled cell is written: %s", sheet)
	}
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// TestZipEntriesDated: every entry carries the MS-DOS date 1980-01-01
// 00:00, not 0 (which zip tools show as the invalid 1980-00-00).
func TestZipEntriesDated(t *testing.T) {
	for name, book := range readerBooks(t) {
		z, _ := parts(t, book)
		for _, f := range z.File {
			if f.ModifiedDate != 1<<5|1 || f.ModifiedTime != 0 { //nolint:staticcheck // the DOS fields are what the zip holds
				t.Errorf("%s %s: DOS date %#x time %#x", name, f.Name, f.ModifiedDate, f.ModifiedTime) //nolint:staticcheck
			}
			if want := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC); !f.Modified.Equal(want) {
				t.Errorf("%s %s: modified %s", name, f.Name, f.Modified)
			}
		}
	}
}

// emptyPair finds an element written with a start and an end tag and
// nothing between them, as encoding/xml writes it (the name is checked by
// the test).
var emptyPair = regexp.MustCompile(`<([A-Za-z][\w:.-]*)(\s[^<>]*)?></([\w:.-]+)>`)

// TestNoEmptyElementPairs: no part writes an empty element as a start and
// an end tag. SheetJS's strict reader (WTF) rejected excelize's theme:
// "Unrecognized </a:sysClr> in clrScheme".
func TestNoEmptyElementPairs(t *testing.T) {
	for name, book := range readerBooks(t) {
		_, ps := parts(t, book)
		for part, data := range ps {
			for _, m := range emptyPair.FindAllSubmatch(data, -1) {
				if string(m[1]) == string(m[3]) {
					t.Errorf("%s %s: %s", name, part, m[0])
					break
				}
			}
			if err := wellFormed(data); err != nil {
				t.Errorf("%s %s: %v", name, part, err)
			}
		}
		theme := string(ps["xl/theme/theme1.xml"])
		_, scheme, _ := strings.Cut(theme, "<a:clrScheme")
		scheme, _, _ = strings.Cut(scheme, "</a:clrScheme>")
		if !strings.Contains(scheme, `<a:sysClr val="windowText" lastClr="000000"/>`) || strings.Contains(scheme, "</a:sysClr>") || strings.Contains(scheme, "</a:srgbClr>") {
			t.Errorf("%s: the theme's colours are not empty-element tags: %s", name, scheme)
		}
	}
}

func wellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// nOfCell is N() of anything: Gnumeric computes N() of a blank cell as
// #NUM! where Excel and LibreOffice give 0.
var nOfCell = regexp.MustCompile(`(^|[^A-Za-z0-9_.])N\(`)

// TestFormulasPortable: no formula of the allocation workbook uses N().
func TestFormulasPortable(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(readerBooks(t)["allocation"]))
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
				formula, _ := f.GetCellFormula(sheet, report.Ref(c+1, r+1))
				if formula == "" {
					continue
				}
				n++
				if nOfCell.MatchString(formula) {
					t.Errorf("%s!%s: %s", sheet, report.Ref(c+1, r+1), formula)
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d formulas", n)
	}
}
