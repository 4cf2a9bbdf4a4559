package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/internal/dectext"
)

// CSVDialect is how the line-detail CSV writes its numbers.
type CSVDialect int

const (
	// ExcelSwedish, the default, is what Swedish Excel opens by a double
	// click and reads numbers from: ';' between fields, a decimal comma
	// in the number fields (26229,00: no thousands separator, which Excel
	// would read as text), UTF-8 with a byte order mark, CRLF.
	ExcelSwedish CSVDialect = iota
	// RFC4180 is for programs: RFC 4180 itself — ',' between fields,
	// RFC 4180's quoting, CRLF, UTF-8 without a byte order mark — and a
	// decimal point in the number fields.
	RFC4180
)

// CSVDialects names the dialects as --csv takes them.
var CSVDialects = map[string]CSVDialect{billing.LinesCSVExcel: ExcelSwedish, billing.LinesCSVRFC4180: RFC4180}

// ParseCSVDialect reads a --csv value: excel or rfc4180 ("" is excel).
func ParseCSVDialect(s string) (CSVDialect, error) {
	if s == "" {
		return ExcelSwedish, nil
	}
	if d, ok := CSVDialects[s]; ok {
		return d, nil
	}
	return 0, fmt.Errorf("%q is not a CSV dialect: excel (Swedish Excel: ';', a decimal comma, the default) or rfc4180 (RFC 4180 for programs: ',', a decimal point)", s)
}

func (d CSVDialect) String() string {
	if d == RFC4180 {
		return "rfc4180"
	}
	return "excel"
}

// LinesCSV writes every line of a period — charged, included, outside the
// period and rejected, and the derived licence lines — as CSV in dialect
// d: ';', UTF-8 with a BOM and numbers with a decimal comma as Swedish
// Excel expects (ExcelSwedish), or ',' and a decimal point (RFC4180);
// CRLF in both. Text that a
// spreadsheet would execute (starting with =, +, -, @, a tab or a
// carriage return) is neutralised with a leading apostrophe, as OWASP's
// guidance on CSV injection says. Each category's lines come in the order
// they were rated, then its rejected rows.
func LinesCSV(out io.Writer, lines Lines, rejected []billing.Line, d CSVDialect) error {
	if err := LinesCSVHeader(out, d); err != nil {
		return err
	}
	e := NewLineCSV(out, d)
	for _, c := range billing.Categories {
		if err := lines.Each("", c, billing.NotRejected, e.Line); err != nil {
			return err
		}
		for _, l := range rejected {
			if l.Category == c {
				if err := e.Line(l); err != nil {
					return err
				}
			}
		}
	}
	return e.Flush()
}

// LinesCSVHeader writes the heading row of the line-detail CSV in dialect
// d, after the byte order mark Swedish Excel needs to read UTF-8.
func LinesCSVHeader(out io.Writer, d CSVDialect) error {
	h := "\ufeffcategory;member;department;date;reference;description;clause;" +
		"quantity;unit;unit_price;extra;amount;status;column;reason;file;row\r\n"
	if d == RFC4180 {
		h = strings.ReplaceAll(strings.TrimPrefix(h, "\ufeff"), ";", ",")
	}
	_, err := io.WriteString(out, h)
	return err
}

// sep is the dialect's field separator.
func (d CSVDialect) sep() byte {
	if d == RFC4180 {
		return ','
	}
	return ';'
}

// LineCSV writes lines as rows of the line-detail CSV (see LinesCSV), so
// that a category's rows can be written as its lines are rated. It writes
// each row as encoding/csv's Writer would (its Comma, CRLF, its quoting rules:
// the tests hold it to that), without a string per field: a national
// year's 1.3 million rows spent more time in encoding/csv than in rating.
type LineCSV struct {
	w     io.Writer
	buf   []byte
	comma bool // a decimal comma (ExcelSwedish)
	sep   byte // between fields
}

// NewLineCSV writes rows in dialect d to out, which it buffers.
func NewLineCSV(out io.Writer, d CSVDialect) *LineCSV {
	return &LineCSV{w: out, buf: make([]byte, 0, 64<<10), comma: d == ExcelSwedish, sep: d.sep()}
}

// number appends a number field: d as dectext writes it (places decimals
// when places ≥ 0), its point a comma in the Swedish dialect.
func (e *LineCSV) number(b []byte, d decimal.Decimal, places int32) []byte {
	start := len(b)
	if places >= 0 {
		b = dectext.AppendFixed(b, d, places)
	} else {
		b = dectext.Append(b, d)
	}
	if e.comma {
		if i := bytes.IndexByte(b[start:], '.'); i >= 0 {
			b[start+i] = ','
		}
	}
	return b
}

// Line writes a line's row.
func (e *LineCSV) Line(l billing.Line) error {
	b := e.buf
	b = appendCSVText(e.sep, b, string(l.Category))
	b = appendCSVText(e.sep, append(b, e.sep), l.Member)
	b = appendCSVText(e.sep, append(b, e.sep), l.Department)
	b = append(b, e.sep)
	if !l.Date.IsZero() {
		b = appendDate(b, l.Date)
	}
	b = appendCSVText(e.sep, append(b, e.sep), l.Ref)
	b = appendCSVText(e.sep, append(b, e.sep), l.Description)
	b = appendCSVText(e.sep, append(b, e.sep), l.Clause)
	b = e.number(append(b, e.sep), l.Quantity, -1)
	b = appendCSVText(e.sep, append(b, e.sep), l.Unit)
	b = e.number(append(b, e.sep), l.UnitPrice, -1)
	b = e.number(append(b, e.sep), l.Extra, -1)
	b = e.number(append(b, e.sep), l.Amount, 2)
	b = appendCSVText(e.sep, append(b, e.sep), string(l.Status))
	b = appendCSVText(e.sep, append(b, e.sep), l.Column)
	b = appendCSVText(e.sep, append(b, e.sep), l.Explained())
	b = appendCSVText(e.sep, append(b, e.sep), l.File)
	b = append(b, e.sep)
	if !l.Derived {
		b = strconv.AppendInt(b, int64(l.Row), 10)
	}
	b = append(b, '\r', '\n')
	e.buf = b
	if len(b) >= 60<<10 {
		return e.Flush()
	}
	return nil
}

// Flush writes out what is buffered.
func (e *LineCSV) Flush() error {
	if len(e.buf) == 0 {
		return nil
	}
	_, err := e.w.Write(e.buf)
	e.buf = e.buf[:0]
	return err
}

// appendCSVText appends a text field, neutralised (see Neutralise) and
// quoted where encoding/csv would quote it.
func appendCSVText(sep byte, b []byte, s string) []byte {
	if s == "" {
		return b
	}
	// The common case: no character to neutralise, quote or escape.
	if c := s[0]; c > ' ' && c < utf8.RuneSelf && c != '=' && c != '+' && c != '-' && c != '@' && c != '\\' && c != '"' && c != sep {
		plain := true
		for i := 1; i < len(s); i++ {
			if c := s[i]; c == '"' || c == sep || c == '\r' || c == '\n' {
				plain = false
				break
			}
		}
		if plain {
			return append(b, s...)
		}
	}
	prefix := neutralPrefix(s)
	special := strings.ContainsAny(s, "\"\r\n") || strings.IndexByte(s, sep) >= 0
	if !special && (prefix != "" || s != `\.` && !startsWithSpace(s)) {
		return append(append(b, prefix...), s...)
	}
	b = append(b, '"')
	b = append(b, prefix...)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b = append(b, '"', '"')
		case '\r': // a CRLF writer drops it and writes \n as CRLF
		case '\n':
			b = append(b, '\r', '\n')
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// appendDate appends t's day as 2025-03-31, as t.AppendFormat with
// time.DateOnly does, without parsing the layout each time.
func appendDate(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	if y < 1000 || y > 9999 {
		return t.AppendFormat(b, time.DateOnly)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+d/10), byte('0'+d%10))
}

func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// Neutralise makes text that a spreadsheet would execute inert by putting an
// apostrophe before it. Numbers (a leading minus followed by a digit) are
// left alone.
func Neutralise(s string) string { return neutralPrefix(s) + s }

// neutralPrefix is what Neutralise puts before s: an apostrophe or nothing.
func neutralPrefix(s string) string {
	if s == "" {
		return ""
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r':
		return "'"
	case '-':
		if len(s) > 1 && (s[1] >= '0' && s[1] <= '9' || s[1] == '.') && strings.Trim(s[1:], "0123456789.") == "" {
			return ""
		}
		return "'"
	}
	return ""
}
