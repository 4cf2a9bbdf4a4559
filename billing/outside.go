package billing

import (
	"time"

	"github.com/shopspring/decimal"
)

// Covered is a period already issued (to the ledger), both days included,
// with the numbers of the documents issued for it: a row dated in it is
// outside the period being rated, never billed twice.
type Covered struct {
	From, To time.Time
	// Documents are the numbers of the period's documents by member id,
	// each member's in the order issued: an outside row names the first
	// of its member's, none when its member has none there.
	Documents map[string][]string
}

func (c Covered) String() string {
	return c.From.Format(time.DateOnly) + " – " + c.To.Format(time.DateOnly)
}

// Contains reports whether day is in the period.
func (c Covered) Contains(day time.Time) bool { return !day.Before(c.From) && !day.After(c.To) }

// document is the number an outside row of member (an id) in the period
// names: the first of its member's documents, "" when it has none.
func (c Covered) document(member string) string {
	if d := c.Documents[member]; len(d) > 0 {
		return d[0]
	}
	return ""
}

// CountsOutside reports whether a row can be outside: with
// billing.outside_period: skip, or periods already issued. The outputs
// count and list outside rows only then, so that a run of neither is the
// same, byte for byte, as before there were outside rows.
func (r *Rules) CountsOutside() bool { return r.skip || len(r.covered) > 0 }

// outside returns the outside line of a row dated day, and whether it is
// outside: dated in an issued period, or (skip) outside the period. A row
// without a day is never outside.
func (r *Rules) outside(c Category, src Source, member string, day time.Time) (Line, bool) {
	if day.IsZero() {
		return Line{}, false
	}
	if id, ok := r.member(member); ok {
		member = id
	}
	l := Line{Source: src, Category: c, Member: member, Date: day, Status: Outside, Amount: decimal.Zero}
	for _, p := range r.covered {
		if p.Contains(day) {
			l.Document = p.document(member)
			doc := l.Document
			if doc == "" {
				doc = "no document of its member"
			}
			l.Reason, l.Why = ErrIssuedPeriod.English(day.Format(time.DateOnly), p.String(), doc), ErrIssuedPeriod
			return l, true
		}
	}
	if r.skip && (day.Before(r.From) || day.After(r.To)) {
		l.Reason = ErrOutsidePeriod.English(day.Format(time.DateOnly), r.From.Format(time.DateOnly), r.To.Format(time.DateOnly))
		l.Why = ErrOutsidePeriod
		return l, true
	}
	return Line{}, false
}

// issuedMonths counts the months of the period whose licences an issued
// period bills: licence counts have no day, so a month touched by several
// periods is billed by the earliest of them (by start) alone. A month is
// issued when a covered period that starts before this one touches it
// (that period, or one earlier still, billed it), whatever periods
// starting later touch it: a re-rating (correct) of an earlier period
// keeps its months. A covered period overlapping this one (a draft, never
// what the ledger's commands rate) takes the months whose days in this
// period all lie in it.
func (r *Rules) issuedMonths() int {
	n := 0
	for m := range r.Months {
		month := time.Date(r.From.Year(), r.From.Month()+time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		end := month.AddDate(0, 1, -1)
		first, last := later(month, r.From), earlier(end, r.To)
		for _, p := range r.covered {
			touches := !p.From.After(end) && !p.To.Before(month)
			inside := !first.Before(p.From) && !last.After(p.To)
			if touches && p.From.Before(r.From) || inside {
				n++
				break
			}
		}
	}
	return n
}

// OutsideRow is an input row that was outside the period, as the summary
// keeps it: a running year file billed by quarter has three outside rows
// for each it bills, so it keeps no more than the outputs list.
type OutsideRow struct {
	Source
	Category Category
	Date     time.Time
	Document string // the issued document covering it; "" for none
}

// outsideRow is the summary's entry of an outside line.
func outsideRow(l *Line) OutsideRow {
	return OutsideRow{Source: l.Source, Category: l.Category, Date: l.Date, Document: l.Document}
}
