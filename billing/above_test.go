package billing

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestAbove: the int64 comparison agrees with decimal's.
func TestAbove(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for range 200_000 {
		d := decimal.New(r.Int64N(2_000_000_000)-1_000_000_000, -int32(r.IntN(12)))
		u := decimal.New(r.Int64N(2_000_000)-1_000_000, -int32(r.IntN(12)))
		if r.IntN(4) == 0 {
			u = d // equal values
		}
		if got, want := above(d, u), d.GreaterThan(u); got != want {
			t.Fatalf("above(%s, %s) = %v", d, u, got)
		}
	}
}
