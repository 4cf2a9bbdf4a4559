package allocation

import (
	"fmt"

	"github.com/shopspring/decimal"

	"memberfee/policy"
)

// Validate lists every problem of the input, each a *FieldError. It never
// modifies the input. An input that validates can still fail in Compute only
// where a computed figure is out of bounds (a negative pool).
func (in *Input) Validate() []error {
	v := &validator{}
	if in.Year < 1900 || in.Year > 2999 {
		v.add("year", fmt.Sprint(in.Year), because(ErrOutOfRange, "(a year between 1900 and 2999)"))
	}
	if in.RoundingUnit.Sign() < 0 {
		v.add("rounding_unit", in.RoundingUnit.String(), ErrNegative)
	}
	if in.Installments < 0 || in.Installments > 12 {
		v.add("installments", fmt.Sprint(in.Installments), because(ErrOutOfRange, "(1 to 12)"))
	}
	usesPopulation := false
	for _, k := range in.KeyWeights() {
		usesPopulation = usesPopulation || k.Driver == DriverPopulation
	}
	members := v.members(in.Members, usesPopulation)
	v.key(in, members)
	v.fee(in.Fee)
	v.additions(in.Additions, members)
	v.transfers(in.Transfers, members)
	v.volume(in.Volume, members)
	return v.errs
}

type validator struct{ errs []error }

func (v *validator) add(path, value string, err error) {
	v.errs = append(v.errs, &FieldError{Path: path, Value: value, Err: err})
}

// notNegative reports d when it is negative.
func (v *validator) notNegative(path string, d decimal.Decimal) {
	if d.Sign() < 0 {
		v.add(path, d.String(), ErrNegative)
	}
}

// clause reports a clause that is given but not one of the policy's.
func (v *validator) clause(path, c string) {
	if c == "" {
		return
	}
	if _, ok := policy.LookupClause(c); !ok {
		v.add(path, fmt.Sprintf("%q", c), ErrUnknownClause)
	}
}

// unique reports an id seen before, naming where it was first used.
func (v *validator) unique(seen map[string]string, path, id string) {
	if first, ok := seen[id]; ok {
		v.add(path, fmt.Sprintf("%q", id), because(ErrDuplicate, "(also %s)", first))
		return
	}
	seen[id] = path
}

// members checks the members; a population is required when the key uses
// it, and must not be negative or fractional in any case.
func (v *validator) members(ms []Member, usesPopulation bool) map[string]bool {
	known := map[string]bool{}
	if len(ms) == 0 {
		v.add("members", "", because(ErrRequired, "(at least one member)"))
	}
	seen := map[string]string{}
	for i, m := range ms {
		p := fmt.Sprintf("members[%d]", i)
		if m.ID == "" {
			v.add(p+".id", "", ErrRequired)
		} else {
			v.unique(seen, p+".id", m.ID)
			known[m.ID] = true
		}
		switch {
		case m.Population.Sign() < 0:
			v.add(p+".population", m.Population.String(), ErrNegative)
		case m.Population.Sign() == 0 && usesPopulation:
			v.add(p+".population", m.Population.String(), ErrNotPositive)
		case !m.Population.IsInteger():
			v.add(p+".population", m.Population.String(), ErrNotWhole)
		}
		if m.PreviousFee.Valid {
			v.notNegative(p+".previous_fee", m.PreviousFee.Decimal)
		}
	}
	return known
}

func (v *validator) key(in *Input, members map[string]bool) {
	counted := map[string]decimal.Decimal{} // driver → Σ count
	seen := map[string]string{}
	for i, c := range in.Allocation.DriverCounts {
		p := fmt.Sprintf("allocation.driver_counts[%d]", i)
		if !members[c.Member] {
			v.add(p+".member", fmt.Sprintf("%q", c.Member), ErrUnknownMember)
		}
		switch c.Driver {
		case "":
			v.add(p+".driver", "", ErrRequired)
		case DriverPopulation:
			v.add(p+".driver", fmt.Sprintf("%q", c.Driver), because(ErrOutOfRange, "(population comes from members[].population)"))
		}
		v.unique(seen, p, c.Member+" "+c.Driver)
		v.notNegative(p+".count", c.Count)
		counted[c.Driver] = counted[c.Driver].Add(c.Count)
	}
	sum := decimal.Zero
	drivers := map[string]string{}
	for i, k := range in.Allocation.Keys {
		p := fmt.Sprintf("allocation.keys[%d]", i)
		switch {
		case k.Driver == "":
			v.add(p+".driver", "", ErrRequired)
		case k.Driver == DriverPopulation:
		case counted[k.Driver].Sign() <= 0:
			v.add(p+".driver", fmt.Sprintf("%q", k.Driver), because(ErrNoCount, "in allocation.driver_counts"))
		}
		v.unique(drivers, p+".driver", k.Driver)
		if k.Weight.Sign() < 0 {
			v.add(p+".weight", k.Weight.String(), ErrNegative)
		}
		sum = sum.Add(k.Weight)
	}
	if len(in.Allocation.Keys) > 0 && !sum.Equal(decimal.NewFromInt(1)) {
		v.add("allocation.keys", "weights summing to "+sum.String(), because(ErrBadSum, "(the weights must sum to 1)"))
	}
}

func (v *validator) fee(f Fee) {
	v.notNegative("fee.previous_total", f.PreviousTotal)
	sum := decimal.Zero
	seen := map[string]string{}
	for i, c := range f.Indexation {
		p := fmt.Sprintf("fee.indexation[%d]", i)
		if c.Component == "" {
			v.add(p+".component", "", ErrRequired)
		} else {
			v.unique(seen, p+".component", c.Component)
		}
		if c.Share.Sign() < 0 || c.Share.GreaterThan(decimal.NewFromInt(1)) {
			v.add(p+".share", c.Share.String(), because(ErrOutOfRange, "(a share between 0 and 1)"))
		}
		if c.Rate.LessThanOrEqual(decimal.NewFromInt(-1)) {
			v.add(p+".rate", c.Rate.String(), because(ErrOutOfRange, "(a rate above -1)"))
		}
		sum = sum.Add(c.Share)
	}
	if sum.GreaterThan(decimal.NewFromInt(1)) {
		v.add("fee.indexation", "shares summing to "+sum.String(), because(ErrBadSum, "(the shares must sum to at most 1)"))
	}
}

func (v *validator) additions(as []Addition, members map[string]bool) {
	seen := map[string]string{}
	for i, a := range as {
		p := fmt.Sprintf("additions[%d]", i)
		if a.ID == "" {
			v.add(p+".id", "", ErrRequired)
		} else {
			v.unique(seen, p+".id", a.ID)
		}
		v.clause(p+".clause", a.Clause)
		switch a.Scope {
		case ScopeCommon:
			if a.Member != "" {
				v.add(p+".member", fmt.Sprintf("%q", a.Member), because(ErrOutOfRange, "(a common addition has no member; use scope: member)"))
			}
		case ScopeMember:
			if !members[a.Member] {
				v.add(p+".member", fmt.Sprintf("%q", a.Member), ErrUnknownMember)
			}
		case "":
			v.add(p+".scope", "", because(ErrRequired, "(common or member)"))
		default:
			v.add(p+".scope", fmt.Sprintf("%q", a.Scope), because(ErrOutOfRange, "(common or member)"))
		}
		v.notNegative(p+".investment", a.Investment)
		v.notNegative(p+".operating_cost", a.OperatingCost)
		v.notNegative(p+".interest_rate", a.InterestRate)
		if a.DepreciationYears < 0 {
			v.add(p+".depreciation_years", fmt.Sprint(a.DepreciationYears), ErrNegative)
		}
		if a.Investment.Sign() > 0 {
			if a.DepreciationYears == 0 {
				v.add(p+".depreciation_years", "", because(ErrRequired, "(an investment is depreciated over a number of years)"))
			}
			if a.StartYear == 0 {
				v.add(p+".start_year", "", because(ErrRequired, "(the year the investment's depreciation starts)"))
			}
		}
		if a.EndYear != 0 && a.EndYear < a.StartYear {
			v.add(p+".end_year", fmt.Sprint(a.EndYear), because(ErrOutOfRange, "(before start_year %d)", a.StartYear))
		}
	}
}

func (v *validator) transfers(ts []Transfer, members map[string]bool) {
	seen := map[string]string{}
	for i, t := range ts {
		p := fmt.Sprintf("transfers[%d]", i)
		if t.ID == "" {
			v.add(p+".id", "", ErrRequired)
		} else {
			v.unique(seen, p+".id", t.ID)
		}
		v.clause(p+".clause", t.Clause)
		inTransfer := map[string]string{}
		for j, a := range t.Amounts {
			q := fmt.Sprintf("%s.amounts[%d]", p, j)
			if !members[a.Member] {
				v.add(q+".member", fmt.Sprintf("%q", a.Member), ErrUnknownMember)
			} else {
				v.unique(inTransfer, q+".member", a.Member)
			}
			v.notNegative(q+".amount", a.Amount)
		}
	}
}

func (v *validator) volume(vol Volume, members map[string]bool) {
	v.notNegative("volume.threshold", vol.Threshold)
	drivers := map[string]string{}
	for i, d := range vol.Drivers {
		p := fmt.Sprintf("volume.drivers[%d]", i)
		if d.Driver == "" {
			v.add(p+".driver", "", ErrRequired)
		} else {
			v.unique(drivers, p+".driver", d.Driver)
		}
		v.notNegative(p+".unit_cost", d.UnitCost)
	}
	seen := map[string]string{}
	for i, c := range vol.Counts {
		p := fmt.Sprintf("volume.counts[%d]", i)
		if !members[c.Member] {
			v.add(p+".member", fmt.Sprintf("%q", c.Member), ErrUnknownMember)
		}
		if _, ok := drivers[c.Driver]; !ok {
			v.add(p+".driver", fmt.Sprintf("%q", c.Driver), because(ErrUnknownDriver, "(not in volume.drivers)"))
		}
		v.unique(seen, p, c.Member+" "+c.Driver)
		switch {
		case c.Baseline.Sign() < 0:
			v.add(p+".baseline", c.Baseline.String(), ErrNegative)
		case c.Baseline.Sign() == 0:
			v.add(p+".baseline", c.Baseline.String(), because(ErrNotPositive, "(the change is measured against it)"))
		}
		v.notNegative(p+".current", c.Current)
	}
}
