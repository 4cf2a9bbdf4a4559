package dectext

import (
	"strconv"

	"github.com/shopspring/decimal"

	"memberfee/internal/fixed"
)

// Append appends d exactly as d.String() writes it: no exponent, no
// trailing zeros after the point.
func Append(b []byte, d decimal.Decimal) []byte {
	n, ok := fixed.Of(d)
	if !ok {
		return append(b, d.String()...)
	}
	return AppendCoefficient(b, n.C, n.E)
}

// AppendCoefficient appends c × 10^exp as Append writes the decimal:
// for a figure worked out in int64, without making it a decimal first.
func AppendCoefficient(b []byte, c int64, e int32) []byte {
	exp := int(e)
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

// AppendFixed appends d exactly as d.StringFixed(places) writes it: rounded
// half away from zero to places decimals, with trailing zeros.
func AppendFixed(b []byte, d decimal.Decimal, places int32) []byte {
	r := d
	if d.Exponent() < -places { // more decimals than places: round (amounts already rounded need not)
		r = d.Round(places)
	}
	n, ok := fixed.Of(r)
	if !ok || n.E > 0 {
		return append(b, d.StringFixed(places)...)
	}
	c, exp := n.C, -int(n.E)
	for exp < int(places) { // fewer decimals than places: pad
		c *= 10
		exp++
		if c > 100_000_000_000_000_000 || c < -100_000_000_000_000_000 {
			return append(b, d.StringFixed(places)...)
		}
	}
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	var tmp [24]byte
	digits := strconv.AppendUint(tmp[:0], uint64(c), 10)
	if places == 0 {
		return append(b, digits...)
	}
	if len(digits) <= int(places) {
		b = append(b, '0', '.')
		for i := len(digits); i < int(places); i++ {
			b = append(b, '0')
		}
		return append(b, digits...)
	}
	b = append(b, digits[:len(digits)-int(places)]...)
	b = append(b, '.')
	return append(b, digits[len(digits)-int(places):]...)
}
