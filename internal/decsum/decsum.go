package decsum

import "github.com/shopspring/decimal"

// Places is the precision of the fast path: terms with at most this many
// decimals (and at most 12 significant digits) are added as int64.
const Places = 6

var pow10 = [...]int64{1, 10, 100, 1_000, 10_000, 100_000, 1_000_000}

// Sum is an exact running sum of decimals; the zero value is 0.
type Sum struct {
	n    int64           // the fast terms, in units of 10^-Places
	rest decimal.Decimal // the others
}

// Add adds d.
func (s *Sum) Add(d decimal.Decimal) {
	if d.NumDigits() <= 12 {
		s.AddCoefficient(d.CoefficientInt64(), d.Exponent())
		return
	}
	s.rest = s.rest.Add(d)
}

// AddCoefficient adds c × 10^exp: Add for a figure worked out in int64,
// which spares making it a decimal first.
func (s *Sum) AddCoefficient(c int64, exp int32) {
	if exp <= 0 && exp >= -Places && c > -1_000_000_000_000 && c < 1_000_000_000_000 {
		f := c * pow10[Places+exp]                // below 10^18 in magnitude
		if n := s.n + f; (f >= 0) == (n >= s.n) { // no overflow
			s.n = n
			return
		}
	}
	s.rest = s.rest.Add(decimal.New(c, exp))
}

// IsZero reports whether the sum is zero, except where the int64 terms and
// the others cancel each other (then it says false and Decimal gives 0).
func (s Sum) IsZero() bool { return s.n == 0 && s.rest.IsZero() }

// Int64 returns the sum as c × 10^exp when the int64 terms hold all of it
// (ok is false otherwise).
func (s Sum) Int64() (c int64, exp int32, ok bool) {
	return s.n, -Places, s.rest.IsZero()
}

// Decimal returns the sum. Its exponent is not that of the terms: compare
// values (Equal, Cmp), not strings.
func (s Sum) Decimal() decimal.Decimal {
	if s.rest.IsZero() {
		return decimal.New(s.n, -Places)
	}
	return decimal.New(s.n, -Places).Add(s.rest)
}
