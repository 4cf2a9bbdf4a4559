package billing

import (
	"time"

	"github.com/shopspring/decimal"
)

// Covered is a period already issued (to the ledger), both days included,
// with the numbers of the documents issued for it: a row dated in it is
// outside the period being rated, never billed twice.
type Covered struct {
	From, To  time.Time
	Documents []string // the first names the row's outside entry
}

func (c Covered) String() string {
	return c.From.Format(time.DateOnly) + " – " + c.To.Format(time.DateOnly)
}

// document is the number an outside row of the period names: the first
// of its documents, "" when it has none.
func (c Covered) document() string {
	if len(c.Documents) == 0 {
		return ""
	}
	return c.Documents[0]
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
		if !day.Before(p.From) && !day.After(p.To) {
			l.Document = p.document()
			doc := l.Document
			if doc == "" {
				doc = "no document number"
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

// issuedMonths counts the months of the period whose days in it lie
// wholly in one covered period: licence counts have no day, so an issued
// period's months are what keeps them from being billed twice.
func (r *Rules) issuedMonths() int {
	n := 0
	for m := range r.Months {
		first := time.Date(r.From.Year(), r.From.Month()+time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		last := first.AddDate(0, 1, -1)
		first, last = later(first, r.From), earlier(last, r.To)
		for _, p := range r.covered {
			if !first.Before(p.From) && !last.After(p.To) {
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
