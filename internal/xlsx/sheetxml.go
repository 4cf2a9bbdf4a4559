package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"memberfee/internal/dectext"
)

// rowEncoder writes the rows of a worksheet's <sheetData> as XML, straight
// into the workbook's compressed zip entry. It does what excelize's
// StreamWriter does for the cells a Book holds (inline strings, numbers,
// dates, booleans, formulas with their cached values, styles, row heights)
// in a fraction of its time and with no buffer of its own beyond 64 KiB:
// a line sheet of a million rows is mostly this loop (issue 6).
type rowEncoder struct {
	w      io.Writer
	shared *sharedStrings
	buf    []byte
	styles *[styleCount]int
	row    int
	rowNum []byte // the row's number as text, for the cells' references
	err    error
	// the last shared text of each of the first columns and its number: a
	// column of labels mostly repeats the row above (a member, a unit)
	last [16]lastShared
}

type lastShared struct {
	text  string
	index int
}

// flushAt is the buffer size at which the encoder writes through.
const flushAt = 64 << 10

// maxCellText is the longest text a spreadsheet cell holds.
const maxCellText = 32767

// encodeRow appends row e.row+1 with the given height (0 for the default).
func (e *rowEncoder) encodeRow(height float64, cells []Cell) error {
	e.row++
	b := append(e.buf, `<row r="`...)
	b = strconv.AppendInt(b, int64(e.row), 10)
	b = append(b, '"')
	if height > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, height, 'f', -1, 64)
		b = append(b, `" customHeight="1"`...)
	}
	b = append(b, '>')
	open := len(b)
	e.rowNum = strconv.AppendInt(e.rowNum[:0], int64(e.row), 10)
	for i, c := range cells {
		var err error
		if b, err = e.cell(b, i+1, c); err != nil {
			e.buf = b[:0]
			return fmt.Errorf("%s: %w", Ref(i+1, e.row), err)
		}
	}
	if len(b) == open {
		b = append(b[:open-1], `/>`...) // a row of no cells, as an empty-element tag
	} else {
		b = append(b, `</row>`...)
	}
	e.buf = b
	if len(b) >= flushAt {
		return e.flush()
	}
	return nil
}

func (e *rowEncoder) flush() error {
	if e.err == nil && len(e.buf) > 0 {
		_, e.err = e.w.Write(e.buf)
	}
	e.buf = e.buf[:0]
	return e.err
}

// cell appends one cell; an empty unstyled cell is left out.
//
// Every cell carries its reference (r="K12"). The file format makes it
// optional, a cell without one being in the column after the previous
// cell, but Gnumeric before 1.12.60 (Debian 12's ssconvert) drops every
// cell without one: it kept 113 of the 117 169 cells of a pack.
func (e *rowEncoder) cell(b []byte, col int, c Cell) ([]byte, error) {
	if c.kind == kindNone && c.formula == "" && c.parts == nil && c.Style == StyleNone {
		return b, nil
	}
	b = append(b, `<c r="`...)
	if col < len(colNames) {
		b = append(b, colNames[col]...)
	} else {
		b = appendCol(b, col)
	}
	b = append(b, e.rowNum...)
	b = append(b, '"')
	if s := e.styles[c.Style]; s != 0 {
		b = append(b, ` s="`...)
		b = strconv.AppendInt(b, int64(s), 10)
		b = append(b, '"')
	}
	switch {
	case c.parts != nil && c.kind == kindNumber: // a line sheet's amount, by the million
		b = e.appendParts(append(b, `><f>`...), c.parts)
		return closeValue(appendDecimal(append(b, `</f><v>`...), c.num))
	case c.formula != "" || c.parts != nil:
		return e.formula(b, &c)
	}
	switch c.kind {
	case kindNone:
		return append(b, `/>`...), nil
	case kindText:
		return e.inlineText(b, c.text), nil
	case kindLabel:
		return e.sharedText(b, col, c.text), nil
	case kindNumber:
		return closeValue(appendDecimal(append(b, `><v>`...), c.num))
	case kindDay:
		return append(appendSerial(append(b, `><v>`...), c.day), `</v></c>`...), nil
	case kindInt:
		return append(strconv.AppendInt(append(b, `><v>`...), c.n, 10), `</v></c>`...), nil
	case kindBool:
		b = append(b, ` t="b"><v>`...)
		b = append(b, byte('0'+c.n))
		return append(b, `</v></c>`...), nil
	}
	return closeValue(c.appendNumber(append(b, `><v>`...)))
}

// closeValue ends a cell's value, or passes on the error of writing it.
func closeValue(b []byte, err error) ([]byte, error) {
	if err != nil {
		return b, err
	}
	return append(b, `</v></c>`...), nil
}

// inlineText ends a cell with its text written in the cell; an empty text
// leaves the cell empty (a blank, as an empty label does, which arithmetic
// reads as 0 in every reader where "" is #VALUE! in Excel).
func (e *rowEncoder) inlineText(b []byte, s string) []byte {
	if s == "" {
		return append(b, `/>`...)
	}
	b = appendT(append(b, ` t="inlineStr"><is>`...), s)
	return append(b, `</is></c>`...)
}

// sharedText ends a cell of column col with its text in the shared strings
// (inline beyond the table); an empty text leaves the cell empty.
func (e *rowEncoder) sharedText(b []byte, col int, s string) []byte {
	if s == "" {
		return append(b, `/>`...)
	}
	var last *lastShared
	if col <= len(e.last) {
		if last = &e.last[col-1]; last.text == s {
			e.shared.refs++
			return e.sharedIndex(b, last.index)
		}
	}
	i, ok := e.shared.index(s)
	if !ok {
		return e.inlineText(b, s)
	}
	if last != nil {
		last.text, last.index = s, i
	}
	return e.sharedIndex(b, i)
}

// sharedIndex ends a cell with the number of its shared text.
func (e *rowEncoder) sharedIndex(b []byte, i int) []byte {
	b = append(b, ` t="s"><v>`...)
	b = strconv.AppendInt(b, int64(i), 10)
	return append(b, `</v></c>`...)
}

// formula ends a formula cell: its text (a RowFormula's parts joined by
// the row's number) and its cached value.
func (e *rowEncoder) formula(b []byte, c *Cell) ([]byte, error) {
	switch c.kind {
	case kindText, kindLabel:
		b = append(b, ` t="str"`...)
	case kindBool:
		b = append(b, ` t="b"`...)
	}
	b = append(b, `><f>`...)
	if c.parts == nil {
		b = appendText(b, c.formula)
	} else {
		b = e.appendParts(b, c.parts)
	}
	b = append(b, `</f>`...)
	switch c.kind {
	case kindNone:
		return append(b, `</c>`...), nil
	case kindText, kindLabel:
		b = append(b, `<v>`...)
		b = appendText(b, c.text)
		return append(b, `</v></c>`...), nil
	case kindBool:
		b = append(b, `<v>`...)
		b = append(b, byte('0'+c.n))
		return append(b, `</v></c>`...), nil
	}
	return closeValue(c.appendNumber(append(b, `<v>`...)))
}

// appendParts appends a RowFormula's text: its parts joined by the row's
// number (written once a row, in rowNum).
func (e *rowEncoder) appendParts(b []byte, parts []string) []byte {
	for i, p := range parts {
		if i > 0 {
			b = append(b, e.rowNum...)
		}
		b = appendText(b, p)
	}
	return b
}

// Label is a text cell whose text repeats down its column (a member, a
// department, a status): written once in the workbook's shared strings,
// referred to by its number. An empty label is an empty cell.
func Label(s string) Cell { return Cell{kind: kindLabel, text: s, Style: StyleText} }

// sharedStrings is a workbook's table of shared strings, bounded: text
// beyond it is written inline.
type sharedStrings struct {
	byText map[string]int
	list   []string
	refs   int
}

// maxShared bounds a workbook's shared strings.
const maxShared = 100_000

func newSharedStrings() *sharedStrings { return &sharedStrings{byText: map[string]int{}} }

// index returns the number of s in the table, adding it if there is room.
func (t *sharedStrings) index(s string) (int, bool) {
	i, ok := t.byText[s]
	if !ok {
		if len(t.list) >= maxShared {
			return 0, false
		}
		i = len(t.list)
		t.byText[s] = i
		t.list = append(t.list, s)
	}
	t.refs++
	return i, true
}

// xml is the table as xl/sharedStrings.xml.
func (t *sharedStrings) xml() []byte {
	b := []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="`)
	b = strconv.AppendInt(b, int64(t.refs), 10)
	b = append(b, `" uniqueCount="`...)
	b = strconv.AppendInt(b, int64(len(t.list)), 10)
	if len(t.list) == 0 {
		return append(b, `"/>`...)
	}
	b = append(b, `">`...)
	for _, s := range t.list {
		b = append(appendT(append(b, `<si>`...), s), `</si>`...)
	}
	return append(b, `</sst>`...)
}

// appendNumber appends a cell's number as a spreadsheet stores it:
// decimals exactly as they print (at most 15 significant digits, the
// precision a spreadsheet number holds), rationals rounded to 15
// significant digits, times as day serials.
func (c *Cell) appendNumber(b []byte) ([]byte, error) {
	switch c.kind {
	case kindNumber:
		return appendDecimal(b, c.num)
	case kindInt:
		return strconv.AppendInt(b, c.n, 10), nil
	case kindDay:
		return appendSerial(b, c.day), nil
	case kindRational:
		return append(b, c.num.String()...), nil
	}
	return b, fmt.Errorf("cannot write a %s to a cell", c.text)
}

// appendDecimal appends a decimal exactly as it prints; one with more
// significant digits than a spreadsheet number holds is an error.
func appendDecimal(b []byte, x decimal.Decimal) ([]byte, error) {
	start := len(b)
	b = dectext.Append(b, x)
	if text := b[start:]; significantDigits(bytes.TrimRight(text, "0")) > MaxDigits && (bytes.IndexByte(text, '.') >= 0 || len(text) > 18) {
		return b[:start], fmt.Errorf("%s has more than %d significant digits", x, MaxDigits)
	}
	return b, nil
}

// significantDigits counts the significant digits of a number written
// with a decimal point.
func significantDigits(text []byte) int {
	n, leading := 0, true
	for _, c := range text {
		if c < '0' || c > '9' {
			continue
		}
		if leading && c == '0' {
			continue
		}
		leading = false
		n++
	}
	return n
}

// excelEpoch is day 0 of the 1900 date system as spreadsheets count it
// after February 1900 (which they take to have a 29th).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// appendSerial appends a time's wall clock as a day serial: whole days for
// a date, with the time of day as an exact decimal fraction.
func appendSerial(b []byte, t time.Time) []byte {
	y, mo, d := t.Date() // once each: t.Year(), t.Month() … each work out the date anew
	h, mi, s := t.Clock()
	wall := time.Date(y, mo, d, h, mi, s, t.Nanosecond(), time.UTC)
	since := wall.Sub(excelEpoch)
	days := int64(since / (24 * time.Hour))
	rest := since % (24 * time.Hour)
	if rest == 0 {
		return strconv.AppendInt(b, days, 10)
	}
	frac := decimal.NewFromInt(int64(rest)).Div(decimal.NewFromInt(int64(24 * time.Hour)))
	return append(b, decimal.NewFromInt(days).Add(frac).Round(10).String()...)
}

// colNames holds the letters of the first columns (colNames[1] is "A"),
// which every row's cells repeat.
var colNames = func() []string {
	names := make([]string, 64)
	for i := 1; i < len(names); i++ {
		names[i] = string(appendCol(nil, i))
	}
	return names
}()

// appendCol appends a column's letters (1 is A).
func appendCol(b []byte, col int) []byte {
	var tmp [4]byte
	i := len(tmp)
	for col > 0 {
		col--
		i--
		tmp[i] = byte('A' + col%26)
		col /= 26
	}
	return append(b, tmp[i:]...)
}

// appendT appends a text element, <t>…</t>, keeping spaces at its ends.
func appendT(b []byte, s string) []byte {
	b = append(b, `<t`...)
	if hasOuterSpace(s) {
		b = append(b, ` xml:space="preserve"`...)
	}
	b = append(b, '>')
	return append(appendText(b, s), `</t>`...)
}

func hasOuterSpace(s string) bool {
	if s == "" {
		return false
	}
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	return isSpace(s[0]) || isSpace(s[len(s)-1])
}

// appendText appends text escaped for XML element content: markup
// characters as entities, characters XML cannot hold and invalid UTF-8 as
// U+FFFD, cut at the length a cell holds.
func appendText(b []byte, s string) []byte {
	if utf8.RuneCountInString(s) > maxCellText {
		r := []rune(s)[:maxCellText]
		s = string(r)
	}
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf && c != '&' && c != '<' && c != '>' {
			i++
			continue
		}
		var esc string
		width := 1
		switch {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '\t' || c == '\n':
			i++
			continue
		case c == '\r':
			esc = "&#xD;"
		case c < 0x20:
			esc = "\uFFFD"
		default:
			r, w := utf8.DecodeRuneInString(s[i:])
			width = w
			if r == utf8.RuneError && w == 1 || !isXMLChar(r) {
				esc = "\uFFFD"
			} else {
				i += w
				continue
			}
		}
		b = append(b, s[start:i]...)
		b = append(b, esc...)
		i += width
		start = i
	}
	return append(b, s[start:]...)
}

// isXMLChar reports whether r may appear in an XML 1.0 document.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
