// Package xlsxtest holds a workbook to what every reader reads (SPEC,
// "Every reader reads the workbooks"), for the tests of the xlsx engine and
// of the workbook layouts built on it: every row and cell carries its
// reference, every zip entry its date, every part is well-formed XML with
// no empty element written as a pair of tags. lotest.CheckFormulas reads
// the workbooks in LibreOffice and Gnumeric besides.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// Parts opens a workbook's zip and reads its parts, by name.
func Parts(t testing.TB, book []byte) (*zip.Reader, map[string][]byte) {
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

// CheckReferences checks that every row and every cell of the worksheets
// carries its reference, in order, and returns the number of cells.
// Gnumeric 1.12.55 (Debian 12) drops a cell without one: it kept 113 of
// the 117 169 cells of a pack.
func CheckReferences(t testing.TB, name string, book []byte) int {
	t.Helper()
	_, ps := Parts(t, book)
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
	return cells
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// CheckDated checks that every entry carries the MS-DOS date 1980-01-01
// 00:00, not 0 (which zip tools show as the invalid 1980-00-00).
func CheckDated(t testing.TB, name string, book []byte) {
	t.Helper()
	z, _ := Parts(t, book)
	for _, f := range z.File {
		if f.ModifiedDate != 1<<5|1 || f.ModifiedTime != 0 { //nolint:staticcheck // the DOS fields are what the zip holds
			t.Errorf("%s %s: DOS date %#x time %#x", name, f.Name, f.ModifiedDate, f.ModifiedTime) //nolint:staticcheck
		}
		if want := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC); !f.Modified.Equal(want) {
			t.Errorf("%s %s: modified %s", name, f.Name, f.Modified)
		}
	}
}

// emptyPair finds an element written with a start and an end tag and
// nothing between them, as encoding/xml writes it (the name is checked
// after).
var emptyPair = regexp.MustCompile(`<([A-Za-z][\w:.-]*)(\s[^<>]*)?></([\w:.-]+)>`)

// CheckNoEmptyPairs checks that every part is well-formed and writes no
// empty element as a start and an end tag, the theme's colours included.
// SheetJS's strict reader (WTF) rejected excelize's theme: "Unrecognized
// </a:sysClr> in clrScheme".
func CheckNoEmptyPairs(t testing.TB, name string, book []byte) {
	t.Helper()
	_, ps := Parts(t, book)
	for part, data := range ps {
		for _, m := range emptyPair.FindAllSubmatch(data, -1) {
			if string(m[1]) == string(m[3]) {
				t.Errorf("%s %s: %s", name, part, m[0])
				break
			}
		}
		if err := WellFormed(data); err != nil {
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

// WellFormed reads an XML document to its end.
func WellFormed(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("not well-formed XML: %w", err)
		}
	}
}

// Check runs every check of this package on a workbook and returns its
// number of cells.
func Check(t testing.TB, name string, book []byte) int {
	t.Helper()
	n := CheckReferences(t, name, book)
	CheckDated(t, name, book)
	CheckNoEmptyPairs(t, name, book)
	return n
}
