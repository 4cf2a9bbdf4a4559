package chargeback

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"memberfee/billing"
	"memberfee/input"
)

// TestReadRejections: a row whose cell cannot be read is rejected with the
// reader's text, as the lines always had it, and its line matches the
// reason's sentinel in billing's catalogue (and no other).
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
	}
	wants := []want{
		{"equipment.csv", 2, "quantity", billing.ErrNotNumber, `"x" is not a number`},
		{"equipment.csv", 3, "date", billing.ErrNotDate, `"2025-14-03" is not a date written as 2025-03-31`},
		{"equipment.csv", 4, "quantity", billing.ErrEmptyCell, "is empty"},
		{"equipment.csv", 5, "quantity", billing.ErrAmbiguousNumber, `"1.234" is ambiguous (a thousands point or a decimal point? write 1,234 or 1234)`},
		{"equipment.csv", 6, "", billing.ErrExtraFields, "has more fields than the header (7 fields, the header has 6)"},
		{"support.csv", 2, "call_out", billing.ErrNotYesNo, `"kanske" is not yes or no (ja/nej)`},
		{"support.csv", 3, "start", billing.ErrNoSuchTime, "2025-03-30 02:30 does not exist in Swedish time: clocks moved from 02:00 to 03:00"},
		{"support.csv", 4, "start", billing.ErrNotTime, `"2025-03-11 25:00" is not a time written as 2025-03-31 18:15`},
		{"licences.csv", 2, "count", billing.ErrNegativeCount, `"-1" is negative`},
		{"licences.csv", 3, "count", billing.ErrNotNumber, `"x" is not a number`},
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
	for _, r := range readReasons {
		if r.why.English() != r.err.Error() {
			t.Errorf("%v: English %q, the reader says %q", r.why, r.why.English(), r.err)
		}
		ce := &input.CellError{File: "f.csv", Row: 7, Column: "c", Value: "v", Err: fmt.Errorf("%w (a detail)", r.err)}
		l := rejectCell(billing.Equipment, src, ce)
		if !errors.Is(l.Err(), r.why) || l.Reason != `"v" `+r.err.Error()+" (a detail)" || l.Column != "c" || l.Status != billing.Rejected {
			t.Errorf("%v: %+v", r.why, l)
		}
	}
	l := rejectCell(billing.Equipment, src, &input.CellError{Column: "c", Err: errors.New("is odd")})
	if !errors.Is(l.Err(), billing.ErrUnreadable) || l.Reason != "is odd" {
		t.Errorf("an unknown reason: %+v (%v)", l, l.Err())
	}
}
