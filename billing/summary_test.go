package billing

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestDeferredSummary: a deferred summary, settled, and one merged from
// deferred parts hold the same figures as one that adds as it goes.
func TestDeferredSummary(t *testing.T) {
	members := []Member{{"1882", "Askersund"}, {"1861", "Hallsberg"}, {"1814", "Lekeberg"}}
	r := rand.New(rand.NewPCG(15, 16))
	now, later := NewSummary(members), NewSummary(members)
	later.Defer()
	merged := NewSummary(members)
	parts := map[Category]*Summary{}
	for i := range 20_000 {
		cat := Categories[r.IntN(len(Categories))]
		l := Line{Category: cat, Member: members[r.IntN(3)].ID, Department: []string{"Soc", "Kultur", ""}[r.IntN(3)],
			Status: []Status{Charged, Included, Rejected}[r.IntN(3)], Amount: decimal.Zero, Source: Source{Row: i}}
		if l.Status == Charged {
			l.Amount = decimal.New(r.Int64N(10_000_000)-1_000_000, -int32(r.IntN(3)))
			if i%1000 == 0 {
				l.Amount = decimal.New(r.Int64(), 0) // beyond the int64 sums' fast path
			}
		}
		now.Add(l)
		later.Add(l)
		if parts[cat] == nil {
			parts[cat] = NewSummary(members)
			parts[cat].Defer()
		}
		parts[cat].Add(l)
	}
	later.Settle()
	for _, c := range Categories {
		if parts[c] != nil {
			merged.Merge(parts[c])
		}
	}
	for _, s := range []*Summary{later, merged} {
		if !s.Total.Equal(now.Total) || s.Counts != now.Counts {
			t.Fatalf("totals %s %+v, want %s %+v", s.Total, s.Counts, now.Total, now.Counts)
		}
		for i, m := range s.Members {
			if !m.Total.Equal(now.Members[i].Total) {
				t.Errorf("member %s: %s, want %s", m.ID, m.Total, now.Members[i].Total)
			}
			for _, c := range Categories {
				if !m.Categories[c].Equal(now.Members[i].Categories[c]) {
					t.Errorf("member %s %s: %s, want %s", m.ID, c, m.Categories[c], now.Members[i].Categories[c])
				}
			}
		}
		got, want := s.Departments(), now.Departments()
		if len(got) != len(want) {
			t.Fatalf("%d departments, want %d", len(got), len(want))
		}
		for i := range got {
			if !got[i].Amount.Equal(want[i].Amount) || got[i].Lines != want[i].Lines || got[i].Included != want[i].Included {
				t.Errorf("department %+v, want %+v", got[i], want[i])
			}
		}
	}
}
