package allocation

import (
	"cmp"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"memberfee/internal/decsum"
	"memberfee/internal/fixed"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func claims(ids []string, weights ...int64) []Claim {
	cs := make([]Claim, len(ids))
	for i, id := range ids {
		cs[i] = Claim{ID: id, Weight: big.NewRat(weights[i], 1)}
	}
	return cs
}

func amounts(parts []Part) []string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = p.Amount.Decimal().String()
	}
	return out
}

func TestSplitLargestRemainder(t *testing.T) {
	tests := []struct {
		name    string
		total   string
		unit    string
		ids     []string
		weights []int64
		want    []string
	}{
		{"exact quotas", "100", "1", []string{"a", "b"}, []int64{1, 3}, []string{"25", "75"}},
		{"largest remainder wins", "10", "1", []string{"a", "b", "c"}, []int64{15, 30, 55}, []string{"1", "3", "6"}},
		// 100/3 each: equal remainders and equal shares, so the lowest ids
		// get the unit regardless of list order.
		{"equal shares: lower id wins", "100", "1", []string{"c", "a", "b"}, []int64{1, 1, 1}, []string{"33", "34", "33"}},
		{"equal shares, two units", "101", "1", []string{"c", "b", "a"}, []int64{1, 1, 1}, []string{"33", "34", "34"}},
		// a: 3×7/10 = 2.1, b: 3×3/10 = 0.9 → remainders .1 and .9: b gets it.
		{"remainder beats share", "3", "1", []string{"a", "b"}, []int64{7, 3}, []string{"2", "1"}},
		// equal remainders (.5), larger share wins: a has 3/4 of 2 = 1.5... use
		// total 6 with weights 3 and 1: quotas 4.5 and 1.5; a has the larger share.
		{"equal remainders: larger share wins", "6", "1", []string{"b", "a"}, []int64{1, 3}, []string{"1", "5"}},
		{"öre units", "100.00", "0.01", []string{"a", "b", "c"}, []int64{1, 1, 1}, []string{"33.34", "33.33", "33.33"}},
		{"thousand units", "10000", "1000", []string{"a", "b", "c"}, []int64{1, 1, 1}, []string{"4000", "3000", "3000"}},
		{"zero total", "0", "1", []string{"a", "b"}, []int64{1, 1}, []string{"0", "0"}},
		{"a zero weight gets nothing", "7", "1", []string{"a", "b"}, []int64{0, 1}, []string{"0", "7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts, err := SplitLargestRemainder(d(tt.total), d(tt.unit), claims(tt.ids, tt.weights...))
			if err != nil {
				t.Fatal(err)
			}
			got := amounts(parts)
			for i := range got {
				if !d(got[i]).Equal(d(tt.want[i])) {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestSplitLargestRemainderErrors(t *testing.T) {
	for _, tt := range []struct {
		name, total, unit string
		weights           []int64
	}{
		{"negative total", "-1", "1", []int64{1}},
		{"total not in units", "10.5", "1", []int64{1}},
		{"zero unit", "10", "0", []int64{1}},
		{"weights sum to zero", "10", "1", []int64{0, 0}},
		{"negative weight", "10", "1", []int64{-1, 2}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ids := make([]string, len(tt.weights))
			for i := range ids {
				ids[i] = string(rune('a' + i))
			}
			if _, err := SplitLargestRemainder(d(tt.total), d(tt.unit), claims(ids, tt.weights...)); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

// TestSplitLargestRemainderProperties checks on random inputs that the parts
// sum exactly to the total, that each part is its quota's floor or one unit
// more, and that the order of the claims does not matter.
func TestSplitLargestRemainderProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	units := []string{"1", "0.01", "1000", "0.5"}
	for i := 0; i < 2000; i++ {
		unit := d(units[rng.IntN(len(units))])
		total := decimal.NewFromInt(rng.Int64N(1_000_000_000)).Mul(unit)
		n := 1 + rng.IntN(12)
		cs := make([]Claim, n)
		for j := range cs {
			w := rng.Int64N(5) // small weights make ties common
			if rng.IntN(2) == 0 {
				w = rng.Int64N(200_000)
			}
			cs[j] = Claim{ID: string(rune('a' + j)), Weight: big.NewRat(w, 1)}
		}
		cs[rng.IntN(n)].Weight = big.NewRat(1+rng.Int64N(100), 1) // not all zero
		parts, err := SplitLargestRemainder(total, unit, cs)
		if err != nil {
			t.Fatal(err)
		}
		checkSplit(t, total, unit, cs, parts)
		// Reversed order gives each id the same amount.
		rev := make([]Claim, n)
		for j := range cs {
			rev[n-1-j] = cs[j]
		}
		parts2, err := SplitLargestRemainder(total, unit, rev)
		if err != nil {
			t.Fatal(err)
		}
		for j := range cs {
			if !parts[j].Amount.Decimal().Equal(parts2[n-1-j].Amount.Decimal()) {
				t.Fatalf("order matters: %s gets %s and %s", cs[j].ID, parts[j].Amount.Decimal(), parts2[n-1-j].Amount.Decimal())
			}
		}
	}
}

func checkSplit(t *testing.T, total, unit decimal.Decimal, cs []Claim, parts []Part) {
	t.Helper()
	sum := decimal.Zero
	for j, p := range parts {
		sum = sum.Add(p.Amount.Decimal())
		units := p.Amount.Decimal().Div(unit)
		floor := decimal.NewFromBigInt(floorRat(p.Quota()), 0)
		if !units.Equal(floor) && !units.Equal(floor.Add(decimal.NewFromInt(1))) {
			t.Fatalf("%s: %s units for quota %s", cs[j].ID, units, p.Quota().FloatString(6))
		}
	}
	if !sum.Equal(total) {
		t.Fatalf("parts sum to %s, not %s", sum, total)
	}
}

// FuzzSplitLargestRemainder: whatever the weights, the parts sum exactly to
// the total and no part strays more than one unit from its quota.
func FuzzSplitLargestRemainder(f *testing.F) {
	f.Add(int64(100), uint32(1), uint32(1), uint32(1), uint8(0))
	f.Add(int64(63100000), uint32(11478), uint32(16232), uint32(5497), uint8(1))
	f.Fuzz(func(t *testing.T, total int64, w1, w2, w3 uint32, u uint8) {
		if total < 0 {
			total = -total
		}
		if total < 0 || w1+w2+w3 == 0 {
			return
		}
		unit := []decimal.Decimal{d("1"), d("0.01"), d("1000"), d("0.25")}[int(u)%4]
		tot := decimal.NewFromInt(total).Mul(unit)
		cs := []Claim{{"x", big.NewRat(int64(w1), 1)}, {"y", big.NewRat(int64(w2), 1)}, {"z", big.NewRat(int64(w3), 1)}}
		parts, err := SplitLargestRemainder(tot, unit, cs)
		if err != nil {
			t.Fatal(err)
		}
		checkSplit(t, tot, unit, cs, parts)
	})
}

func TestSplitEqual(t *testing.T) {
	tests := []struct {
		amount, unit string
		n            int
		want         []string
	}{
		{"10", "1", 4, []string{"3", "3", "2", "2"}},
		{"12", "1", 4, []string{"3", "3", "3", "3"}},
		{"17678544", "1", 4, []string{"4419636", "4419636", "4419636", "4419636"}},
		{"-10", "1", 4, []string{"-3", "-3", "-2", "-2"}},
		{"100.01", "0.01", 12, []string{"8.34", "8.34", "8.34", "8.34", "8.34", "8.33", "8.33", "8.33", "8.33", "8.33", "8.33", "8.33"}},
		{"0", "1", 2, []string{"0", "0"}},
		{"5", "1", 1, []string{"5"}},
	}
	for _, tt := range tests {
		t.Run(tt.amount+"/"+tt.unit, func(t *testing.T) {
			got, err := SplitEqual(d(tt.amount), d(tt.unit), tt.n)
			if err != nil {
				t.Fatal(err)
			}
			sum := decimal.Zero
			for i := range got {
				if !got[i].Equal(d(tt.want[i])) {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
				sum = sum.Add(got[i])
			}
			if !sum.Equal(d(tt.amount)) {
				t.Fatalf("sum %s", sum)
			}
		})
	}
	if _, err := SplitEqual(d("10.5"), d("1"), 2); err == nil {
		t.Error("an amount that is not in whole units splits")
	}
	if _, err := SplitEqual(d("10"), d("1"), 0); err == nil {
		t.Error("zero parts split")
	}
}

func FuzzSplitEqual(f *testing.F) {
	f.Add(int64(17678544), uint8(4))
	f.Add(int64(-7), uint8(12))
	f.Fuzz(func(t *testing.T, units int64, n uint8) {
		if n == 0 {
			return
		}
		unit := d("0.01")
		amount := decimal.NewFromInt(units).Mul(unit)
		parts, err := SplitEqual(amount, unit, int(n))
		if err != nil {
			t.Fatal(err)
		}
		sum := decimal.Zero
		for i, p := range parts {
			sum = sum.Add(p)
			if i > 0 && p.Abs().GreaterThan(parts[i-1].Abs()) {
				t.Fatalf("a later installment is larger: %v", parts)
			}
			if parts[0].Sub(p).Abs().GreaterThan(unit) {
				t.Fatalf("installments differ by more than a unit: %v", parts)
			}
		}
		if !sum.Equal(amount) {
			t.Fatalf("installments sum to %s, not %s", sum, amount)
		}
	})
}

func TestRoundToUnit(t *testing.T) {
	tests := []struct{ x, unit, want string }{
		{"2.5", "1", "3"}, {"-2.5", "1", "-3"}, {"2.4999", "1", "2"}, {"62648337.5", "1", "62648338"},
		{"1234.5", "100", "1200"}, {"1250", "100", "1300"}, {"0.005", "0.01", "0.01"}, {"-0.005", "0.01", "-0.01"},
		{"7.25", "0.5", "7.5"}, {"0", "1", "0"},
	}
	for _, tt := range tests {
		if got := RoundToUnit(d(tt.x), d(tt.unit)); !got.Equal(d(tt.want)) {
			t.Errorf("RoundToUnit(%s, %s) = %s, want %s", tt.x, tt.unit, got, tt.want)
		}
	}
}

func TestPlaces(t *testing.T) {
	for unit, want := range map[string]int32{"1": 0, "1000": 0, "0.01": 2, "0.5": 1, "0.10": 1} {
		if got := Places(d(unit)); got != want {
			t.Errorf("Places(%s) = %d, want %d", unit, got, want)
		}
	}
}

// floorRat returns the largest integer not above q.
func floorRat(q *big.Rat) *big.Int {
	// Euclidean division by the positive denominator is the floor.
	n, _ := new(big.Int).DivMod(q.Num(), q.Denom(), new(big.Int))
	return n
}

// TestExceeds holds the volume test worked in fixed point (passes) to the
// decimal one, around the edges of its range, symmetric or not.
func TestExceeds(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	digits := func() decimal.Decimal {
		n := rng.Int64N(1_000_000_000_0) - 5_000_000_000 // up to 10 digits, either sign
		return decimal.New(n/int64(1+rng.IntN(100_000)), int32(rng.IntN(23)-11))
	}
	for range 100_000 {
		cur, base, thr := digits(), digits(), digits()
		if rng.IntN(4) == 0 {
			cur = base.Add(thr.Mul(base)) // equal: not exceeding
		}
		symmetric := rng.IntN(2) == 0
		v := VolumeAdjustment{VolumeCount: VolumeCount{Current: cur, Baseline: base}}
		measured := v.Change()
		if symmetric {
			measured = measured.Abs()
		}
		want := measured.GreaterThan(thr.Mul(base))
		if _, got, ok := v.passes(thr, symmetric); ok && got != want {
			t.Fatalf("passes(%s − %s against %s, symmetric %v) = %v, want %v", cur, base, thr, symmetric, got, want)
		}
		var sum decsum.Sum
		if v.adjust(&sum, thr, symmetric); v.Over != want {
			t.Fatalf("adjust(%s − %s against %s, symmetric %v): over %v, want %v", cur, base, thr, symmetric, v.Over, want)
		}
	}
}

// TestInt64Working: the fixed-point adjustment equals the decimals' own,
// and takes the common figures (counts, unit costs to the öre).
func TestInt64Working(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	figure := func() decimal.Decimal {
		digits := []int64{1e3, 1e6, 1e12, 1e16, 1e18}[rng.IntN(5)]
		return decimal.New(rng.Int64N(digits)-digits/2, int32(rng.IntN(9)-5))
	}
	for range 100_000 {
		v := VolumeAdjustment{VolumeCount: VolumeCount{Current: figure(), Baseline: figure()}, UnitCost: figure()}
		var sum decsum.Sum
		v.adjust(&sum, d("-1000000"), false) // most rows pass
		if got := sum.Decimal(); !got.Equal(v.Adjustment()) {
			t.Fatalf("adjust(%s − %s at %s) added %s, want %s", v.Current, v.Baseline, v.UnitCost, got, v.Adjustment())
		}
	}
	for _, tc := range []struct{ x, y, z string }{{"1150", "1000", "2100"}, {"950.5", "1000", "2100.75"}, {"0", "123456789", "99999.99"}} {
		v := VolumeAdjustment{VolumeCount: VolumeCount{Current: d(tc.x), Baseline: d(tc.y)}, UnitCost: d(tc.z)}
		change, _, ok := v.passes(d("0.05"), true)
		if !ok {
			t.Fatalf("%s − %s not worked in int64", tc.x, tc.y)
		}
		cost, _ := fixed.Of(d(tc.z))
		if _, ok := fixed.Mul(change, cost); !ok {
			t.Fatalf("(%s − %s) × %s not worked in int64", tc.x, tc.y, tc.z)
		}
	}
}

// TestRound64: rounding c × 10^e to whole units in int64 equals the
// rounding of the exact decimal, halves away from zero included.
func TestRound64(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, unit := range []string{"1", "0.01", "0.5", "100", "1000", "0.25"} {
		u := newRounder(d(unit))
		for range 20_000 {
			c := rng.Int64N(2_000_000_000_000) - 1_000_000_000_000
			if rng.IntN(4) == 0 {
				c = c/1000*1000 + 500 // a half in many units
			}
			e := int32(rng.IntN(13) - 8)
			n, ok := u.round64(c, e)
			if !ok {
				continue
			}
			if want := u.roundDecimal(decimal.New(c, e)); !u.amountInt(n).Equal(want) {
				t.Fatalf("unit %s: round64(%d, %d) = %d units, want %s", unit, c, e, n, want)
			}
		}
	}
}

// TestMemberCursor: the cursor finds what the index finds, in order, out of
// order and for an id used twice (the first member).
func TestMemberCursor(t *testing.T) {
	in := &Input{Members: []Member{{ID: "a"}, {ID: "b"}, {ID: "a"}, {ID: ""}, {ID: "c"}}}
	_, index := in.validate()
	for _, ids := range [][]string{{"a", "b", "a", "", "c"}, {"c", "a", "b", "x", "a", "a"}, {"b", "a", "", "c", "c"}} {
		cur := index.cursor()
		for _, id := range ids {
			gi, gok := cur.of(id)
			wi, wok := index.of(id)
			if gi != wi || gok != wok {
				t.Fatalf("%v: cursor gives %q → %d %v, index %d %v", ids, id, gi, gok, wi, wok)
			}
		}
	}
}

// TestRank: the order rank gives the parts is the order of the exact
// comparison on big.Int (remainder, then weight, descending; then id,
// then index), for sums of weights that fit in a uint64 and for sums far
// beyond it whose remainders and weights differ only below their top 64
// bits, where the keys alone would tie.
func TestRank(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for trial := range 3000 {
		n := 1 + rng.IntN(20)
		den := new(big.Int).Lsh(big.NewInt(1), uint(rng.IntN(200))) // 2^0 … 2^199
		den.Add(den, big.NewInt(rng.Int64N(1000)+1))
		low := new(big.Int).Lsh(big.NewInt(1), uint(max(0, den.BitLen()-64))) // below the top 64 bits
		below := func(m *big.Int) *big.Int {                                  // in [0, m)
			b := make([]byte, len(m.Bytes())+8)
			for i := range b {
				b[i] = byte(rng.Uint32())
			}
			return new(big.Int).Mod(new(big.Int).SetBytes(b), m)
		}
		base := func() *big.Int { return below(den) }
		common := base()
		pick := func() *big.Int {
			switch rng.IntN(4) {
			case 0:
				return new(big.Int).Set(common) // a tie
			case 1: // the same top bits as common, unless it carries
				v := new(big.Int).Add(common, below(low))
				if v.Cmp(den) >= 0 {
					v.Set(common)
				}
				return v
			}
			return base()
		}
		parts := make([]Part, n)
		weights := make([]*big.Int, n)
		ids := make([]string, n)
		for i := range parts {
			parts[i] = Part{rem: pick(), den: den}
			weights[i] = pick()
			ids[i] = string(rune('a' + rng.IntN(3)))
		}
		want := make([]int, n)
		for i := range want {
			want[i] = i
		}
		slices.SortFunc(want, func(i, j int) int {
			return cmp.Or(parts[j].rem.Cmp(parts[i].rem), weights[j].Cmp(weights[i]), strings.Compare(ids[i], ids[j]), i-j)
		})
		if got := rank(parts, weights, ids); !slices.Equal(got, want) {
			t.Fatalf("trial %d (den %d bits): %v, want %v", trial, den.BitLen(), got, want)
		}
	}
}
