package billing

import (
	"bytes"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/internal/msg"
)

// SupportRater rates support tickets, describing each in a buffer it
// reuses: one rater rates one file, from one goroutine.
type SupportRater struct {
	rules *Rules
	span  []byte // the buffer for a ticket's description
}

// NewSupport returns a rater of support tickets.
func (r *Rules) NewSupport() *SupportRater { return &SupportRater{rules: r} }

// Rate rates a ticket: the time outside office hours, rounded up to whole
// increments, at the hourly rate, plus the call-out fee; a ticket wholly
// inside office hours is in the fee (clauses 5.1, 5.1.1).
func (r *SupportRater) Rate(row SupportRow) Line {
	loc := r.rules.Calendar.Location()
	row.Start, row.End = row.Start.In(loc), row.End.In(loc)
	startDay := r.rules.StartDay(row.Start)
	id, rej := r.rules.check(Support, row.Source, row.Member, startDay, "start")
	if rej != nil {
		return *rej
	}
	note := joinNotes(repeatedHourNote("start", row.Start, row.StartGuessed, false),
		repeatedHourNote("end", row.End, row.EndGuessed, row.EndComputed))
	if !row.End.After(row.Start) {
		l := reject(Support, row.Source, id, "end", ErrEndNotAfterStart)
		l.Reason = joinNotes(l.Reason, note) // a rejected line has its note in its reason
		return l
	}
	_, outside := r.rules.Calendar.Split(row.Start, row.End)
	inc := r.rules.cfg.Prices.SupportIncrementMinutes
	if inc <= 0 {
		inc = 1
	}
	l := Line{Source: row.Source, Category: Support, Member: id, Department: row.Department, Date: startDay,
		Ref: row.Ticket, Description: r.ticketSpan(row, note != ""),
		Unit: "min", UnitPrice: r.rules.cfg.Prices.SupportHour, Quantity: decimal.Zero, Extra: decimal.Zero, Amount: decimal.Zero,
		Note: note}
	if outside <= 0 {
		l.Clause, l.Status = r.rules.cite(Support, Included), Included
		l.Reason = msg.Canon("support.inside")
		return l
	}
	step := time.Duration(inc) * time.Minute
	increments := (outside + step - 1) / step
	minutes := decimal.NewFromInt(int64(increments) * int64(inc))
	l.Clause, l.Status, l.Quantity = r.rules.cite(Support, Charged), Charged, minutes
	l.Amount = R2(minutes.Mul(l.UnitPrice).Div(decimal.NewFromInt(60)))
	if row.CallOut {
		l.Extra = r.rules.cfg.Prices.CallOutFee
		l.Amount = l.Amount.Add(l.Extra)
	}
	l.Reason = msg.Canon("support.outside", outside.Round(time.Second).String())
	return l
}

// repeatedHourNote describes a ticket's time (what: start or end) whose
// wall clock occurs twice, in the hour clocks go back; "" for any other.
// guessed: it was written without an offset and read as the first, or,
// computed, it is the start plus a duration (no offset was written for
// it), from a start so read.
func repeatedHourNote(what string, t time.Time, guessed, computed bool) string {
	var which string
	switch {
	case sameClock(t, t.Add(time.Hour)):
		which = "first"
	case sameClock(t, t.Add(-time.Hour)):
		which = "second"
	default:
		return ""
	}
	_, off := t.Zone()
	season, offset := "winter", fmt.Sprintf("%+03d:%02d", off/3600, off%3600/60)
	if t.IsDST() {
		season = "summer"
	}
	layout := "2006-01-02 15:04"
	if t.Second() != 0 || t.Nanosecond() != 0 {
		layout = "2006-01-02 15:04:05.999999999"
	}
	switch {
	case computed && guessed:
		return msg.Canon("support.repeated_computed_guessed", what, t.Format(layout), which, season, offset)
	case computed:
		return msg.Canon("support.repeated_computed", what, t.Format(layout), which, season, offset)
	case guessed:
		return msg.Canon("support.repeated_guessed", what, t.Format(layout), season, offset)
	}
	return msg.Canon("support.repeated", what, t.Format(layout), which, season, offset)
}

// inRepeatedHour reports whether t's wall clock occurs twice.
func inRepeatedHour(t time.Time) bool {
	return sameClock(t, t.Add(time.Hour)) || sameClock(t, t.Add(-time.Hour))
}

// sameClock reports whether two times read the same on the wall clock.
func sameClock(a, b time.Time) bool {
	ya, ma, da := a.Date()
	yb, mb, db := b.Date()
	return ya == yb && ma == mb && da == db && a.Hour() == b.Hour() && a.Minute() == b.Minute() && a.Second() == b.Second()
}

// joinNotes joins the texts that are not empty with "; ".
func joinNotes(texts ...string) string {
	out := ""
	for _, t := range texts {
		switch {
		case t == "":
		case out == "":
			out = t
		default:
			out += "; " + t
		}
	}
	return out
}

// ticketSpan describes a ticket: its system, start and end to the minute
// ("Ciceron 2025-05-28 08:20–2025-05-28 08:37"). With repeated, a time in
// the hour that occurs twice carries its offset (02:30+02:00).
func (r *SupportRater) ticketSpan(row SupportRow, repeated bool) string {
	b := append(append(r.span[:0], row.System...), ' ')
	b = appendMinute(b, row.Start)
	if repeated && inRepeatedHour(row.Start) {
		b = row.Start.AppendFormat(b, "Z07:00")
	}
	b = append(b, "–"...)
	b = appendMinute(b, row.End)
	if repeated && inRepeatedHour(row.End) {
		b = row.End.AppendFormat(b, "Z07:00")
	}
	r.span = b
	return string(bytes.TrimSpace(b))
}

// appendMinute appends t as t.AppendFormat(b, "2006-01-02 15:04") does,
// without parsing the layout each time.
func appendMinute(b []byte, t time.Time) []byte {
	y, mo, d := t.Date()
	h, mi, _ := t.Clock()
	if y < 1000 || y > 9999 {
		return t.AppendFormat(b, "2006-01-02 15:04")
	}
	two := func(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(two(b, int(mo)), '-')
	b = append(two(b, d), ' ')
	b = append(two(b, h), ':')
	return two(b, mi)
}

// supportExact is a support line's amount before rounding: the call-out
// fee (Extra) + minutes × the hourly rate / 60, the product kept apart.
func supportExact(l *Line) Exact {
	return Exact{Base: FigureOf(l.Extra), Per60: Product(l.Quantity, l.UnitPrice), per60: true}
}

// supportFormula is the amount's formula over the minutes, hourly rate and
// call-out cells: the time rounded to the öre, plus the call-out fee; time
// whose amount does not terminate (places −1) needs no pre-rounding.
func supportFormula(q, p, x string, places int) string {
	if places < 0 {
		return "ROUND(" + q + "*" + p + "/60,2)+" + x
	}
	return preRounded(q+"*"+p+"/60", places) + "+" + x
}

// StartDay is the day a ticket starting at start is dated by: its start's
// day in the office's time; zero for a zero start (one that could not be
// read).
func (r *Rules) StartDay(start time.Time) time.Time {
	if start.IsZero() {
		return time.Time{}
	}
	start = start.In(r.Calendar.Location())
	return time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
}
