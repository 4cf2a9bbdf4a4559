package billing

import (
	"bytes"
	"fmt"
	"memberfee/internal/quote"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/internal/dectext"
	"memberfee/policy"
)

// A user's storage months: the row that first had each month of the
// period (0 for none yet). A national year has a million user-months but
// only some 80 000 users, so the rows are kept per user, not per month.
type userMonths []int32

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
	Calendar *Calendar
	members  map[string]string // id → id, and lower-case name → id

	withinQuota string          // the reason of an included user-month
	overQuota   decimal.Decimal // quota + tolerance
	firstMonth  int             // the period's first month as year×12 + month
	quotaText   string          // the end of a user-month's description
}

// NewRules prepares the rules for a period.
func NewRules(cfg Config, members []Member, from, to time.Time) (*Rules, error) {
	if to.Before(from) {
		return nil, fmt.Errorf("the period ends %s before it starts %s", to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	calendar, err := NewCalendar(cfg.OfficeHours.Start, cfg.OfficeHours.End, cfg.OfficeHours.Eves())
	if err != nil {
		return nil, err
	}
	q := cfg.Storage
	r := &Rules{cfg: cfg, From: from, To: to, Calendar: calendar, members: map[string]string{},
		overQuota: q.QuotaGB.Add(q.ToleranceGB), firstMonth: from.Year()*12 + int(from.Month()),
		withinQuota: fmt.Sprintf("within quota %s GB + tolerance %s GB", q.QuotaGB, q.ToleranceGB),
		quotaText:   " GB used, quota " + q.QuotaGB.String() + " GB"}
	r.Months = (to.Year()-from.Year())*12 + int(to.Month()) - int(from.Month()) + 1
	for _, m := range members {
		r.members[strings.ToLower(m.Name)] = m.ID
	}
	for _, m := range members {
		r.members[m.ID] = m.ID
	}
	return r, nil
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

// above reports whether d > t, comparing int64 coefficients where both fit
// (a million user-months against the same threshold) and as decimals
// otherwise.
func above(d, t decimal.Decimal) bool {
	de, te := d.Exponent(), t.Exponent()
	if de <= 0 && te <= 0 && de >= -9 && te >= -9 && d.NumDigits() <= 9 && t.NumDigits() <= 9 {
		dc, tc := d.CoefficientInt64(), t.CoefficientInt64()
		for ; de < te; te-- {
			tc *= 10
		}
		for ; te < de; de-- {
			dc *= 10
		}
		return dc > tc
	}
	return d.GreaterThan(t)
}

// member resolves a member column: a member id, or a member's name in any
// case.
func (r *Rules) member(s string) (string, bool) {
	if id, ok := r.members[s]; ok {
		return id, true
	}
	id, ok := r.members[strings.ToLower(s)]
	return id, ok
}

// check applies the rules every dated row shares: a known member and a day
// inside the period. It returns the rejected line, or ok.
func (r *Rules) check(c Category, src Source, member string, day time.Time, dateColumn string) (string, *Line) {
	id, ok := r.member(member)
	if !ok {
		l := Reject(c, src, "member", fmt.Sprintf("%s is not a member of the board", quote.Value(member)))
		l.Member = member
		return "", &l
	}
	if !day.IsZero() && (day.Before(r.From) || day.After(r.To)) {
		l := Reject(c, src, dateColumn, fmt.Sprintf("%s is outside the period %s – %s", day.Format(time.DateOnly), r.From.Format(time.DateOnly), r.To.Format(time.DateOnly)))
		l.Member = id
		return "", &l
	}
	return id, nil
}

// Equipment: quantity × unit price × (1 + markup), charged (clause 2.1).
func (r *Rules) Equipment(row EquipmentRow) Line {
	id, rej := r.check(Equipment, row.Source, row.Member, row.Date, "date")
	if rej != nil {
		return *rej
	}
	markup := r.cfg.Prices.EquipmentMarkup
	return Line{Source: row.Source, Category: Equipment, Member: id, Department: row.Department, Clause: "2.1",
		Date: row.Date, Description: row.Description, Quantity: row.Quantity, Unit: "st", UnitPrice: row.UnitPrice,
		Extra: markup, Amount: R2(row.Quantity.Mul(row.UnitPrice).Mul(decimal.NewFromInt(1).Add(markup))), Status: Charged}
}

// printerEvents maps the events, in English and Swedish, to whether they are
// billed.
var printerEvents = map[string]struct {
	event  string
	billed bool
}{
	"purchase": {"purchase", true}, "inköp": {"purchase", true},
	"replacement": {"replacement", true}, "utbyte": {"replacement", true},
	"expansion": {"expansion", true}, "utökning": {"expansion", true},
	"installation": {"installation", false},
	"connection":   {"connection", false}, "inkoppling": {"connection", false}, "anslutning": {"connection", false},
	"monitoring": {"monitoring", false}, "övervakning": {"monitoring", false},
}

// Printer: purchase, replacement and expansion are billed at their amount;
// installation, connection and monitoring are in the fee (clause 2.2).
func (r *Rules) Printer(row PrinterRow) Line {
	id, rej := r.check(Printers, row.Source, row.Member, row.Date, "date")
	if rej != nil {
		return *rej
	}
	ev, ok := printerEvents[strings.ToLower(strings.TrimSpace(row.Event))]
	if !ok {
		l := Reject(Printers, row.Source, "event", fmt.Sprintf("%s is not a printer event (purchase, replacement, expansion, installation, connection, monitoring)", quote.Value(row.Event)))
		l.Member = id
		return l
	}
	l := Line{Source: row.Source, Category: Printers, Member: id, Department: row.Department, Clause: "2.2",
		Date: row.Date, Ref: ev.event, Description: row.Description, Quantity: decimal.NewFromInt(1), Unit: "st"}
	if ev.billed {
		l.UnitPrice, l.Amount, l.Status = R2(row.Amount), R2(row.Amount), Charged
	} else {
		l.Amount, l.Status = decimal.Zero, Included
		l.Reason = ev.event + " of printers is in the member fee"
	}
	return l
}

// StorageRater rates storage rows. It keeps the user-months it has seen (a
// second row for one is rejected): one rater rates one file, from one
// goroutine.
type StorageRater struct {
	rules  *Rules
	months map[string]userMonths // user → the rows that first had each month
	num    []byte                // the buffer for a number's text
}

// NewStorage returns a rater of storage rows that has seen none.
func (r *Rules) NewStorage() *StorageRater {
	return &StorageRater{rules: r, months: map[string]userMonths{}}
}

// Rate rates one user-month; above quota + tolerance the use over the
// quota is billed per GB-month (clause 4.1).
func (r *StorageRater) Rate(row StorageRow) Line {
	id, rej := r.rules.check(Storage, row.Source, row.Member, row.Date, "date")
	if rej != nil {
		return *rej
	}
	if row.UsedGB.Sign() < 0 {
		l := Reject(Storage, row.Source, "used_gb", fmt.Sprintf("a use of %s GB is negative", row.UsedGB))
		l.Member = id
		return l
	}
	months, ok := r.months[row.User]
	if !ok {
		months = make(userMonths, r.rules.Months)
		r.months[strings.Clone(row.User)] = months // not the whole CSV record behind it
	}
	month := row.Date.Year()*12 + int(row.Date.Month()) - r.rules.firstMonth // in the period: checked above
	if first := months[month]; first != 0 {
		l := Reject(Storage, row.Source, "user", fmt.Sprintf("a second row for user %s in %s (the first is row %d)", row.User, row.Date.Format("2006-01"), first))
		l.Member = id
		return l
	}
	months[month] = int32(row.Row)
	q := r.rules.cfg.Storage
	l := Line{Source: row.Source, Category: Storage, Member: id, Department: row.Department, Clause: "4.1",
		Date: row.Date, Ref: row.User, Unit: "GB-månad", UnitPrice: r.rules.cfg.Prices.StorageGBMonth, Quantity: decimal.Zero, Amount: decimal.Zero}
	r.num = append(dectext.Append(r.num[:0], row.UsedGB), r.rules.quotaText...)
	l.Description = string(r.num)
	if above(row.UsedGB, r.rules.overQuota) {
		l.Quantity = row.UsedGB.Sub(q.QuotaGB)
		l.Amount = R2(l.Quantity.Mul(l.UnitPrice))
		l.Status = Charged
	} else {
		l.Status = Included
		l.Reason = r.rules.withinQuota // one string for a million user-months
	}
	return l
}

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
	startDay := time.Date(row.Start.Year(), row.Start.Month(), row.Start.Day(), 0, 0, 0, 0, time.UTC)
	id, rej := r.rules.check(Support, row.Source, row.Member, startDay, "start")
	if rej != nil {
		return *rej
	}
	note := joinNotes(repeatedHourNote("start", row.Start, row.StartGuessed), repeatedHourNote("end", row.End, row.EndGuessed))
	if !row.End.After(row.Start) {
		l := Reject(Support, row.Source, "end", joinNotes("end is not after start", note))
		l.Member = id
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
		l.Clause, l.Status = "5.1", Included
		l.Reason = "wholly inside office hours on a working day"
		return l
	}
	step := time.Duration(inc) * time.Minute
	increments := (outside + step - 1) / step
	minutes := decimal.NewFromInt(int64(increments) * int64(inc))
	l.Clause, l.Status, l.Quantity = "5.1.1", Charged, minutes
	l.Amount = R2(minutes.Mul(l.UnitPrice).Div(decimal.NewFromInt(60)))
	if row.CallOut {
		l.Extra = r.rules.cfg.Prices.CallOutFee
		l.Amount = l.Amount.Add(l.Extra)
	}
	l.Reason = fmt.Sprintf("%s outside office hours", outside.Round(time.Second))
	return l
}

// repeatedHourNote describes a ticket's time (what: start or end) whose
// wall clock occurs twice, in the hour clocks go back; "" for any other.
// guessed: it was written without an offset and read as the first.
func repeatedHourNote(what string, t time.Time, guessed bool) string {
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
	zone := fmt.Sprintf("winter time, %+03d:%02d", off/3600, off%3600/60)
	if t.IsDST() {
		zone = fmt.Sprintf("summer time, %+03d:%02d", off/3600, off%3600/60)
	}
	layout := "2006-01-02 15:04"
	if t.Second() != 0 || t.Nanosecond() != 0 {
		layout = "2006-01-02 15:04:05.999999999"
	}
	if guessed {
		return fmt.Sprintf("%s %s occurs twice in Swedish time and has no offset: read as the first (%s)", what, t.Format(layout), zone)
	}
	return fmt.Sprintf("%s %s is the %s of the two in Swedish time (%s), as its offset says", what, t.Format(layout), which, zone)
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

// Service: an amount as given, or hours × rate (default the consulting rate);
// the clause must be one of the policy's.
func (r *Rules) Service(row ServiceRow) Line {
	id, rej := r.check(Services, row.Source, row.Member, row.Date, "date")
	if rej != nil {
		return *rej
	}
	if _, ok := policy.LookupClause(row.Clause); !ok {
		l := Reject(Services, row.Source, "clause", fmt.Sprintf("%s is not a clause of the policy", quote.Value(row.Clause)))
		l.Member = id
		return l
	}
	l := Line{Source: row.Source, Category: Services, Member: id, Department: row.Department, Clause: row.Clause,
		Date: row.Date, Description: row.Description, Status: Charged, Quantity: decimal.Zero, UnitPrice: decimal.Zero}
	switch {
	case row.Amount.Valid:
		l.Quantity, l.Unit, l.UnitPrice, l.Amount = decimal.NewFromInt(1), "st", R2(row.Amount.Decimal), R2(row.Amount.Decimal)
	case row.Hours.Valid:
		rate := r.cfg.Prices.ConsultingHour
		if row.Rate.Valid {
			rate = row.Rate.Decimal
		}
		l.Quantity, l.Unit, l.UnitPrice, l.Amount = row.Hours.Decimal, "tim", rate, R2(row.Hours.Decimal.Mul(rate))
	default:
		l = Reject(Services, row.Source, "hours", "neither hours nor an amount is given")
		l.Member = id
	}
	return l
}

// Licences rates the licence counts (clause 1.2): per member and type the
// rows' counts are summed, and an excess over the allotment that is more
// than negligible × allotment is billed per licence-month for the months of
// the period. It returns the rows' lines (charged when their member and
// type have a charged excess, included otherwise, or rejected) and the
// derived excess lines, ordered by member and type.
func (r *Rules) Licences(rows []LicenceRow) (lines, excess []Line) {
	type key struct{ member, typ string }
	counts := map[key]decimal.Decimal{}
	lines = make([]Line, len(rows))
	for i, row := range rows {
		id, ok := r.member(row.Member)
		typ := strings.ToUpper(strings.TrimSpace(row.Type))
		switch {
		case !ok:
			lines[i] = Reject(Licences, row.Source, "member", fmt.Sprintf("%s is not a member of the board", quote.Value(row.Member)))
			lines[i].Member = row.Member
			continue
		case !IsLicenceType(typ):
			lines[i] = Reject(Licences, row.Source, "type", fmt.Sprintf("%s is not a licence type (%s)", quote.Value(row.Type), licenceTypeList))
			lines[i].Member = id
			continue
		}
		k := key{id, typ}
		counts[k] = counts[k].Add(row.Count)
		lines[i] = Line{Source: row.Source, Category: Licences, Member: id, Department: row.Department, Clause: "1.2",
			Ref: typ, Quantity: row.Count, Unit: "licenser", Amount: decimal.Zero, UnitPrice: decimal.Zero}
	}
	keys := make([]key, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].member != keys[j].member {
			return keys[i].member < keys[j].member
		}
		return keys[i].typ < keys[j].typ
	})
	charged := map[key]bool{}
	months := decimal.NewFromInt(int64(r.Months))
	for _, k := range keys {
		allot := r.allotment(k.member, k.typ)
		ex := counts[k].Sub(allot)
		if ex.Sign() <= 0 || !ex.GreaterThan(r.cfg.Licences.Negligible.Mul(allot)) {
			continue
		}
		price := r.price(k.typ)
		charged[k] = true
		excess = append(excess, Line{Category: Licences, Member: k.member, Clause: "1.2", Ref: k.typ, Derived: true,
			Description: fmt.Sprintf("%s: %s licences against an allotment of %s, %s over, %d months", k.typ, counts[k], allot, ex, r.Months),
			Quantity:    ex.Mul(months), Unit: "licensmånader", UnitPrice: price, Extra: allot,
			Amount: R2(ex.Mul(price).Mul(months)), Status: Charged})
	}
	for i := range lines {
		if lines[i].Status == Rejected {
			continue
		}
		k := key{lines[i].Member, lines[i].Ref}
		if charged[k] {
			lines[i].Status = Charged
			lines[i].Reason = "the member's " + k.typ + " licences exceed the allotment: see the excess line"
		} else {
			lines[i].Status = Included
			lines[i].Reason = "within the allotment or a negligible excess"
		}
	}
	return lines, excess
}

func (r *Rules) allotment(member, typ string) decimal.Decimal {
	for _, a := range r.cfg.Licences.Allotments {
		if a.Member == member && strings.EqualFold(a.Type, typ) {
			return a.Count
		}
	}
	return decimal.Zero
}

func (r *Rules) price(typ string) decimal.Decimal {
	for _, p := range r.cfg.Licences.PricesMonth {
		if strings.EqualFold(p.Type, typ) {
			return p.Price
		}
	}
	return decimal.Zero
}
