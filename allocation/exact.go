package allocation

import (
	"math/big"

	"github.com/shopspring/decimal"

	"memberfee/internal/fixed"
)

// The calculation keeps its exact quotients as integer numerators over a
// denominator they share (every key share over one denominator, every quota
// over another) instead of as reduced big.Rat values: reducing a fraction
// takes a GCD, and doing that for every member and step made an allocation of
// 290 members cost milliseconds. The exported working (MemberFee.Share,
// Part.Quota, …) builds the reduced rational when it is asked for.

// pow10 returns 10^n for n ≥ 0; the result may be shared: never modify it.
func pow10(n int32) *big.Int {
	if n < int32(len(smallPow10)) {
		return smallPow10[n]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// smallPow10 are 10^0 … 10^18, shared and never modified.
var smallPow10 = func() []*big.Int {
	p := make([]*big.Int, 19)
	for i, v := 0, int64(1); i < len(p); i, v = i+1, v*10 {
		p[i] = big.NewInt(v)
	}
	return p
}()

// newInts returns n Ints backed by one allocation of n × words Words, so that
// working with integers of up to words words (64 bits each) allocates
// nothing; a larger result gets its own storage as usual.
func newInts(n, words int) []big.Int {
	ints := make([]big.Int, n)
	buf := make([]big.Word, n*words)
	for i := range ints {
		ints[i].SetBits(buf[i*words : i*words : (i+1)*words])
	}
	return ints
}

// setDecimal sets z to d's coefficient scaled to the exponent e ≤ d's:
// z = d × 10^−e.
func setDecimal(z *big.Int, d decimal.Decimal, e int32) *big.Int {
	if n, ok := fixed.Of(d); ok {
		z.SetInt64(n.C)
	} else {
		z.Set(d.Coefficient())
	}
	if s := d.Exponent() - e; s > 0 {
		z.Mul(z, pow10(s))
	}
	return z
}

// fraction returns d as num/den with den a power of ten, both new Ints.
func fraction(d decimal.Decimal) (num, den *big.Int) {
	num, e := d.Coefficient(), d.Exponent()
	if e >= 0 {
		return num.Mul(num, pow10(e)), big.NewInt(1)
	}
	return num, new(big.Int).Set(pow10(-e))
}

// rounder rounds exact figures to whole rounding units and turns whole
// units into money: unit = coef × 10^exp.
type rounder struct {
	coef *big.Int
	exp  int32
	unit fixed.Num // coef × 10^exp, when fast
	fast bool      // whether the unit fits in a fixed.Num
}

func newRounder(unit decimal.Decimal) *rounder {
	u := &rounder{coef: unit.Coefficient(), exp: unit.Exponent()}
	u.unit, u.fast = fixed.Of(unit)
	return u
}

// inUnits returns num'/den' = (num/den) / unit, as new Ints.
func (u *rounder) inUnits(num, den *big.Int) (*big.Int, *big.Int) {
	n, d := new(big.Int).Set(num), new(big.Int).Mul(den, u.coef)
	if u.exp >= 0 {
		d.Mul(d, pow10(u.exp))
	} else {
		n.Mul(n, pow10(-u.exp))
	}
	return n, d
}

// units sets z to (num/den)/unit rounded half away from zero to whole units
// and returns z.
func (u *rounder) units(z, num, den *big.Int) *big.Int {
	n, d := u.inUnits(num, den)
	return fixed.RoundQuo(z, n, n, d)
}

// roundUnits sets z to x/unit rounded half away from zero and returns z.
func (u *rounder) roundUnits(z *big.Int, x decimal.Decimal) *big.Int {
	if f, ok := fixed.Of(x); ok {
		if n, ok := u.round64(f.C, f.E); ok {
			return z.SetInt64(n)
		}
	}
	num, den := fraction(x)
	return u.units(z, num, den)
}

// round64 returns c × 10^e / unit rounded half away from zero to whole
// units, in fixed point; ok is false when the figures are too large for it.
func (u *rounder) round64(c int64, e int32) (n int64, ok bool) {
	if !u.fast {
		return 0, false
	}
	q, ok := fixed.Div(fixed.New(c, e), u.unit, 0)
	return q.C, ok
}

// roundDecimal returns R(x).
func (u *rounder) roundDecimal(x decimal.Decimal) decimal.Decimal {
	return u.amount(u.roundUnits(new(big.Int), x))
}

// amount returns n whole units as money, n × unit.
func (u *rounder) amount(n *big.Int) decimal.Decimal {
	if n.IsInt64() {
		return u.amountInt(n.Int64())
	}
	return decimal.NewFromBigInt(new(big.Int).Mul(n, u.coef), u.exp)
}

// amountInt is amount for an int64 count of units.
func (u *rounder) amountInt(n int64) decimal.Decimal {
	if u.fast {
		if a, ok := fixed.Mul(fixed.New(n, 0), u.unit); ok {
			return a.Decimal()
		}
	}
	return decimal.NewFromBigInt(new(big.Int).Mul(big.NewInt(n), u.coef), u.exp)
}

// wholeUnits returns x / unit and whether it is a whole number.
func (u *rounder) wholeUnits(x decimal.Decimal) (*big.Int, bool) {
	num, den := fraction(x)
	n, d := u.inUnits(num, den)
	q, r := n.QuoRem(n, d, new(big.Int))
	return q, r.Sign() == 0
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
