package chargeback

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"memberfee/billing"
)

// recordingSink keeps a category's lines and how often it was closed.
type recordingSink struct {
	lines  []billing.Line
	closed int
	failAt int // fail on this line (1-based); 0 never
}

func (s *recordingSink) Line(l billing.Line) error {
	s.lines = append(s.lines, l)
	if len(s.lines) == s.failAt {
		return errors.New("the sink is full")
	}
	return nil
}

func (s *recordingSink) Close() error { s.closed++; return nil }

// TestLineSinks: Options.Lines is asked once per category for a sink, which
// is given every line of that category — the lines Result.Lines holds, in
// their order, and the rejected ones where they were read — and closed
// once; spilling or not changes nothing of it. A sink's failure ends the run.
func TestLineSinks(t *testing.T) {
	c, from, to := national(t, 0.01)
	mem, err := runConfig(c, from, to, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, spill := range []string{"", t.TempDir()} {
		var mu sync.Mutex
		sinks := map[billing.Category]*recordingSink{}
		res, err := runConfig(c, from, to, Options{Spill: spill, Lines: func(cat billing.Category) (LineSink, error) {
			mu.Lock()
			defer mu.Unlock()
			if sinks[cat] != nil {
				t.Errorf("a second sink for %s", cat)
			}
			sinks[cat] = &recordingSink{}
			return sinks[cat], nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Spill != nil {
			res.Spill.Remove()
		}
		if len(sinks) != len(billing.Categories) {
			t.Fatalf("%d sinks", len(sinks))
		}
		for _, cat := range billing.Categories {
			s := sinks[cat]
			var kept, rejected []billing.Line
			for _, l := range s.lines {
				if l.Status == billing.Rejected {
					rejected = append(rejected, l)
				} else {
					kept = append(kept, l)
				}
			}
			var want []billing.Line
			for _, l := range mem.Summary.Rejected {
				if l.Category == cat {
					want = append(want, l)
				}
			}
			if s.closed != 1 || len(kept) != len(mem.Lines[cat]) || len(rejected) != len(want) {
				t.Fatalf("%s: closed %d, %d lines and %d rejected, want %d and %d", cat, s.closed, len(kept), len(rejected), len(mem.Lines[cat]), len(want))
			}
			for i := range kept {
				if !sameLine(kept[i], mem.Lines[cat][i]) {
					t.Fatalf("%s line %d:\n%+v\n%+v", cat, i, kept[i], mem.Lines[cat][i])
				}
			}
			for i := range rejected {
				if !sameLine(rejected[i], want[i]) {
					t.Fatalf("%s rejected %d:\n%+v\n%+v", cat, i, rejected[i], want[i])
				}
			}
		}
	}

	sink := &recordingSink{failAt: 10}
	_, err = runConfig(c, from, to, Options{Spill: t.TempDir(), Lines: func(cat billing.Category) (LineSink, error) {
		if cat == billing.Storage {
			return sink, nil
		}
		return &recordingSink{}, nil
	}})
	if err == nil || !strings.Contains(err.Error(), "the sink is full") || sink.closed != 1 {
		t.Fatalf("a failing sink: %v (closed %d)", err, sink.closed)
	}
}
