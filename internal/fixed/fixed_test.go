package fixed

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// check holds every operation on x and y to shopspring/decimal: a result
// that is ok has decimal's value and exponent; Cmp always agrees; Mul is not
// ok only when the product's coefficient does not fit in an int64.
func check(t *testing.T, x, y Num, e int32) {
	t.Helper()
	dx, dy := x.Decimal(), y.Decimal()
	same := func(op string, got Num, want decimal.Decimal) {
		t.Helper()
		if !got.Decimal().Equal(want) || got.E != want.Exponent() {
			t.Fatalf("%s(%v, %v) = %v (%s), want %s (exponent %d)", op, x, y, got, got.Decimal(), want, want.Exponent())
		}
	}
	if got, ok := Add(x, y); ok {
		same("Add", got, dx.Add(dy))
	}
	if got, ok := Sub(x, y); ok {
		same("Sub", got, dx.Sub(dy))
	}
	want := dx.Mul(dy)
	if got, ok := Mul(x, y); ok {
		same("Mul", got, want)
	} else if want.Coefficient().IsInt64() {
		t.Fatalf("Mul(%v, %v) not ok, but %s fits", x, y, want)
	}
	if got, want := Cmp(x, y), dx.Cmp(dy); got != want {
		t.Fatalf("Cmp(%v, %v) = %d, want %d", x, y, got, want)
	}
	if got, ok := x.Abs(); ok {
		same("Abs", got, dx.Abs())
	}
	if got, ok := Round(x, -e); ok {
		same("Round", got, dx.Round(-e))
	}
	if y.C != 0 {
		if got, ok := Div(x, y, e); ok {
			same("Div", got, dx.DivRound(dy, -e))
		}
	}
	if d, ok := Of(dx); ok && d != x || !ok && x.C > -1e18 && x.C < 1e18 {
		t.Fatalf("Of(%s) = %v, %v", dx, d, ok) // up to 18 digits fit
	}
}

// TestMatchesDecimal is the property test: random operands of either sign,
// zero, near ±2^63, with many decimals or none, and halves to round.
func TestMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 4))
	coef := func() int64 {
		switch rng.IntN(8) {
		case 0:
			return 0
		case 1: // near overflow
			return []int64{math.MaxInt64, math.MinInt64, math.MaxInt64 - rng.Int64N(1000), math.MinInt64 + rng.Int64N(1000), 1 << 62, -1 << 62, 3037000499, -3037000500}[rng.IntN(8)]
		case 2: // a half in some unit
			return (rng.Int64N(2_000_000) - 1_000_000) * 10 * int64(rng.IntN(1000)+1) / 2 * 10
		}
		digits := []int64{10, 1e3, 1e6, 1e9, 1e12, 1e15, 1e18}[rng.IntN(7)]
		return rng.Int64N(2*digits) - digits
	}
	exp := func() int32 { return int32(rng.IntN(49) - 30) } // up to 30 decimals
	for range 300_000 {
		x, y := New(coef(), exp()), New(coef(), exp())
		if rng.IntN(6) == 0 {
			y.E = x.E // aligned
		}
		e := int32(rng.IntN(25) - 14)
		if rng.IntN(3) == 0 {
			e = 0
		}
		check(t, x, y, e)
	}
}

// TestFastPaths: the common figures of a fee (counts, kronor and öre,
// shares to 12 decimals) are worked here, not handed back.
func TestFastPaths(t *testing.T) {
	for _, tc := range []struct{ x, y Num }{
		{New(115000, -2), New(100000, -2)},  // 1150.00, 1000.00
		{New(9500000000, 0), New(1034, -3)}, // a total × a factor
		{New(-2100, 0), New(5, -2)},
		{New(999999999999, -12), New(290, 0)},
	} {
		for op, f := range map[string]func(x, y Num) (Num, bool){"Add": Add, "Sub": Sub, "Mul": Mul,
			"Div": func(x, y Num) (Num, bool) { return Div(x, y, -2) }} {
			if _, ok := f(tc.x, tc.y); !ok {
				t.Errorf("%s(%v, %v) not worked in int64", op, tc.x, tc.y)
			}
		}
	}
	if _, ok := Mul(New(math.MaxInt64, 0), New(2, 0)); ok {
		t.Error("MaxInt64 × 2 said it fits")
	}
	if _, ok := Add(New(math.MaxInt64, 0), New(1, 0)); ok {
		t.Error("MaxInt64 + 1 said it fits")
	}
	if _, ok := New(math.MinInt64, 0).Abs(); ok {
		t.Error("|−2^63| said it fits")
	}
}

// TestRoundMulQuo: the 128-bit working equals big.Int's, for either sign,
// halves and figures beyond 64 bits.
func TestRoundMulQuo(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	figure := func() *big.Int {
		x := new(big.Int).SetUint64(rng.Uint64()) // 128 random bits cut to 1–70
		x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(rng.Uint64())).Rsh(x, uint(128-1-rng.IntN(70)))
		if rng.IntN(3) == 0 {
			x.Neg(x)
		}
		return x
	}
	for range 100_000 {
		a, b, den := figure(), figure(), figure()
		if rng.IntN(5) == 0 {
			den.Mul(big.NewInt(2), a) // b/2: a half when b is odd
		}
		den.Abs(den)
		if den.Sign() == 0 {
			continue
		}
		want := RoundQuo(new(big.Int), new(big.Int), new(big.Int).Mul(a, b), den)
		if got := RoundMulQuo(new(big.Int), new(big.Int), a, b, den); got.Cmp(want) != 0 {
			t.Fatalf("RoundMulQuo(%s, %s, %s) = %s, want %s", a, b, den, got, want)
		}
	}
}

// FuzzMatchesDecimal is TestMatchesDecimal on the fuzzer's operands.
func FuzzMatchesDecimal(f *testing.F) {
	f.Add(int64(25), int8(-1), int64(-10), int8(0), int8(0))
	f.Add(int64(math.MinInt64), int8(0), int64(-1), int8(0), int8(0))
	f.Add(int64(math.MaxInt64), int8(-18), int64(3), int8(5), int8(-2))
	f.Add(int64(0), int8(-30), int64(7), int8(30), int8(3))
	f.Fuzz(func(t *testing.T, cx int64, ex int8, cy int64, ey int8, e int8) {
		check(t, New(cx, int32(ex)), New(cy, int32(ey)), int32(e))
	})
}
