package report

import (
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"memberfee/billing"
)

// TestRoundDecimalFormula: the decimal path (and the int64 one) writes the
// formula the rational one does.
func TestRoundDecimalFormula(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20_000 {
		d := decimal.New(r.Int64N(2_000_000_000_000_000)-1_000_000_000_000_000, int32(r.IntN(12)-10))
		want := roundFormula("G5*I5", d.Rat(), 2)
		for _, fig := range []exactFigure{{d: d}, {c: d.CoefficientInt64(), e: d.Exponent(), small: true}} {
			if got := roundDecimalFormula("G5*I5", fig); got != want {
				t.Fatalf("%s: %s, want %s", d, got, want)
			}
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
		if r.IntN(10) == 0 {
			q = decimal.New(r.Int64(), -int32(r.IntN(3))) // beyond int64 once multiplied
		}
		p := decimal.New(r.Int64N(200_000), -int32(r.IntN(3)))
		qp := q.Mul(p)
		exact := new(big.Rat).Quo(qp.Rat(), sixty)
		want := roundFormula("G5*I5/60", exact, 2)
		// As a line sheet works it (int64 where it fits) and as a decimal.
		for _, fig := range []exactFigure{product(q, p), {d: qp}} {
			if !fig.decimal().Equal(qp) {
				t.Fatalf("product(%s, %s) = %s", q, p, fig.decimal())
			}
			got := "ROUND(G5*I5/60,2)"
			if d, ok := div60(fig); ok {
				if d.decimal().Rat().Cmp(exact) != 0 {
					t.Fatalf("div60(%s) = %s", qp, d.decimal())
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
}

// roundDecimalFormula is roundFormula to the öre for an exact figure.
func roundDecimalFormula(expr string, exact exactFigure) string {
	return preRounded(expr, preRound(exact))
}

// TestAmountFormulasPortable: no line amount takes N() of its extra, which
// Gnumeric computes as #NUM! for a blank cell (1 640 line amounts of the
// example failed there); a blank extra is 0 by plain arithmetic.
func TestAmountFormulasPortable(t *testing.T) {
	for _, c := range billing.Categories {
		for _, places := range []int{-1, 0, 3, 4} {
			f := amountFormula(formulaKey{c, places}, "5")
			if strings.Contains(f, "N(") {
				t.Errorf("%s: %s", c, f)
			}
		}
	}
	for key, want := range map[formulaKey]string{
		{billing.Equipment, 0}: "ROUND(G5*I5*(1+J5),2)",
		{billing.Equipment, 4}: "ROUND(ROUND(G5*I5*(1+J5),4),2)",
		{billing.Support, -1}:  "ROUND(G5*I5/60,2)+J5",
		{billing.Support, 3}:   "ROUND(ROUND(G5*I5/60,3),2)+J5",
		{billing.Storage, 0}:   "ROUND(G5*I5,2)",
	} {
		if got := amountFormula(key, "5"); got != want {
			t.Errorf("%+v: %s, want %s", key, got, want)
		}
	}
}

// TestAmountRowFormula: an amount formula made once with the row mark and
// joined by a row's number (as a line sheet writes it, xlsx.RowFormula) is
// the formula made for that row.
func TestAmountRowFormula(t *testing.T) {
	for _, c := range billing.Categories {
		for _, places := range []int{-1, 0, 3, 4} {
			k := formulaKey{c, places}
			for _, row := range []int{1, 5, 1_048_576} {
				n := strconv.Itoa(row)
				if got, want := strings.Join(strings.Split(amountFormula(k, rowMark), rowMark), n), amountFormula(k, n); got != want {
					t.Errorf("%+v row %d: %s, want %s", k, row, got, want)
				}
			}
		}
	}
}
