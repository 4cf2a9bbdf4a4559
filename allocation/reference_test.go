package allocation

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/shopspring/decimal"
	"memberfee/internal/field"
)

// The reference is the calculation written the straightforward way, every
// quotient a reduced big.Rat, as the package computed it before it kept its
// fractions over common denominators. Compute must agree with it figure for
// figure.

// refMember is what the reference works out for a member.
type refMember struct {
	share, quota, remainder           *big.Rat
	floor                             *big.Int
	extra                             bool
	allocated, additions, volume, fee decimal.Decimal
	relief, net                       decimal.Decimal
	installments                      []decimal.Decimal
}

func refRound(x *big.Rat, unit decimal.Decimal) decimal.Decimal {
	q := new(big.Rat).Quo(x, unit.Rat())
	abs := new(big.Rat).Abs(q)
	abs.Add(abs, big.NewRat(1, 2))
	n := floorRat(abs)
	if q.Sign() < 0 {
		n.Neg(n)
	}
	return decimal.NewFromBigInt(n, 0).Mul(unit)
}

func reference(in *Input) (pool, total decimal.Decimal, members []refMember) {
	unit := in.Unit()
	factor := decimal.NewFromInt(1)
	for _, c := range in.Fee.Indexation {
		factor = factor.Add(c.Share.Mul(c.Rate))
	}
	indexed := refRound(in.Fee.PreviousTotal.Mul(factor).Rat(), unit)
	common, adds := new(big.Rat), map[string]*big.Rat{}
	for _, a := range in.Additions {
		ac := additionCost(a, in.Year)
		if a.Scope == ScopeCommon {
			common.Add(common, ac.Cost)
		} else {
			if adds[a.Member] == nil {
				adds[a.Member] = new(big.Rat)
			}
			adds[a.Member].Add(adds[a.Member], ac.Cost)
		}
	}
	carried, transfers := map[string]decimal.Decimal{}, decimal.Zero
	for _, t := range in.Transfers {
		for _, a := range t.Amounts {
			carried[a.Member] = carried[a.Member].Add(a.Amount)
			transfers = transfers.Add(a.Amount)
		}
	}
	p := indexed.Rat()
	p.Add(p, common).Sub(p, transfers.Rat())
	pool = refRound(p, unit)

	// Key shares: Σ_k weight_k × count_k,i / Σ_j count_k,j.
	count := func(m Member, driver string) decimal.Decimal {
		if driver == DriverPopulation {
			return m.Population
		}
		sum := decimal.Zero
		for _, dc := range in.Allocation.DriverCounts {
			if dc.Member == m.ID && dc.Driver == driver {
				sum = sum.Add(dc.Count)
			}
		}
		return sum
	}
	members = make([]refMember, len(in.Members))
	for i := range members {
		members[i].share = new(big.Rat)
	}
	for _, k := range in.KeyWeights() {
		total := decimal.Zero
		for _, m := range in.Members {
			total = total.Add(count(m, k.Driver))
		}
		for i, m := range in.Members {
			part := new(big.Rat).Mul(k.Weight.Rat(), count(m, k.Driver).Rat())
			members[i].share.Add(members[i].share, part.Quo(part, total.Rat()))
		}
	}

	// Largest remainder.
	units := new(big.Rat).Quo(pool.Rat(), unit.Rat())
	sum := new(big.Rat)
	for _, m := range members {
		sum.Add(sum, m.share)
	}
	left := new(big.Int).Set(units.Num())
	for i := range members {
		q := new(big.Rat).Mul(units, members[i].share)
		q.Quo(q, sum)
		members[i].quota, members[i].floor = q, floorRat(q)
		members[i].remainder = new(big.Rat).Sub(q, new(big.Rat).SetInt(members[i].floor))
		left.Sub(left, members[i].floor)
	}
	order := make([]int, len(members))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		i, j := order[a], order[b]
		if c := members[i].remainder.Cmp(members[j].remainder); c != 0 {
			return c > 0
		}
		if c := members[i].share.Cmp(members[j].share); c != 0 {
			return c > 0
		}
		return in.Members[i].ID < in.Members[j].ID
	})
	for k := int64(0); k < left.Int64(); k++ {
		members[order[k]].extra = true
	}

	unitCost := map[string]decimal.Decimal{}
	for _, d := range in.Volume.Drivers {
		unitCost[d.Driver] = d.UnitCost
	}
	total = decimal.Zero
	for i, m := range in.Members {
		rm := &members[i]
		n := new(big.Int).Set(rm.floor)
		if rm.extra {
			n.Add(n, big.NewInt(1))
		}
		rm.allocated = decimal.NewFromBigInt(n, 0).Mul(unit)
		rm.additions = decimal.Zero
		if a := adds[m.ID]; a != nil {
			rm.additions = refRound(a, unit)
		}
		v := decimal.Zero
		for _, c := range in.Volume.Counts {
			change := c.Current.Sub(c.Baseline)
			measured := change
			if in.Volume.Symmetric {
				measured = change.Abs()
			}
			if c.Member == m.ID && new(big.Rat).Quo(measured.Rat(), c.Baseline.Rat()).Cmp(in.Volume.Threshold.Rat()) > 0 {
				v = v.Add(change.Mul(unitCost[c.Driver]))
			}
		}
		rm.volume = refRound(v.Rat(), unit)
		rm.fee = rm.allocated.Add(rm.additions).Add(rm.volume)
		total = total.Add(rm.fee)
		rm.relief = refRound(new(big.Rat).Mul(rm.share, transfers.Rat()), unit)
		rm.net = carried[m.ID].Sub(rm.relief)
		// Installments: q whole units each, the first r one more.
		u := new(big.Rat).Quo(rm.fee.Abs().Rat(), unit.Rat()).Num()
		q, r := new(big.Int).DivMod(u, big.NewInt(int64(in.InstallmentCount())), new(big.Int))
		for k := 0; k < in.InstallmentCount(); k++ {
			x := new(big.Int).Set(q)
			if int64(k) < r.Int64() {
				x.Add(x, big.NewInt(1))
			}
			if rm.fee.Sign() < 0 {
				x.Neg(x)
			}
			rm.installments = append(rm.installments, decimal.NewFromBigInt(x, 0).Mul(unit))
		}
	}
	return pool, total, members
}

// randomUnitCost is a volume unit cost: in kronor and öre mostly, sometimes
// with decimals below 10^-6 (beyond decsum's int64 terms) or with up to 19
// digits (beyond an int64 product with the change).
func randomUnitCost(rng *rand.Rand) decimal.Decimal {
	switch rng.IntN(4) {
	case 0:
		return decimal.New(rng.Int64N(300000), -8)
	case 1:
		return decimal.New(rng.Int64(), -int32(rng.IntN(17))) // a cost worked out as cost ÷ count
	}
	return decimal.New(rng.Int64N(300000), -2)
}

// randomInput is a valid input with the features that make the arithmetic
// hard: rounding units other than 1, decimal counts and weights, blended
// keys, member and common additions, transfers, symmetric volume rows.
func randomInput(rng *rand.Rand) *Input { return randomInputN(rng, 1+rng.IntN(40)) }

// randomInputN is randomInput with n members (1 to 40), whose ids depend on
// n alone.
func randomInputN(rng *rand.Rand, n int) *Input {
	units := []string{"1", "0.01", "1000", "0.5", "100"}
	in := &Input{Year: 2025, RoundingUnit: d(units[rng.IntN(len(units))]), Installments: 1 + rng.IntN(12),
		Fee: Fee{PreviousTotal: decimal.New(rng.Int64N(1e12), -int32(rng.IntN(3))),
			Indexation: []Component{{Component: "wages", Share: d("0.62"), Rate: decimal.New(rng.Int64N(80)-10, -3)}}},
		Volume: Volume{Threshold: decimal.New(rng.Int64N(20), -2), Symmetric: rng.IntN(2) == 0,
			Drivers: []VolumeDriver{{Driver: "users", UnitCost: randomUnitCost(rng)}}},
	}
	wan := Transfer{ID: "wan"}
	for i := range n {
		id := fmt.Sprintf("m%02d", (i*7)%100) // ids not in input order
		pop := 1 + rng.Int64N(1_000_000)
		if rng.IntN(3) == 0 {
			pop = 4000 // equal shares: ties broken by id
		}
		in.Members = append(in.Members, Member{ID: id, Population: decimal.NewFromInt(pop)})
		if rng.IntN(3) > 0 {
			in.Allocation.DriverCounts = append(in.Allocation.DriverCounts,
				DriverCount{Member: id, Driver: "users", Count: decimal.New(rng.Int64N(5_000_000), -int32(rng.IntN(3)))})
		}
		if rng.IntN(2) == 0 {
			in.Allocation.DriverCounts = append(in.Allocation.DriverCounts,
				DriverCount{Member: id, Driver: "sites", Count: decimal.NewFromInt(rng.Int64N(40))})
		}
		if rng.IntN(3) == 0 {
			c := VolumeCount{Member: id, Driver: "users",
				Baseline: decimal.NewFromInt(1 + rng.Int64N(5000)), Current: decimal.NewFromInt(rng.Int64N(6000))}
			switch rng.IntN(6) {
			case 0: // decimal counts, exponents apart
				c.Baseline, c.Current = decimal.New(1+rng.Int64N(500000), -2), decimal.New(rng.Int64N(60000), -int32(rng.IntN(6)))
			case 1: // beyond int64 working
				c.Baseline, c.Current = decimal.New(1+rng.Int64N(1e17), 3), decimal.New(rng.Int64N(1e18), 3)
			}
			in.Volume.Counts = append(in.Volume.Counts, c)
		}
		if rng.IntN(4) == 0 {
			wan.Amounts = append(wan.Amounts, TransferAmount{Member: id, Amount: decimal.New(rng.Int64N(1e8), -int32(rng.IntN(3)))})
		}
		if rng.IntN(5) == 0 {
			in.Additions = append(in.Additions, Addition{ID: "a" + id, Scope: ScopeMember, Member: id,
				Investment: decimal.NewFromInt(rng.Int64N(1e7)), StartYear: 2024, DepreciationYears: 3, InterestRate: d("0.035"),
				OperatingCost: decimal.New(rng.Int64N(1e7), -2)})
		}
	}
	// Every driver needs a positive count somewhere.
	in.Allocation.DriverCounts = append(in.Allocation.DriverCounts,
		DriverCount{Member: in.Members[0].ID, Driver: "users", Count: d("1")}, DriverCount{Member: in.Members[n-1].ID, Driver: "sites", Count: d("1")})
	if n == 1 || in.Members[0].ID == in.Members[n-1].ID {
		in.Allocation.DriverCounts = in.Allocation.DriverCounts[:len(in.Allocation.DriverCounts)-1]
		in.Allocation.DriverCounts = append(in.Allocation.DriverCounts, DriverCount{Member: in.Members[0].ID, Driver: "sites", Count: d("1")})
	}
	in.Allocation.DriverCounts = dedupe(in.Allocation.DriverCounts)
	switch rng.IntN(3) {
	case 0: // population alone
	case 1:
		in.Allocation.Keys = []KeyWeight{{Driver: "population", Weight: d("0.7")}, {Driver: "users", Weight: d("0.3")}}
	default:
		in.Allocation.Keys = []KeyWeight{{Driver: "population", Weight: d("0.333")}, {Driver: "users", Weight: d("0.3335")}, {Driver: "sites", Weight: d("0.3335")}}
	}
	if len(wan.Amounts) > 0 {
		in.Transfers = []Transfer{wan}
	}
	in.Additions = append(in.Additions, Addition{ID: "net", Scope: ScopeCommon, Investment: d("18000000"), StartYear: 2024,
		DepreciationYears: 7, InterestRate: d("0.0275"), OperatingCost: d("2400000")})
	return in
}

// dedupe sums the rows a member has twice for a driver into one.
func dedupe(rows []DriverCount) []DriverCount {
	var out []DriverCount
	at := map[[2]string]int{}
	for _, r := range rows {
		k := [2]string{r.Member, r.Driver}
		if i, ok := at[k]; ok {
			out[i].Count = out[i].Count.Add(r.Count)
			continue
		}
		at[k] = len(out)
		out = append(out, r)
	}
	return out
}

func TestComputeEqualsReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	computed := 0
	for trial := range 400 {
		in := randomInput(rng)
		r, err := Compute(in)
		if err != nil {
			if !errors.Is(err, field.ErrNegativePool) {
				t.Fatalf("trial %d: %v", trial, err)
			}
			continue // a large transfer
		}
		computed++
		checkReference(t, fmt.Sprintf("trial %d (unit %s, %d members)", trial, in.Unit(), len(in.Members)), in, r)
	}
	if computed < 300 {
		t.Fatalf("only %d of 400 random inputs computed", computed)
	}
}

// checkReference compares every figure of r with the reference's.
func checkReference(t *testing.T, where string, in *Input, r *Result) {
	t.Helper()
	pool, total, want := reference(in)
	if !r.Pool.Equal(pool) || !r.Total.Equal(total) {
		t.Fatalf("%s: pool %s total %s, reference %s %s", where, r.Pool, r.Total, pool, total)
	}
	for i, m := range r.Members {
		w := want[i]
		rats := []struct {
			name      string
			got, want *big.Rat
		}{{"share", m.Share(), w.share}, {"quota", m.Split.Quota(), w.quota}, {"remainder", m.Split.Remainder(), w.remainder}}
		for _, x := range rats {
			if x.got.Cmp(x.want) != 0 {
				t.Fatalf("%s, %s: %s %s, reference %s", where, m.ID, x.name, x.got, x.want)
			}
		}
		if m.Split.Floor.Cmp(w.floor) != 0 || m.Split.Extra != w.extra {
			t.Fatalf("%s, %s: floor %s extra %v, reference %s %v", where, m.ID, m.Split.Floor, m.Split.Extra, w.floor, w.extra)
		}
		if got, want := m.ShareDecimal(), decimal.NewFromBigRat(w.share, SharePlaces); !got.Equal(want) {
			t.Fatalf("%s, %s: share shown as %s, reference %s", where, m.ID, got, want)
		}
		money := []struct {
			name      string
			got, want decimal.Decimal
		}{{"allocated", m.Allocated.Decimal(), w.allocated}, {"additions", m.Additions.Decimal(), w.additions}, {"volume", m.Volume.Decimal(), w.volume},
			{"fee", m.Fee.Decimal(), w.fee}, {"relief", m.TransferRelief.Decimal(), w.relief}, {"net", m.TransferNet(), w.net}}
		for _, x := range money {
			if !x.got.Equal(x.want) {
				t.Fatalf("%s, %s: %s %s, reference %s", where, m.ID, x.name, x.got, x.want)
			}
		}
		for k := range w.installments {
			if !m.Installments()[k].Equal(w.installments[k]) {
				t.Fatalf("%s, %s: installments %v, reference %v", where, m.ID, m.Installments(), w.installments)
			}
		}
	}
}
