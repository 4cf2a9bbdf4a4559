package billing

import (
	"fmt"
	"slices"
	"time"

	"memberfee/internal/quote"
	"memberfee/policy"
)

// Member is a member municipality as billing knows it.
type Member struct{ ID, Name string }

// Rules are a period's rules. They are read-only once made (the calendar
// guards its own cache), so the categories' goroutines share one Rules; a
// rule that keeps state from row to row has a rater of its own, made for
// one file and one goroutine (NewStorage, NewSupport).
type Rules struct {
	cfg      Config
	From, To time.Time // the period, both days included
	Months   int       // calendar months the period touches
	// LicenceMonths are the months licences are billed for: Months but
	// those an issued period starting earlier touches (see issuedMonths).
	LicenceMonths int
	Calendar      *Calendar
	members       memberIndex // resolves a member cell: id, name, folded name

	skip    bool      // billing.outside_period: skip
	covered []Covered // periods already issued: their rows are outside

	policy  *policy.Policy
	clauses map[string]bool        // the policy's clause ids, for a service's
	cites   map[Category][2]string // the clause of an included [0] and a charged [1] line
}

// cite returns the clause a line of the category with the status cites,
// as the policy says.
func (r *Rules) cite(c Category, s Status) string {
	if s == Charged {
		return r.cites[c][1]
	}
	return r.cites[c][0]
}

// NewRules prepares the rules for a period. A row dated in one of the
// covered periods (already issued; see Covered) is outside, whatever
// billing.outside_period says.
func NewRules(cfg Config, members []Member, from, to time.Time, covered ...Covered) (*Rules, error) {
	if to.Before(from) {
		return nil, fmt.Errorf("the period ends %s before it starts %s", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	for _, c := range covered {
		if c.To.Before(c.From) {
			return nil, fmt.Errorf("the issued period %s ends %s before it starts", c, c.To.Format(time.DateOnly))
		}
	}
	calendar, err := NewCalendar(cfg.OfficeHours.Start, cfg.OfficeHours.End, cfg.OfficeHours.Eves())
	if err != nil {
		return nil, err
	}
	r := &Rules{cfg: cfg, From: from, To: to, Calendar: calendar, members: newMemberIndex(members),
		skip: cfg.SkipsOutside(), covered: slices.Clone(covered)}
	r.policy = cfg.PolicyOrDefault()
	r.clauses = make(map[string]bool, len(r.policy.Clauses))
	for _, c := range r.policy.Clauses {
		r.clauses[c.ID] = true
	}
	r.cites = map[Category][2]string{}
	for _, c := range r.policy.Categories {
		r.cites[Category(c.Category)] = [2]string{c.Cite(false), c.Cite(true)}
	}
	r.Months = (to.Year()-from.Year())*12 + int(to.Month()) - int(from.Month()) + 1
	r.LicenceMonths = r.Months - r.issuedMonths()
	return r, nil
}

// member resolves a member column (see memberIndex): a member id, a
// member's name in any case, or its name without diacritics and the word
// "kommun" where that names one member only.
func (r *Rules) member(s string) (string, bool) {
	ids := r.members.lookup(s)
	if len(ids) != 1 {
		return "", false
	}
	return ids[0], true
}

// memberOf resolves the member cell of a row of category c, or returns the
// row's rejected line: the cell names no member (ErrUnknownMember), or
// more than one (ErrAmbiguousMember, naming each).
func (r *Rules) memberOf(c Category, src Source, member string) (string, *Line) {
	switch ids := r.members.lookup(member); len(ids) {
	case 1:
		return ids[0], nil
	case 0:
		l := reject(c, src, member, "member", ErrUnknownMember, quote.Value(member))
		return "", &l
	default:
		l := reject(c, src, member, "member", ErrAmbiguousMember, quote.Value(member), r.members.candidates(ids))
		return "", &l
	}
}

// check applies the rules every dated row shares: a day neither in an
// issued period nor (with billing.outside_period: skip) outside the
// period, which makes the row outside before anything else is checked; a
// known member; a day inside the period. It returns the outside or
// rejected line, or ok.
func (r *Rules) check(c Category, src Source, member string, day time.Time, dateColumn string) (string, *Line) {
	if r.skip || len(r.covered) > 0 {
		if l, ok := r.outside(c, src, member, day); ok {
			return "", &l
		}
	}
	id, rej := r.memberOf(c, src, member)
	if rej != nil {
		return "", rej
	}
	if !day.IsZero() && (day.Before(r.From) || day.After(r.To)) {
		l := reject(c, src, id, dateColumn, ErrOutsidePeriod, day.Format(time.DateOnly), r.From.Format(time.DateOnly), r.To.Format(time.DateOnly))
		return "", &l
	}
	return id, nil
}
