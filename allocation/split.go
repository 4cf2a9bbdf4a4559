package allocation

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// Claim is one party's claim on a split: its weight (a key share) and the id
// that breaks ties.
type Claim struct {
	ID     string
	Weight *big.Rat // not negative
}

// Part is one party's part of a split, with the working that explains it.
type Part struct {
	Floor  *big.Int // whole units of the quota
	Extra  bool     // whether a leftover unit went to this part
	Amount Money    // (Floor + Extra) × unit
	// The quota is Floor + rem/den units; den is shared by the parts of a
	// split (Σ of the weights over a common denominator).
	rem, den *big.Int
}

// Quota returns the exact quota in units: total × weight / Σ weights.
func (p Part) Quota() *big.Rat {
	n := new(big.Int).Mul(p.Floor, p.den)
	return new(big.Rat).SetFrac(n.Add(n, p.rem), p.den)
}

// Remainder returns Quota − Floor, in [0, 1).
func (p Part) Remainder() *big.Rat { return new(big.Rat).SetFrac(p.rem, p.den) }

// SplitLargestRemainder splits total, a whole multiple of unit, among the
// claims in proportion to their weights (Hamilton's largest-remainder
// method): each claim gets the floor of its quota in whole units, and the
// units left over go one each to the largest remainders. Ties go to the larger
// weight, then to the lower id (string order), so the result does not depend
// on the order of the claims. The parts are returned in the order of claims
// and always sum exactly to total.
//
//	SplitLargestRemainder(100, 1, weights 1/3, 1/3, 1/3 for ids b, a, c) = 33, 34, 33
func SplitLargestRemainder(total, unit decimal.Decimal, claims []Claim) ([]Part, error) {
	if unit.Sign() <= 0 {
		return nil, fmt.Errorf("rounding unit %s is not positive", unit)
	}
	u := newRounder(unit)
	units, whole := u.wholeUnits(total)
	if !whole {
		return nil, fmt.Errorf("total %s is not a whole multiple of the rounding unit %s", total, unit)
	}
	if units.Sign() < 0 {
		return nil, fmt.Errorf("total %s is negative", total)
	}
	// The weights over their least common denominator keep their ratios.
	lcm := big.NewInt(1)
	for _, c := range claims {
		if c.Weight.Sign() < 0 {
			return nil, fmt.Errorf("weight of %s is negative", c.ID)
		}
		if d := c.Weight.Denom(); !c.Weight.IsInt() {
			g := new(big.Int).GCD(nil, nil, lcm, d)
			lcm.Mul(lcm, g.Quo(d, g))
		}
	}
	weights := make([]*big.Int, len(claims))
	ids := make([]string, len(claims))
	for i, c := range claims {
		w := new(big.Int).Quo(lcm, c.Weight.Denom())
		weights[i], ids[i] = w.Mul(w, c.Weight.Num()), c.ID
	}
	parts, ok := splitUnits(units, weights, ids, u)
	if !ok {
		return nil, fmt.Errorf("the weights sum to zero")
	}
	return parts, nil
}

// splitUnits is the largest-remainder split of units whole units by
// integer weights (not negative); ids break ties. It is not ok when the
// weights sum to zero.
func splitUnits(units *big.Int, weights []*big.Int, ids []string, u *rounder) ([]Part, bool) {
	sum := new(big.Int)
	for _, w := range weights {
		sum.Add(sum, w)
	}
	if sum.Sign() == 0 {
		return nil, false
	}
	parts := make([]Part, len(weights))
	left := new(big.Int).Set(units)
	// When the units and the weights' sum fit in a uint64, units × weight
	// fits in 128 bits and the floor (at most units) in 64: the common case,
	// worked and ranked without big.Int.
	fast := units.IsUint64() && sum.IsUint64()
	words := 3
	if fast {
		words = 1
	}
	ints := newInts(2*len(weights), words) // the floors and remainders
	prod := new(big.Int)
	for i, w := range weights {
		f, rem := &ints[2*i], &ints[2*i+1]
		parts[i] = Part{Floor: f, rem: rem, den: sum}
		if fast {
			hi, lo := bits.Mul64(units.Uint64(), w.Uint64()) // w ≤ sum
			q, r := bits.Div64(hi, lo, sum.Uint64())         // hi < sum since w ≤ sum
			f.SetUint64(q)
			rem.SetUint64(r)
		} else {
			f.QuoRem(prod.Mul(units, w), sum, rem) // both not negative
		}
		left.Sub(left, f)
	}
	// left < len(parts) since each remainder is below 1.
	for _, i := range rank(parts, weights, ids)[:left.Int64()] {
		parts[i].Extra = true
	}
	for i := range parts {
		f := parts[i].Floor
		switch {
		case !parts[i].Extra:
			parts[i].Amount = u.money(f)
		case f.IsInt64() && f.Int64() < math.MaxInt64:
			parts[i].Amount = Money{n: f.Int64() + 1, unit: u}
		default:
			parts[i].Amount = u.money(new(big.Int).Add(f, smallPow10[0]))
		}
	}
	return parts, true
}

// rank returns the indexes of the parts in the order they get a leftover
// unit: the larger remainder first, then the larger weight, then the lower
// id, then the earlier claim — a total order, so the result is
// deterministic.
//
// One comparison serves every size: remainders and weights (all at most
// den, the weights' sum) are keyed by their top 64 bits, aligned to den's,
// and the big.Int values are compared only where the keys tie and bits were
// cut off (den beyond 64 bits). When den fits in a uint64 the keys are the
// values, and the sort is one of uint64: sorting on the big.Int values
// instead made BenchmarkCompute290 143 → 183 µs; this costs what the
// uint64-only sort did (callgrind, BenchmarkCompute290: rank 44.4–44.7 M
// instructions per 300 allocations before and after).
func rank(parts []Part, weights []*big.Int, ids []string) []int {
	type key struct {
		rem, weight uint64 // the values' top bits: >> shift
		i           int
	}
	shift := topShift(parts)
	keys := make([]key, len(parts))
	if shift == 0 {
		for i := range keys {
			keys[i] = key{parts[i].rem.Uint64(), weights[i].Uint64(), i}
		}
	} else {
		top := new(big.Int)
		for i := range keys {
			keys[i] = key{top.Rsh(parts[i].rem, shift).Uint64(), top.Rsh(weights[i], shift).Uint64(), i}
		}
	}
	tie := func(i, j int) int { return cmp.Or(strings.Compare(ids[i], ids[j]), i-j) }
	exact := func(i, j int) int { // where the top bits tie and bits were cut off
		return cmp.Or(parts[j].rem.Cmp(parts[i].rem), weights[j].Cmp(weights[i]), tie(i, j))
	}
	slices.SortFunc(keys, func(a, b key) int {
		switch {
		case a.rem != b.rem:
			return cmp.Compare(b.rem, a.rem)
		case shift > 0:
			return exact(a.i, b.i)
		case a.weight != b.weight:
			return cmp.Compare(b.weight, a.weight)
		}
		return tie(a.i, b.i)
	})
	order := make([]int, len(parts))
	for k, key := range keys {
		order[k] = key.i
	}
	return order
}

// topShift is how far the parts' remainders and weights (at most den) are
// shifted to keep their top 64 bits: 0 when den fits in a uint64.
func topShift(parts []Part) uint {
	if len(parts) == 0 {
		return 0
	}
	return uint(max(0, parts[0].den.BitLen()-64))
}

// SplitEqual splits amount, a whole multiple of unit, into n parts of whole
// units as equal as possible; the earliest parts carry the extra units. A
// negative amount is split as its absolute value and negated, so the pattern
// of the parts does not depend on the sign.
//
//	SplitEqual(10, 1, 4) = 3, 3, 2, 2
func SplitEqual(amount, unit decimal.Decimal, n int) ([]decimal.Decimal, error) {
	if n <= 0 {
		return nil, fmt.Errorf("cannot split into %d parts", n)
	}
	if unit.Sign() <= 0 {
		return nil, fmt.Errorf("rounding unit %s is not positive", unit)
	}
	u := newRounder(unit)
	units, whole := u.wholeUnits(amount)
	if !whole {
		return nil, fmt.Errorf("amount %s is not a whole multiple of the rounding unit %s", amount, unit)
	}
	parts := make([]decimal.Decimal, n)
	u.equalParts(parts, units)
	return parts, nil
}

// equalParts is SplitEqual of a number of whole units into the len(parts)
// parts.
func (u *rounder) equalParts(parts []decimal.Decimal, units *big.Int) {
	n := len(parts)
	// Two values make up the parts: q + 1 units (−1 for a negative amount)
	// for the first |r|, q after; r has the sign of units.
	var small, large decimal.Decimal
	var extra int64
	if units.IsInt64() {
		q, r := units.Int64()/int64(n), units.Int64()%int64(n)
		small, large, extra = u.amountInt(q), u.amountInt(q+r/max(1, abs(r))), abs(r)
	} else {
		q, r := new(big.Int).QuoRem(units, big.NewInt(int64(n)), new(big.Int))
		small, large, extra = u.amount(q), u.amount(q.Add(q, big.NewInt(int64(r.Sign())))), abs(r.Int64())
	}
	for k := range parts {
		parts[k] = small
		if int64(k) < extra {
			parts[k] = large
		}
	}
}
