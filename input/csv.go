package input

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// sniffSize is how much of a CSV file is looked at to tell its encoding.
const sniffSize = 64 << 10

// openCSV reads the header of a CSV file: it strips a UTF-8 BOM, decodes
// Windows-1252 when the start of the file is not valid UTF-8, and takes the
// delimiter (';', ',' or tab) that the header line has most of.
func (t *Table) openCSV(r io.Reader) error {
	br := bufio.NewReaderSize(r, sniffSize)
	head, _ := br.Peek(sniffSize)
	var src io.Reader = br
	t.Encoding = "UTF-8"
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		t.Encoding = "UTF-8 with BOM"
		head = head[3:]
	case !utf8.Valid(trimPartialRune(head)):
		src = transform.NewReader(br, charmap.Windows1252.NewDecoder())
		t.Encoding = "Windows-1252"
		head, _ = io.ReadAll(transform.NewReader(bytes.NewReader(head), charmap.Windows1252.NewDecoder()))
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return &FileError{File: t.File, Err: reason(ErrFormat, "it holds binary data")}
	}
	t.Delimiter = sniffDelimiter(head)
	cr := csv.NewReader(src)
	cr.Comma = t.Delimiter
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true // the fields' strings are new each row; only the slice is reused
	// A spreadsheet numbers rows, not lines: a quoted line break stays in
	// its row, while an empty line is a row of its own (encoding/csv skips
	// it). row = the record's first line − the line breaks inside earlier
	// records.
	inner := 0
	next := func() (int, []string, error) {
		for {
			rec, err := cr.Read()
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					row := pe.StartLine - inner
					inner += pe.Line - pe.StartLine
					return row, nil, &CellError{File: t.File, Row: row, Err: reason(ErrQuote, "%v", pe.Err)}
				}
				return 0, nil, err
			}
			line, _ := cr.FieldPos(0)
			row := line - inner
			for _, f := range rec {
				inner += strings.Count(f, "\n")
			}
			return row, rec, nil
		}
	}
	return t.readHeader(next, "it has no header row")
}

// sniffDelimiter picks ';', ',' or tab: whichever the first line has most
// of outside quotes; ';' (what Swedish Excel writes) on a tie.
func sniffDelimiter(head []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range string(head) {
		if r == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (r == '\n' || r == '\r') {
			break
		}
		if !quoted {
			counts[r]++
		}
	}
	best := ';'
	for _, r := range []rune{',', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// trimPartialRune drops a UTF-8 sequence cut off at the end of a buffer.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			break
		}
	}
	return b
}
