package input

import (
	"errors"
	"os"
	"strings"
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
	for in, want := range map[string]error{"2025-03-31 12:00": ErrDate, "2025-03-31 00:00:00.5": ErrDate, "31/3/2025": ErrDate, "2025-02-30": ErrDate, "": ErrMissing} {
		if _, err := ParseDate(in); !errors.Is(err, want) {
			t.Errorf("ParseDate(%q) error %v, want %v", in, err, want)
		}
	}
}

func stockholm(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestTimestampsFile: the cases of testdata/time/timestamps.txt — offsets,
// the repeated hour, the skipped hour, other years' rules, non-times.
func TestTimestampsFile(t *testing.T) {
	loc := stockholm(t)
	data, err := os.ReadFile("testdata/time/timestamps.txt")
	if err != nil {
		t.Fatal(err)
	}
	cases := 0
	for n, line := range strings.Split(string(data), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		in, want, ok := strings.Cut(line, " => ")
		if !ok {
			t.Fatalf("line %d: %q", n+1, line)
		}
		cases++
		ts, repeated, err := ParseTimestamp(in, loc)
		if msg, isErr := strings.CutPrefix(want, "error: "); isErr {
			if err == nil || err.Error() != msg {
				t.Errorf("line %d: %q: %v, %v; want the error %q", n+1, in, ts, err, msg)
			}
			if err != nil && strings.Contains(msg, "does not exist") != errors.Is(err, ErrNoSuchTime) {
				t.Errorf("line %d: %q: %v does not match ErrNoSuchTime as it should", n+1, in, err)
			}
			continue
		}
		wantTime, wantRepeated := strings.CutSuffix(want, " repeated")
		got := ""
		if err == nil {
			got = ts.Format(time.RFC3339Nano)
		}
		if err != nil || got != wantTime || repeated != wantRepeated || ts.Location() != loc {
			t.Errorf("line %d: %q: %s repeated %v (%v, in %v); want %s", n+1, in, got, repeated, err, ts.Location(), want)
		}
	}
	if cases < 40 {
		t.Fatalf("only %d cases", cases)
	}
}

// TestTimestampNoGuessEveryYear: in every year 1980–2100 the hours either
// side of both changes are read as the tz database has them: the skipped
// hour rejected, the repeated one as its first occurrence, every other
// time exactly once.
func TestTimestampNoGuessEveryYear(t *testing.T) {
	loc := stockholm(t)
	skipped, twice := 0, 0
	for y := 1980; y <= 2100; y++ {
		for _, m := range []time.Month{time.March, time.April, time.September, time.October} {
			for d := 1; d <= 31; d++ {
				for mins := 0; mins < 5*60; mins += 15 {
					wall := time.Date(y, m, d, mins/60, mins%60, 0, 0, time.UTC)
					if wall.Month() != m {
						continue
					}
					in := wall.Format("2006-01-02 15:04")
					ts, repeated, err := ParseTimestamp(in, loc)
					// The instants with this wall clock, by brute force over the offsets Sweden had.
					var instants []time.Time
					for _, off := range []int{2, 1} { // the earlier instant first
						if u := wall.Add(-time.Duration(off) * time.Hour).In(loc); u.Format("2006-01-02 15:04") == in {
							instants = append(instants, u)
						}
					}
					switch len(instants) {
					case 0:
						skipped++
						if !errors.Is(err, ErrNoSuchTime) || !strings.HasPrefix(err.Error(), in+" does not exist in Swedish time: clocks moved from 02:00 to 03:00") {
							t.Fatalf("%s: %v, %v; want it rejected", in, ts, err)
						}
					case 1:
						if err != nil || repeated || !ts.Equal(instants[0]) {
							t.Fatalf("%s: %v %v %v; want %v", in, ts, repeated, err, instants[0])
						}
					case 2:
						twice++
						if err != nil || !repeated || !ts.Equal(instants[0]) || instants[0].Add(time.Hour) != instants[1] {
							t.Fatalf("%s: %v %v %v; want the first of %v", in, ts, repeated, err, instants)
						}
					}
				}
			}
		}
	}
	// 121 years, four quarter hours skipped and four repeated in each (1980,
	// the first year of summer time, skipped its hour on 6 April).
	if skipped != 121*4 || twice != 121*4 {
		t.Fatalf("%d skipped and %d repeated quarter hours", skipped, twice)
	}
}

// TestFromSerial: an XLSX date serial is a wall clock: in the skipped hour
// it is rejected as a written time is, in the repeated one read as its
// first occurrence.
func TestFromSerial(t *testing.T) {
	loc := stockholm(t)
	for serial, want := range map[string]string{
		"45746.0625":         "2025-03-30T01:30:00+01:00",
		"45746.104166666664": "error: 2025-03-30 02:30 does not exist in Swedish time: clocks moved from 02:00 to 03:00",
		"45956.104166666664": "2025-10-26T02:30:00+02:00 repeated",
		"45956.145833333336": "2025-10-26T03:30:00+01:00",
		"45746.14583333333":  "2025-03-30T03:30:00+02:00",
	} {
		wall, ok := fromSerial(serial)
		if !ok {
			t.Fatalf("%s not read", serial)
		}
		ts, repeated, err := inZone(wall, loc, wallText(wall))
		got := ts.Format(time.RFC3339)
		if repeated {
			got += " repeated"
		}
		if err != nil {
			got = "error: " + err.Error()
		}
		if got != want {
			t.Errorf("%s: %s, want %s", serial, got, want)
		}
	}
	for _, s := range []string{"NaN", "nan", "Inf", "-1", "0", "2958466", "0x1p4", "abc", ""} {
		if _, ok := fromSerial(s); ok {
			t.Errorf("%q read as a date serial", s)
		}
	}
}

// FuzzParseTimestamp: no input panics; a time read is in the location, a
// wall clock written without an offset reads back as written, and a
// repeated one is an hour before its second occurrence.
func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"2025-03-31 18:15", "2025-03-30 02:30", "2025-10-26 02:30:59", "2025-13-01 00:00",
		"2025-10-26T02:30:00+01:00", "2025-10-26T00:30:00Z", "2025-03-31 00:00", "2025-03-31", "9999-12-31 23:59:59.999999999",
		"0000-01-01 00:00", "2025-03-31 18:15-14:00", "2025-03-31 18:15:30,5", "45746.104166666664", "45956.104166666664", "2958465"} {
		f.Add(s)
	}
	loc := stockholm(f)
	f.Fuzz(func(t *testing.T, s string) {
		ts, repeated, err := ParseTimestamp(s, loc)
		if err == nil {
			if ts.Location() != loc {
				t.Fatalf("%q read in %v", s, ts.Location())
			}
			if repeated {
				if second := ts.Add(time.Hour); second.Format(time.DateTime) != ts.Format(time.DateTime) {
					t.Fatalf("%q read as %v, repeated, but %v is not the same wall clock", s, ts, second)
				}
			}
			if wall, perr := time.Parse(time.DateTime, strings.Replace(strings.TrimFunc(s, isSpace), "T", " ", 1)); perr == nil && !strings.ContainsAny(s[10:], "Z+-") {
				if ts.Format(time.DateTime) != wall.Format(time.DateTime) {
					t.Fatalf("%q read as %v", s, ts)
				}
			}
		} else if errors.Is(err, ErrNoSuchTime) && !strings.Contains(err.Error(), strings.TrimFunc(s, isSpace)) {
			t.Fatalf("%q: %v does not quote it", s, err)
		}
		if d, err := ParseDate(s); err == nil && (d.Location() != time.UTC || d.Hour() != 0 || d.Nanosecond() != 0) {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
		// The same text as an XLSX cell's value: a date serial, read as a wall clock.
		if wall, ok := fromSerial(s); ok {
			ts, _, err := inZone(wall, loc, wallText(wall))
			if err == nil && ts.Format(time.DateTime) != wall.Format(time.DateTime) {
				t.Fatalf("serial %q: wall clock %v read as %v", s, wall, ts)
			}
			if err != nil && !errors.Is(err, ErrNoSuchTime) {
				t.Fatalf("serial %q: %v", s, err)
			}
		}
	})
}

// BenchmarkParseTimestamp: a typical time, one of the repeated hour, and
// time.ParseInLocation (what the reader did before it detected the
// repeated and skipped hours) for comparison.
func BenchmarkParseTimestamp(b *testing.B) {
	loc := stockholm(b)
	for _, s := range []string{"2025-05-28 08:20", "2025-10-26 02:30"} {
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := ParseTimestamp(s, loc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("ParseInLocation", func(b *testing.B) {
		for b.Loop() {
			if _, err := time.ParseInLocation("2006-01-02 15:04", "2025-05-28 08:20", loc); err != nil {
				b.Fatal(err)
			}
		}
	})
}
