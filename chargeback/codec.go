package chargeback

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"memberfee/internal/fixed"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
)

// The spill's record format: a line as a length-prefixed record whose first
// byte is its status, so that a reader who wants only the charged lines
// skips the others without decoding them. Strings are length-prefixed,
// integers varints, decimals their coefficient and exponent, times in
// time's binary form (the instant and its zone offset, as gob kept them).
// It replaced gob, which took a quarter of a national year's run.

const (
	statusCharged  byte = 'c'
	statusIncluded byte = 'i'

	coefInt64 byte = 0 // the coefficient as a varint
	coefBig   byte = 1 // the coefficient as decimal text
)

// lineEncoder appends lines to a buffer as records.
type lineEncoder struct {
	body []byte
}

// encode appends a charged or included line to dst.
func (e *lineEncoder) encode(dst []byte, l *billing.Line) ([]byte, error) {
	b := e.body[:0]
	switch l.Status {
	case billing.Charged:
		b = append(b, statusCharged)
	case billing.Included:
		b = append(b, statusIncluded)
	default:
		return dst, fmt.Errorf("a %s line is not spilled", l.Status)
	}
	for _, s := range []string{string(l.Category), l.File, l.Member, l.Department, l.Clause, l.Ref, l.Description, l.Unit, l.Column, l.Reason, l.Note} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	b = binary.AppendVarint(b, int64(l.Row))
	t, err := l.Date.MarshalBinary()
	if err != nil {
		return dst, err
	}
	b = append(b, byte(len(t)))
	b = append(b, t...)
	for _, d := range []decimal.Decimal{l.Quantity, l.UnitPrice, l.Extra, l.Amount} {
		b = appendDecimal(b, d)
	}
	if l.Derived {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	e.body = b
	dst = binary.AppendUvarint(dst, uint64(len(b)))
	return append(dst, b...), nil
}

func appendDecimal(b []byte, d decimal.Decimal) []byte {
	b = binary.AppendVarint(b, int64(d.Exponent()))
	if n, ok := fixed.Of(d); ok {
		b = append(b, coefInt64)
		return binary.AppendVarint(b, n.C)
	}
	c := d.Coefficient().String()
	b = append(b, coefBig)
	b = binary.AppendUvarint(b, uint64(len(c)))
	return append(b, c...)
}

// lineDecoder reads records back. Strings that repeat from line to line
// (members, departments, clauses, reasons) are made once.
type lineDecoder struct {
	r       *bufio.Reader
	body    []byte
	pos     int
	err     error
	intern  map[string]string
	lastStr [8]string      // the previous line's repeating texts (see str)
	last    [4]lastDecimal // the previous line's quantity, price, extra and amount
}

// lastDecimal is a decoded decimal kept for the next line: prices and
// extras repeat from line to line, and a decimal made anew costs a big.Int.
type lastDecimal struct {
	coef int64
	exp  int64
	d    decimal.Decimal
	ok   bool
}

// maxInterned bounds the strings a decoder keeps.
const maxInterned = 8192

func newLineDecoder(r io.Reader) *lineDecoder {
	return &lineDecoder{r: bufio.NewReaderSize(r, 64<<10), intern: map[string]string{}}
}

// next decodes the next line with the wanted status into l, skipping the
// others; it returns io.EOF after the last.
func (d *lineDecoder) next(l *billing.Line, chargedOnly bool) error {
	for {
		n, err := binary.ReadUvarint(d.r)
		if err == io.EOF {
			return io.EOF
		}
		if err != nil {
			return err
		}
		if n == 0 || n > 1<<24 {
			return errors.New("a damaged record")
		}
		if chargedOnly {
			st, err := d.r.Peek(1) // the status, read again by decode
			if err != nil {
				return unexpected(err)
			}
			if st[0] != statusCharged {
				if _, err := d.r.Discard(int(n)); err != nil {
					return unexpected(err)
				}
				continue
			}
		}
		if err := d.fill(int(n)); err != nil {
			return err
		}
		return d.decode(l)
	}
}

func (d *lineDecoder) fill(n int) error {
	if cap(d.body) < n {
		d.body = make([]byte, n)
	}
	d.body = d.body[:n]
	_, err := io.ReadFull(d.r, d.body)
	return unexpected(err)
}

func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func (d *lineDecoder) decode(l *billing.Line) error {
	d.pos, d.err = 0, nil
	switch d.byte() {
	case statusCharged:
		l.Status = billing.Charged
	case statusIncluded:
		l.Status = billing.Included
	default:
		return errors.New("a record of an unknown status")
	}
	l.Category = billing.Category(d.str(0))
	l.File = d.str(1)
	l.Member = d.str(2)
	l.Department = d.str(3)
	l.Clause = d.str(4)
	l.Ref = d.str(-1)
	l.Description = d.str(-1)
	l.Unit = d.str(5)
	l.Column = d.str(6)
	l.Reason = d.str(7)
	l.Note = d.str(-1)
	l.Row = int(d.varint())
	tn := int(d.byte())
	if t := d.bytes(tn); d.err == nil {
		l.Date = time.Time{}
		if err := l.Date.UnmarshalBinary(t); err != nil {
			return err
		}
	}
	l.Quantity = d.decimal(0)
	l.UnitPrice = d.decimal(1)
	l.Extra = d.decimal(2)
	l.Amount = d.decimal(3)
	l.Derived = d.byte() == 1
	if d.err == nil && d.pos != len(d.body) {
		d.err = errors.New("a record longer than its fields")
	}
	return d.err
}

func (d *lineDecoder) byte() byte {
	if d.err != nil || d.pos >= len(d.body) {
		d.err = io.ErrUnexpectedEOF
		return 0
	}
	d.pos++
	return d.body[d.pos-1]
}

func (d *lineDecoder) bytes(n int) []byte {
	if d.err != nil || n < 0 || d.pos+n > len(d.body) {
		d.err = io.ErrUnexpectedEOF
		return nil
	}
	d.pos += n
	return d.body[d.pos-n : d.pos]
}

func (d *lineDecoder) uvarint() uint64 { return readVarint(d, binary.Uvarint) }

func (d *lineDecoder) varint() int64 { return readVarint(d, binary.Varint) }

// readVarint reads a varint with read (binary.Varint or binary.Uvarint).
func readVarint[T int64 | uint64](d *lineDecoder, read func([]byte) (T, int)) T {
	if d.err != nil {
		return 0
	}
	v, n := read(d.body[d.pos:])
	if n <= 0 {
		d.err = io.ErrUnexpectedEOF
		return 0
	}
	d.pos += n
	return v
}

// str reads a string. The repeating fields (field ≥ 0) are interned: the
// previous line's value of the field is tried before the table.
func (d *lineDecoder) str(field int) string {
	b := d.bytes(int(d.uvarint()))
	if len(b) == 0 {
		return ""
	}
	if field < 0 {
		return string(b)
	}
	if last := d.lastStr[field]; last == string(b) {
		return last
	}
	s, ok := d.intern[string(b)]
	if !ok {
		s = string(b)
		if len(d.intern) < maxInterned {
			d.intern[s] = s
		}
	}
	d.lastStr[field] = s
	return s
}

// decimal reads the decimal of field i (see last).
func (d *lineDecoder) decimal(i int) decimal.Decimal {
	exp := d.varint()
	switch d.byte() {
	case coefInt64:
		coef := d.varint()
		if l := &d.last[i]; l.ok && l.coef == coef && l.exp == exp {
			return l.d // decimals are values that never change: sharing one is safe
		}
		v := decimal.New(coef, int32(exp))
		d.last[i] = lastDecimal{coef, exp, v, true}
		return v
	case coefBig:
		text := d.bytes(int(d.uvarint()))
		c, ok := new(big.Int).SetString(string(text), 10)
		if !ok {
			d.err = errors.New("a damaged decimal")
			return decimal.Zero
		}
		return decimal.NewFromBigInt(c, int32(exp))
	}
	if d.err == nil {
		d.err = errors.New("a damaged decimal")
	}
	return decimal.Zero
}
