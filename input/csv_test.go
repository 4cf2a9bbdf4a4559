package input

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"
)

// csvRecord is a record and its row, as the differential test compares them.
type csvRecord struct {
	row    int
	fields []string
}

// stdRecords reads data with encoding/csv as the reader used to (';',
// FieldsPerRecord -1), numbering rows as a spreadsheet does; it stops at the
// first error, giving the row of the record that had it.
func stdRecords(data []byte) (recs []csvRecord, errRow int) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	inner := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return recs, 0
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return recs, pe.StartLine - inner
			}
			return recs, -1
		}
		line, _ := cr.FieldPos(0)
		recs = append(recs, csvRecord{line - inner, rec})
		for _, f := range rec {
			inner += strings.Count(f, "\n")
		}
	}
}

// ourRecords reads data with csvReader, without the delimiter check that
// needs a header.
func ourRecords(data []byte) (recs []csvRecord, errRow int, err error) {
	c := &csvReader{r: bufio.NewReaderSize(bytes.NewReader(data), 16), comma: ';', file: "f.csv", max: MaxRecordSize}
	for {
		row, raw, err := c.read()
		if err == io.EOF {
			return recs, 0, nil
		}
		if err != nil {
			var ce *CellError
			var fe *FileError
			switch {
			case errors.As(err, &ce):
				return recs, ce.Row, err
			case errors.As(err, &fe):
				return recs, fe.Row, err
			}
			return recs, -1, err
		}
		var fields []string
		for _, f := range raw {
			fields = append(fields, string(f))
		}
		recs = append(recs, csvRecord{row, fields})
	}
}

// FuzzCSVReader: csvReader reads what encoding/csv reads, row numbers
// included, and fails on the record where encoding/csv fails.
func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{
		"a;b\n1;2\n", "a;\"b\nc\";d\r\n\r\n\"x\"\"y\";\n", "a;\"b\n", "a;b\"c\n", "\"a\"b;c\n", "\n\n\"\"\n;;\r", "\"a\r\nb\"\r\n",
		"date;x\n\"2025;1;2\n3;4;5\n", "\xef\xbb\xbfa;\"\xe9\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, wantErr := stdRecords(data)
		got, gotErr, err := ourRecords(data)
		if len(got) != len(want) {
			t.Fatalf("%d records, encoding/csv %d (%v)\n%v\n%v", len(got), len(want), err, got, want)
		}
		for i := range want {
			if got[i].row != want[i].row || strings.Join(got[i].fields, "\x00") != strings.Join(want[i].fields, "\x00") {
				t.Fatalf("record %d: %d %q, encoding/csv %d %q", i, got[i].row, got[i].fields, want[i].row, want[i].fields)
			}
		}
		if gotErr != wantErr {
			t.Fatalf("error at row %d (%v), encoding/csv at row %d", gotErr, err, wantErr)
		}
	})
}
