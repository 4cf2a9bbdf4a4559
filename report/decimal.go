package report

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// appendDecimal appends d exactly as d.String() writes it (no exponent,
// no trailing zeros after the point), without the big-integer arithmetic
// String uses when the coefficient fits in an int64: a line sheet writes
// millions of them.
func appendDecimal(b []byte, d decimal.Decimal) []byte {
	if d.NumDigits() > 18 {
		return append(b, d.String()...)
	}
	c, exp := d.CoefficientInt64(), int(d.Exponent())
	if c == 0 {
		return append(b, '0')
	}
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	var tmp [24]byte
	digits := strconv.AppendUint(tmp[:0], uint64(c), 10)
	if exp >= 0 {
		b = append(b, digits...)
		for range exp {
			b = append(b, '0')
		}
		return b
	}
	scale := -exp
	for scale > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		scale--
	}
	switch {
	case scale == 0:
		return append(b, digits...)
	case len(digits) > scale:
		b = append(b, digits[:len(digits)-scale]...)
		b = append(b, '.')
		return append(b, digits[len(digits)-scale:]...)
	}
	b = append(b, '0', '.')
	for i := len(digits); i < scale; i++ {
		b = append(b, '0')
	}
	return append(b, digits...)
}
