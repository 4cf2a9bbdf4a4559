package billing

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// q2Rules are the rules of 2025's second quarter, with billing.outside_period
// mode and the issued periods covered.
func q2Rules(t *testing.T, mode string, covered ...Covered) *Rules {
	t.Helper()
	cfg := testRules(t).cfg
	cfg.OutsidePeriod = mode
	r, err := NewRules(cfg, []Member{{"1882", "Askersund"}, {"1861", "Hallsberg"}}, day("2025-04-01"), day("2025-06-30"), covered...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Q1 of 2025, issued as 2025-0003 (Askersund) and 2025-0004 (Hallsberg).
var issuedQ1 = Covered{From: day("2025-01-01"), To: day("2025-03-31"), Documents: map[string][]string{"1882": {"2025-0003"}, "1861": {"2025-0004", "2025-0011"}}}

// datedRater rates a row of one category dated d for member: what the
// category's rater makes of it, a charged row when d is in the period.
type datedRater struct {
	cat    Category
	amount string // of the charged line
	rate   func(r *Rules, d time.Time, member string) Line
}

var datedRaters = []datedRater{
	{Equipment, "1", func(r *Rules, d time.Time, m string) Line {
		return r.Equipment(EquipmentRow{Source: src, Date: d, Member: m, Quantity: dec("1"), UnitPrice: dec("1")})
	}},
	{Printers, "1", func(r *Rules, d time.Time, m string) Line {
		return r.Printer(PrinterRow{Source: src, Date: d, Member: m, Event: "purchase", Amount: dec("1")})
	}},
	{Storage, "19.20", func(r *Rules, d time.Time, m string) Line {
		return r.NewStorage().Rate(StorageRow{Source: src, Date: d, User: "u", Member: m, UsedGB: dec("31")})
	}},
	{Services, "1", func(r *Rules, d time.Time, m string) Line {
		return r.Service(ServiceRow{Source: src, Date: d, Member: m, Clause: "5.3", Amount: decimal.NewNullDecimal(dec("1"))})
	}},
	// A ticket of 20:00–20:10 on the day, Swedish time: one increment of
	// 15 minutes at 925 an hour.
	{Support, "231.25", func(r *Rules, d time.Time, m string) Line {
		loc := r.Calendar.Location()
		start := time.Date(d.Year(), d.Month(), d.Day(), 20, 0, 0, 0, loc)
		return r.NewSupport().Rate(SupportRow{Source: src, Ticket: "IT-1", Member: m, System: "Ciceron", Start: start, End: start.Add(10 * time.Minute)})
	}},
}

// TestOutside: in every dated category, a row dated outside the period is
// rejected (reject, the default) or outside (skip); one dated in an issued
// period is outside whatever the mode says, naming the first document of
// its member's that covers it (none when its member has none there); one in the period is rated as ever. Being outside comes
// before every other check (a row of another quarter with an unknown
// member is that quarter's to reject), but with reject the order is
// today's.
func TestOutside(t *testing.T) {
	june := Covered{From: day("2025-06-01"), To: day("2025-06-30")} // issued, no number given
	onlyAskersund := Covered{From: day("2025-01-01"), To: day("2025-03-31"), Documents: map[string][]string{"1882": {"2025-0003"}}}
	tests := []struct {
		name, mode, date, member string
		covered                  []Covered
		status                   Status
		why                      *Reason // of a rejected or outside line
		document                 string
	}{
		{"in the period, reject", "", "2025-05-14", "1882", nil, Charged, nil, ""},
		{"in the period, skip", "skip", "2025-05-14", "1882", nil, Charged, nil, ""},
		{"the first day, skip", "skip", "2025-04-01", "1882", nil, Charged, nil, ""},
		{"the last day, skip", "skip", "2025-06-30", "1882", nil, Charged, nil, ""},
		{"the day before, reject", "", "2025-03-31", "1882", nil, Rejected, ErrOutsidePeriod, ""},
		{"the day before, reject written out", "reject", "2025-03-31", "1882", nil, Rejected, ErrOutsidePeriod, ""},
		{"the day before, skip", "skip", "2025-03-31", "1882", nil, Outside, ErrOutsidePeriod, ""},
		{"the day after, skip", "skip", "2025-07-01", "1861", nil, Outside, ErrOutsidePeriod, ""},
		{"another year, skip", "skip", "2024-05-14", "1861", nil, Outside, ErrOutsidePeriod, ""},
		{"an issued period, reject", "", "2025-02-10", "1882", []Covered{issuedQ1}, Outside, ErrIssuedPeriod, "2025-0003"},
		{"an issued period, skip", "skip", "2025-03-31", "1861", []Covered{issuedQ1}, Outside, ErrIssuedPeriod, "2025-0004"},
		{"an issued period by name", "", "2025-03-31", "hallsberg", []Covered{issuedQ1}, Outside, ErrIssuedPeriod, "2025-0004"},
		{"an issued period, no document of the member's", "", "2025-02-10", "1861", []Covered{onlyAskersund}, Outside, ErrIssuedPeriod, ""},
		{"an issued part of the period", "", "2025-06-02", "1882", []Covered{issuedQ1, june}, Outside, ErrIssuedPeriod, ""},
		{"the period beside an issued one", "", "2025-05-31", "1882", []Covered{issuedQ1, june}, Charged, nil, ""},
		{"outside, not issued, reject", "", "2024-12-31", "1882", []Covered{issuedQ1}, Rejected, ErrOutsidePeriod, ""},
		{"outside, not issued, skip", "skip", "2024-12-31", "1882", []Covered{issuedQ1}, Outside, ErrOutsidePeriod, ""},
		{"an unknown member outside, reject", "", "2025-03-31", "1880", nil, Rejected, ErrUnknownMember, ""},
		{"an unknown member outside, skip", "skip", "2025-03-31", "1880", nil, Outside, ErrOutsidePeriod, ""},
		{"an unknown member issued", "", "2025-03-31", "1880", []Covered{issuedQ1}, Outside, ErrIssuedPeriod, ""},
		{"an unknown member in the period, skip", "skip", "2025-05-14", "1880", nil, Rejected, ErrUnknownMember, ""},
		{"a member by name outside, skip", "skip", "2025-03-31", "hallsberg", nil, Outside, ErrOutsidePeriod, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := q2Rules(t, tt.mode, tt.covered...)
			for _, dr := range datedRaters {
				l := dr.rate(r, day(tt.date), tt.member)
				if l.Status != tt.status || l.Category != dr.cat {
					t.Fatalf("%s: %s %s (%s), want %s", dr.cat, l.Category, l.Status, l.Reason, tt.status)
				}
				switch tt.status {
				case Charged:
					check(t, l, Charged, dr.amount)
				case Rejected:
					column := "member"
					if tt.why == ErrOutsidePeriod {
						column = map[Category]string{Support: "start"}[dr.cat]
						if column == "" {
							column = "date"
						}
					}
					checkLine(t, l, Rejected, "0", tt.why, column)
				case Outside:
					if !l.Amount.IsZero() || l.Err() != nil || l.Why != tt.why || l.Document != tt.document || l.Source != src {
						t.Errorf("%s: amount %s, err %v, why %v, document %q, source %v", dr.cat, l.Amount, l.Err(), l.Why, l.Document, l.Source)
					}
					if !l.Date.Equal(day(tt.date)) {
						t.Errorf("%s: dated %s, want %s", dr.cat, l.Date, tt.date)
					}
					if want := map[string]string{"1880": "1880", "hallsberg": "1861"}[tt.member]; want != "" && l.Member != want {
						t.Errorf("%s: member %q, want %q", dr.cat, l.Member, want)
					}
					if !strings.Contains(l.Reason, tt.date) || tt.document != "" && !strings.Contains(l.Reason, tt.document) {
						t.Errorf("%s: reason %q names neither the day nor the document", dr.cat, l.Reason)
					}
				}
			}
		})
	}
}

// TestOutsideReasons: an outside line says why in words a finance person
// acts on.
func TestOutsideReasons(t *testing.T) {
	r := q2Rules(t, "skip", issuedQ1, Covered{From: day("2025-06-01"), To: day("2025-06-30")})
	for _, tt := range []struct{ date, want string }{
		{"2024-12-31", "2024-12-31 is outside the period 2025-04-01 – 2025-06-30"},
		{"2025-02-10", "2025-02-10 is in the period 2025-01-01 – 2025-03-31, already issued (2025-0003)"},
		{"2025-06-10", "2025-06-10 is in the period 2025-06-01 – 2025-06-30, already issued (no document of its member)"},
	} {
		if l := r.Equipment(EquipmentRow{Source: src, Date: day(tt.date), Member: "1882"}); l.Reason != tt.want {
			t.Errorf("%s: %q, want %q", tt.date, l.Reason, tt.want)
		}
	}
}

// TestOutsideSupportDay: a ticket's day is its start's, in Swedish time:
// one starting 23:30 on the last of March (21:30 UTC) is Q1's, one
// starting 00:30 on the first of April (22:30 UTC the day before) is Q2's.
func TestOutsideSupportDay(t *testing.T) {
	r := q2Rules(t, "skip")
	for _, tt := range []struct {
		start  string
		status Status
		day    string
	}{
		{"2025-03-31 23:30", Outside, "2025-03-31"},
		{"2025-04-01 00:30", Charged, "2025-04-01"},
		{"2025-06-30 23:50", Charged, "2025-06-30"},
		{"2025-07-01 00:00", Outside, "2025-07-01"},
	} {
		start := stockholm(t, tt.start).UTC()
		l := r.NewSupport().Rate(SupportRow{Source: src, Ticket: "IT-1", Member: "1882", Start: start, End: start.Add(20 * time.Minute)})
		if l.Status != tt.status || l.Date.Format(time.DateOnly) != tt.day {
			t.Errorf("%s: %s dated %s, want %s dated %s", tt.start, l.Status, l.Date.Format(time.DateOnly), tt.status, tt.day)
		}
	}
	// Outside comes before the ticket's own checks: its quarter rejects it.
	start := stockholm(t, "2025-03-31 20:00")
	if l := r.NewSupport().Rate(SupportRow{Source: src, Member: "1882", Start: start, End: start}); l.Status != Outside {
		t.Errorf("a ticket of another quarter that ends at its start: %s (%s)", l.Status, l.Reason)
	}
}

// TestOutsideStorageMonths: an outside user-month is not one the rater
// has seen, so a running file's user has a row a month and none is a
// "second row" in another quarter; in the period the second is still
// rejected.
func TestOutsideStorageMonths(t *testing.T) {
	r := q2Rules(t, "skip", issuedQ1)
	st := r.NewStorage()
	for _, d := range []string{"2025-03-01", "2025-03-01", "2025-07-01", "2025-07-01"} {
		if l := st.Rate(StorageRow{Source: src, Date: day(d), User: "u", Member: "1882", UsedGB: dec("40")}); l.Status != Outside {
			t.Fatalf("%s: %s (%s)", d, l.Status, l.Reason)
		}
	}
	row := StorageRow{Source: src, Date: day("2025-04-01"), User: "u", Member: "1882", UsedGB: dec("40")}
	check(t, st.Rate(row), Charged, "48.00")
	if l := st.Rate(row); l.Status != Rejected || !errors.Is(l.Err(), ErrSecondUserMonth) {
		t.Fatalf("a second row for April: %s (%s)", l.Status, l.Reason)
	}
}

// TestOutsideLicences: licence counts have no day, so they are never
// outside; skip leaves them as ever, and so does an issued period beside
// the one rated. What an issued period inside the rated one takes away is
// its months: those licences were billed with it.
func TestOutsideLicences(t *testing.T) {
	rows := []LicenceRow{{at(2), "1882", "Soc", "E3", dec("130")}, {at(3), "1861", "Soc", "F3", dec("10")}, {at(4), "9999", "Soc", "E3", dec("1")}}
	may := Covered{From: day("2025-05-01"), To: day("2025-05-31"), Documents: map[string][]string{"1882": {"2025-0009"}}}
	part := Covered{From: day("2025-06-01"), To: day("2025-06-29")}
	year := Covered{From: day("2025-01-01"), To: day("2025-12-31"), Documents: map[string][]string{"1882": {"2025-0001"}}}
	tests := []struct {
		name    string
		mode    string
		covered []Covered
		months  int
		amount  string // of the E3 excess: 30 over the allotment of 100 at 335 a month
		status  Status // of the E3 row
	}{
		{"reject", "", nil, 3, "30150", Charged},
		{"skip", "skip", nil, 3, "30150", Charged},
		{"an issued quarter before", "skip", []Covered{issuedQ1}, 3, "30150", Charged},
		{"an issued month inside", "", []Covered{issuedQ1, may}, 2, "20100", Charged},
		{"a month issued but its last day", "", []Covered{part}, 3, "30150", Charged},
		{"every month issued", "skip", []Covered{year}, 0, "", Included},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := q2Rules(t, tt.mode, tt.covered...)
			if r.Months != 3 || r.LicenceMonths != tt.months {
				t.Fatalf("months %d, licence months %d, want 3, %d", r.Months, r.LicenceMonths, tt.months)
			}
			lines, excess := r.Licences(rows)
			want := []Status{tt.status, Included, Rejected}
			for i, l := range lines {
				if l.Status != want[i] {
					t.Errorf("row %d: %s (%s), want %s", l.Row, l.Status, l.Reason, want[i])
				}
			}
			if tt.amount == "" {
				if len(excess) != 0 {
					t.Fatalf("excess %+v with every month issued", excess)
				}
				return
			}
			if len(excess) != 1 {
				t.Fatalf("excess %+v", excess)
			}
			check(t, excess[0], Charged, tt.amount)
		})
	}
}

// TestOutsideSummary: outside rows count in Rows and Outside, per category
// and in the totals, are listed in file order with their documents, and
// add nothing to any amount; Merge keeps all of it.
func TestOutsideSummary(t *testing.T) {
	r := q2Rules(t, "skip", issuedQ1)
	members := []Member{{"1882", "Askersund"}, {"1861", "Hallsberg"}}
	a, b := NewSummary(members), NewSummary(members)
	a.Add(r.Equipment(EquipmentRow{Source: at(2), Date: day("2025-05-14"), Member: "1882", Quantity: dec("1"), UnitPrice: dec("10")}))
	a.Add(r.Equipment(EquipmentRow{Source: at(3), Date: day("2025-02-14"), Member: "1882", Quantity: dec("1"), UnitPrice: dec("99")}))
	a.Add(r.Equipment(EquipmentRow{Source: at(4), Date: day("2025-05-14"), Member: "1880", Quantity: dec("1"), UnitPrice: dec("99")}))
	b.Add(r.Service(ServiceRow{Source: at(2), Date: day("2025-08-01"), Member: "1861", Clause: "5.3", Amount: decimal.NewNullDecimal(dec("7"))}))
	b.Add(r.Service(ServiceRow{Source: at(3), Date: day("2025-06-01"), Member: "1861", Clause: "5.3", Amount: decimal.NewNullDecimal(dec("7"))}))
	a.Merge(b)
	c := a.Counts
	if c != (Counts{Rows: 5, Charged: 2, Rejected: 1, Outside: 2}) || c.Rows != c.Charged+c.Included+c.Rejected+c.Outside {
		t.Fatalf("counts %+v", c)
	}
	if *a.ByCategory[Equipment] != (Counts{Rows: 3, Charged: 1, Rejected: 1, Outside: 1}) || *a.ByCategory[Services] != (Counts{Rows: 2, Charged: 1, Outside: 1}) {
		t.Fatalf("by category %+v %+v", *a.ByCategory[Equipment], *a.ByCategory[Services])
	}
	if !a.Total.Equal(dec("17")) || !a.Member("1882").Total.Equal(dec("10")) || len(a.Departments()) != 2 {
		t.Fatalf("total %s, 1882 %s, %d departments", a.Total, a.Member("1882").Total, len(a.Departments()))
	}
	want := []OutsideRow{{at(3), Equipment, day("2025-02-14"), "2025-0003"}, {at(2), Services, day("2025-08-01"), ""}}
	if len(a.Outside) != 2 || a.Outside[0] != want[0] || a.Outside[1] != want[1] {
		t.Fatalf("outside %+v, want %+v", a.Outside, want)
	}
}

// TestSelectionOutside: only the line-detail CSV's selection has outside
// lines; none has rejected ones.
func TestSelectionOutside(t *testing.T) {
	for _, tt := range []struct {
		sel  Selection
		want map[Status]bool
	}{
		{ChargedOnly, map[Status]bool{Charged: true}},
		{ChargedAndIncluded, map[Status]bool{Charged: true, Included: true}},
		{NotRejected, map[Status]bool{Charged: true, Included: true, Outside: true}},
	} {
		for _, s := range []Status{Charged, Included, Rejected, Outside} {
			if tt.sel.Has(s) != tt.want[s] {
				t.Errorf("selection %d has %s: %v", tt.sel, s, tt.sel.Has(s))
			}
		}
	}
}

// TestCoveredBackwards: an issued period that ends before it starts is
// refused, not silently matched by no row.
func TestCoveredBackwards(t *testing.T) {
	_, err := NewRules(Config{}, nil, day("2025-04-01"), day("2025-06-30"), Covered{From: day("2025-03-31"), To: day("2025-01-01")})
	if err == nil || !strings.Contains(err.Error(), "2025-03-31 – 2025-01-01") {
		t.Fatalf("%v", err)
	}
}

// TestLicenceMonthsOnce: a month several issued periods touch is billed by
// the earliest of them (by start) alone, so a period bills the months it
// touches that no covered period starting before it touches; covered
// periods starting later (a re-rating by correct of an earlier period)
// take nothing from it. A 1-day period bills its month; a period over
// several months loses only the months an earlier one touched.
func TestLicenceMonthsOnce(t *testing.T) {
	p := func(from, to string) Covered { return Covered{From: day(from), To: day(to)} }
	tests := []struct {
		name     string
		from, to string
		covered  []Covered
		months   int // Months, the calendar months touched
		licence  int // LicenceMonths
	}{
		{"the first half of a month", "2025-04-01", "2025-04-15", nil, 1, 1},
		{"its second half after the first", "2025-04-16", "2025-04-30", []Covered{p("2025-04-01", "2025-04-15")}, 1, 0},
		{"the first half re-rated, the second issued", "2025-04-01", "2025-04-15", []Covered{p("2025-04-16", "2025-04-30")}, 1, 1},
		{"the middle of three", "2025-04-11", "2025-04-20", []Covered{p("2025-04-01", "2025-04-10"), p("2025-04-21", "2025-04-30")}, 1, 0},
		{"the last of three", "2025-04-21", "2025-04-30", []Covered{p("2025-04-01", "2025-04-10"), p("2025-04-11", "2025-04-20")}, 1, 0},
		{"a 1-day period first", "2025-04-01", "2025-04-01", []Covered{p("2025-04-02", "2025-04-30")}, 1, 1},
		{"after a 1-day period", "2025-04-02", "2025-04-30", []Covered{p("2025-04-01", "2025-04-01")}, 1, 0},
		{"a 1-day period after a 1-day period", "2025-04-02", "2025-04-02", []Covered{p("2025-04-01", "2025-04-01")}, 1, 0},
		{"the last day of a month after its rest", "2025-04-30", "2025-04-30", []Covered{p("2025-04-01", "2025-04-29")}, 1, 0},
		{"a 1-day period after the month before", "2025-05-01", "2025-05-01", []Covered{p("2025-04-01", "2025-04-30")}, 1, 1},
		{"over three months after half the first", "2025-03-16", "2025-05-31", []Covered{p("2025-03-01", "2025-03-15")}, 3, 2},
		{"over three months, an earlier period into the second", "2025-03-16", "2025-05-31", []Covered{p("2025-02-20", "2025-03-15")}, 3, 2},
		{"over three months before half the last", "2025-03-01", "2025-05-15", []Covered{p("2025-05-16", "2025-05-31")}, 3, 3},
		{"over three months between two", "2025-03-16", "2025-05-15", []Covered{p("2025-03-01", "2025-03-15"), p("2025-05-16", "2025-05-31")}, 3, 2},
		{"a month ending an earlier period that spans months", "2025-04-16", "2025-04-30", []Covered{p("2025-02-01", "2025-04-15")}, 1, 0},
		{"across a year", "2025-12-16", "2026-01-31", []Covered{p("2025-12-01", "2025-12-15")}, 2, 1},
		{"a year issued before", "2026-01-01", "2026-03-31", []Covered{p("2025-01-01", "2025-12-31")}, 3, 3},
		{"issued months before and after", "2025-04-01", "2025-06-30", []Covered{p("2025-01-01", "2025-03-31"), p("2025-07-01", "2025-09-30")}, 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewRules(testRules(t).cfg, []Member{{"1882", "Askersund"}}, day(tt.from), day(tt.to), tt.covered...)
			if err != nil {
				t.Fatal(err)
			}
			if r.Months != tt.months || r.LicenceMonths != tt.licence {
				t.Errorf("months %d, licence months %d, want %d, %d", r.Months, r.LicenceMonths, tt.months, tt.licence)
			}
		})
	}
}

// TestLicenceMonthsSplitOnce: the licence excess of a month issued in two
// halves is billed in the first half and not in the second, and a
// re-rating of the first (the second issued since) bills it as issued.
func TestLicenceMonthsSplitOnce(t *testing.T) {
	rows := []LicenceRow{{at(2), "1882", "Soc", "E3", dec("130")}}
	first, second := Covered{From: day("2025-04-01"), To: day("2025-04-15")}, Covered{From: day("2025-04-16"), To: day("2025-04-30")}
	excess := func(from, to Covered, covered ...Covered) []Line {
		r, err := NewRules(testRules(t).cfg, []Member{{"1882", "Askersund"}}, from.From, to.To, covered...)
		if err != nil {
			t.Fatal(err)
		}
		_, ex := r.Licences(rows)
		return ex
	}
	a, b, again := excess(first, first), excess(second, second, first), excess(first, first, second)
	if len(a) != 1 || len(b) != 0 || len(again) != 1 || !again[0].Amount.Equal(a[0].Amount) || again[0].Description != a[0].Description {
		t.Fatalf("first half %+v, second %+v, first re-rated %+v", a, b, again)
	}
	check(t, a[0], Charged, "10050") // 30 over at 335 a month, one month
}
