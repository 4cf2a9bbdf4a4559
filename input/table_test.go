package input

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// want is what every dialect of testdata/dialects reads to.
var want = []string{
	`2025-03-14|1882|Socialförvaltningen|Skärm 27" med "USB-C"; höj/sänk|2|3490`,
	`2025-04-01|1861|Barn- och utbildningsförvaltningen|Headset|1|1499.5`,
	"2025-05-20|1860|Kommunstyrelseförvaltningen|Dokumentkamera\nmed stativ|3|12490",
}

// readAll reads an equipment-shaped table into one string per row.
func readAll(t *testing.T, path string) ([]string, *Table) {
	t.Helper()
	tab, err := Open(path, filepath.Base(path), EquipmentSchema, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	var out []string
	for {
		rec, err := tab.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		d, cerr := rec.Date("date")
		if cerr != nil {
			t.Fatal(cerr)
		}
		q, _, cerr := rec.Number("quantity", Plain, true)
		if cerr != nil {
			t.Fatal(cerr)
		}
		p, _, cerr := rec.Number("unit_price", Amount, true)
		if cerr != nil {
			t.Fatal(cerr)
		}
		out = append(out, strings.Join([]string{d.Format(time.DateOnly), rec.Get("member"), rec.Get("department"),
			rec.Get("description"), q.String(), p.String()}, "|"))
	}
	return out, tab
}

func TestDialects(t *testing.T) {
	files, _ := filepath.Glob("testdata/dialects/*.csv")
	if len(files) < 5 {
		t.Fatalf("only %d dialect files", len(files))
	}
	files = append(files, writeXLSX(t))
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			got, tab := readAll(t, f)
			if strings.Join(got, "\n--\n") != strings.Join(want, "\n--\n") {
				t.Fatalf("read as %s:\n%q\nwant\n%q", tab, got, want)
			}
		})
	}
}

func TestDialectDetection(t *testing.T) {
	for file, wantRead := range map[string]string{
		"semicolon-utf8.csv":  `UTF-8, delimiter ';'`,
		"comma-bom.csv":       `UTF-8 with BOM, delimiter ','`,
		"tab-point.csv":       `UTF-8, delimiter '\t'`,
		"excel-sv-cp1252.csv": `Windows-1252, delimiter ';'`,
	} {
		_, tab := readAll(t, filepath.Join("testdata/dialects", file))
		if !strings.Contains(tab.String(), wantRead) {
			t.Errorf("%s read as %s, want %s", file, tab, wantRead)
		}
	}
}

// writeXLSX writes the rows as Excel would hold them: a date cell, numbers
// as numbers, the member id typed as a number.
func writeXLSX(t testing.TB) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"Datum", "Kommun", "Förvaltning", "Beskrivning", "Antal", "á-pris"})
	rows := [][]any{
		{time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC), 1882, "Socialförvaltningen", `Skärm 27" med "USB-C"; höj/sänk`, 2, 3490.0},
		{time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), 1861, "Barn- och utbildningsförvaltningen", "Headset", 1, 1499.5},
		{time.Date(2025, 5, 20, 0, 0, 0, 0, time.UTC), 1860, "Kommunstyrelseförvaltningen", "Dokumentkamera\nmed stativ", 3, 12490},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		_ = f.SetSheetRow("Sheet1", cell, &r)
		_ = f.SetCellStyle("Sheet1", cell, cell, dateStyle)
	}
	p := filepath.Join(t.TempDir(), "equipment.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBrokenFiles(t *testing.T) {
	tests := []struct {
		file   string
		err    error
		column string
		text   string
	}{
		{"missing-column.csv", ErrColumn, "unit_price", `missing-column.csv: lacks a required column "unit_price", which may be headed "unit_price", "á-pris", "à-pris", "a-pris", "apris", "pris", "styckpris" or "unit price" (in any case`},
		{"binary.csv", ErrFormat, "", "binary"},
		{"fake.xlsx", ErrFormat, "", "not a workbook"},
		{"empty.csv", ErrFormat, "", "no header row"},
		{"does-not-exist.csv", nil, "", "does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := Open(filepath.Join("testdata/broken", tt.file), tt.file, EquipmentSchema, Options{})
			var fe *FileError
			if !errors.As(err, &fe) || (tt.err != nil && !errors.Is(err, tt.err)) || fe.Column != tt.column || !strings.Contains(err.Error(), tt.text) {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

// TestRowsAndReasons: rows are numbered as a spreadsheet shows them (a
// quoted line break stays in its row, a blank line is a row), and each bad
// row is a CellError naming row, column and value, after which reading goes
// on.
func TestRowsAndReasons(t *testing.T) {
	tab, err := Open("testdata/broken/rows.csv", "rows.csv", EquipmentSchema, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	var got []string
	for {
		rec, err := tab.Next()
		if err == io.EOF {
			break
		}
		var ce *CellError
		if errors.As(err, &ce) {
			got = append(got, fmt.Sprintf("%d %s", ce.Row, ce.Column))
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, ce := rec.Date("date"); ce != nil {
			got = append(got, fmt.Sprintf("%d %s %q", ce.Row, ce.Column, ce.Value))
			continue
		}
		if _, _, ce := rec.Number("quantity", Plain, true); ce != nil {
			got = append(got, fmt.Sprintf("%d %s %q", ce.Row, ce.Column, ce.Value))
			continue
		}
		if _, _, ce := rec.Number("unit_price", Amount, true); ce != nil {
			got = append(got, fmt.Sprintf("%d %s %q", ce.Row, ce.Column, ce.Value))
			continue
		}
		got = append(got, fmt.Sprintf("%d ok", rec.Row))
	}
	want := []string{"2 ok", "3 ok", `5 unit_price "1.234"`, `6 quantity "x"`, `7 date "2025/03/18"`, "8 ", "9 ", "10 ok"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Fatalf("got  %v\nwant %v", got, want)
	}
}

func TestCellErrorMessage(t *testing.T) {
	e := &CellError{File: "support.csv", Row: 212, Column: "end", Value: "2025-13-01 10:00", Err: ErrTimestamp}
	if got := e.Error(); got != `support.csv row 212 column end: "2025-13-01 10:00" is not a time written as 2025-03-31 18:15` {
		t.Fatal(got)
	}
	if !errors.Is(e, ErrTimestamp) {
		t.Fatal("the reason does not unwrap")
	}
}

func TestXLSXSizeLimit(t *testing.T) {
	p := writeXLSX(t)
	_, err := Open(p, "big.xlsx", EquipmentSchema, Options{MaxUnzipSize: 100, MaxXMLSize: 50})
	if err == nil {
		t.Fatal("a workbook over the unzip limit was read")
	}
}

// FuzzTable: no CSV content makes reading panic, and every row is either
// read or a CellError with a row number after the header.
func FuzzTable(f *testing.F) {
	for _, p := range []string{"testdata/dialects/semicolon-utf8.csv", "testdata/dialects/excel-sv-cp1252.csv", "testdata/broken/rows.csv"} {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte("date,member\n\"unterminated\n"))
	hostile, _ := filepath.Glob("testdata/hostile/*.csv")
	for _, p := range hostile {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		tab, err := Open(p, "f.csv", EquipmentSchema, Options{})
		if err != nil {
			return
		}
		defer tab.Close()
		readFuzzed(t, tab, 10000, func(rec *Record) {
			_, _ = rec.Date("date")
			_, _, _ = rec.Number("quantity", Plain, true)
		})
	})
}

// readFuzzed reads a fuzzed table to its end (at most max rows) and holds
// it to what a reader promises whatever the input: rows numbered from 2,
// every value text a workbook can hold; each record is also given to use.
func readFuzzed(t *testing.T, tab *Table, max int, use func(*Record)) {
	t.Helper()
	for range max {
		rec, err := tab.Next()
		if err == io.EOF {
			return
		}
		var ce *CellError
		if errors.As(err, &ce) {
			if ce.Row < 2 {
				t.Fatalf("row %d", ce.Row)
			}
			continue
		}
		if err != nil {
			return
		}
		if rec.Row < 2 {
			t.Fatalf("record row %d", rec.Row)
		}
		for _, v := range rec.values {
			if !utf8.ValidString(v) || textOK(v) != "" {
				t.Fatalf("row %d: value %q is not text", rec.Row, v)
			}
		}
		if use != nil {
			use(rec)
		}
	}
}
