package xlsx

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const (
	rootRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="%s"/></Relationships>`
	wbXML    = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>%s</sheets></workbook>`
	wbRels   = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>`
	wsRel    = `<Relationship Id="%s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="%s"%s/>`
)

// TestWorksheets: the sheets' parts are found through the relationships,
// whatever the parts are called and in whatever order they are listed; a
// package that does not lead to them is an error, not a guess.
func TestWorksheets(t *testing.T) {
	sheet := func(name, id string) string {
		return fmt.Sprintf(`<sheet name="%s" sheetId="1" r:id="%s"/>`, name, id)
	}
	for _, tt := range []struct {
		name               string
		workbook, rels, wb string // the target of the root's relationship, the workbook's rels, its sheets
		relsPart           string
		want               map[string]string
		err                string
	}{
		{name: "relative", workbook: "xl/workbook.xml", relsPart: "xl/_rels/workbook.xml.rels",
			wb:   sheet("A &amp; B", "rId2") + sheet("Ö", "rId1"),
			rels: fmt.Sprintf(wsRel, "rId1", "worksheets/sheet1.xml", "") + fmt.Sprintf(wsRel, "rId2", "worksheets/x/../sheet10.xml", ""),
			want: map[string]string{"xl/worksheets/sheet10.xml": "A & B", "xl/worksheets/sheet1.xml": "Ö"}},
		{name: "absolute", workbook: "/book/main.xml", relsPart: "book/_rels/main.xml.rels",
			wb: sheet("S", "r7"), rels: fmt.Sprintf(wsRel, "r7", "/sheets/one.xml", ""),
			want: map[string]string{"sheets/one.xml": "S"}},
		{name: "no worksheet relationship", workbook: "xl/workbook.xml", relsPart: "xl/_rels/workbook.xml.rels",
			wb: sheet("S", "rId9"), rels: fmt.Sprintf(wsRel, "rId1", "worksheets/sheet1.xml", ""), err: `sheet "S" has no worksheet relationship "rId9"`},
		{name: "external", workbook: "xl/workbook.xml", relsPart: "xl/_rels/workbook.xml.rels",
			wb: sheet("S", "rId1"), rels: fmt.Sprintf(wsRel, "rId1", "http://example.com/s.xml", ` TargetMode="External"`), err: "no worksheet relationship"},
		{name: "no workbook rels", workbook: "xl/workbook.xml", relsPart: "xl/workbook.xml.rels",
			wb: sheet("S", "rId1"), err: "no part xl/_rels/workbook.xml.rels"},
		{name: "no workbook", workbook: "", err: "names no workbook"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			entries := map[string]*zipEntry{}
			add := func(name, raw string) { entries[name] = &zipEntry{name: name, raw: []byte(raw)} }
			if tt.workbook != "" {
				add("_rels/.rels", fmt.Sprintf(rootRels, tt.workbook))
				add(strings.TrimPrefix(tt.workbook, "/"), fmt.Sprintf(wbXML, tt.wb))
				add(tt.relsPart, fmt.Sprintf(wbRels, tt.rels))
			} else {
				add("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>`)
			}
			got, err := worksheets(entries)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("%v, want %v", got, tt.want)
			}
		})
	}
}

// TestManySheets: with twelve sheets (excelize writes sheet9.xml … sheet2,
// sheet12, sheet11, sheet10, sheet1) each sheet gets its own rows, and a
// sheet holding the numbers the old shell markers were still gets its own.
func TestManySheets(t *testing.T) {
	b := NewBook("many", 2)
	for i := range 12 {
		s := b.Sheet(fmt.Sprintf("S%02d", i))
		s.Row(Text(s.Name), Int(7_310_000_000_000_000+int64((i+1)%12), StyleNumber))
		if i%2 == 0 {
			s.Stream(1, func(emit func(cells ...Cell) error) error { return emit(Label(s.Name)) })
		}
	}
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, name := range f.GetSheetList() {
		if want := fmt.Sprintf("S%02d", i); name != want {
			t.Fatalf("sheet %d is %s, want %s", i, name, want)
		}
		if v, _ := f.GetCellValue(name, "A1"); v != name {
			t.Errorf("%s!A1 = %q", name, v)
		}
		if v, _ := f.GetCellValue(name, "B1", excelize.Options{RawCellValue: true}); v != fmt.Sprint(7_310_000_000_000_000+int64((i+1)%12)) {
			t.Errorf("%s!B1 = %q", name, v)
		}
		if v, _ := f.GetCellValue(name, "A2"); i%2 == 0 && v != name {
			t.Errorf("%s!A2 = %q", name, v)
		}
	}
}

// FuzzWorksheets: whatever the package's relationships and workbook hold,
// worksheets returns a map or an error, never panics, and every part it
// names is a clean path inside the package.
func FuzzWorksheets(f *testing.F) {
	f.Add(fmt.Sprintf(rootRels, "xl/workbook.xml"), fmt.Sprintf(wbXML, `<sheet name="S" sheetId="1" r:id="rId1"/>`),
		fmt.Sprintf(wbRels, fmt.Sprintf(wsRel, "rId1", "worksheets/sheet1.xml", "")))
	f.Add(fmt.Sprintf(rootRels, "/a/../b.xml"), `<workbook><sheets><sheet/></sheets></workbook>`, `<Relationships/>`)
	f.Add(`<`, `&`, ``)
	f.Fuzz(func(t *testing.T, root, workbook, rels string) {
		entries := map[string]*zipEntry{}
		for name, raw := range map[string]string{"_rels/.rels": root, "xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels, "b.xml": workbook, "_rels/b.xml.rels": rels} {
			entries[name] = &zipEntry{name: name, raw: []byte(raw)}
		}
		got, err := worksheets(entries)
		if err != nil {
			return
		}
		for part := range got {
			if strings.HasPrefix(part, "/") || strings.Contains(part, "//") {
				t.Errorf("part %q", part)
			}
		}
	})
}
