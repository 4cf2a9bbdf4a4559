package decsum

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestSumIsExact: a Sum equals the decimals' own sum, whatever the terms:
// small and large, few and many decimals, near the int64 limit, added as
// decimals or as coefficients.
func TestSumIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for trial := range 200 {
		var s Sum
		want := decimal.Zero
		for range 1000 {
			var d decimal.Decimal
			switch r.IntN(5) {
			case 0:
				d = decimal.New(r.Int64N(1_000_000_000_000)-500_000_000_000, -int32(r.IntN(9)))
			case 1:
				d = decimal.New(r.Int64(), int32(r.IntN(5)-2)) // beyond the fast path
			default:
				d = decimal.New(r.Int64N(100_000_00)-50_000_00, -2) // amounts to the öre
			}
			if r.IntN(2) == 0 && d.NumDigits() <= 18 {
				s.AddCoefficient(d.CoefficientInt64(), d.Exponent()) // as a figure worked out in int64
			} else {
				s.Add(d)
			}
			want = want.Add(d)
		}
		if got := s.Decimal(); !got.Equal(want) {
			t.Fatalf("trial %d: %s, want %s", trial, got, want)
		}
	}
	var s Sum
	for range 20 {
		s.Add(decimal.New(999_999_999_999, 0)) // 10^12 × 10^6 per term: overflows int64 after 9
	}
	if want := decimal.New(999_999_999_999, 0).Mul(decimal.NewFromInt(20)); !s.Decimal().Equal(want) {
		t.Fatalf("near the limit: %s, want %s", s.Decimal(), want)
	}
}
