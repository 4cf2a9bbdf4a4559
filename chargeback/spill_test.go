package chargeback

import (
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/config"
	"memberfee/internal/gen"
)

// TestSpillEqualsMemory: on a generated national workload, the spilled
// lines are the lines an in-memory run keeps, line for line, for every
// member and category, and the summaries agree.
func TestSpillEqualsMemory(t *testing.T) {
	c, from, to := national(t, 0.01)
	mem, err := Run(c, from, to)
	if err != nil {
		t.Fatal(err)
	}
	spilled, err := Run(c, from, to, Options{Spill: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer spilled.Spill.Remove()
	if mem.Summary.Counts.Rows < 10000 || !reflect.DeepEqual(mem.Summary.Counts, spilled.Summary.Counts) || !mem.Summary.Total.Equal(spilled.Summary.Total) {
		t.Fatalf("summaries differ: %+v %s / %+v %s", mem.Summary.Counts, mem.Summary.Total, spilled.Summary.Counts, spilled.Summary.Total)
	}
	for _, member := range append([]string{""}, memberIDs(c)...) {
		for _, cat := range billing.Categories {
			for _, sel := range []billing.Selection{billing.ChargedAndIncluded, billing.ChargedOnly} {
				var want []billing.Line
				for _, l := range mem.Lines[cat] {
					if sel.Has(l.Status) && (member == "" || l.Member == member) {
						want = append(want, l)
					}
				}
				var got []billing.Line
				if err := spilled.Spill.Each(member, cat, sel, func(l billing.Line) error { got = append(got, l); return nil }); err != nil {
					t.Fatal(err)
				}
				if spilled.Spill.Count(member, cat, sel) != len(want) || len(got) != len(want) {
					t.Fatalf("%q %s %d: %d spilled (count %d), %d in memory", member, cat, sel, len(got), spilled.Spill.Count(member, cat, sel), len(want))
				}
				for i := range got {
					if !sameLine(got[i], want[i]) {
						t.Fatalf("%q %s line %d:\n%+v\n%+v", member, cat, i, got[i], want[i])
					}
				}
			}
		}
	}
}

func memberIDs(c *config.Config) []string {
	var ids []string
	for _, m := range c.Members {
		ids = append(ids, m.ID)
	}
	return ids
}

// sameLine compares lines by value (decimals as they print, times by Equal).
func sameLine(a, b billing.Line) bool {
	for _, d := range [][2]decimal.Decimal{{a.Quantity, b.Quantity}, {a.UnitPrice, b.UnitPrice}, {a.Extra, b.Extra}, {a.Amount, b.Amount}} {
		if d[0].String() != d[1].String() || d[0].Exponent() != d[1].Exponent() {
			return false
		}
	}
	return a.Source == b.Source && a.Category == b.Category && a.Member == b.Member && a.Department == b.Department &&
		a.Clause == b.Clause && a.Date.Equal(b.Date) && a.Ref == b.Ref && a.Description == b.Description &&
		a.Quantity.Equal(b.Quantity) && a.Unit == b.Unit && a.UnitPrice.Equal(b.UnitPrice) && a.Extra.Equal(b.Extra) &&
		a.Amount.Equal(b.Amount) && a.Status == b.Status && a.Column == b.Column && a.Reason == b.Reason && a.Note == b.Note && a.Derived == b.Derived
}

// TestSpillDropsIncluded: with MaxIncluded, a category with more included
// rows keeps its charged lines and its counts, and refuses to give back
// the included lines it did not keep.
func TestSpillDropsIncluded(t *testing.T) {
	c, from, to := national(t, 0.01)
	mem, err := Run(c, from, to)
	if err != nil {
		t.Fatal(err)
	}
	limit := 100
	spilled, err := Run(c, from, to, Options{Spill: t.TempDir(), MaxIncluded: &limit})
	if err != nil {
		t.Fatal(err)
	}
	defer spilled.Spill.Remove()
	if !reflect.DeepEqual(mem.Summary.Counts, spilled.Summary.Counts) {
		t.Fatalf("counts differ: %+v / %+v", mem.Summary.Counts, spilled.Summary.Counts)
	}
	for _, cat := range billing.Categories {
		var charged, all int
		for _, l := range mem.Lines[cat] {
			if billing.ChargedOnly.Has(l.Status) {
				charged++
			}
			if billing.ChargedAndIncluded.Has(l.Status) {
				all++
			}
		}
		n := 0
		if err := spilled.Spill.Each("", cat, billing.ChargedOnly, func(billing.Line) error { n++; return nil }); err != nil || n != charged {
			t.Errorf("%s: %d charged lines (%v), want %d", cat, n, err, charged)
		}
		if got := spilled.Spill.Count("", cat, billing.ChargedAndIncluded); got != all {
			t.Errorf("%s: counts %d lines, want %d", cat, got, all)
		}
		err := spilled.Spill.Each("", cat, billing.ChargedAndIncluded, func(billing.Line) error { return nil })
		if over := mem.Summary.ByCategory[cat].Included > limit; over != (err != nil) {
			t.Errorf("%s with %d included: Each(all) gave %v", cat, mem.Summary.ByCategory[cat].Included, err)
		}
	}
}

// national generates the national workload at a scale and loads its config.
func national(tb testing.TB, scale float64) (*config.Config, time.Time, time.Time) {
	tb.Helper()
	path, err := gen.WriteWithConfig(tb.TempDir(), gen.National(scale))
	if err != nil {
		tb.Fatal(err)
	}
	c, err := config.Load(path)
	if err != nil {
		tb.Fatal(err)
	}
	from, to, err := Period(c, "", "")
	if err != nil {
		tb.Fatal(err)
	}
	return c, from, to
}
