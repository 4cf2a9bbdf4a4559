package allocation

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"memberfee/internal/decsum"
	"memberfee/internal/field"
	"memberfee/internal/suggest"
	"memberfee/policy"
)

// Validate lists every problem of the input, each a *field.Error. It never
// modifies the input. An input that validates can still fail in Compute only
// where a computed figure is out of bounds (a negative pool).
func (in *Input) Validate() []error {
	errs, _ := in.validate()
	return errs
}

// memberIndex maps a member's id to its index in Input.Members (the first,
// should an id be used twice).
type memberIndex struct {
	ids map[string]int
	// Input.Members' ids in order, and the index of gives for each (−1
	// for an empty id), for a cursor
	order []string
	first []int
}

// n returns the number of members.
func (mi memberIndex) n() int { return len(mi.order) }

// of returns the index of the member with the id, and whether there is one.
func (mi memberIndex) of(id string) (int, bool) {
	i, ok := mi.ids[id]
	return i, ok
}

// memberCursor looks up the members of a list that mostly names them in
// the members' own order (one row per member, as a board's lists usually
// go): it tries the member after the last one found before it hashes the id.
type memberCursor struct {
	mi   memberIndex
	next int
}

func (mi memberIndex) cursor() *memberCursor { return &memberCursor{mi: mi} }

// of is memberIndex.of.
func (c *memberCursor) of(id string) (int, bool) {
	if c.next < len(c.mi.order) && c.mi.order[c.next] == id && c.mi.first[c.next] >= 0 {
		i := c.mi.first[c.next]
		c.next++
		return i, true
	}
	i, ok := c.mi.ids[id]
	if ok {
		c.next = i + 1
	}
	return i, ok
}

func (mi memberIndex) has(id string) bool {
	_, ok := mi.ids[id]
	return ok
}

// validate is Validate, also returning the member index it builds.
func (in *Input) validate() ([]error, memberIndex) {
	v := &validator{policy: in.PolicyOrDefault()}
	if in.Year < 1900 || in.Year > 2999 {
		v.add("year", fmt.Sprint(in.Year), because(field.ErrOutOfRange, "(a year between 1900 and 2999)"))
	}
	if in.RoundingUnit.Sign() < 0 {
		v.add("rounding_unit", in.RoundingUnit.String(), field.ErrNegative)
	}
	if in.Installments < 0 || in.Installments > 12 {
		v.add("installments", fmt.Sprint(in.Installments), because(field.ErrOutOfRange, "(1 to 12)"))
	}
	v.dueDates(in)
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
	return v.errs, members
}

type validator struct {
	errs   []error
	policy *policy.Policy // whose clauses the additions and transfers cite
}

// at is the path of an entry of a list, e.g. members[2], or of a key when i
// is negative; its text is built only for an error, since a valid input of
// hundreds of members would otherwise spend most of its check formatting
// paths it never shows.
type at struct {
	list string
	i    int
}

func (a at) String() string {
	if a.i < 0 {
		return a.list
	}
	return a.list + "[" + strconv.Itoa(a.i) + "]"
}

// f returns the path of the entry's field, the entry itself for "".
func (a at) f(key string) string {
	if key == "" {
		return a.String()
	}
	return a.String() + "." + key
}

// pair is a member's row for a driver, unique in driver_counts and volume.counts.
type pair struct{ member, driver string }

func (p pair) String() string { return p.member + " " + p.driver }

// driverRows keeps, for each driver of a list (driver_counts,
// volume.counts), every member's first row, to report a second one, and the
// sum of the counts: by member index, in one small slice per driver rather
// than a map of hundreds of entries; rows naming an unknown member by id.
type driverRows struct {
	members memberIndex
	list    string // the list's path, e.g. "volume.counts"
	drivers map[string]*driverRow
	last    *driverRow // the previous row's, as rows come in runs
	unknown map[pair]int
}

type driverRow struct {
	name  string
	first []int // row + 1 by member index, 0 for none yet
	sum   decsum.Sum
}

func (f *driverRows) driver(name string) *driverRow {
	if f.last != nil && f.last.name == name {
		return f.last
	}
	if f.drivers == nil {
		f.drivers = map[string]*driverRow{}
	}
	d := f.drivers[name]
	if d == nil {
		d = &driverRow{name: name, first: make([]int, f.members.n())}
		f.drivers[name] = d
	}
	f.last = d
	return d
}

// check reports row i, of member m (ok: a known member), as a duplicate
// when an earlier row has its pair, and returns the driver's record.
func (f *driverRows) check(v *validator, i int, member string, m int, ok bool, driver string) *driverRow {
	d, first := f.driver(driver), -1
	if ok {
		if first = d.first[m] - 1; first < 0 {
			d.first[m] = i + 1
		}
	} else {
		if f.unknown == nil {
			f.unknown = map[pair]int{}
		}
		if j, seen := f.unknown[pair{member, driver}]; seen {
			first = j
		} else {
			f.unknown[pair{member, driver}] = i
		}
	}
	if first >= 0 {
		v.add(at{f.list, i}.String(), fmt.Sprintf("%q", pair{member, driver}.String()), because(field.ErrDuplicate, "(also %s)", at{f.list, first}))
	}
	return d
}

// firstUse is where an id was first used, for the error of a duplicate.
type firstUse struct {
	at  at
	key string
}

func (v *validator) add(path, value string, err error) {
	v.errs = append(v.errs, &field.Error{Path: path, Value: value, Err: err})
}

// notNegative reports the field's value d when it is negative.
func (v *validator) notNegative(a at, key string, d decimal.Decimal) {
	if d.Sign() < 0 {
		v.add(a.f(key), d.String(), field.ErrNegative)
	}
}

// clause reports a clause that is given but not one of the policy's.
func (v *validator) clause(a at, c string) {
	if c == "" {
		return
	}
	if !v.policy.HasClause(c) {
		v.add(a.f("clause"), fmt.Sprintf("%q", c), fmt.Errorf("%w%s", field.ErrUnknownClause, suggest.Phrase(c, v.policy.ClauseIDs())))
	}
}

// unique reports an id seen before as the field of entry a, naming where it
// was first used.
func unique[K comparable](v *validator, seen map[K]firstUse, a at, key string, id K) {
	if first, ok := seen[id]; ok {
		v.add(a.f(key), fmt.Sprintf("%q", fmt.Sprint(id)), because(field.ErrDuplicate, "(also %s)", first.at.f(first.key)))
		return
	}
	seen[id] = firstUse{a, key}
}

// members checks the members; a population is required when the key uses
// it, and must not be negative or fractional in any case.
func (v *validator) members(ms []Member, usesPopulation bool) memberIndex {
	known := memberIndex{ids: make(map[string]int, len(ms)), order: make([]string, len(ms)), first: make([]int, len(ms))}

	if len(ms) == 0 {
		v.add("members", "", because(field.ErrRequired, "(at least one member)"))
	}
	for i, m := range ms {
		p := at{"members", i}
		known.order[i], known.first[i] = m.ID, i
		if m.ID == "" {
			v.add(p.f("id"), "", field.ErrRequired)
			known.first[i] = -1
		} else if first, ok := known.of(m.ID); ok {
			v.add(p.f("id"), fmt.Sprintf("%q", m.ID), because(field.ErrDuplicate, "(also %s)", at{"members", first}.f("id")))
			known.first[i] = first
		} else {
			known.ids[m.ID] = i
		}
		switch {
		case m.Population.Sign() < 0:
			v.add(p.f("population"), m.Population.String(), field.ErrNegative)
		case m.Population.Sign() == 0 && usesPopulation:
			v.add(p.f("population"), m.Population.String(), field.ErrNotPositive)
		case !m.Population.IsInteger():
			v.add(p.f("population"), m.Population.String(), field.ErrNotWhole)
		}
		if m.PreviousFee.Valid {
			v.notNegative(p, "previous_fee", m.PreviousFee.Decimal)
		}
	}
	return known
}

func (v *validator) key(in *Input, members memberIndex) {
	counted := driverRows{members: members, list: "allocation.driver_counts"}
	cur := members.cursor()
	for i, c := range in.Allocation.DriverCounts {
		p := at{"allocation.driver_counts", i}
		m, ok := cur.of(c.Member)
		if !ok {
			v.add(p.f("member"), fmt.Sprintf("%q", c.Member), field.ErrUnknownMember)
		}
		switch c.Driver {
		case "":
			v.add(p.f("driver"), "", field.ErrRequired)
		case DriverPopulation:
			v.add(p.f("driver"), fmt.Sprintf("%q", c.Driver), because(field.ErrOutOfRange, "(population comes from members[].population)"))
		}
		counted.check(v, i, c.Member, m, ok, c.Driver).sum.Add(c.Count)
		v.notNegative(p, "count", c.Count)
	}
	sum := decimal.Zero
	drivers := map[string]firstUse{}
	for i, k := range in.Allocation.Keys {
		p := at{"allocation.keys", i}
		switch {
		case k.Driver == "":
			v.add(p.f("driver"), "", field.ErrRequired)
		case k.Driver == DriverPopulation:
		case counted.drivers[k.Driver] == nil || counted.drivers[k.Driver].sum.Decimal().Sign() <= 0:
			v.add(p.f("driver"), fmt.Sprintf("%q", k.Driver), because(field.ErrNoCount, "in allocation.driver_counts"))
		}
		unique(v, drivers, p, "driver", k.Driver)
		if k.Weight.Sign() < 0 {
			v.add(p.f("weight"), k.Weight.String(), field.ErrNegative)
		}
		sum = sum.Add(k.Weight)
	}
	if len(in.Allocation.Keys) > 0 && !sum.Equal(decimal.NewFromInt(1)) {
		v.add("allocation.keys", "weights summing to "+sum.String(), because(field.ErrBadSum, "(the weights must sum to 1)"))
	}
}

func (v *validator) fee(f Fee) {
	v.notNegative(at{"fee.previous_total", -1}, "", f.PreviousTotal)
	sum := decimal.Zero
	seen := map[string]firstUse{}
	for i, c := range f.Indexation {
		p := at{"fee.indexation", i}
		if c.Component == "" {
			v.add(p.f("component"), "", field.ErrRequired)
		} else {
			unique(v, seen, p, "component", c.Component)
		}
		if c.Share.Sign() < 0 || c.Share.GreaterThan(decimal.NewFromInt(1)) {
			v.add(p.f("share"), c.Share.String(), because(field.ErrOutOfRange, "(a share between 0 and 1)"))
		}
		if c.Rate.LessThanOrEqual(decimal.NewFromInt(-1)) {
			v.add(p.f("rate"), c.Rate.String(), because(field.ErrOutOfRange, "(a rate above -1)"))
		}
		sum = sum.Add(c.Share)
	}
	if sum.GreaterThan(decimal.NewFromInt(1)) {
		v.add("fee.indexation", "shares summing to "+sum.String(), because(field.ErrBadSum, "(the shares must sum to at most 1)"))
	}
}

func (v *validator) additions(as []Addition, members memberIndex) {
	seen := map[string]firstUse{}
	for i, a := range as {
		p := at{"additions", i}
		if a.ID == "" {
			v.add(p.f("id"), "", field.ErrRequired)
		} else {
			unique(v, seen, p, "id", a.ID)
		}
		v.clause(p, a.Clause)
		switch a.Scope {
		case ScopeCommon:
			if a.Member != "" {
				v.add(p.f("member"), fmt.Sprintf("%q", a.Member), because(field.ErrOutOfRange, "(a common addition has no member; use scope: member)"))
			}
		case ScopeMember:
			if !members.has(a.Member) {
				v.add(p.f("member"), fmt.Sprintf("%q", a.Member), field.ErrUnknownMember)
			}
		case "":
			v.add(p.f("scope"), "", because(field.ErrRequired, "(common or member)"))
		default:
			v.add(p.f("scope"), fmt.Sprintf("%q", a.Scope), because(field.ErrOutOfRange, "(common or member)"))
		}
		v.notNegative(p, "investment", a.Investment)
		v.notNegative(p, "operating_cost", a.OperatingCost)
		v.notNegative(p, "interest_rate", a.InterestRate)
		if a.DepreciationYears < 0 {
			v.add(p.f("depreciation_years"), fmt.Sprint(a.DepreciationYears), field.ErrNegative)
		}
		if a.Investment.Sign() > 0 {
			if a.DepreciationYears == 0 {
				v.add(p.f("depreciation_years"), "", because(field.ErrRequired, "(an investment is depreciated over a number of years)"))
			}
			if a.StartYear == 0 {
				v.add(p.f("start_year"), "", because(field.ErrRequired, "(the year the investment's depreciation starts)"))
			}
		}
		if a.EndYear != 0 && a.EndYear < a.StartYear {
			v.add(p.f("end_year"), fmt.Sprint(a.EndYear), because(field.ErrOutOfRange, "(before start_year %d)", a.StartYear))
		}
	}
}

func (v *validator) transfers(ts []Transfer, members memberIndex) {
	seen := map[string]firstUse{}
	for i, t := range ts {
		p := at{"transfers", i}
		if t.ID == "" {
			v.add(p.f("id"), "", field.ErrRequired)
		} else {
			unique(v, seen, p, "id", t.ID)
		}
		v.clause(p, t.Clause)
		amounts := p.f("amounts")
		inTransfer := make([]int, members.n()) // first row + 1 by member index
		cur := members.cursor()
		for j, a := range t.Amounts {
			q := at{amounts, j}
			if m, ok := cur.of(a.Member); !ok {
				v.add(q.f("member"), fmt.Sprintf("%q", a.Member), field.ErrUnknownMember)
			} else if inTransfer[m] > 0 {
				v.add(q.f("member"), fmt.Sprintf("%q", a.Member), because(field.ErrDuplicate, "(also %s)", at{amounts, inTransfer[m] - 1}.f("member")))
			} else {
				inTransfer[m] = j + 1
			}
			v.notNegative(q, "amount", a.Amount)
		}
	}
}

func (v *validator) volume(vol Volume, members memberIndex) {
	v.notNegative(at{"volume.threshold", -1}, "", vol.Threshold)
	drivers := map[string]firstUse{}
	for i, d := range vol.Drivers {
		p := at{"volume.drivers", i}
		if d.Driver == "" {
			v.add(p.f("driver"), "", field.ErrRequired)
		} else {
			unique(v, drivers, p, "driver", d.Driver)
		}
		v.notNegative(p, "unit_cost", d.UnitCost)
	}
	seen := driverRows{members: members, list: "volume.counts"}
	cur := members.cursor()
	for i, c := range vol.Counts {
		p := at{"volume.counts", i}
		m, ok := cur.of(c.Member)
		if !ok {
			v.add(p.f("member"), fmt.Sprintf("%q", c.Member), field.ErrUnknownMember)
		}
		if _, known := drivers[c.Driver]; !known {
			v.add(p.f("driver"), fmt.Sprintf("%q", c.Driver), because(field.ErrUnknownDriver, "(not in volume.drivers)"))
		}
		seen.check(v, i, c.Member, m, ok, c.Driver)
		switch {
		case c.Baseline.Sign() < 0:
			v.add(p.f("baseline"), c.Baseline.String(), field.ErrNegative)
		case c.Baseline.Sign() == 0:
			v.add(p.f("baseline"), c.Baseline.String(), because(field.ErrNotPositive, "(the change is measured against it)"))
		}
		v.notNegative(p, "current", c.Current)
	}
}
