package allocation

import (
	"math"
	"math/big"
	"math/bits"
	"slices"

	"github.com/shopspring/decimal"
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
	if d.NumDigits() <= 18 {
		z.SetInt64(d.CoefficientInt64())
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

// roundQuo returns num/den rounded to an integer half away from zero, as
// RoundToUnit rounds; den must be positive. q and r are scratch space and q
// is returned; q may be num.
func roundQuo(q, r, num, den *big.Int) *big.Int {
	negative := num.Sign() < 0
	q.QuoRem(num, den, r) // truncated: r has num's sign
	r.Abs(r)
	r.Lsh(r, 1)
	if r.Cmp(den) >= 0 {
		if negative {
			q.Sub(q, smallPow10[0])
		} else {
			q.Add(q, smallPow10[0])
		}
	}
	return q
}

// roundMulQuo returns a × b / den rounded to an integer half away from zero,
// as roundQuo; den must be positive. It works in 128-bit arithmetic when
// |a|, |b| and den fit in 64 bits and the quotient does too, with big.Int
// otherwise. q and r are scratch space (q may be a or b) and q is returned.
func roundMulQuo(q, r, a, b, den *big.Int) *big.Int {
	ua, okA := abs64(a)
	ub, okB := abs64(b)
	d, okD := abs64(den)
	if okA && okB && okD {
		hi, lo := bits.Mul64(ua, ub)
		if hi < d { // the quotient fits
			n, rem := bits.Div64(hi, lo, d)
			if n < math.MaxUint64 { // and so does n + 1
				if rem >= d-rem { // rem/d ≥ ½: away from zero
					n++
				}
				negative := a.Sign()*b.Sign() < 0 // before q is set: q may be a or b
				q.SetUint64(n)
				if negative {
					q.Neg(q)
				}
				return q
			}
		}
	}
	return roundQuo(q, r, q.Mul(a, b), den)
}

// abs64 returns |x| and whether it fits in a uint64.
func abs64(x *big.Int) (uint64, bool) {
	if x.BitLen() > 64 {
		return 0, false
	}
	var v uint64
	for _, w := range slices.Backward(x.Bits()) { // one word on 64-bit machines, up to two on 32-bit
		v = v<<(bits.UintSize%64) | uint64(w)
	}
	return v, true
}

// rounder rounds exact figures to whole rounding units and turns whole
// units into money: unit = coef × 10^exp.
type rounder struct {
	coef *big.Int
	exp  int32
	// small is coef when it fits below 2^31 (0 otherwise), for amounts in int64.
	small int64
}

func newRounder(unit decimal.Decimal) *rounder {
	u := &rounder{coef: unit.Coefficient(), exp: unit.Exponent()}
	if u.coef.IsInt64() && u.coef.Int64() < 1<<31 {
		u.small = u.coef.Int64()
	}
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
	return roundQuo(z, n, n, d)
}

// roundUnits sets z to x/unit rounded half away from zero and returns z.
func (u *rounder) roundUnits(z *big.Int, x decimal.Decimal) *big.Int {
	if n, whole, ok := u.wholeUnits64(x); ok && whole {
		return z.SetInt64(n)
	}
	num, den := fraction(x)
	return u.units(z, num, den)
}

// inUnits64 returns c × 10^e / unit as num/den (den > 0) in int64; ok is
// false when the figures are too large for it.
func (u *rounder) inUnits64(c int64, e int32) (num, den int64, ok bool) {
	if u.small == 0 {
		return 0, 0, false
	}
	den = u.small
	switch s := e - u.exp; {
	case s > 18 || s < -18:
		return 0, 0, false
	case s >= 0:
		p := smallPow10[s].Int64()
		if abs(c) > math.MaxInt64/p {
			return 0, 0, false
		}
		c *= p
	default:
		p := smallPow10[-s].Int64()
		if den > math.MaxInt64/p {
			return 0, 0, false
		}
		den *= p
	}
	return c, den, true
}

// round64 returns c × 10^e / unit rounded half away from zero to whole
// units, in int64 arithmetic; ok is false when the figures are too large for
// it.
func (u *rounder) round64(c int64, e int32) (n int64, ok bool) {
	num, den, ok := u.inUnits64(c, e)
	if !ok {
		return 0, false
	}
	n, r := num/den, abs(num%den)
	if r >= den-r { // r/den ≥ ½: away from zero
		if num < 0 {
			n--
		} else {
			n++
		}
	}
	return n, true
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
	if u.small != 0 && n > -1<<62/u.small && n < 1<<62/u.small {
		return decimal.New(n*u.small, u.exp)
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

// wholeUnits64 is wholeUnits in int64 arithmetic; ok is false when x or
// the unit is too large for it.
func (u *rounder) wholeUnits64(x decimal.Decimal) (n int64, whole, ok bool) {
	if x.NumDigits() > 18 {
		return 0, false, false
	}
	num, den, ok := u.inUnits64(x.CoefficientInt64(), x.Exponent())
	if !ok {
		return 0, false, false
	}
	return num / den, num%den == 0, true
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// exceeds reports x > y × z, exactly: in int64 arithmetic when the
// coefficients are small (a volume count against threshold × baseline),
// with decimals otherwise.
func exceeds(x, y, z decimal.Decimal) bool {
	if x.NumDigits() <= 18 {
		if over, ok := exceeds64(x.CoefficientInt64(), x.Exponent(), y, z); ok {
			return over
		}
	}
	return x.GreaterThan(y.Mul(z))
}

// exceeds64 is exceeds for x = c × 10^e; ok is false when the figures are
// too large for int64.
func exceeds64(c int64, e int32, y, z decimal.Decimal) (over, ok bool) {
	if abs(c) >= 1_000_000_000 || y.NumDigits() > 9 || z.NumDigits() > 9 {
		return false, false
	}
	p := y.CoefficientInt64() * z.CoefficientInt64() // |p| < 10^18
	switch d := e - (y.Exponent() + z.Exponent()); {
	case d >= 0 && d <= 9:
		return c*smallPow10[d].Int64() > p, true // |c| < 10^18
	case d < 0 && d >= -9:
		if q := smallPow10[-d].Int64(); abs(p) <= math.MaxInt64/q {
			return c > p*q, true
		}
	}
	return false, false
}

// difference returns x − y as c × 10^e worked out in int64; ok is false
// when the figures are too large for it.
func difference(x, y decimal.Decimal) (c int64, e int32, ok bool) {
	if x.NumDigits() > 15 || y.NumDigits() > 15 {
		return 0, 0, false
	}
	ex, ey := x.Exponent(), y.Exponent()
	e = min(ex, ey)
	if ex-e > 3 || ey-e > 3 {
		return 0, 0, false
	}
	// Each term is below 10^18 in magnitude, their difference below 2 × 10^18.
	return x.CoefficientInt64()*smallPow10[ex-e].Int64() - y.CoefficientInt64()*smallPow10[ey-e].Int64(), e, true
}

// product returns c × 10^e × y as a coefficient and exponent worked out in
// int64; ok is false when it does not fit.
func product(c int64, e int32, y decimal.Decimal) (int64, int32, bool) {
	if y.NumDigits() > 18 {
		return 0, 0, false
	}
	cy := y.CoefficientInt64()
	hi, lo := bits.Mul64(uint64(abs(c)), uint64(abs(cy)))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, 0, false
	}
	p := int64(lo)
	if (c < 0) != (cy < 0) {
		p = -p
	}
	return p, e + y.Exponent(), true
}
