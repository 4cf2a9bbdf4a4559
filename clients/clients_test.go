package clients

import (
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

var types = []TypeRule{{"PC", 4, decimal.NewFromInt(11500)}, {"tablet", 3, decimal.NewFromInt(6200)}}

func TestWorkedExample(t *testing.T) {
	// A PC for 12 000 kr bought in March 2022 depreciates 250 kr a month
	// through February 2026.
	d := Device{ID: "a", Type: "PC", Member: "1882", Purchased: day("2022-03-15"), Price: decimal.NewFromInt(12000)}
	r := Compute([]Device{d}, []string{"1882"}, types, decimal.RequireFromString("0.03"), 2025)
	m := r.Members[0]
	for what, got := range map[string]decimal.Decimal{"depreciation": m.Depreciation, "book value": m.BookValue, "interest": m.Interest, "replacement": m.ReplacementInvestment} {
		want := map[string]string{"depreciation": "3000", "book value": "500", "interest": "63.75", "replacement": "11500"}[what]
		if !got.Equal(decimal.RequireFromString(want)) {
			t.Errorf("%s = %s, want %s", what, got, want)
		}
	}
	if m.Devices != 1 || m.Replacements != 1 || r.Schedules[0].LastMonth.Format("2006-01") != "2026-02" {
		t.Fatalf("%+v %v", m, r.Schedules[0].LastMonth)
	}
	// In 2026 two months remain; in 2027 nothing.
	r = Compute([]Device{d}, []string{"1882"}, types, decimal.Zero, 2026)
	if !r.Members[0].Depreciation.Equal(decimal.NewFromInt(500)) || !r.Members[0].BookValue.IsZero() {
		t.Fatalf("2026: %+v", r.Members[0])
	}
	r = Compute([]Device{d}, []string{"1882"}, types, decimal.Zero, 2027)
	if !r.Members[0].Depreciation.IsZero() || r.Members[0].Devices != 1 {
		t.Fatalf("2027: %+v", r.Members[0])
	}
}

// TestScheduleSumsToPrice: over its life a device depreciates exactly its
// price, year by year, and the interest of each year is the month-by-month
// sum.
func TestScheduleSumsToPrice(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	rate := decimal.RequireFromString("0.025")
	for i := 0; i < 500; i++ {
		rule := types[rng.IntN(2)]
		bought := time.Date(2015+rng.IntN(10), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		price := decimal.New(rng.Int64N(5_000_000), -2)
		d := Device{ID: "x", Type: rule.Type, Member: "m", Purchased: bought, Price: price}
		total := new(big.Rat)
		prevBook := price.Rat()
		for y := bought.Year(); y <= bought.Year()+rule.DepreciationYears+1; y++ {
			s := schedule(d, rule, rate, y)
			total.Add(total, s.Depreciation)
			// Book value falls by the year's depreciation.
			if new(big.Rat).Sub(prevBook, s.Depreciation).Cmp(s.BookValue) != 0 {
				t.Fatalf("%v %d: book %s", bought, y, s.BookValue.FloatString(2))
			}
			prevBook = s.BookValue
			// Interest month by month.
			naive := new(big.Rat)
			for month := 0; month < 12; month++ {
				idx := y*12 + month
				k := idx - monthIndex(bought)
				if k < 0 || k >= rule.DepreciationYears*12 {
					continue
				}
				open := new(big.Rat).Sub(price.Rat(), new(big.Rat).Mul(s.Monthly, big.NewRat(int64(k), 1)))
				naive.Add(naive, open.Mul(open, rate.Rat()).Quo(open, big.NewRat(12, 1)))
			}
			if naive.Cmp(s.Interest) != 0 {
				t.Fatalf("%v %d: interest %s, month by month %s", bought, y, s.Interest.FloatString(4), naive.FloatString(4))
			}
		}
		if total.Cmp(price.Rat()) != 0 {
			t.Fatalf("%v: depreciation sums to %s, price %s", bought, total.FloatString(4), price)
		}
	}
}

func TestRejections(t *testing.T) {
	devices := []Device{
		{Row: 2, ID: "a", Type: "PC", Member: "m", Purchased: day("2024-01-01"), Price: decimal.NewFromInt(1)},
		{Row: 3, ID: "a", Type: "PC", Member: "m", Purchased: day("2024-01-01"), Price: decimal.NewFromInt(1)},
		{Row: 4, ID: "b", Type: "PC", Member: "x", Purchased: day("2024-01-01"), Price: decimal.NewFromInt(1)},
		{Row: 5, ID: "c", Type: "printer", Member: "m", Purchased: day("2024-01-01"), Price: decimal.NewFromInt(1)},
		{Row: 6, ID: "d", Type: "tablet", Member: "m", Purchased: day("2024-01-01"), Price: decimal.NewFromInt(-1)},
		{Row: 7, ID: "e", Type: "pc", Member: "m", Purchased: day("2026-01-01"), Price: decimal.NewFromInt(1)},
	}
	r := Compute(devices, []string{"m"}, types, decimal.Zero, 2025)
	want := []string{"device", "member", "type", "price", "purchased"}
	if len(r.Rejected) != len(want) || r.Members[0].Devices != 1 {
		t.Fatalf("%+v", r.Rejected)
	}
	for i, w := range want {
		if r.Rejected[i].Column != w || r.Rejected[i].Row != i+3 {
			t.Errorf("rejection %d: %+v", i, r.Rejected[i])
		}
	}
}
