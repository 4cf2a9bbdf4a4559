package lotest

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"memberfee/internal/gntest"
)

func TestSame(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"OK", "OK", true},
		{"OK", "1", false},
		{"61784338", "61784338", true},
		{"61784338", "61784337", false},
		{"0.786143065553775", "0.786143068224192", true}, // floating-point noise in a remainder
		{"0.274507928156", "0.2745", false},
		{"16960290.6168895", "16960290.3423816", false},
		{"", "0", false},
	}
	for _, tt := range tests {
		if got := Same(tt.a, tt.b); got != tt.want {
			t.Errorf("Same(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

func TestSameNumber(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"0.62", "0.620000000000000000004", true},
		{"416953.01", "416953.009999999999991", true},
		{"0.0134665824915825", "0.0134665824915824915825", true},
		{"0.0932203389830509", "0.0932203389830508474595", false}, // Same's tolerance, for formulas only
		{"1", "1.0", true},
		{"1", "2", false},
		{"OK", "OK", true},
		{"OK", "", false},
		{"", "0", false},
	}
	for _, tt := range tests {
		if got := SameNumber(tt.a, tt.b); got != tt.want {
			t.Errorf("SameNumber(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

// book zips a worksheet of testdata into a one-sheet workbook.
func book(t *testing.T, sheet string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", sheet))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), strings.TrimSuffix(sheet, ".xml")+".xlsx")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(f)
	for name, body := range map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   string(data),
	} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

// TestGnumericReadsLikeLibreOffice: CheckFormulas finds the cells Gnumeric
// reads otherwise than LibreOffice: those without a reference (Gnumeric
// 1.12.55 drops them) and N() of a blank cell (#NUM! in Gnumeric); a
// workbook without either passes.
func TestGnumericReadsLikeLibreOffice(t *testing.T) {
	Soffice(t)
	gntest.Ssconvert(t)
	for _, tt := range []struct {
		sheet string
		want  []string // the cells that differ
	}{
		{"no-references.xml", []string{"A1", "B1", "C1"}},
		{"n-of-blank.xml", []string{"C1"}},
		{"portable.xml", nil},
	} {
		mismatches, n := CheckFormulas(t, book(t, tt.sheet))
		if n != 1 {
			t.Errorf("%s: %d formulas", tt.sheet, n)
		}
		var got []string
		for _, m := range mismatches {
			if !m.Gnumeric {
				t.Errorf("%s: LibreOffice: %s", tt.sheet, m)
			}
			got = append(got, m.Cell)
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s: %v differ, want %v: %v", tt.sheet, got, tt.want, mismatches)
		}
	}
}
