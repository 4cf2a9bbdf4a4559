package report

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestRoundDecimalFormula: the decimal path writes the formula the
// rational one does.
func TestRoundDecimalFormula(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20_000 {
		d := decimal.New(r.Int64N(2_000_000_000_000_000)-1_000_000_000_000_000, int32(r.IntN(12)-10))
		if got, want := roundDecimalFormula("G5*I5", d), roundFormula("G5*I5", d.Rat(), 2); got != want {
			t.Fatalf("%s: %s, want %s", d, got, want)
		}
	}
}

// TestSupportFormula: the decimal path for support's q·p/60 writes the
// formula the rational one does, and div60 is exact.
func TestSupportFormula(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	sixty := big.NewRat(60, 1)
	for range 20_000 {
		q := decimal.New(r.Int64N(100_000), -int32(r.IntN(3)))
		p := decimal.New(r.Int64N(200_000), -int32(r.IntN(3)))
		qp := q.Mul(p)
		exact := new(big.Rat).Quo(qp.Rat(), sixty)
		want := roundFormula("G5*I5/60", exact, 2)
		got := "ROUND(G5*I5/60,2)"
		if d, ok := div60(qp); ok {
			if d.Rat().Cmp(exact) != 0 {
				t.Fatalf("div60(%s) = %s", qp, d)
			}
			got = roundDecimalFormula("G5*I5/60", d)
		} else if _, terminates := decimalPlaces(exact); terminates {
			t.Fatalf("div60(%s) says it does not terminate", qp)
		}
		if got != want {
			t.Fatalf("%s·%s: %s, want %s", q, p, got, want)
		}
	}
}
