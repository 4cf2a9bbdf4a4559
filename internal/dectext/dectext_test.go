package dectext

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestAppendDecimal: the fast path writes what decimal.String writes.
func TestAppendDecimal(t *testing.T) {
	cases := []decimal.Decimal{decimal.Zero, {}, decimal.New(0, -3), decimal.New(12, 2), decimal.New(-5, -3),
		decimal.RequireFromString("97.60"), decimal.RequireFromString("-0.10"), decimal.RequireFromString("123456789012345678901234.5"),
		decimal.New(999_999_999_999_999_999, -18), decimal.New(-999_999_999_999_999_999, 3)}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		c := r.Int64N(2_000_000_000_000) - 1_000_000_000_000
		if r.IntN(4) == 0 {
			c = r.Int64() - r.Int64()/2
		}
		cases = append(cases, decimal.New(c, int32(r.IntN(30)-22)))
	}
	for _, d := range cases {
		if got, want := string(Append(nil, d)), d.String(); got != want {
			t.Fatalf("coefficient %s exponent %d: %q, want %q", d.Coefficient(), d.Exponent(), got, want)
		}
	}
}

// TestAppendCoefficient: c × 10^e writes as decimal.New(c, e).String(),
// the extremes of int64 included.
func TestAppendCoefficient(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 100_000 {
		c := r.Int64() >> r.IntN(64)
		switch i {
		case 0:
			c = math.MinInt64
		case 1:
			c = math.MaxInt64
		}
		if r.IntN(2) == 0 {
			c = -c
		}
		e := int32(r.IntN(40) - 25)
		if got, want := string(AppendCoefficient(nil, c, e)), decimal.New(c, e).String(); got != want {
			t.Fatalf("%d × 10^%d: %q, want %q", c, e, got, want)
		}
	}
}

// TestAppendFixed: the fast path writes what decimal.StringFixed writes.
func TestAppendFixed(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	cases := []decimal.Decimal{decimal.Zero, {}, decimal.New(-5, -3), decimal.New(5, -3), decimal.New(-15, -3), decimal.New(12, 2),
		decimal.RequireFromString("-0.004"), decimal.RequireFromString("123456789012345678901234.5")}
	for range 100_000 {
		c := r.Int64N(2_000_000_000_000) - 1_000_000_000_000
		cases = append(cases, decimal.New(c, int32(r.IntN(16)-12)))
	}
	for _, d := range cases {
		for _, places := range []int32{0, 2, 4} {
			if got, want := string(AppendFixed(nil, d, places)), d.StringFixed(places); got != want {
				t.Fatalf("%s to %d places: %q, want %q", d, places, got, want)
			}
		}
	}
}
