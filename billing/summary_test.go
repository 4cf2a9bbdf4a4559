package billing

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestSummary: a summary settled once, one settled along the way and one
// merged from parts (as a run tallies its categories) hold the figures of
// the lines' decimal sums, worked out here line by line.
func TestSummary(t *testing.T) {
	members := []Member{{"1882", "Askersund"}, {"1861", "Hallsberg"}, {"1814", "Lekeberg"}}
	r := rand.New(rand.NewPCG(15, 16))
	once, along := NewSummary(members), NewSummary(members)
	merged := NewSummary(members)
	parts := map[Category]*Summary{}
	// the reference: decimal sums as the lines come
	total := decimal.Zero
	byMember := map[string]map[Category]decimal.Decimal{}
	type deptKey struct {
		member, dept string
		cat          Category
	}
	byDept := map[deptKey]decimal.Decimal{}
	var counts Counts
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
		once.Add(l)
		along.Add(l)
		if i%777 == 0 {
			along.Settle()
		}
		if parts[cat] == nil {
			parts[cat] = NewSummary(members)
		}
		parts[cat].Add(l)
		counts.add(l.Status)
		if l.Status != Rejected {
			total = total.Add(l.Amount)
			if byMember[l.Member] == nil {
				byMember[l.Member] = map[Category]decimal.Decimal{}
			}
			byMember[l.Member][cat] = byMember[l.Member][cat].Add(l.Amount)
			k := deptKey{l.Member, l.Department, cat}
			byDept[k] = byDept[k].Add(l.Amount)
		}
	}
	once.Settle()
	along.Settle()
	along.Settle() // twice changes nothing
	for _, c := range Categories {
		if parts[c] != nil {
			merged.Merge(parts[c])
		}
	}
	for name, s := range map[string]*Summary{"settled once": once, "settled along the way": along, "merged": merged} {
		if !s.Total.Equal(total) || s.Counts != counts {
			t.Fatalf("%s: totals %s %+v, want %s %+v", name, s.Total, s.Counts, total, counts)
		}
		for _, m := range s.Members {
			sum := decimal.Zero
			for _, c := range Categories {
				want := byMember[m.ID][c]
				sum = sum.Add(want)
				if !m.Categories[c].Equal(want) {
					t.Errorf("%s: member %s %s: %s, want %s", name, m.ID, c, m.Categories[c], want)
				}
			}
			if !m.Total.Equal(sum) {
				t.Errorf("%s: member %s: %s, want %s", name, m.ID, m.Total, sum)
			}
		}
		depts := s.Departments()
		if len(depts) != len(byDept) {
			t.Fatalf("%s: %d departments, want %d", name, len(depts), len(byDept))
		}
		for _, d := range depts {
			if want := byDept[deptKey{d.Member, d.Department, d.Category}]; !d.Amount.Equal(want) {
				t.Errorf("%s: department %+v, want %s", name, d, want)
			}
		}
	}
	for i, d := range once.Departments() {
		if md := merged.Departments()[i]; md.Lines != d.Lines || md.Included != d.Included {
			t.Errorf("merged department %+v, want %+v", md, d)
		}
	}
}
