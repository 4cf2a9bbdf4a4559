package allocation

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"

	"memberfee/internal/decsum"
	"memberfee/internal/field"
	"memberfee/internal/fixed"
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
	Split     Part              // the largest-remainder working, in rounding units
	Allocated Money
	Additions Money // R(Σ member-scope additions)
	Volume    Money // R(Σ volume adjustments)
	// AdditionsExact is the sum before rounding (see also VolumeExact).
	// Like all exact working of a Result, it is to be read, not modified:
	// members without additions share one zero.
	AdditionsExact *big.Rat
	VolumeRows     []VolumeAdjustment
	Fee            Money
	// TransferCarried is what the member now carries itself after the
	// transfers; TransferRelief its share of the pool's reduction,
	// R(share × Σ transfers) (see also TransferNet).
	TransferCarried decimal.Decimal
	TransferRelief  Money
	// The exact key share is shareNum/calc.shareDen.
	shareNum *big.Int
	calc     *calculation
	volume   decsum.Sum // Σ of the volume adjustments
}

// calculation is what the members of a Result share.
type calculation struct {
	u            *rounder
	installments int
	shareDen     *big.Int // the key shares' denominator
}

// The figures below follow from the fields; they are worked out when asked
// for, so that a scenario re-run that reads only the fees does not pay for
// them.

// Change returns Fee − PreviousFee when the previous fee is given (see also
// ChangeRatio).
func (m *MemberFee) Change() decimal.NullDecimal {
	if !m.PreviousFee.Valid {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(m.Fee.Decimal().Sub(m.PreviousFee.Decimal))
}

// VolumeExact returns the sum of the volume adjustments before rounding.
func (m *MemberFee) VolumeExact() decimal.Decimal {
	if m.volume.IsZero() {
		return decimal.Zero
	}
	return m.volume.Decimal()
}

// TransferNet returns TransferCarried − TransferRelief: the transfers' net
// effect on the member.
func (m *MemberFee) TransferNet() decimal.Decimal {
	return m.TransferCarried.Sub(m.TransferRelief.Decimal())
}

// Installments returns the fee split into Result.Installments parts of whole
// rounding units, as equal as possible, the earliest parts carrying the
// extra units (SPEC rule 10).
func (m *MemberFee) Installments() []decimal.Decimal {
	parts := make([]decimal.Decimal, m.calc.installments)
	m.calc.u.equalParts(parts, m.Fee.units(new(big.Int)))
	return parts
}

// Share returns the member's exact key share.
func (m *MemberFee) Share() *big.Rat { return new(big.Rat).SetFrac(m.shareNum, m.calc.shareDen) }

// ShareDecimal returns the key share rounded to SharePlaces for display.
func (m *MemberFee) ShareDecimal() decimal.Decimal {
	n := new(big.Int).Mul(m.shareNum, pow10(SharePlaces))
	return decimal.NewFromBigInt(fixed.RoundQuo(n, new(big.Int), n, m.calc.shareDen), -SharePlaces)
}

// ChangeRatio returns Change / PreviousFee, or nil when there is no previous
// fee or it is zero.
func (m *MemberFee) ChangeRatio() *big.Rat {
	change := m.Change()
	if !change.Valid || m.PreviousFee.Decimal.IsZero() {
		return nil
	}
	return new(big.Rat).Quo(rat(change.Decimal), rat(m.PreviousFee.Decimal))
}

// VolumeAdjustment is one row of the volume principle.
type VolumeAdjustment struct {
	VolumeCount
	Over     bool // whether the change passes the threshold
	UnitCost decimal.Decimal
}

// Change returns current − baseline.
func (v *VolumeAdjustment) Change() decimal.Decimal { return v.Current.Sub(v.Baseline) }

// Adjustment returns change × unit cost when the change passes the
// threshold, else 0.
func (v *VolumeAdjustment) Adjustment() decimal.Decimal {
	if !v.Over {
		return decimal.Zero
	}
	return v.Change().Mul(v.UnitCost)
}

// Ratio returns change / baseline.
func (v *VolumeAdjustment) Ratio() *big.Rat {
	return new(big.Rat).Quo(rat(v.Change()), rat(v.Baseline))
}

// Compute runs the annual calculation. The input should have passed
// Validate; Compute returns the first problem it meets otherwise, and a
// *field.Error for a negative pool.
func Compute(in *Input) (*Result, error) {
	errs, index := in.validate()
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	unit := in.Unit()
	u := newRounder(unit)
	r := &Result{Year: in.Year, Unit: unit, Places: Places(unit), Installments: in.InstallmentCount()}
	n := len(in.Members)

	// 1–2: indexation.
	r.Factor = decimal.NewFromInt(1)
	for _, c := range in.Fee.Indexation {
		contrib := c.Share.Mul(c.Rate)
		r.Indexation = append(r.Indexation, IndexedComponent{Component: c, Contribution: contrib})
		r.Factor = r.Factor.Add(contrib)
	}
	r.IndexedExact = in.Fee.PreviousTotal.Mul(r.Factor)
	r.IndexedBase = u.roundDecimal(r.IndexedExact)

	// 3: additions.
	r.Common = new(big.Rat)
	memberAdds := make([]*big.Rat, n) // by member index
	r.Permanent = decimal.Zero
	for _, a := range in.Additions {
		y := in.Year
		if a.costYear != 0 {
			y = a.costYear
		}
		ac := additionCost(a, y)
		r.Additions = append(r.Additions, ac)
		if a.Scope == ScopeCommon {
			r.Common.Add(r.Common, ac.Cost)
		} else {
			i, _ := index.of(a.Member)
			if memberAdds[i] == nil {
				memberAdds[i] = new(big.Rat)
			}
			memberAdds[i].Add(memberAdds[i], ac.Cost)
		}
		if a.Permanent && ac.Active {
			r.Permanent = r.Permanent.Add(a.OperatingCost)
		}
	}

	// Transfers.
	carried := make([]decimal.Decimal, n) // by member index
	var transfers decsum.Sum
	for _, t := range in.Transfers {
		cur := index.cursor()
		for _, a := range t.Amounts {
			i, _ := cur.of(a.Member)
			accumulate(&carried[i], a.Amount)
			transfers.Add(a.Amount)
		}
	}
	r.TransfersSum = transfers.Decimal()

	// 4: the pool.
	pool := rat(r.IndexedBase)
	pool.Add(pool, r.Common)
	pool.Sub(pool, rat(r.TransfersSum))
	r.PoolExact = pool
	poolUnits := u.units(new(big.Int), pool.Num(), pool.Denom())
	r.Pool = u.amount(poolUnits)
	if r.Pool.Sign() < 0 {
		return nil, &field.Error{Path: "pool", Value: r.Pool.String(), Err: field.ErrNegativePool}
	}

	// 5–6: key shares and the split of the pool.
	keyCounts := r.driverCounts(in, index)
	shares, shareDen, err := r.keyShares(keyCounts)
	if err != nil {
		return nil, err
	}
	parts, ok := splitUnits(poolUnits, shares, index.order, u)
	if !ok {
		return nil, errors.New("splitting the pool: the key shares sum to zero")
	}

	// 8: volume rows and their sums by member index.
	volume, volumeSums := volumeAdjustments(in.Volume, index)

	// The transfer relief R(share × Σ transfers) in units is
	// shares[i] × reliefNum / reliefDen.
	// (Σ transfers reduced first: its decimal form can carry a denominator of
	// 10^6 that would make every division a multiword one.)
	ts := rat(r.TransfersSum)
	reliefNum, reliefDen := u.inUnits(ts.Num(), new(big.Int).Mul(ts.Denom(), shareDen))

	// Each member's figures in whole units (fee, adds, vol), then as money.
	zero, noAdditions := Money{unit: u}, new(big.Rat)
	fee, adds, vol, scratch, scratch2, total := new(big.Int), new(big.Int), new(big.Int), new(big.Int), new(big.Int), new(big.Int)
	r.Members = make([]MemberFee, n)
	calc := &calculation{u: u, installments: r.Installments, shareDen: shareDen}
	k := len(r.Keys)
	for i, m := range in.Members {
		mf := &r.Members[i]
		*mf = MemberFee{Member: m, KeyCounts: keyCounts[i*k : (i+1)*k : (i+1)*k], Split: parts[i], Allocated: parts[i].Amount,
			shareNum: shares[i], calc: calc, TransferCarried: carried[i]}
		parts[i].Amount.units(fee)
		// 7: member additions.
		mf.AdditionsExact, mf.Additions = noAdditions, zero
		if sum := memberAdds[i]; sum != nil {
			mf.AdditionsExact = sum
			mf.Additions = u.money(u.units(adds, sum.Num(), sum.Denom()))
			fee.Add(fee, adds)
		}
		// 8: volume.
		mf.VolumeRows, mf.volume, mf.Volume = volume[i], volumeSums[i], zero
		if !mf.volume.IsZero() {
			n, ok := int64(0), false
			if c, e, fits := mf.volume.Int64(); fits {
				n, ok = u.round64(c, e)
			}
			if ok {
				vol.SetInt64(n)
			} else {
				u.roundUnits(vol, mf.VolumeExact())
			}
			mf.Volume = u.money(vol)
			fee.Add(fee, vol)
		}
		// 9: the fee (the allocated amount itself, most often).
		mf.Fee = mf.Allocated
		if mf.Additions.Sign() != 0 || mf.Volume.Sign() != 0 {
			mf.Fee = u.money(fee)
		}
		total.Add(total, fee)
		mf.TransferRelief = zero
		if r.TransfersSum.Sign() != 0 {
			mf.TransferRelief = u.money(fixed.RoundMulQuo(scratch, scratch2, shares[i], reliefNum, reliefDen))
		}
	}
	r.Total = u.amount(total)

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

// accumulate adds x to *sum; a sum still zero takes x itself, which spares
// an addition (and its allocation) for the one row most members have.
func accumulate(sum *decimal.Decimal, x decimal.Decimal) {
	if sum.IsZero() {
		*sum = x
	} else {
		*sum = sum.Add(x)
	}
}

// driverCounts returns every member's count of each key driver, member by
// member in Result.Keys order; a member without a driver_counts row for a
// driver counts 0. It sets r.Keys.
func (r *Result) driverCounts(in *Input, index memberIndex) []decimal.Decimal {
	r.Keys = in.KeyWeights()
	nk := len(r.Keys)
	out := make([]decimal.Decimal, len(in.Members)*nk)
	for k, key := range r.Keys {
		if key.Driver == DriverPopulation {
			for i, m := range in.Members {
				out[i*nk+k] = m.Population
			}
			continue
		}
		for i := range in.Members {
			out[i*nk+k] = decimal.Zero
		}
		cur := index.cursor()
		for _, dc := range in.Allocation.DriverCounts {
			if dc.Driver == key.Driver {
				i, _ := cur.of(dc.Member)
				accumulate(&out[i*nk+k], dc.Count)
			}
		}
	}
	return out
}

// keyShares computes each member's exact key share,
// Σ_k weight_k × count_k,i / Σ_j count_k,j (SPEC rule 5), as numerators over
// one denominator. With the counts of key k scaled to integers C_k,i (their
// sum S_k) and the weights to integers W_k over 10^e:
//
//	share_i = Σ_k W_k × C_k,i × Π_{j≠k} S_j / (10^e × Π_k S_k)
//
// counts is driverCounts' result. It sets r.KeyTotals.
func (r *Result) keyShares(counts []decimal.Decimal) (num []*big.Int, den *big.Int, err error) {
	nk := len(r.Keys)
	n := len(counts) / nk
	scaled := newInts(len(counts), 2) // C_k,i at [i×nk + k]
	sums := make([]*big.Int, nk)
	for k, key := range r.Keys {
		e := int32(0)
		for i := 0; i < n; i++ {
			e = min(e, counts[i*nk+k].Exponent())
		}
		sums[k] = new(big.Int)
		for i := 0; i < n; i++ {
			sums[k].Add(sums[k], setDecimal(&scaled[i*nk+k], counts[i*nk+k], e))
		}
		if sums[k].Sign() <= 0 {
			return nil, nil, &field.Error{Path: fmt.Sprintf("allocation.keys[%d].driver", k), Value: fmt.Sprintf("%q", key.Driver), Err: field.ErrNoCount}
		}
		r.KeyTotals = append(r.KeyTotals, decimal.NewFromBigInt(sums[k], e))
	}
	e := int32(0)
	for _, key := range r.Keys {
		e = min(e, key.Weight.Exponent())
	}
	den = new(big.Int).Set(pow10(-e))
	for _, s := range sums {
		den.Mul(den, s)
	}
	// mult_k = W_k × Π_{j≠k} S_j
	mult := make([]*big.Int, nk)
	for k, key := range r.Keys {
		mult[k] = key.Weight.Coefficient()
		mult[k].Mul(mult[k], pow10(key.Weight.Exponent()-e))
		for j, s := range sums {
			if j != k {
				mult[k].Mul(mult[k], s)
			}
		}
	}
	ints := newInts(n, den.BitLen()/bits.UintSize+2)
	num = make([]*big.Int, n)
	term := new(big.Int)
	for i := range num {
		num[i] = &ints[i]
		if x, ok := dot64(mult, scaled[i*nk:(i+1)*nk]); ok {
			num[i].SetUint64(x)
			continue
		}
		for k := range mult {
			num[i].Add(num[i], term.Mul(mult[k], &scaled[i*nk+k]))
		}
	}
	return num, den, nil
}

// dot64 returns Σ_k a_k × b_k for integers that are not negative, worked in
// uint64 arithmetic; ok is false when a term or the sum does not fit (then
// nothing is lost: the caller works it with big.Int). A numerator of a key
// share is at most the shared denominator, so with a key of one or two
// drivers it most often fits.
func dot64(a []*big.Int, b []big.Int) (sum uint64, ok bool) {
	for k := range a {
		if !a[k].IsUint64() || !b[k].IsUint64() {
			return 0, false
		}
		hi, lo := bits.Mul64(a[k].Uint64(), b[k].Uint64())
		var carry uint64
		sum, carry = bits.Add64(sum, lo, 0)
		if hi != 0 || carry != 0 {
			return 0, false
		}
	}
	return sum, true
}

// volumeAdjustments applies the volume principle to every count (SPEC rule
// 8) and returns the rows of each member by member index, in input order,
// and the sum of each member's adjustments.
func volumeAdjustments(v Volume, index memberIndex) ([][]VolumeAdjustment, []decsum.Sum) {
	byMember := make([][]VolumeAdjustment, index.n())
	sums := make([]decsum.Sum, index.n())
	if len(v.Counts) == 0 {
		return byMember, sums
	}
	unitCost := make(map[string]decimal.Decimal, len(v.Drivers))
	for _, d := range v.Drivers {
		unitCost[d.Driver] = d.UnitCost
	}
	member := make([]int, len(v.Counts))
	count := make([]int, index.n())
	cur := index.cursor()
	for j, c := range v.Counts {
		member[j], _ = cur.of(c.Member)
		count[member[j]]++
	}
	rows := make([]VolumeAdjustment, len(v.Counts)) // all rows, member by member
	for i, start := 0, 0; i < index.n(); start, i = start+count[i], i+1 {
		byMember[i] = rows[start : start : start+count[i]]
	}
	for j, c := range v.Counts {
		row := VolumeAdjustment{VolumeCount: c, UnitCost: unitCost[c.Driver]}
		i := member[j]
		row.adjust(&sums[i], v.Threshold, v.Symmetric)
		byMember[i] = append(byMember[i], row)
	}
	return byMember, sums
}

// adjust sets whether the row's change passes the threshold (change /
// baseline > threshold, without dividing: baseline > 0), and if it does adds
// its adjustment to sum. The common figures (counts, a unit cost in kronor
// and öre) are worked in fixed point, others as decimals.
func (v *VolumeAdjustment) adjust(sum *decsum.Sum, threshold decimal.Decimal, symmetric bool) {
	if change, over, ok := v.passes(threshold, symmetric); ok {
		if v.Over = over; over {
			if cost, ok := fixed.Of(v.UnitCost); ok {
				if p, ok := fixed.Mul(change, cost); ok {
					sum.AddCoefficient(p.C, p.E)
					return
				}
			}
			sum.Add(v.Adjustment())
		}
		return
	}
	measured := v.Change()
	if symmetric {
		measured = measured.Abs()
	}
	if v.Over = measured.GreaterThan(threshold.Mul(v.Baseline)); v.Over {
		sum.Add(v.Adjustment())
	}
}

// passes is adjust's test in fixed point: the change, and whether it (or
// its magnitude, when symmetric) exceeds threshold × baseline; ok is false
// when a figure does not fit.
func (v *VolumeAdjustment) passes(threshold decimal.Decimal, symmetric bool) (change fixed.Num, over, ok bool) {
	cur, okC := fixed.Of(v.Current)
	base, okB := fixed.Of(v.Baseline)
	t, okT := fixed.Of(threshold)
	if !okC || !okB || !okT {
		return fixed.Num{}, false, false
	}
	if change, ok = fixed.Sub(cur, base); !ok {
		return fixed.Num{}, false, false
	}
	measured := change
	if symmetric {
		if measured, ok = change.Abs(); !ok {
			return fixed.Num{}, false, false
		}
	}
	limit, ok := fixed.Mul(t, base)
	if !ok {
		return fixed.Num{}, false, false
	}
	return change, fixed.Cmp(measured, limit) > 0, true
}
