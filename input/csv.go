package input

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// sniffSize is how much of a CSV file is looked at to tell its delimiter
// and whether it is binary.
const sniffSize = 64 << 10

// MaxRecordSize bounds one CSV record (a row, its quoted line breaks
// included) in bytes: a longer one stops the file.
const MaxRecordSize = 4 << 20

// openCSV reads the header of a CSV file: it strips a UTF-8 BOM, decides the
// encoding from the whole file (see scanEncoding), and takes the delimiter
// (';', ',' or tab) that the header line has most of.
//
// The records are read as encoding/csv reads them (RFC 4180: a field in
// quotes may hold the delimiter, line breaks and "" for a quote), by
// csvReader, which also knows where each quote opened: a quote that is never
// closed, a broken quote in a field that runs across lines, or a field that
// runs across lines holding a record's worth of delimiters stops the file,
// naming the row where that quote opened; the rows after it cannot be told
// apart.
func (t *Table) openCSV(r io.ReadSeeker) error {
	br := bufio.NewReaderSize(r, sniffSize)
	head, _ := br.Peek(sniffSize)
	enc := encoding{name: "UTF-8"}
	skip := 0
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		enc = encoding{name: "UTF-8 with BOM", bom: true}
		skip = 3
		head = head[3:]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return &FileError{File: t.File, Err: reason(ErrFormat, "it holds binary data")}
	}
	if !enc.bom {
		var err error
		if enc, err = scanEncoding(br); err != nil {
			return &FileError{File: t.File, Err: err}
		}
		if _, err := r.Seek(0, io.SeekStart); err != nil {
			return &FileError{File: t.File, Err: err}
		}
		br.Reset(r)
	} else {
		br.Discard(skip)
	}
	t.Encoding = enc.name
	t.Delimiter = sniffDelimiter(head)
	cr := &csvReader{r: br, comma: byte(t.Delimiter), file: t.File, enc: enc, max: MaxRecordSize}
	next := func() (int, []string, error) {
		row, raw, err := cr.read()
		if err != nil {
			return row, nil, err
		}
		cr.vals = cr.vals[:0]
		for i, f := range raw {
			// A workbook cell holds at most MaxCellChars: a longer field
			// would show cut in the workbooks and whole in the line detail.
			if len(f) > MaxCellChars && utf8.RuneCount(f) > MaxCellChars {
				return row, nil, &CellError{File: t.File, Row: row, Column: t.columnName(i),
					Err: reason(ErrTooLarge, "it holds %d characters, more than the %d a workbook cell holds", utf8.RuneCount(f), MaxCellChars)}
			}
		}
		// The common case, a record of plain text: one string, sliced.
		if plainText(cr.buf) || !enc.cp1252 && utf8Text(cr.buf) {
			s := string(cr.buf)
			from := 0
			for _, e := range cr.ends {
				cr.vals = append(cr.vals, s[from:e])
				from = e
			}
			return row, cr.vals, nil
		}
		if why := enc.ambiguous(raw); why != "" {
			return row, nil, &CellError{File: t.File, Row: row, Err: reason(ErrEncoding, "%s", why)}
		}
		for i, f := range raw {
			s, why := enc.decode(f)
			if why != "" {
				return row, nil, &CellError{File: t.File, Row: row, Column: t.columnName(i), Err: reason(ErrEncoding, "%s", why)}
			}
			cr.vals = append(cr.vals, s)
		}
		return row, cr.vals, nil
	}
	err := t.readHeader(next, "it has no header row")
	if err == nil {
		cr.seps = len(t.Header) - 1
	}
	return err
}

// sniffDelimiter picks ';', ',' or tab: whichever the first line has most
// of outside quotes; ';' (what Swedish Excel writes) on a tie.
func sniffDelimiter(head []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range head {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if !quoted && (c == '\n' || c == '\r') {
			break
		}
		if !quoted {
			counts[c]++
		}
	}
	best := byte(';')
	for _, c := range []byte{',', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
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

// csvReader reads CSV records as encoding/csv does with LazyQuotes false and
// FieldsPerRecord -1 (FuzzCSVReader holds it to that), on the file's bytes
// (the delimiters, quotes and line breaks are ASCII in UTF-8 and
// Windows-1252 alike), and numbers them as a spreadsheet numbers rows: a
// quoted line break stays in its row, an empty line is a row of its own.
type csvReader struct {
	r     *bufio.Reader
	comma byte
	file  string
	enc   encoding
	max   int // bytes in a record
	// seps is the delimiters of a record (the header's fields − 1); a field
	// that runs across lines holding as many stops the file. 0 before the
	// header is read.
	seps  int
	line  int // lines read
	inner int // line breaks inside the records read
	long  []byte
	buf   []byte
	ends  []int
	raw   [][]byte
	vals  []string
	err   error // sticky: a file error ends reading
}

// errTooLong is a line longer than the reader's bound.
var errTooLong = errors.New("too long")

// readLine returns the next line with "\r\n" made "\n", as encoding/csv's
// readLine does; it is valid until the next call.
func (c *csvReader) readLine() ([]byte, error) {
	line, err := c.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		c.long = append(c.long[:0], line...)
		for err == bufio.ErrBufferFull {
			if len(c.long) > c.max {
				return nil, errTooLong
			}
			line, err = c.r.ReadSlice('\n')
			c.long = append(c.long, line...)
		}
		line = c.long
	}
	if len(line) > 0 && err == io.EOF {
		err = nil
		if line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
	}
	if len(line) > 0 {
		c.line++
	}
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

// read returns the next record's row and its fields' bytes (valid until the
// next call). A record that cannot be read is a *CellError when nothing but
// its own line is lost, a *FileError otherwise; io.EOF after the last.
func (c *csvReader) read() (int, [][]byte, error) {
	if c.err != nil {
		return 0, nil, c.err
	}
	row, raw, err := c.readRecord()
	if err != nil && err != io.EOF {
		if _, ok := err.(*CellError); !ok {
			c.err = err
		}
	}
	return row, raw, err
}

func (c *csvReader) readRecord() (int, [][]byte, error) {
	var line []byte
	var err error
	for {
		line, err = c.readLine()
		if err == errTooLong {
			return 0, nil, c.tooLong(c.line + 1 - c.inner)
		}
		if err != nil && len(line) == 0 {
			return 0, nil, err
		}
		if len(line) == 1 && line[0] == '\n' {
			continue // an empty line: a row with nothing in it
		}
		if len(line) > 0 {
			break
		}
	}
	start := c.line
	row := start - c.inner
	c.buf, c.ends = c.buf[:0], c.ends[:0]
	spanned := "" // how the record's first field that runs across lines does
	pos := 0
	for {
		if pos < len(line) && line[pos] == '"' {
			// A quoted field: it ends at a quote followed by the delimiter,
			// a line break or the end of the file.
			openLine := c.line
			opened := fmt.Sprintf("the quote that opens at line %d, character %d,", openLine, utf8.RuneCount(line[:pos])+1)
			seps := 0
			// swallowed is the file error of a field that runs across lines
			// holding a record's worth of delimiters.
			swallowed := func() error {
				c.inner += c.line - start
				return &FileError{File: c.file, Row: row, Err: reason(ErrQuote,
					"%s runs on over line %d, and the field then holds %d %q where a whole row has %d: a quote is missing or stray, and the rows it runs over cannot be told apart",
					opened, c.line, seps, string(c.comma), c.seps)}
			}
			pos++
			for {
				i := bytes.IndexByte(line[pos:], '"')
				if i < 0 {
					// The line break is inside the field: it goes on in the next line.
					seg := line[pos:]
					c.buf = append(c.buf, seg...)
					seps += bytes.Count(seg, []byte{c.comma})
					if c.line > openLine && c.seps > 0 && seps >= c.seps {
						return 0, nil, swallowed()
					}
					if len(c.buf) > c.max {
						c.inner += c.line - start
						return 0, nil, c.tooLong(row)
					}
					line, err = c.readLine()
					if err == errTooLong {
						c.inner += c.line - start
						return 0, nil, c.tooLong(row)
					}
					if len(line) == 0 {
						c.inner += c.line - start
						if err != nil && err != io.EOF {
							return 0, nil, err
						}
						return 0, nil, &FileError{File: c.file, Row: row, Err: reason(ErrQuote,
							"%s is never closed: the rows after it cannot be told apart", opened)}
					}
					pos = 0
					continue
				}
				seg := line[pos : pos+i]
				c.buf = append(c.buf, seg...)
				seps += bytes.Count(seg, []byte{c.comma})
				if c.line > openLine && c.seps > 0 && seps >= c.seps {
					return 0, nil, swallowed()
				}
				pos += i + 1
				if pos < len(line) && line[pos] == '"' {
					c.buf = append(c.buf, '"') // "" is a quote
					pos++
					continue
				}
				if c.line > openLine && spanned == "" {
					spanned = fmt.Sprintf("%s runs on over line %d", opened, c.line)
				}
				if pos < len(line) && line[pos] == c.comma {
					pos++
					c.ends = append(c.ends, len(c.buf))
					break
				}
				if pos == len(line) || pos == len(line)-1 && line[pos] == '\n' {
					c.ends = append(c.ends, len(c.buf))
					return c.done(start, row, spanned)
				}
				at := fmt.Sprintf("a quote at line %d, character %d, is followed by %s, neither the delimiter nor the end of the line",
					c.line, utf8.RuneCount(line[:pos]), quoteRaw(line[pos:min(pos+4, len(line))]))
				c.inner += c.line - start
				if c.line > openLine {
					return 0, nil, &FileError{File: c.file, Row: row, Err: reason(ErrQuote,
						"%s, inside the field whose quote opens at line %d: the rows that field runs over cannot be told apart", at, openLine)}
				}
				return row, nil, &CellError{File: c.file, Row: row, Err: reason(ErrQuote, "%s", at)}
			}
			continue
		}
		// An unquoted field: it ends at the delimiter or the line break.
		rest := line[pos:]
		i := bytes.IndexByte(rest, c.comma)
		field := rest
		if i >= 0 {
			field = rest[:i]
		} else if n := len(field); n > 0 && field[n-1] == '\n' {
			field = field[:n-1]
		}
		if q := bytes.IndexByte(field, '"'); q >= 0 {
			c.inner += c.line - start
			return row, nil, &CellError{File: c.file, Row: row, Err: reason(ErrQuote,
				"a quote at character %d is inside a field that does not start with one; write it as \"\" inside a quoted field", utf8.RuneCount(line[:pos+q])+1)}
		}
		c.buf = append(c.buf, field...)
		c.ends = append(c.ends, len(c.buf))
		if i < 0 {
			return c.done(start, row, spanned)
		}
		pos += i + 1
	}
}

// done ends a record read from lines start to c.line. A record with a
// field that runs across lines (spanned says how) and more fields than a row
// has stops the file: a stray quote that opened in a later column than it
// closed (the field then holds fewer delimiters than a row) swallowed the
// rows between.
func (c *csvReader) done(start, row int, spanned string) (int, [][]byte, error) {
	c.inner += c.line - start
	if len(c.buf) > c.max {
		return 0, nil, c.tooLong(row)
	}
	c.raw = c.raw[:0]
	from := 0
	for _, e := range c.ends {
		c.raw = append(c.raw, c.buf[from:e])
		from = e
	}
	if spanned != "" && c.seps > 0 && len(c.raw) > c.seps+1 {
		for _, f := range c.raw[c.seps+1:] {
			if len(f) > 0 {
				return 0, nil, &FileError{File: c.file, Row: row, Err: reason(ErrQuote,
					"%s, and the row then has %d fields where the header has %d: a quote is missing or stray, and the rows it runs over cannot be told apart",
					spanned, len(c.raw), c.seps+1)}
			}
		}
	}
	return row, c.raw, nil
}

func (c *csvReader) tooLong(row int) error {
	return &FileError{File: c.file, Row: row, Err: reason(ErrTooLarge, "the row is longer than %d MiB", c.max>>20)}
}
