package billing

import (
	"bytes"
	"strconv"

	"github.com/shopspring/decimal"

	"memberfee/internal/decsum"
	"memberfee/internal/dectext"
	"memberfee/internal/fixed"
)

// Exact is a charged line's amount before rounding to the öre, as
// Base + Per60/60: support's time is minutes/60, which need not terminate
// as a decimal, so its q·p is kept apart and divided once, for a sum. Each
// category makes its own (Category.Exact); a sheet sums them for the
// exact-against-rounded check and pre-rounds its amount formula by them
// (Places).
type Exact struct {
	Base, Per60 Figure
	per60       bool // the formula rounds Per60/60, not Base (support)
}

// Places returns the decimals a sheet pre-rounds the exact amount to
// before rounding it to the öre, as a spreadsheet's reader denoises it: its
// own decimals where a spreadsheet number of maxDigits significant digits
// holds them and they are more than two; 0 for none; −1 for support time
// whose q·p/60 does not terminate as a decimal.
func (x Exact) Places(maxDigits int) int {
	if !x.per60 {
		return x.Base.places(maxDigits)
	}
	if q, ok := div60(x.Per60); ok {
		return q.places(maxDigits)
	}
	return -1
}

// places is Exact.Places of the figure alone.
func (x Figure) places(maxDigits int) int {
	var buf [32]byte
	text := x.AppendText(buf[:0])
	if dot := bytes.IndexByte(text, '.'); dot >= 0 {
		places, intDigits := len(text)-dot-1, dot
		if text[0] == '-' {
			intDigits--
		}
		if places > 2 && intDigits+places <= maxDigits {
			return places
		}
	}
	return 0
}

// preRounded rounds expr to the öre, after pre-rounding it to places
// decimals unless places is 0 (or −1): the amount formulas' shared end.
func preRounded(expr string, places int) string {
	if places > 0 {
		expr = "ROUND(" + expr + "," + strconv.Itoa(places) + ")"
	}
	return "ROUND(" + expr + ",2)"
}

// Figure is an exact figure of a line: n when small (worked in int64
// through internal/fixed: a line sheet has them by the hundred thousand,
// and a decimal product is three allocations), else the decimal d.
type Figure struct {
	n     fixed.Num
	small bool
	d     decimal.Decimal
}

// FigureOf returns d as a figure.
func FigureOf(d decimal.Decimal) Figure { return Figure{d: d} }

// Product returns a × b.
func Product(a, b decimal.Decimal) Figure {
	if x, ok := fixed.Of(a); ok {
		if y, ok := fixed.Of(b); ok {
			if p, ok := fixed.Mul(x, y); ok {
				return Figure{n: p, small: true}
			}
		}
	}
	return Figure{d: a.Mul(b)}
}

// AddTo adds the figure to s.
func (x Figure) AddTo(s *decsum.Sum) {
	if x.small {
		s.AddCoefficient(x.n.C, x.n.E)
	} else {
		s.Add(x.d)
	}
}

// AppendText appends the figure as dectext.Append writes a decimal.
func (x Figure) AppendText(b []byte) []byte {
	if x.small {
		return dectext.AppendCoefficient(b, x.n.C, x.n.E)
	}
	return dectext.Append(b, x.d)
}

// Decimal returns the figure as a decimal.
func (x Figure) Decimal() decimal.Decimal {
	if x.small {
		return x.n.Decimal()
	}
	return x.d
}

// div60 returns d/60 when it is a terminating decimal: when d's
// coefficient is divisible by 3, since d/60 = (d/3)·5/100.
func div60(x Figure) (Figure, bool) {
	if !x.small {
		if n, ok := fixed.Of(x.d); ok {
			x = Figure{n: n, small: true}
		}
	}
	if x.small {
		if x.n.C%3 != 0 {
			return Figure{}, false
		}
		if q, ok := fixed.Mul(fixed.New(x.n.C/3, x.n.E), fixed.New(5, -2)); ok {
			return Figure{n: q, small: true}, true
		}
	}
	d := x.Decimal()
	q, r := d.QuoRem(decimal.NewFromInt(3), -d.Exponent())
	if !r.IsZero() {
		return Figure{}, false
	}
	return Figure{d: q.Mul(decimal.New(5, -2))}, true // d/60 = (d/3)·5/100
}
