package billing

import (
	"strings"
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

func TestEquipment(t *testing.T) {
	r := testRules(t)
	check(t, r.Equipment(EquipmentRow{Source: src, Date: day("2025-03-14"), Member: "1882", Quantity: dec("3"), UnitPrice: dec("1499.50")}), Charged, "4498.50")
	marked := testRules(t, func(c *Config) { c.Prices.EquipmentMarkup = dec("0.05") })
	check(t, marked.Equipment(EquipmentRow{Source: src, Date: day("2025-03-14"), Member: "1882", Quantity: dec("1"), UnitPrice: dec("99.99")}), Charged, "104.99") // 104.9895
	// The member may be named; the period's days are both included.
	check(t, r.Equipment(EquipmentRow{Source: src, Date: day("2025-01-01"), Member: "askersund", Quantity: dec("1"), UnitPrice: dec("1")}), Charged, "1")
	check(t, r.Equipment(EquipmentRow{Source: src, Date: day("2025-12-31"), Member: "1882", Quantity: dec("1"), UnitPrice: dec("1")}), Charged, "1")
	l := r.Equipment(EquipmentRow{Source: src, Date: day("2026-01-01"), Member: "1882", Quantity: dec("1"), UnitPrice: dec("1")})
	if l.Status != Rejected || l.Column != "date" || !strings.Contains(l.Reason, "outside the period") {
		t.Fatalf("%+v", l)
	}
	l = r.Equipment(EquipmentRow{Source: src, Date: day("2025-03-14"), Member: "1880", Quantity: dec("1"), UnitPrice: dec("1")})
	if l.Status != Rejected || l.Column != "member" {
		t.Fatalf("%+v", l)
	}
}

func TestPrinters(t *testing.T) {
	r := testRules(t)
	for event, want := range map[string]Status{"purchase": Charged, "Replacement": Charged, "utökning": Charged,
		"installation": Included, "connection": Included, "monitoring": Included, "toner": Rejected} {
		l := r.Printer(PrinterRow{Source: src, Date: day("2025-06-01"), Member: "1861", Event: event, Amount: dec("12345.675")})
		if l.Status != want {
			t.Errorf("%s: %s", event, l.Status)
		}
		if want == Charged && !l.Amount.Equal(dec("12345.68")) {
			t.Errorf("%s: amount %s", event, l.Amount)
		}
		if want != Charged && !l.Amount.IsZero() {
			t.Errorf("%s: amount %s", event, l.Amount)
		}
	}
}

func TestStorage(t *testing.T) {
	st := testRules(t).NewStorage()
	row := func(user, date, gb string) StorageRow {
		return StorageRow{Source: src, Date: day(date), User: user, Member: "1882", UsedGB: dec(gb)}
	}
	check(t, st.Rate(row("a", "2025-01-31", "30")), Included, "0")       // at quota + tolerance
	check(t, st.Rate(row("b", "2025-01-31", "30.01")), Charged, "16.03") // (30.01 − 25) × 3.20 = 16.032
	check(t, st.Rate(row("c", "2025-01-31", "55.5")), Charged, "97.60")
	check(t, st.Rate(row("c", "2025-02-28", "10")), Included, "0") // another month
	if l := st.Rate(row("c", "2025-01-15", "40")); l.Status != Rejected || l.Column != "user" || !strings.Contains(l.Reason, "row 2") {
		t.Fatalf("a second row for the same user-month: %+v", l)
	}
	if l := st.Rate(row("d", "2025-01-31", "-1")); l.Status != Rejected || l.Column != "used_gb" {
		t.Fatalf("negative use: %+v", l)
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

func TestSupport(t *testing.T) {
	tests := []struct {
		name       string
		start, end string
		callOut    bool
		status     Status
		amount     string
	}{
		{"inside office hours", "2025-03-11 09:00", "2025-03-11 10:00", false, Included, "0"},
		{"inside office hours with a call-out", "2025-03-11 09:00", "2025-03-11 10:00", true, Included, "0"},
		{"31 minutes outside: 45 billed", "2025-03-11 16:00", "2025-03-11 17:01", false, Charged, "693.75"},
		{"30 minutes outside: 30 billed", "2025-03-11 16:00", "2025-03-11 17:00", false, Charged, "462.50"},
		{"a minute outside: 15 billed", "2025-03-11 16:29", "2025-03-11 16:31", false, Charged, "231.25"},
		{"with a call-out", "2025-03-15 10:00", "2025-03-15 11:00", true, Charged, "2375.00"},
		{"Midsummer Eve", "2025-06-20 09:00", "2025-06-20 10:00", false, Charged, "925.00"},
		{"spring-forward night", "2025-03-30 01:30", "2025-03-30 04:00", false, Charged, "1387.50"},
		{"fall-back night", "2025-10-26 01:30", "2025-10-26 04:00", false, Charged, "3237.50"},
		{"end before start", "2025-03-11 10:00", "2025-03-11 09:00", false, Rejected, "0"},
		{"end at start", "2025-03-11 10:00", "2025-03-11 10:00", false, Rejected, "0"},
		{"started before the period", "2024-12-31 23:00", "2025-01-01 01:00", false, Rejected, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRules(t)
			l := r.NewSupport().Rate(SupportRow{Source: src, Ticket: "IT-1", Member: "1882", Start: stockholm(t, tt.start), End: stockholm(t, tt.end), CallOut: tt.callOut})
			check(t, l, tt.status, tt.amount)
			switch tt.status {
			case Charged:
				if l.Clause != "5.1.1" {
					t.Errorf("clause %s", l.Clause)
				}
			case Included:
				if l.Clause != "5.1" {
					t.Errorf("clause %s", l.Clause)
				}
			}
		})
	}
}

func TestLicences(t *testing.T) {
	r := testRules(t)
	rows := []LicenceRow{
		{Source{"l.csv", 2}, "1882", "Soc", "E3", dec("60")},
		{Source{"l.csv", 3}, "1882", "BoU", "E3", dec("42")}, // 102 against 100: excess 2 = 0.02 × 100, negligible
		{Source{"l.csv", 4}, "1861", "Soc", "F3", dec("52")}, // 52 against 50: excess 2 > 1, charged
		{Source{"l.csv", 5}, "1861", "Soc", "A3", dec("7")},  // no allotment: all 7 charged
		{Source{"l.csv", 6}, "1861", "Soc", "E5", dec("7")},
		{Source{"l.csv", 7}, "9999", "Soc", "E3", dec("7")},
	}
	lines, excess := r.Licences(rows)
	wantStatus := []Status{Included, Included, Charged, Charged, Rejected, Rejected}
	for i, l := range lines {
		if l.Status != wantStatus[i] {
			t.Errorf("row %d: %s (%s)", rows[i].Row, l.Status, l.Reason)
		}
		if !l.Amount.IsZero() {
			t.Errorf("a licence row carries an amount: %s", l.Amount)
		}
	}
	if lines[4].Column != "type" || lines[5].Column != "member" {
		t.Errorf("rejected columns %q %q", lines[4].Column, lines[5].Column)
	}
	if len(excess) != 2 {
		t.Fatalf("%d excess lines", len(excess))
	}
	// Ordered by member and type: 1861 A3, 1861 F3; 12 months.
	check(t, excess[0], Charged, "5040") // 7 × 60 × 12
	check(t, excess[1], Charged, "2280") // 2 × 95 × 12
	if !excess[1].Derived || excess[1].Ref != "F3" || excess[1].Member != "1861" {
		t.Fatalf("%+v", excess[1])
	}

	// A quarter has three months.
	q, err := NewRules(r.cfg, []Member{{"1861", "Hallsberg"}}, day("2025-01-01"), day("2025-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	_, excess = q.Licences(rows[3:4])
	check(t, excess[0], Charged, "1260")
}

func TestServices(t *testing.T) {
	r := testRules(t)
	row := func(clause string, hours, rate, amount string) ServiceRow {
		s := ServiceRow{Source: src, Date: day("2025-05-05"), Member: "1882", Clause: clause}
		if hours != "" {
			s.Hours = decimal.NewNullDecimal(dec(hours))
		}
		if rate != "" {
			s.Rate = decimal.NewNullDecimal(dec(rate))
		}
		if amount != "" {
			s.Amount = decimal.NewNullDecimal(dec(amount))
		}
		return s
	}
	check(t, r.Service(row("5.2", "3.5", "", "")), Charged, "4025")
	check(t, r.Service(row("5.1.2", "2", "1350", "")), Charged, "2700")
	check(t, r.Service(row("5.3", "", "", "25000.005")), Charged, "25000.01")
	check(t, r.Service(row("5.3", "10", "", "500")), Charged, "500") // an amount wins
	if l := r.Service(row("7.2", "1", "", "")); l.Status != Rejected || l.Column != "clause" {
		t.Fatalf("%+v", l)
	}
	if l := r.Service(row("5.2", "", "", "")); l.Status != Rejected {
		t.Fatalf("%+v", l)
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
	c := s.Counts
	if c.Rows != 4 || c.Charged != 2 || c.Included != 1 || c.Rejected != 1 || c.Rows != c.Charged+c.Included+c.Rejected {
		t.Fatalf("counts %+v", c)
	}
	if !s.Total.Equal(dec("730.10")) || !s.Member("1861").Categories[Licences].Equal(dec("720")) {
		t.Fatalf("total %s, 1861 licences %s", s.Total, s.Member("1861").Categories[Licences])
	}
}
