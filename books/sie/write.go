package sie

import (
	"bufio"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/charmap"
)

// File is an SIE 4I file: the header, what the vouchers use, the vouchers.
type File struct {
	Program, Version string
	Generated        time.Time // #GEN
	Company          string    // #FNAMN
	OrgNumber        string    // #ORGNR, nnnnnn-nnnn
	Currency         string    // #VALUTA; written only when not SEK (SIE's default)
	Accounts         []Account
	Dims             []Dim
	Objects          []Object
	Vouchers         []Voucher
}

// Account is a #KONTO.
type Account struct{ Number, Name string }

// Dim is a #DIM.
type Dim struct {
	Number int
	Name   string
}

// Object is an #OBJEKT.
type Object struct {
	Dim      int
	ID, Name string
}

// ObjectRef is an entry of a #TRANS row's object list.
type ObjectRef struct {
	Dim int
	ID  string
}

// Voucher is a #VER with its #TRANS rows.
type Voucher struct {
	Series, Number string // "" for the importing program to number
	Date           time.Time
	Text           string
	Trans          []Trans
}

// Trans is a #TRANS row: positive debit, negative credit.
type Trans struct {
	Account string
	Objects []ObjectRef
	Amount  decimal.Decimal
}

// FieldError is a value Write cannot write: what holds it, and why.
type FieldError struct {
	Field string // e.g. "#FNAMN", "#OBJEKT 8 1861 name", "#VER 3 text"
	Value string
	Err   error
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("SIE %s %q: %v", e.Field, e.Value, e.Err)
}

func (e *FieldError) Unwrap() error { return e.Err }

// The reasons of a FieldError.
var (
	ErrNotCP437  = errors.New("holds a character code page 437 (#FORMAT PC8) cannot hold")
	ErrBackslash = errors.New("holds a backslash, which SIE's quoting cannot tell from an escape")
	ErrControl   = errors.New("holds a control character (a tab or a line break)")
	ErrDecimals  = errors.New("has more than two decimals")
)

// writer writes records, CP437, CRLF, and sums them.
type writer struct {
	w   *bufio.Writer
	crc hash.Hash32
	sum bool // whether records now count in the checksum
	buf []byte
	err error
}

// field is one field of a record as written.
type field struct {
	kind    int // bare, quoted, list
	text    string
	list    []ObjectRef
	context string // for a FieldError
}

const (
	bare = iota
	quoted
	list
)

func (w *writer) record(label string, fields ...field) {
	if w.err != nil {
		return
	}
	b := append(w.buf[:0], label...)
	if w.sum {
		w.crc.Write([]byte(label))
	}
	for _, f := range fields {
		b = append(b, ' ')
		switch f.kind {
		case bare:
			b = append(b, f.text...) // ASCII by construction
			w.count([]byte(f.text))
		case quoted:
			enc, err := cp437(f.text)
			if err != nil {
				w.err = &FieldError{Field: f.context, Value: f.text, Err: err}
				return
			}
			b = append(b, '"')
			for _, c := range enc {
				if c == '"' {
					b = append(b, '\\')
				}
				b = append(b, c)
			}
			b = append(b, '"')
			w.count(enc)
		case list:
			b = append(b, '{')
			for i, o := range f.list {
				if i > 0 {
					b = append(b, ' ')
				}
				enc, err := cp437(o.ID)
				if err != nil {
					w.err = &FieldError{Field: f.context + " object", Value: o.ID, Err: err}
					return
				}
				d := strconv.Itoa(o.Dim)
				b = append(b, d...)
				b = append(b, ' ', '"')
				for _, c := range enc {
					if c == '"' {
						b = append(b, '\\')
					}
					b = append(b, c)
				}
				b = append(b, '"')
				w.count([]byte(d))
				w.count(enc)
			}
			b = append(b, '}')
		}
	}
	b = append(b, '\r', '\n')
	w.buf = b
	_, w.err = w.w.Write(b)
}

func (w *writer) count(b []byte) {
	if w.sum {
		w.crc.Write(b)
	}
}

func (w *writer) line(s string) {
	if w.err == nil {
		_, w.err = w.w.WriteString(s + "\r\n")
	}
}

// cp437 encodes s, refusing what the file could not hold faithfully.
func cp437(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			return nil, ErrNotCP437
		case r == '\\':
			return nil, ErrBackslash
		case r < ' ' || r == 0x7f:
			return nil, ErrControl
		}
		c, ok := charmap.CodePage437.EncodeRune(r)
		if !ok {
			return nil, fmt.Errorf("%w (%q)", ErrNotCP437, r)
		}
		out = append(out, c)
	}
	return out, nil
}

func text(s, context string) field { return field{kind: quoted, text: s, context: context} }
func word(s string) field          { return field{kind: bare, text: s} }
func date(t time.Time) field       { return word(t.Format("20060102")) }

// Amount writes a as SIE does: a point, two decimals. It refuses more.
func Amount(a decimal.Decimal) (string, error) {
	if !a.Round(2).Equal(a) {
		return "", ErrDecimals
	}
	return a.StringFixed(2), nil
}

// Write writes f to out and returns the checksum written.
func Write(out io.Writer, f *File) (uint32, error) {
	w := &writer{w: bufio.NewWriterSize(out, 64<<10), crc: crc32.NewIEEE()}
	w.record("#FLAGGA", word("0"))
	w.line("#KSUMMA")
	w.sum = true
	w.record("#PROGRAM", text(f.Program, "#PROGRAM"), text(f.Version, "#PROGRAM version"))
	w.record("#FORMAT", word("PC8"))
	w.record("#GEN", date(f.Generated))
	w.record("#SIETYP", word("4"))
	w.record("#FNAMN", text(f.Company, "#FNAMN"))
	if f.OrgNumber != "" {
		if !orgNumber(f.OrgNumber) {
			return 0, &FieldError{Field: "#ORGNR", Value: f.OrgNumber, Err: errors.New("is not nnnnnn-nnnn")}
		}
		w.record("#ORGNR", word(f.OrgNumber))
	}
	if f.Currency != "" && f.Currency != "SEK" {
		if !currency(f.Currency) {
			return 0, &FieldError{Field: "#VALUTA", Value: f.Currency, Err: errors.New("is not an ISO 4217 code")}
		}
		w.record("#VALUTA", word(f.Currency))
	}
	for _, a := range f.Accounts {
		if !accountNumber(a.Number) {
			return 0, &FieldError{Field: "#KONTO", Value: a.Number, Err: errors.New("is not an account number (digits)")}
		}
		w.record("#KONTO", word(a.Number), text(a.Name, "#KONTO "+a.Number+" name"))
	}
	for _, d := range f.Dims {
		w.record("#DIM", word(strconv.Itoa(d.Number)), text(d.Name, fmt.Sprintf("#DIM %d name", d.Number)))
	}
	for _, o := range f.Objects {
		ctx := fmt.Sprintf("#OBJEKT %d %s", o.Dim, o.ID)
		w.record("#OBJEKT", word(strconv.Itoa(o.Dim)), text(o.ID, ctx), text(o.Name, ctx+" name"))
	}
	for i, v := range f.Vouchers {
		ctx := fmt.Sprintf("#VER %d (%s)", i+1, v.Text)
		w.record("#VER", text(v.Series, ctx+" series"), text(v.Number, ctx+" number"), date(v.Date), text(v.Text, ctx+" text"))
		w.line("{")
		for _, t := range v.Trans {
			if !accountNumber(t.Account) {
				return 0, &FieldError{Field: ctx + " #TRANS", Value: t.Account, Err: errors.New("is not an account number (digits)")}
			}
			amt, err := Amount(t.Amount)
			if err != nil {
				return 0, &FieldError{Field: ctx + " #TRANS " + t.Account, Value: t.Amount.String(), Err: err}
			}
			w.record("#TRANS", word(t.Account), field{kind: list, list: t.Objects, context: ctx + " #TRANS " + t.Account}, word(amt))
		}
		w.line("}")
	}
	if w.err != nil {
		return 0, w.err
	}
	sum := w.crc.Sum32()
	w.sum = false
	w.record("#KSUMMA", word(strconv.FormatUint(uint64(sum), 10)))
	if w.err != nil {
		return 0, w.err
	}
	return sum, w.w.Flush()
}

func orgNumber(s string) bool {
	if len(s) != 11 || s[6] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 6 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func accountNumber(s string) bool {
	if s == "" || len(s) > 10 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func currency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, c := range []byte(s) {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}
