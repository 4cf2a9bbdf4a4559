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
	if exp := d.Exponent(); exp <= 0 && exp >= -Places && d.NumDigits() <= 12 {
		c := d.CoefficientInt64() * pow10[Places+exp] // below 10^18 in magnitude
		if n := s.n + c; (c >= 0) == (n >= s.n) {     // no overflow
			s.n = n
			return
		}
	}
	s.rest = s.rest.Add(d)
}

// Decimal returns the sum. Its exponent is not that of the terms: compare
// values (Equal, Cmp), not strings.
func (s Sum) Decimal() decimal.Decimal {
	return decimal.New(s.n, -Places).Add(s.rest)
}
