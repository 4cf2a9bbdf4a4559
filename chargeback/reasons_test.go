package chargeback

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"memberfee/billing"
	"memberfee/input"
)

// TestReadRejections: a row whose cell cannot be read is rejected with the
// reader's text, as the lines always had it, and its line matches the
// reason's sentinel in billing's catalogue (and no other); it keeps its
// member and date where those cells can be read (a row with more fields
// than the header has neither: its columns cannot be trusted).
func TestReadRejections(t *testing.T) {
	c, from, to := loadConfig(t, filepath.Join("testdata", "unreadable", "memberfee.yaml"))
	res, err := runConfig(c, from, to, Options{})
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		file   string
		row    int
		column string
		why    *billing.Reason
		text   string
		member string // kept where the member cell can be read
		date   string // kept where the date (a ticket's start) can be read
	}
	wants := []want{
		{"equipment.csv", 2, "quantity", billing.ErrNotNumber, `"x" is not a number`, "1882", "2025-03-14"},
		{"equipment.csv", 3, "date", billing.ErrNotDate, `"2025-14-03" is not a date written as 2025-03-31`, "1882", ""},
		{"equipment.csv", 4, "quantity", billing.ErrEmptyCell, "is empty", "1882", "2025-03-14"},
		{"equipment.csv", 5, "quantity", billing.ErrAmbiguousNumber, `"1.234" is ambiguous (a thousands point or a decimal point? write 1,234 or 1234)`, "1882", "2025-03-14"},
		{"equipment.csv", 6, "", billing.ErrExtraFields, "has more fields than the header (7 fields, the header has 6)", "", ""},
		{"support.csv", 2, "call_out", billing.ErrNotYesNo, `"kanske" is not yes or no (ja/nej)`, "1882", "2025-03-11"},
		{"support.csv", 3, "start", billing.ErrNoSuchTime, "2025-03-30 02:30 does not exist in Swedish time: clocks moved from 02:00 to 03:00", "1882", ""},
		{"support.csv", 4, "start", billing.ErrNotTime, `"2025-03-11 25:00" is not a time written as 2025-03-31 18:15`, "1882", ""},
		{"licences.csv", 2, "count", billing.ErrNegativeCount, `"-1" is negative`, "1882", ""},
		{"licences.csv", 3, "count", billing.ErrNotNumber, `"x" is not a number`, "1882", ""},
	}
	got := res.Summary.Rejected
	if len(got) != len(wants) {
		t.Fatalf("%d rejected lines, want %d: %+v", len(got), len(wants), got)
	}
	for i, w := range wants {
		l := got[i]
		if l.File != w.file || l.Row != w.row || l.Column != w.column || l.Reason != w.text {
			t.Errorf("%s row %d column %q: %q, want %s row %d column %q: %q", l.File, l.Row, l.Column, l.Reason, w.file, w.row, w.column, w.text)
		}
		if day := l.Date.Format(time.DateOnly); l.Member != w.member || l.Date.IsZero() != (w.date == "") || w.date != "" && day != w.date {
			t.Errorf("%s row %d: member %q dated %s, want %q dated %q", l.File, l.Row, l.Member, day, w.member, w.date)
		}
		for _, r := range billing.Reasons {
			if errors.Is(l.Err(), r) != (r == w.why) {
				t.Errorf("%s row %d %q: errors.Is(%v) = %v", l.File, l.Row, l.Reason, r, r != w.why)
			}
		}
	}
}

// TestReadReasons: each reader's reason has its sentinel, whose English
// text is the reader's own (they cannot drift apart), and a reason the
// table does not know is ErrUnreadable.
func TestReadReasons(t *testing.T) {
	src := billing.Source{File: "f.csv", Row: 7}
	c, from, to := loadConfig(t, filepath.Join("testdata", "unreadable", "memberfee.yaml"))
	rules, err := billing.NewRules(c.Billing, c.BillingMembers(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range readReasons {
		if r.why.English() != r.err.Error() {
			t.Errorf("%v: English %q, the reader says %q", r.why, r.why.English(), r.err)
		}
		ce := &input.CellError{File: "f.csv", Row: 7, Column: "c", Value: "v", Err: fmt.Errorf("%w (a detail)", r.err)}
		l := rejectCell(rules, billing.Equipment, src, "", time.Time{}, ce)
		if !errors.Is(l.Err(), r.why) || l.Reason != `"v" `+r.err.Error()+" (a detail)" || l.Column != "c" || l.Status != billing.Rejected {
			t.Errorf("%v: %+v", r.why, l)
		}
	}
	l := rejectCell(rules, billing.Equipment, src, "", time.Time{}, &input.CellError{Column: "c", Err: errors.New("is odd")})
	if !errors.Is(l.Err(), billing.ErrUnreadable) || l.Reason != "is odd" {
		t.Errorf("an unknown reason: %+v (%v)", l, l.Err())
	}
}

// TestUnreadableOutside: a row with a cell that cannot be read but whose
// member and date can is outside when its date is (skip, a period of
// another quarter; or a period already issued, whatever the mode), its
// bad cell its own period's to reject, and names its member's document;
// only the rows whose date cannot be read (or whose columns cannot be
// trusted), and licence rows, which have no day, are rejected in every
// period.
func TestUnreadableOutside(t *testing.T) {
	path := filepath.Join("testdata", "unreadable", "memberfee.yaml")
	q1 := billing.Covered{From: date("2025-01-01"), To: date("2025-03-31"), Documents: map[string][]string{"1882": {"2025-0001"}}}
	rejected := []string{"equipment.csv 3", "equipment.csv 6", "support.csv 3", "support.csv 4", "licences.csv 2", "licences.csv 3"}
	outside := []string{"equipment.csv 2", "equipment.csv 4", "equipment.csv 5", "equipment.csv 7", "support.csv 2"}
	for _, tt := range []struct {
		name     string
		skip     bool
		covered  []billing.Covered
		document string
	}{
		{"skip, another quarter", true, nil, ""},
		{"reject, the quarter issued", false, []billing.Covered{q1}, "2025-0001"},
		{"skip, the quarter issued", true, []billing.Covered{q1}, "2025-0001"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := loadSkip(t, path)
			if !tt.skip {
				c.Billing.OutsidePeriod = billing.OutsideReject
			}
			res, err := runConfig(c, quarters[1][0], quarters[1][1], Options{Covered: tt.covered})
			if err != nil {
				t.Fatal(err)
			}
			checkCounts(t, res)
			var gotRej, gotOut []string
			for _, l := range res.Summary.Rejected {
				gotRej = append(gotRej, fmt.Sprintf("%s %d", l.File, l.Row))
			}
			for _, cat := range billing.Categories {
				for _, l := range res.Lines[cat] {
					if l.Status != billing.Outside {
						continue
					}
					gotOut = append(gotOut, fmt.Sprintf("%s %d", l.File, l.Row))
					if l.Member != "1882" || l.Document != tt.document || l.Date.IsZero() {
						t.Errorf("%s row %d outside: member %q, document %q, dated %s", l.File, l.Row, l.Member, l.Document, l.Date)
					}
				}
			}
			slices.Sort(gotRej)
			slices.Sort(gotOut)
			slices.Sort(rejected)
			slices.Sort(outside)
			if !slices.Equal(gotRej, rejected) || !slices.Equal(gotOut, outside) {
				t.Errorf("rejected %v, outside %v; want rejected %v, outside %v", gotRej, gotOut, rejected, outside)
			}
			if k := res.Summary.Counts; k.Outside != len(outside) || k.Rejected != len(rejected) {
				t.Errorf("counts %+v", k)
			}
		})
	}
	// In its own period the row is rejected, naming its member and day.
	c := loadSkip(t, path)
	res, err := runConfig(c, quarters[0][0], quarters[0][1], Options{})
	if err != nil {
		t.Fatal(err)
	}
	if k := res.Summary.Counts; k.Outside != 0 || k.Rejected != len(rejected)+len(outside)-1 { // equipment row 7 is fine
		t.Fatalf("Q1: counts %+v", k)
	}
}
