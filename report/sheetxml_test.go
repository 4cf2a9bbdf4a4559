package report

import (
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
