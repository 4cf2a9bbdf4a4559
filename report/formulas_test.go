package report

import (
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/internal/xlsx"
)

// TestRoundDecimalFormula: the formula a category writes, pre-rounded by
// its exact amount as a decimal (and in int64 where it fits), is the one the
// rational path writes.
func TestRoundDecimalFormula(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	one := decimal.NewFromInt(1)
	for range 20_000 {
		d := decimal.New(r.Int64N(2_000_000_000_000_000)-1_000_000_000_000_000, int32(r.IntN(12)-10))
		want := roundFormula("G5*I5", d.Rat(), 2)
		for _, fig := range []billing.Figure{billing.FigureOf(d), billing.Product(d, one)} {
			if got := billing.Storage.Formula("G5", "I5", "J5", billing.Exact{Base: fig}.Places(xlsx.MaxDigits)); got != want {
				t.Fatalf("%s: %s, want %s", d, got, want)
			}
		}
	}
}

// TestSupportFormula: support's formula for q·p/60, pre-rounded by its
// exact amount, is the one the rational path writes.
func TestSupportFormula(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	sixty := big.NewRat(60, 1)
	for range 20_000 {
		q := decimal.New(r.Int64N(100_000), -int32(r.IntN(3)))
		if r.IntN(10) == 0 {
			q = decimal.New(r.Int64(), -int32(r.IntN(3))) // beyond int64 once multiplied
		}
		p := decimal.New(r.Int64N(200_000), -int32(r.IntN(3)))
		exact := new(big.Rat).Quo(q.Mul(p).Rat(), sixty)
		want := roundFormula("G5*I5/60", exact, 2) + "+J5"
		places := billing.Support.Exact(&billing.Line{Quantity: q, UnitPrice: p, Extra: decimal.Zero}).Places(xlsx.MaxDigits)
		got := billing.Support.Formula("G5", "I5", "J5", places)
		if places < 0 {
			if _, terminates := decimalPlaces(exact); terminates {
				t.Fatalf("%s·%s/60 is said not to terminate", q, p)
			}
		}
		if got != want {
			t.Fatalf("%s·%s: %s, want %s", q, p, got, want)
		}
	}
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
		{billing.Equipment, 0}: "ROUND(H5*J5*(1+K5),2)",
		{billing.Equipment, 4}: "ROUND(ROUND(H5*J5*(1+K5),4),2)",
		{billing.Support, -1}:  "ROUND(H5*J5/60,2)+K5",
		{billing.Support, 3}:   "ROUND(ROUND(H5*J5/60,3),2)+K5",
		{billing.Storage, 0}:   "ROUND(H5*J5,2)",
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
