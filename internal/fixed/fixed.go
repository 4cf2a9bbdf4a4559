package fixed

import (
	"cmp"
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Num is the exact decimal C × 10^E. The zero value is 0.
type Num struct {
	C int64
	E int32
}

// New returns c × 10^e.
func New(c int64, e int32) Num { return Num{C: c, E: e} }

// Of returns d as a Num; ok is false when d's coefficient has more than 18
// digits (it may not fit in an int64).
func Of(d decimal.Decimal) (Num, bool) {
	if d.NumDigits() > 18 {
		return Num{}, false
	}
	return Num{C: d.CoefficientInt64(), E: d.Exponent()}, true
}

// Decimal returns x as a decimal with x's coefficient and exponent.
func (x Num) Decimal() decimal.Decimal { return decimal.New(x.C, x.E) }

// Sign returns −1, 0 or +1 as x is negative, zero or positive.
func (x Num) Sign() int {
	switch {
	case x.C < 0:
		return -1
	case x.C > 0:
		return 1
	}
	return 0
}

// Abs returns |x|; ok is false for the one coefficient whose magnitude does
// not fit, −2^63.
func (x Num) Abs() (Num, bool) {
	if x.C == math.MinInt64 {
		return Num{}, false
	}
	if x.C < 0 {
		x.C = -x.C
	}
	return x, true
}

// Add returns x + y with the smaller exponent, as decimal's Add.
func Add(x, y Num) (Num, bool) {
	a, b, e, ok := align(x, y)
	if !ok {
		return Num{}, false
	}
	s := a + b
	if (a >= 0) == (b >= 0) && (s >= 0) != (a >= 0) {
		return Num{}, false
	}
	return Num{C: s, E: e}, true
}

// Sub returns x − y with the smaller exponent, as decimal's Sub.
func Sub(x, y Num) (Num, bool) {
	a, b, e, ok := align(x, y)
	if !ok {
		return Num{}, false
	}
	s := a - b
	if (a >= 0) != (b >= 0) && (s >= 0) != (a >= 0) {
		return Num{}, false
	}
	return Num{C: s, E: e}, true
}

// Mul returns x × y with the sum of the exponents, as decimal's Mul.
func Mul(x, y Num) (Num, bool) {
	hi, lo := bits.Mul64(mag(x.C), mag(y.C))
	e := int64(x.E) + int64(y.E)
	c, ok := signed(lo, (x.C < 0) != (y.C < 0))
	return Num{C: c, E: int32(e)}, ok && hi == 0 && int64(int32(e)) == e
}

// Cmp returns −1, 0 or +1 as x < y, x = y or x > y; it is always exact.
func Cmp(x, y Num) int {
	if sx, sy := x.Sign(), y.Sign(); sx != sy || sx == 0 {
		return cmp.Compare(sx, sy)
	}
	// Same sign, neither zero: compare magnitudes |x.C| × 10^k with |y.C|.
	neg := x.C < 0
	mx, my := mag(x.C), mag(y.C)
	var c int
	switch k := int64(x.E) - int64(y.E); {
	case k >= 0:
		c = cmpScaled(mx, k, my)
	default:
		c = -cmpScaled(my, -k, mx)
	}
	if neg {
		return -c
	}
	return c
}

// Div returns x / y rounded half away from zero to a multiple of 10^e (as
// decimal's DivRound(y, −e)); y must not be zero.
func Div(x, y Num, e int32) (Num, bool) {
	if y.C == 0 {
		panic("fixed: division by zero")
	}
	// n = x.C × 10^s / y.C with s = x.E − y.E − e.
	var hi, lo, den uint64
	switch s := int64(x.E) - int64(y.E) - int64(e); {
	case s >= 0:
		if s >= int64(len(pow10)) {
			if x.C == 0 {
				return Num{E: e}, true
			}
			return Num{}, false
		}
		hi, lo = bits.Mul64(mag(x.C), pow10[s])
		den = mag(y.C)
	default:
		if -s >= int64(len(pow10)) {
			// |y| × 10^−s > 2^64 > 2|x.C|: the quotient rounds to 0.
			return Num{E: e}, true
		}
		var over uint64
		over, den = bits.Mul64(mag(y.C), pow10[-s])
		if over != 0 {
			return Num{E: e}, true // den ≥ 2^64 > 2|x.C|
		}
		lo = mag(x.C)
	}
	n, ok := roundDiv(hi, lo, den)
	if !ok {
		return Num{}, false
	}
	c, ok := signed(n, (x.C < 0) != (y.C < 0))
	return Num{C: c, E: e}, ok
}

// Round returns x rounded half away from zero to places decimals, with the
// exponent −places, as decimal's Round.
func Round(x Num, places int32) (Num, bool) {
	if places == math.MinInt32 {
		return Num{}, false
	}
	return Div(x, Num{C: 1}, -places)
}

// RoundQuo returns num/den rounded to an integer half away from zero; den
// must be positive. q and r are scratch space and q is returned; q may be
// num. It is the slow path of the big.Int quotients.
func RoundQuo(q, r, num, den *big.Int) *big.Int {
	negative := num.Sign() < 0
	q.QuoRem(num, den, r) // truncated: r has num's sign
	r.Abs(r)
	r.Lsh(r, 1)
	if r.Cmp(den) >= 0 {
		if negative {
			q.Sub(q, one)
		} else {
			q.Add(q, one)
		}
	}
	return q
}

// RoundMulQuo returns a × b / den rounded to an integer half away from
// zero, as RoundQuo; den must be positive. It works in 128 bits when |a|, |b|
// and den fit in 64 and the quotient does too, with RoundQuo otherwise. q
// and r are scratch space (q may be a or b) and q is returned.
func RoundMulQuo(q, r, a, b, den *big.Int) *big.Int {
	ua, okA := magBig(a)
	ub, okB := magBig(b)
	d, okD := magBig(den)
	if okA && okB && okD {
		hi, lo := bits.Mul64(ua, ub)
		if n, ok := roundDiv(hi, lo, d); ok {
			negative := a.Sign()*b.Sign() < 0 // before q is set: q may be a or b
			q.SetUint64(n)
			if negative {
				q.Neg(q)
			}
			return q
		}
	}
	return RoundQuo(q, r, q.Mul(a, b), den)
}

var one = big.NewInt(1)

// pow10 are 10^0 … 10^19, every power of ten a uint64 holds.
var pow10 = func() []uint64 {
	p := make([]uint64, 20)
	for i, v := 0, uint64(1); i < len(p); i, v = i+1, v*10 {
		p[i] = v
	}
	return p
}()

// roundDiv returns (hi·2^64 + lo) / d rounded half away from zero; ok is
// false when the quotient does not fit in a uint64.
func roundDiv(hi, lo, d uint64) (uint64, bool) {
	if hi >= d {
		return 0, false
	}
	n, rem := bits.Div64(hi, lo, d)
	if rem >= d-rem { // rem/d ≥ ½: away from zero
		if n == math.MaxUint64 {
			return 0, false
		}
		n++
	}
	return n, true
}

// align returns x's and y's coefficients over the smaller exponent e.
func align(x, y Num) (a, b int64, e int32, ok bool) {
	a, b = x.C, y.C
	switch {
	case x.E > y.E:
		a, ok = scale(a, int64(x.E)-int64(y.E))
		return a, b, y.E, ok
	case y.E > x.E:
		b, ok = scale(b, int64(y.E)-int64(x.E))
		return a, b, x.E, ok
	}
	return a, b, x.E, true
}

// scale returns c × 10^k for k > 0; ok is false when it does not fit.
func scale(c int64, k int64) (int64, bool) {
	if c == 0 {
		return 0, true
	}
	if k >= int64(len(pow10)) {
		return 0, false
	}
	hi, lo := bits.Mul64(mag(c), pow10[k])
	if hi != 0 {
		return 0, false
	}
	return signed(lo, c < 0)
}

// cmpScaled compares m × 10^k with n, k ≥ 0, m > 0.
func cmpScaled(m uint64, k int64, n uint64) int {
	if k >= int64(len(pow10)) {
		return 1 // m × 10^k ≥ 10^20 > n
	}
	hi, lo := bits.Mul64(m, pow10[k])
	if hi != 0 {
		return 1
	}
	return cmp.Compare(lo, n)
}

// mag returns |c| as a uint64 (2^63 for −2^63).
func mag(c int64) uint64 {
	if c < 0 {
		return uint64(-c)
	}
	return uint64(c)
}

// signed returns the magnitude m with a sign as an int64; ok is false when
// it does not fit.
func signed(m uint64, negative bool) (int64, bool) {
	switch {
	case !negative && m <= math.MaxInt64:
		return int64(m), true
	case negative && m <= 1<<63:
		return int64(-m), true
	}
	return 0, false
}

// magBig returns |x| and whether it fits in a uint64.
func magBig(x *big.Int) (uint64, bool) {
	if x.BitLen() > 64 {
		return 0, false
	}
	var v uint64
	ws := x.Bits()
	for i := len(ws) - 1; i >= 0; i-- { // one word on 64-bit machines, up to two on 32-bit
		v = v<<(bits.UintSize%64) | uint64(ws[i])
	}
	return v, true
}
