package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// outcome reads a whole table and says what became of it: each row read
// ("2 ok") or rejected ("3 !reason"), or the file error that stopped it
// ("stop row 2: …"), so that a test sees every row accounted for.
func outcome(t *testing.T, path string, opts Options) (rows []string, stop error) {
	t.Helper()
	tab, err := Open(path, filepath.Base(path), EquipmentSchema, opts)
	if err != nil {
		return nil, err
	}
	defer tab.Close()
	for {
		rec, err := tab.Next()
		if err == io.EOF {
			return rows, nil
		}
		var ce *CellError
		if errors.As(err, &ce) {
			rows = append(rows, fmt.Sprintf("%d !%s", ce.Row, ce.Err))
			continue
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, fmt.Sprintf("%d %s", rec.Row, rec.Get("description")))
	}
}

// TestHostileCSV: the CSV files of testdata/hostile. A quote that is never
// closed, broken inside a field that runs across lines, or that swallows
// rows stops the file naming the row where it opened (before, each cost one
// rejected row and every row after it: the example's equipment file lost 322
// of 323 rows and bill exited 0); text that is not in the file's encoding
// rejects its row (before, it was read as it came, so the workbooks and the
// line-detail CSV showed different text).
func TestHostileCSV(t *testing.T) {
	tests := []struct {
		file    string
		rows    []string // rows read or rejected, in order
		stopRow int      // the row the file error names; 0: no file error
		stop    error    // the file error's reason
		text    string   // in the file error, or in the first rejection
	}{
		{file: "unterminated-quote.csv", stopRow: 2, stop: ErrQuote, text: "line 2, character 37, runs on over line 3"},
		{file: "unterminated-last-line.csv", rows: []string{"2 Tangentbord nordiskt", "3 Läsplatta för synskadade", "4 Dockningsstation USB-C", "5 Ergonomisk mus"},
			stopRow: 6, stop: ErrQuote, text: "line 6, character 37, is never closed"},
		{file: "unterminated-no-delimiters.csv", rows: []string{"2 Tangentbord nordiskt"}, stopRow: 3, stop: ErrQuote, text: "is never closed"},
		{file: "stray-quote-closed-later.csv", rows: []string{"2 Tangentbord nordiskt"}, stopRow: 3, stop: ErrQuote, text: "runs on over line 4"},
		{file: "swallow-one-row.csv", rows: []string{"2 Tangentbord nordiskt"}, stopRow: 3, stop: ErrQuote, text: `holds 5 ";" where a whole row has 5`},
		{file: "swallow-closed-earlier-column.csv", rows: []string{"2 Tangentbord nordiskt"}, stopRow: 3, stop: ErrQuote, text: "the row then has 7 fields where the header has 6"},
		{file: "broken-quote-multiline.csv", rows: []string{"2 Tangentbord nordiskt"}, stopRow: 3, stop: ErrQuote, text: "inside the field whose quote opens at line 3"},
		{file: "multiline-description.csv", rows: []string{"2 Tangentbord nordiskt", "3 Dokumentkamera\nmed stativ\noch \"USB-C\" kabel", "5 Läsplatta för synskadade"}},
		{file: "one-line-bad-quote.csv", rows: []string{"2 Tangentbord nordiskt",
			`3 !has a broken quote (a quote at line 3, character 46, is followed by " tum", neither the delimiter nor the end of the line)`,
			`4 !has a broken quote (a quote at character 45 is inside a field that does not start with one; write it as "" inside a quoted field)`,
			"5 Läsplatta för synskadade"}},
		{file: "cp1252-undefined-byte.csv", rows: []string{"2 Tangentbord nordiskt",
			`3 !is not text in the file's encoding (is neither UTF-8 nor Windows-1252 text (byte 0x81 in "Sk\x81rm"))`, "4 Läsplatta för synskadade"}},
		{file: "utf8-undefined-byte.csv", rows: []string{"2 Tangentbord nordiskt",
			`3 !is not text in the file's encoding (is neither UTF-8 nor Windows-1252 text (byte 0x9D in "Sk\x9drm"))`, "4 Läsplatta för synskadade"}},
		{file: "bom-then-cp1252-row.csv", rows: []string{"2 Tangentbord nordiskt",
			`3 !is not text in the file's encoding (is not UTF-8 text, which the file's byte order mark says it is (byte 0xF6 in "Socialf\xf6rvaltningen"))`, "4 Läsplatta för synskadade"}},
		{file: "mixed-encodings.csv", rows: []string{
			`2 !is not text in the file's encoding (reads as UTF-8 ("Kultur- och fritidsförvaltningen") and as Windows-1252 ("Kultur- och fritidsfÃ¶rvaltningen"): the file is Windows-1252 (line 3 is not UTF-8) and this row is UTF-8; save the file in one encoding)`,
			"3 Skärm", "4 Mus"}},
		{file: "control-character.csv", rows: []string{"2 Tangentbord nordiskt",
			`3 !is not text in the file's encoding (holds the control character U+0001, which is not text)`, "4 Läsplatta för synskadade"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			rows, stop := outcome(t, filepath.Join("testdata/hostile", tt.file), Options{})
			checkOutcome(t, rows, stop, tt.rows, tt.stop, tt.stopRow, tt.text)
		})
	}
}

// checkOutcome holds a hostile file's outcome, each row's and whether and
// where the file stopped, to what a table case wants.
func checkOutcome(t *testing.T, rows []string, stop error, want []string, wantStop error, stopRow int, text string) {
	t.Helper()
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	var fe *FileError
	switch {
	case wantStop == nil && stop != nil:
		t.Errorf("stopped: %v", stop)
	case wantStop != nil && (!errors.As(stop, &fe) || !errors.Is(stop, wantStop) || fe.Row != stopRow || !strings.Contains(stop.Error(), text)):
		t.Errorf("stop = %v, want row %d, %v, %q", stop, stopRow, wantStop, text)
	}
}

// TestMixedHeader: a file whose header is UTF-8 with an accent and that
// holds a Windows-1252 row later cannot be read: its header cannot be told.
func TestMixedHeader(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("Datum;Kommun;Förvaltning;Beskrivning;Antal;á-pris\n")
	for b.Len() < 100<<10 { // past the 64 KB the encoding was once decided from
		b.WriteString("2025-08-08;1814;Kultur- och fritidsförvaltningen;Tangentbord;1;499,00\n")
	}
	b.WriteString("2025-03-14;1882;Socialf\xf6rvaltningen;Sk\xe4rm;1;4 990,00\n")
	p := filepath.Join(t.TempDir(), "mixed.csv")
	os.WriteFile(p, b.Bytes(), 0o644)
	_, err := Open(p, "mixed.csv", EquipmentSchema, Options{})
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, ErrEncoding) || fe.Row != 1 || !strings.Contains(err.Error(), "line 1444 is not UTF-8") {
		t.Fatalf("err = %v", err)
	}
}

// TestLateBytes: what is decided about a file's text holds wherever in the
// file a byte is, not only in its first 64 KB (before, a Windows-1252 or
// NUL byte after them was read into the row as it came).
func TestLateBytes(t *testing.T) {
	head := "date;member;department;description;quantity;unit_price\n"
	row := "2025-08-08;1814;Kultur;Tangentbord;1;499,00\n"
	tests := []struct {
		name, late, want string
	}{
		{"cp1252", "2025-03-14;1882;Social;Sk\xe4rm;1;4 990,00\n", "Skärm"},
		{"undefined", "2025-03-14;1882;Social;Sk\x8drm;1;4 990,00\n", "!is not text in the file's encoding (is neither UTF-8 nor Windows-1252 text (byte 0x8D in \"Sk\\x8drm\"))"},
		{"nul", "2025-03-14;1882;Social;Sk\x00rm;1;4 990,00\n", "!is not text in the file's encoding (holds the control character U+0000, which is not text)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString(head)
			n := 0
			for b.Len() < 100<<10 {
				b.WriteString(row)
				n++
			}
			b.WriteString(tt.late)
			p := filepath.Join(t.TempDir(), "late.csv")
			os.WriteFile(p, []byte(b.String()), 0o644)
			rows, stop := outcome(t, p, Options{})
			if stop != nil || len(rows) != n+1 {
				t.Fatalf("%d rows, stop %v", len(rows), stop)
			}
			if got := strings.TrimPrefix(rows[n], fmt.Sprint(n+2, " ")); got != tt.want {
				t.Fatalf("last row %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLongLines: a header line of 5 MB stops the file without being read
// whole or echoed; a wide one that lacks a column is quoted at most 80
// characters a name (before, a 200 MB header was echoed whole).
func TestLongLines(t *testing.T) {
	dir := t.TempDir()
	long := filepath.Join(dir, "long.csv")
	os.WriteFile(long, []byte(strings.Repeat("x", 5<<20)+"\n1\n"), 0o644)
	_, err := Open(long, "long.csv", EquipmentSchema, Options{})
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, ErrTooLarge) || fe.Row != 1 || len(err.Error()) > 200 {
		t.Fatalf("err = %.300v", err)
	}
	wide := filepath.Join(dir, "wide.csv")
	os.WriteFile(wide, []byte("date;"+strings.Repeat("y", 30000)+";"+strings.Repeat("z;", 1000)+"\n"), 0o644)
	_, err = Open(wide, "wide.csv", EquipmentSchema, Options{})
	if !errors.Is(err, ErrColumn) || len(err.Error()) > 600 {
		t.Fatalf("err (%d bytes) = %.700v", len(err.Error()), err)
	}
	// A quote never closed over 5 MB of lines without delimiters stops at
	// the bound, not at the end of the file.
	open := filepath.Join(dir, "open.csv")
	os.WriteFile(open, []byte("date;member;department;description;quantity;unit_price\n2025-01-01;1;d;\"x\n"+strings.Repeat("no delimiter here\n", 300_000)), 0o644)
	_, stop := outcome(t, open, Options{})
	if !errors.As(stop, &fe) || !errors.Is(stop, ErrTooLarge) || fe.Row != 2 {
		t.Fatalf("stop = %v", stop)
	}
}

// TestLongField: a field longer than a workbook cell rejects its row (the
// workbooks would show it cut, the line detail whole); the next row reads.
func TestLongField(t *testing.T) {
	p := filepath.Join(t.TempDir(), "field.csv")
	os.WriteFile(p, []byte("date;member;department;description;quantity;unit_price\n2025-01-01;1;d;"+strings.Repeat("ä", MaxCellChars+1)+";1;1\n2025-01-01;1;d;ok;1;1\n"), 0o644)
	rows, stop := outcome(t, p, Options{})
	want := "2 !is too large (it holds 32768 characters, more than the 32767 a workbook cell holds)\n3 ok"
	if stop != nil || strings.Join(rows, "\n") != want {
		t.Fatalf("rows %q, stop %v", rows, stop)
	}
}

// TestCellErrorClips: a value is quoted at most 80 characters.
func TestCellErrorClips(t *testing.T) {
	e := &CellError{File: "f.csv", Row: 2, Column: "date", Value: strings.Repeat("å", 500), Err: ErrDate}
	if got := e.Error(); !strings.Contains(got, `"`+strings.Repeat("å", 80)+`"… (500 characters)`) || strings.Contains(got, strings.Repeat("å", 81)) {
		t.Fatal(got)
	}
}
