package allocation

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"
)

// SharePlaces is the number of decimals a key share is shown with; the
// calculation itself uses the exact share.
const SharePlaces = 12

// Result is the annual calculation with all of its working.
type Result struct {
	Year         int
	Unit         decimal.Decimal // the rounding unit
	Places       int32           // decimals of a money figure in the rounding unit
	Factor       decimal.Decimal // 1 + Σ share × rate, exact
	Indexation   []IndexedComponent
	IndexedBase  decimal.Decimal // R(previous_total × factor)
	IndexedExact decimal.Decimal // previous_total × factor, before rounding
	Additions    []AdditionCost  // in input order
	Common       *big.Rat        // Σ cost of the common additions, exact
	TransfersSum decimal.Decimal // Σ of all transfer amounts
	Pool         decimal.Decimal // R(indexed_base + common − transfers)
	PoolExact    *big.Rat        // indexed_base + common − transfers, before rounding
	Keys         []KeyWeight     // the key actually used
	KeyTotals    []decimal.Decimal
	Members      []MemberFee // in input order
	Total        decimal.Decimal
	NextBase     decimal.Decimal // indexed_base + permanent operating costs − transfers
	Permanent    decimal.Decimal // Σ operating cost of the permanent additions active this year
	Installments int
}

// IndexedComponent is one component of the indexation and its contribution
// share × rate to the factor.
type IndexedComponent struct {
	Component
	Contribution decimal.Decimal
}

// AdditionCost is an addition's cost in the year, with its capital-cost
// working: straight-line depreciation plus interest on the opening book value.
type AdditionCost struct {
	Addition
	Active        bool     // whether its operating cost applies this year
	CapitalYear   int      // k = year − start_year, −1 outside the depreciation period
	Depreciation  *big.Rat // investment / depreciation_years, in the period
	OpeningBook   *big.Rat // investment − k × depreciation
	Interest      *big.Rat // interest_rate × OpeningBook
	CapitalCost   *big.Rat // Depreciation + Interest
	OperatingCost decimal.Decimal
	Cost          *big.Rat // CapitalCost + OperatingCost
}

// MemberFee is one member's fee and how it came about.
type MemberFee struct {
	Member
	KeyCounts []decimal.Decimal // the member's count of each key driver, in Result.Keys order
	Share     *big.Rat          // exact key share
	Split     Part              // the largest-remainder working, in rounding units
	Allocated decimal.Decimal
	Additions decimal.Decimal // R(Σ member-scope additions)
	Volume    decimal.Decimal // R(Σ volume adjustments)
	// AdditionsExact and VolumeExact are the sums before rounding.
	AdditionsExact *big.Rat
	VolumeExact    decimal.Decimal
	VolumeRows     []VolumeAdjustment
	Fee            decimal.Decimal
	// Change and ChangeRatio compare with Member.PreviousFee when it is
	// given (ChangeRatio only when it is not zero).
	Change      decimal.NullDecimal
	ChangeRatio *big.Rat
	// TransferCarried is what the member now carries itself after the
	// transfers; TransferRelief its share of the pool's reduction,
	// R(share × Σ transfers); TransferNet = carried − relief, its net effect.
	TransferCarried decimal.Decimal
	TransferRelief  decimal.Decimal
	TransferNet     decimal.Decimal
	Installments    []decimal.Decimal
}

// VolumeAdjustment is one row of the volume principle.
type VolumeAdjustment struct {
	VolumeCount
	Change     decimal.Decimal // current − baseline
	Ratio      *big.Rat        // change / baseline
	Over       bool            // whether the change passes the threshold
	UnitCost   decimal.Decimal
	Adjustment decimal.Decimal // change × unit cost when over, else 0
}

// ShareDecimal returns the key share rounded to SharePlaces for display.
func (m *MemberFee) ShareDecimal() decimal.Decimal { return approx(m.Share, SharePlaces) }

// Compute runs the annual calculation. The input should have passed
// Validate; Compute returns the first problem it meets otherwise, and a
// *FieldError for a negative pool.
func Compute(in *Input) (*Result, error) {
	if errs := in.Validate(); len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	unit := in.Unit()
	r := &Result{Year: in.Year, Unit: unit, Places: Places(unit), Installments: in.InstallmentCount()}

	// 1–2: indexation.
	r.Factor = decimal.NewFromInt(1)
	for _, c := range in.Fee.Indexation {
		contrib := c.Share.Mul(c.Rate)
		r.Indexation = append(r.Indexation, IndexedComponent{Component: c, Contribution: contrib})
		r.Factor = r.Factor.Add(contrib)
	}
	r.IndexedExact = in.Fee.PreviousTotal.Mul(r.Factor)
	r.IndexedBase = RoundToUnit(r.IndexedExact, unit)

	// 3: additions.
	r.Common = new(big.Rat)
	memberAdds := map[string]*big.Rat{}
	r.Permanent = decimal.Zero
	for _, a := range in.Additions {
		ac := additionCost(a, in.Year)
		r.Additions = append(r.Additions, ac)
		if a.Scope == ScopeCommon {
			r.Common.Add(r.Common, ac.Cost)
		} else {
			if memberAdds[a.Member] == nil {
				memberAdds[a.Member] = new(big.Rat)
			}
			memberAdds[a.Member].Add(memberAdds[a.Member], ac.Cost)
		}
		if a.Permanent && ac.Active {
			r.Permanent = r.Permanent.Add(a.OperatingCost)
		}
	}

	// Transfers.
	carried := map[string]decimal.Decimal{}
	r.TransfersSum = decimal.Zero
	for _, t := range in.Transfers {
		for _, a := range t.Amounts {
			carried[a.Member] = carried[a.Member].Add(a.Amount)
			r.TransfersSum = r.TransfersSum.Add(a.Amount)
		}
	}

	// 4: the pool.
	pool := rat(r.IndexedBase)
	pool.Add(pool, r.Common)
	pool.Sub(pool, rat(r.TransfersSum))
	r.PoolExact = pool
	r.Pool = roundRat(pool, unit)
	if r.Pool.Sign() < 0 {
		return nil, &FieldError{Path: "pool", Value: r.Pool.String(), Err: ErrNegativePool}
	}

	// 5–6: key shares and the split of the pool.
	counts := driverCounts(in)
	shares, err := r.keyShares(in, counts)
	if err != nil {
		return nil, err
	}
	claims := make([]Claim, len(in.Members))
	for i, m := range in.Members {
		claims[i] = Claim{ID: m.ID, Weight: shares[i]}
	}
	parts, err := SplitLargestRemainder(r.Pool, unit, claims)
	if err != nil {
		return nil, fmt.Errorf("splitting the pool: %w", err)
	}

	// 8: volume rows per member.
	volume := map[string][]VolumeAdjustment{}
	for _, row := range volumeAdjustments(in.Volume) {
		volume[row.Member] = append(volume[row.Member], row)
	}

	r.Total = decimal.Zero
	for i, m := range in.Members {
		mf := MemberFee{Member: m, Share: shares[i], Split: parts[i], Allocated: parts[i].Amount}
		for _, k := range r.Keys {
			mf.KeyCounts = append(mf.KeyCounts, counts.of(m, k.Driver))
		}
		// 7: member additions.
		mf.AdditionsExact = new(big.Rat)
		if sum := memberAdds[m.ID]; sum != nil {
			mf.AdditionsExact = sum
		}
		mf.Additions = roundRat(mf.AdditionsExact, unit)
		vsum := decimal.Zero
		for _, row := range volume[m.ID] {
			mf.VolumeRows = append(mf.VolumeRows, row)
			vsum = vsum.Add(row.Adjustment)
		}
		mf.VolumeExact = vsum
		mf.Volume = RoundToUnit(vsum, unit)
		// 9: the fee.
		mf.Fee = mf.Allocated.Add(mf.Additions).Add(mf.Volume)
		r.Total = r.Total.Add(mf.Fee)
		if m.PreviousFee.Valid {
			mf.Change = decimal.NewNullDecimal(mf.Fee.Sub(m.PreviousFee.Decimal))
			if !m.PreviousFee.Decimal.IsZero() {
				mf.ChangeRatio = new(big.Rat).Quo(rat(mf.Change.Decimal), rat(m.PreviousFee.Decimal))
			}
		}
		mf.TransferCarried = carried[m.ID]
		mf.TransferRelief = roundRat(new(big.Rat).Mul(shares[i], rat(r.TransfersSum)), unit)
		mf.TransferNet = mf.TransferCarried.Sub(mf.TransferRelief)
		// 10: installments.
		mf.Installments, err = SplitEqual(mf.Fee, unit, r.Installments)
		if err != nil {
			return nil, fmt.Errorf("installments of member %s: %w", m.ID, err)
		}
		r.Members = append(r.Members, mf)
	}

	// 11: next year's base.
	r.NextBase = r.IndexedBase.Add(r.Permanent).Sub(r.TransfersSum)
	return r, nil
}

// additionCost works out an addition's cost in year y (SPEC rule 3).
func additionCost(a Addition, y int) AdditionCost {
	zero := func() *big.Rat { return new(big.Rat) }
	ac := AdditionCost{Addition: a, CapitalYear: -1, Depreciation: zero(), OpeningBook: zero(),
		Interest: zero(), CapitalCost: zero(), OperatingCost: decimal.Zero}
	ac.Active = a.StartYear <= y && (a.EndYear == 0 || y <= a.EndYear)
	if ac.Active {
		ac.OperatingCost = a.OperatingCost
	}
	if k := y - a.StartYear; a.DepreciationYears > 0 && k >= 0 && k < a.DepreciationYears {
		ac.CapitalYear = k
		inv := rat(a.Investment)
		ac.Depreciation = new(big.Rat).Quo(inv, big.NewRat(int64(a.DepreciationYears), 1))
		ac.OpeningBook = new(big.Rat).Sub(inv, new(big.Rat).Mul(big.NewRat(int64(k), 1), ac.Depreciation))
		ac.Interest = new(big.Rat).Mul(rat(a.InterestRate), ac.OpeningBook)
		ac.CapitalCost = new(big.Rat).Add(ac.Depreciation, ac.Interest)
	}
	ac.Cost = new(big.Rat).Add(ac.CapitalCost, rat(ac.OperatingCost))
	return ac
}

// counts holds the driver counts by member and driver.
type counts map[string]map[string]decimal.Decimal

func driverCounts(in *Input) counts {
	c := counts{}
	for _, dc := range in.Allocation.DriverCounts {
		if c[dc.Member] == nil {
			c[dc.Member] = map[string]decimal.Decimal{}
		}
		c[dc.Member][dc.Driver] = c[dc.Member][dc.Driver].Add(dc.Count)
	}
	return c
}

// of returns member m's count of a key driver; a member without a
// driver_counts row for a driver counts 0.
func (c counts) of(m Member, driver string) decimal.Decimal {
	if driver == DriverPopulation {
		return m.Population
	}
	return c[m.ID][driver]
}

// keyShares computes each member's exact key share,
// Σ_k weight_k × count_k,i / Σ_j count_k,j (SPEC rule 5).
func (r *Result) keyShares(in *Input, counts counts) ([]*big.Rat, error) {
	r.Keys = in.KeyWeights()
	shares := make([]*big.Rat, len(in.Members))
	for i := range shares {
		shares[i] = new(big.Rat)
	}
	for ki, k := range r.Keys {
		total := decimal.Zero
		for _, m := range in.Members {
			total = total.Add(counts.of(m, k.Driver))
		}
		if total.Sign() <= 0 {
			return nil, &FieldError{Path: fmt.Sprintf("allocation.keys[%d].driver", ki), Value: fmt.Sprintf("%q", k.Driver), Err: ErrNoCount}
		}
		r.KeyTotals = append(r.KeyTotals, total)
		for i, m := range in.Members {
			part := new(big.Rat).Mul(rat(k.Weight), rat(counts.of(m, k.Driver)))
			shares[i].Add(shares[i], part.Quo(part, rat(total)))
		}
	}
	return shares, nil
}

// volumeAdjustments applies the volume principle to every count (SPEC rule 8).
func volumeAdjustments(v Volume) []VolumeAdjustment {
	unitCost := map[string]decimal.Decimal{}
	for _, d := range v.Drivers {
		unitCost[d.Driver] = d.UnitCost
	}
	var rows []VolumeAdjustment
	for _, c := range v.Counts {
		change := c.Current.Sub(c.Baseline)
		measured := change
		if v.Symmetric {
			measured = change.Abs()
		}
		// change / baseline > threshold, without dividing (baseline > 0).
		over := measured.GreaterThan(v.Threshold.Mul(c.Baseline))
		row := VolumeAdjustment{VolumeCount: c, Change: change, Over: over,
			Ratio: new(big.Rat).Quo(rat(change), rat(c.Baseline)), UnitCost: unitCost[c.Driver], Adjustment: decimal.Zero}
		if over {
			row.Adjustment = change.Mul(row.UnitCost)
		}
		rows = append(rows, row)
	}
	return rows
}
