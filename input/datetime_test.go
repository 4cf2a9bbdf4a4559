package input

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, in := range []string{"2025-03-31", "2025-03-31 00:00", "2025-03-31 00:00:00", " 2025-03-31T00:00 "} {
		d, err := ParseDate(in)
		if err != nil || d.Format(time.DateOnly) != "2025-03-31" {
			t.Errorf("ParseDate(%q) = %v, %v", in, d, err)
		}
	}
	for in, want := range map[string]error{"2025-03-31 12:00": ErrDate, "31/3/2025": ErrDate, "2025-02-30": ErrDate, "": ErrMissing} {
		if _, err := ParseDate(in); !errors.Is(err, want) {
			t.Errorf("ParseDate(%q) error %v, want %v", in, err, want)
		}
	}
}

func TestParseTimestamp(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Stockholm")
	for in, want := range map[string]string{
		"2025-03-31 18:15":    "2025-03-31T18:15:00+02:00",
		"2025-03-31 18:15:30": "2025-03-31T18:15:30+02:00",
		"2025-01-15T07:05":    "2025-01-15T07:05:00+01:00",
	} {
		ts, err := ParseTimestamp(in, loc)
		if err != nil || ts.Format(time.RFC3339) != want {
			t.Errorf("ParseTimestamp(%q) = %v, %v; want %s", in, ts, err, want)
		}
	}
	for _, in := range []string{"2025-09-04 25:10", "18:15", "2025-03-31", "igår"} {
		if _, err := ParseTimestamp(in, loc); !errors.Is(err, ErrTimestamp) {
			t.Errorf("ParseTimestamp(%q) error %v", in, err)
		}
	}
}

func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"2025-03-31 18:15", "2025-03-30 02:30", "2025-10-26 02:30:59", "2025-13-01 00:00"} {
		f.Add(s)
	}
	loc, _ := time.LoadLocation("Europe/Stockholm")
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := ParseTimestamp(s, loc)
		if err == nil && ts.Location() != loc {
			t.Fatalf("%q read in %v", s, ts.Location())
		}
		_, _ = ParseDate(s)
	})
}
