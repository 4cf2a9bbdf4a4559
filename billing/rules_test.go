package billing

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func testRules(t *testing.T, modify ...func(*Config)) *Rules {
	t.Helper()
	cfg := Config{
		OfficeHours: OfficeHours{Start: "07:30", End: "16:30"},
		Prices: Prices{SupportHour: dec("925"), CallOutFee: dec("1450"), SupportIncrementMinutes: 15,
			StorageGBMonth: dec("3.20"), ConsultingHour: dec("1150")},
		Storage: StorageQuota{QuotaGB: dec("25"), ToleranceGB: dec("5")},
		Licences: LicenceRules{Negligible: dec("0.02"),
			PricesMonth: []LicencePrice{{"F3", dec("95")}, {"E3", dec("335")}, {"A3", dec("60")}},
			Allotments:  []Allotment{{"1882", "E3", dec("100")}, {"1861", "F3", dec("50")}}},
	}
	for _, m := range modify {
		m(&cfg)
	}
	r, err := NewRules(cfg, []Member{{"1882", "Askersund"}, {"1861", "Hallsberg"}}, day("2025-01-01"), day("2025-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func check(t *testing.T, l Line, status Status, amount string) {
	t.Helper()
	if l.Status != status || !l.Amount.Equal(dec(amount)) {
		t.Fatalf("%s %s (%s: %s), want %s %s", l.Status, l.Amount, l.Column, l.Reason, status, amount)
	}
}

var src = Source{File: "f.csv", Row: 2}

// at is the source of row n.
func at(n int) Source { return Source{File: "f.csv", Row: n} }

// checkLine holds a line to its status and amount and, rejected, to its
// reason's sentinel and column.
func checkLine(t *testing.T, l Line, status Status, amount string, why *Reason, column string) {
	t.Helper()
	check(t, l, status, amount)
	switch err := l.Err(); {
	case why == nil && err != nil:
		t.Errorf("rejected: %v", err)
	case why != nil && !errors.Is(err, why):
		t.Errorf("rejected for %v (%v), want %v", err, l.Why, why)
	case why != nil && l.Column != column:
		t.Errorf("column %q, want %q", l.Column, column)
	}
}

// TestSharedChecks: every dated category rejects a row of an unknown
// member or a day outside the period, and takes a member by name in any
// case; the period's days are both included.
func TestSharedChecks(t *testing.T) {
	r := testRules(t)
	tests := []struct {
		name, member, date string
		why                *Reason
		column             string
	}{
		{"by id", "1882", "2025-03-14", nil, ""},
		{"by name in any case", "askersund", "2025-03-14", nil, ""},
		{"the first day", "1882", "2025-01-01", nil, ""},
		{"the last day", "1882", "2025-12-31", nil, ""},
		{"the day after", "1882", "2026-01-01", ErrOutsidePeriod, "date"},
		{"the day before", "1882", "2024-12-31", ErrOutsidePeriod, "date"},
		{"not a member", "1880", "2025-03-14", ErrUnknownMember, "member"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := day(tt.date)
			for _, l := range []Line{
				r.Equipment(EquipmentRow{Source: src, Date: d, Member: tt.member, Quantity: dec("1"), UnitPrice: dec("1")}),
				r.Printer(PrinterRow{Source: src, Date: d, Member: tt.member, Event: "purchase", Amount: dec("1")}),
				r.NewStorage().Rate(StorageRow{Source: src, Date: d, User: "u", Member: tt.member, UsedGB: dec("31")}),
				r.Service(ServiceRow{Source: src, Date: d, Member: tt.member, Clause: "5.3", Amount: decimal.NewNullDecimal(dec("1"))}),
			} {
				status := Charged
				if tt.why != nil {
					status = Rejected
				}
				amount := "1"
				switch {
				case status == Rejected:
					amount = "0"
				case l.Category == Storage:
					amount = "19.20" // (31 − 25) × 3.20
				}
				checkLine(t, l, status, amount, tt.why, tt.column)
				if l.Member != "1882" && l.Member != tt.member {
					t.Errorf("%s: member %q", l.Category, l.Member)
				}
			}
		})
	}
}

// TestRatersOwnTheirState: the categories' goroutines share one Rules;
// what a rule keeps from row to row is its rater's, so two raters of one
// Rules (two goroutines, or two runs) do not see each other's rows, and
// rating on both at once is not a race (go test -race).
func TestRatersOwnTheirState(t *testing.T) {
	r := testRules(t)
	row := StorageRow{Source: src, Date: day("2025-01-31"), User: "a", Member: "1882", UsedGB: dec("40")}
	ticket := SupportRow{Source: src, Ticket: "IT-1", Member: "1882", System: "Ciceron",
		Start: stockholm(t, "2025-03-11 16:00"), End: stockholm(t, "2025-03-11 17:01")}
	lines := make([][2]Line, 2)
	done := make(chan struct{})
	for i := range lines {
		go func() {
			defer func() { done <- struct{}{} }()
			lines[i] = [2]Line{r.NewStorage().Rate(row), r.NewSupport().Rate(ticket)}
		}()
	}
	<-done
	<-done
	for i, l := range lines {
		check(t, l[0], Charged, "48.00")
		check(t, l[1], Charged, "693.75")
		if l[1].Description != "Ciceron 2025-03-11 16:00–2025-03-11 17:01" {
			t.Errorf("rater %d: %q", i, l[1].Description)
		}
	}
	// One rater does remember its rows.
	st := r.NewStorage()
	st.Rate(row)
	if l := st.Rate(row); l.Status != Rejected || l.Column != "user" {
		t.Fatalf("a second row for the same user-month: %+v", l)
	}
}

func TestSummaryCounts(t *testing.T) {
	r := testRules(t)
	s := NewSummary([]Member{{"1882", "Askersund"}, {"1861", "Hallsberg"}})
	s.Add(r.Equipment(EquipmentRow{Source: src, Date: day("2025-03-14"), Member: "1882", Quantity: dec("1"), UnitPrice: dec("10.10")}))
	s.Add(r.Equipment(EquipmentRow{Source: src, Date: day("2025-03-14"), Member: "x", Quantity: dec("1"), UnitPrice: dec("10")}))
	s.Add(r.Printer(PrinterRow{Source: src, Date: day("2025-03-14"), Member: "1861", Event: "installation"}))
	lines, excess := r.Licences([]LicenceRow{{src, "1861", "Soc", "A3", dec("1")}})
	for _, l := range append(lines, excess...) {
		s.Add(l)
	}
	s.Settle()
	c := s.Counts
	if c.Rows != 4 || c.Charged != 2 || c.Included != 1 || c.Rejected != 1 || c.Rows != c.Charged+c.Included+c.Rejected {
		t.Fatalf("counts %+v", c)
	}
	if !s.Total.Equal(dec("730.10")) || !s.Member("1861").Categories[Licences].Equal(dec("720")) {
		t.Fatalf("total %s, 1861 licences %s", s.Total, s.Member("1861").Categories[Licences])
	}
}
