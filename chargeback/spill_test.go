package chargeback

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
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
	mem, err := runConfig(c, from, to, Options{})
	if err != nil {
		t.Fatal(err)
	}
	spilled, err := runConfig(c, from, to, Options{Spill: t.TempDir()})
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
	mem, err := runConfig(c, from, to, Options{})
	if err != nil {
		t.Fatal(err)
	}
	limit := 100
	spilled, err := runConfig(c, from, to, Options{Spill: t.TempDir(), MaxIncluded: &limit})
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
	return loadConfig(tb, path)
}

// loadConfig loads a config file and its billing period.
func loadConfig(tb testing.TB, path string) (*config.Config, time.Time, time.Time) {
	tb.Helper()
	c, err := config.Load(path)
	if err != nil {
		tb.Fatal(err)
	}
	from, to, err := Period(c.Billing.Period, "", "")
	if err != nil {
		tb.Fatal(err)
	}
	return c, from, to
}

// runConfig runs the period of a config file as bill does.
func runConfig(c *config.Config, from, to time.Time, o Options) (*Result, error) {
	return Run(c.Billing, c.BillingMembers(), c.Resolve, from, to, o)
}

// TestRemoveStale: only spill folders that are a spill's by every name and
// have not changed for the age are removed from the temporary folder.
func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-48 * time.Hour)
	mk := func(p string, stale bool) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(p, "/") {
			if err := os.WriteFile(p, []byte("spilled lines"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if stale {
			os.Chtimes(strings.TrimSuffix(p, "/"), old, old)
		}
	}
	touchDir := func(p string) { os.Chtimes(filepath.Join(dir, p), old, old) }
	// A killed run's: removed.
	mk(filepath.Join(dir, "memberfee-lines-1", "storage-0.lines"), true)
	mk(filepath.Join(dir, "memberfee-lines-1", "storage-detail"), true)
	mk(filepath.Join(dir, "memberfee-lines-1", "3.lines"), true)
	touchDir("memberfee-lines-1")
	mk(filepath.Join(dir, "memberfee-lines-2")+"/", true) // empty
	// Kept: a file changed lately, a file that is not a spill's, another
	// name, not a folder, a folder changed lately.
	mk(filepath.Join(dir, "memberfee-lines-3", "storage-0.lines"), true)
	mk(filepath.Join(dir, "memberfee-lines-3", "support-1.lines"), false)
	touchDir("memberfee-lines-3")
	mk(filepath.Join(dir, "memberfee-lines-4", "notes.txt"), true)
	touchDir("memberfee-lines-4")
	mk(filepath.Join(dir, "memberfee-lines-x", "0.lines"), true)
	touchDir("memberfee-lines-x")
	mk(filepath.Join(dir, "memberfee-lines-5"), true)
	mk(filepath.Join(dir, "memberfee-lines-6", "0.lines"), true)
	n, freed := RemoveStale(dir, 24*time.Hour)
	if n != 2 || freed != 3*int64(len("spilled lines")) {
		t.Errorf("removed %d folders, %d bytes; want 2, %d", n, freed, 3*len("spilled lines"))
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if got := strings.Join(left, " "); got != "memberfee-lines-3 memberfee-lines-4 memberfee-lines-5 memberfee-lines-6 memberfee-lines-x" {
		t.Errorf("left %s", got)
	}
	if n, _ := RemoveStale(filepath.Join(dir, "nope"), time.Hour); n != 0 {
		t.Error("removed from a folder that does not exist")
	}
}

// TestSpillError: a spill that cannot be written says so as a
// *SpillError, which bill reports as a failure to write, not to read.
func TestSpillError(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	_, err := NewSpill(file, nil)
	if se, ok := errors.AsType[*SpillError](err); !ok || se.Dir != file {
		t.Fatalf("NewSpill into a file: %v", err)
	}
}
