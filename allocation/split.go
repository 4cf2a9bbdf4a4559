package allocation

import (
	"fmt"
	"math/big"
	"sort"

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
	Quota     *big.Rat        // exact quota in units: total × weight / Σ weights
	Floor     *big.Int        // whole units of the quota
	Remainder *big.Rat        // Quota − Floor, in [0, 1)
	Extra     bool            // whether a leftover unit went to this part
	Amount    decimal.Decimal // (Floor + Extra) × unit
}

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
	units := new(big.Rat).Quo(rat(total), rat(unit))
	if !units.IsInt() {
		return nil, fmt.Errorf("total %s is not a whole multiple of the rounding unit %s", total, unit)
	}
	if units.Sign() < 0 {
		return nil, fmt.Errorf("total %s is negative", total)
	}
	sum := new(big.Rat)
	for _, c := range claims {
		if c.Weight.Sign() < 0 {
			return nil, fmt.Errorf("weight of %s is negative", c.ID)
		}
		sum.Add(sum, c.Weight)
	}
	if sum.Sign() == 0 {
		return nil, fmt.Errorf("the weights sum to zero")
	}
	parts := make([]Part, len(claims))
	left := new(big.Int).Set(units.Num())
	for i, c := range claims {
		q := new(big.Rat).Mul(units, c.Weight)
		q.Quo(q, sum)
		f := floorRat(q)
		parts[i] = Part{Quota: q, Floor: f, Remainder: new(big.Rat).Sub(q, new(big.Rat).SetInt(f))}
		left.Sub(left, f)
	}
	order := make([]int, len(claims))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		i, j := order[a], order[b]
		if c := parts[i].Remainder.Cmp(parts[j].Remainder); c != 0 {
			return c > 0
		}
		if c := claims[i].Weight.Cmp(claims[j].Weight); c != 0 {
			return c > 0
		}
		return claims[i].ID < claims[j].ID
	})
	// left < len(claims) since each remainder is below 1.
	for k := 0; int64(k) < left.Int64(); k++ {
		parts[order[k]].Extra = true
	}
	for i := range parts {
		n := new(big.Int).Set(parts[i].Floor)
		if parts[i].Extra {
			n.Add(n, big.NewInt(1))
		}
		parts[i].Amount = decimal.NewFromBigInt(n, 0).Mul(unit)
	}
	return parts, nil
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
	units := new(big.Rat).Quo(rat(amount.Abs()), rat(unit))
	if !units.IsInt() {
		return nil, fmt.Errorf("amount %s is not a whole multiple of the rounding unit %s", amount, unit)
	}
	q, r := new(big.Int).DivMod(units.Num(), big.NewInt(int64(n)), new(big.Int))
	parts := make([]decimal.Decimal, n)
	for k := range parts {
		u := new(big.Int).Set(q)
		if int64(k) < r.Int64() {
			u.Add(u, big.NewInt(1))
		}
		if amount.Sign() < 0 {
			u.Neg(u)
		}
		parts[k] = decimal.NewFromBigInt(u, 0).Mul(unit)
	}
	return parts, nil
}
