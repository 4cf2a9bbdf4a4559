package billing

import (
	"math/big"
	"testing"
)

// TestProductAndDiv60: Product is a × b, in int64 where it fits and as a
// decimal beyond, and div60 is exact where it says q·p/60 terminates and
// says so wherever it does, on either side of each int64 bound.
func TestProductAndDiv60(t *testing.T) {
	tests := []struct {
		q, p       string
		terminates bool
	}{
		{"45", "925", true},                               // 693.75
		{"7", "999.98", false},                            // 116.664333…
		{"6", "999.98", true},                             // 99.998
		{"-15", "925.5", true},                            // a credit
		{"999999999", "999999999", true},                  // 9 digits each: int64
		{"1000000000", "999999999", true},                 // 10 digits: a decimal
		{"4611686018427387903", "1", true},                // 2^62 − 1: the int64 path's edge
		{"4611686018427387904", "1", false},               // 2^62: the decimal path
		{"4611686018427387906", "1", true},                // 2^62 + 2, divisible by 3: the decimal path
		{"123456789012345678901234567890", "0.03", true},  // far beyond int64
		{"123456789012345678901234567891", "0.01", false}, // far beyond, not divisible by 3
		{"0", "925", true},
	}
	sixty := big.NewRat(60, 1)
	for _, tt := range tests {
		q, p := dec(tt.q), dec(tt.p)
		qp := q.Mul(p)
		for _, fig := range []Figure{Product(q, p), FigureOf(qp)} {
			if !fig.Decimal().Equal(qp) {
				t.Errorf("Product(%s, %s) = %s", q, p, fig.Decimal())
			}
			d, ok := div60(fig)
			if ok != tt.terminates {
				t.Errorf("div60(%s): terminates %v, want %v", qp, ok, tt.terminates)
			}
			if exact := new(big.Rat).Quo(qp.Rat(), sixty); ok && d.Decimal().Rat().Cmp(exact) != 0 {
				t.Errorf("div60(%s) = %s, want %s", qp, d.Decimal(), exact.FloatString(10))
			}
		}
	}
}
