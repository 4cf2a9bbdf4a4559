package input

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Date is a calendar day (no time of day, no zone), held as midnight UTC.
type Date = time.Time

// ParseDate reads a day written 2025-03-31, also as Excel exports it with a
// midnight time (2025-03-31 00:00 or 2025-03-31 00:00:00).
func ParseDate(s string) (Date, error) {
	if d, ok := parseISODate(s); ok {
		return d, nil
	}
	t := strings.TrimFunc(s, isSpace)
	if t == "" {
		return time.Time{}, ErrMissing
	}
	for _, layout := range []string{time.DateOnly, "2006-01-02 15:04", time.DateTime, "2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if d, err := time.Parse(layout, t); err == nil {
			if d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
				return time.Time{}, reason(ErrDate, "it has a time of day")
			}
			return d, nil
		}
	}
	return time.Time{}, ErrDate
}

// parseISODate reads 2025-03-31, the form nearly every date of a large
// export has, as time.Parse(time.DateOnly) does, without its generality.
func parseISODate(s string) (time.Time, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	num := func(part string) (int, bool) {
		n := 0
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return 0, false
			}
			n = n*10 + int(part[i]-'0')
		}
		return n, true
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 2025-02-30 does not exist
		return time.Time{}, false
	}
	return t, true
}

// The forms of a timestamp: a wall clock, or the same with an offset (Z,
// +01:00) after it. time.Parse takes a fraction of a second after the
// seconds in any of them.
var (
	wallLayouts   = []string{"2006-01-02 15:04", time.DateTime, "2006-01-02T15:04", "2006-01-02T15:04:05"}
	offsetLayouts = []string{"2006-01-02 15:04Z07:00", "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04Z07:00", time.RFC3339}
)

// ErrNoSuchTime is the reason of a wall-clock time the clocks skipped (see
// NoSuchTimeError); match it with errors.Is.
var ErrNoSuchTime = errors.New("does not exist in local time")

// NoSuchTimeError is a wall-clock time that does not exist in its zone: the
// hour clocks skip when they move forward (in Sweden 02:00–02:59 on the
// last Sunday of March). Its message quotes the time as the input has it.
type NoSuchTimeError struct {
	Text     string // the time as written
	Zone     string // "Swedish time"
	From, To string // the wall clocks either side of the change: 02:00, 03:00
}

func (e *NoSuchTimeError) Error() string {
	return fmt.Sprintf("%s does not exist in %s: clocks moved from %s to %s", e.Text, e.Zone, e.From, e.To)
}

// Is makes the error match ErrNoSuchTime.
func (e *NoSuchTimeError) Is(target error) bool { return target == ErrNoSuchTime }

// ParseTimestamp reads a time written 2025-03-31 18:15 (or with seconds, a
// fraction of a second, or a T), a wall-clock time in loc, or written with
// an offset (2025-10-26 02:30+01:00, 2025-10-26T00:30:00Z), which is then
// exactly that instant. The time is returned in loc.
//
// Nothing is guessed where time.ParseInLocation guesses (it silently takes
// the second occurrence of a repeated time and moves a skipped one by an
// hour): a wall clock in the hour that occurs twice when clocks go back is
// read as its first occurrence (summer time, as java.time and Python's
// fold=0 read it), and repeated is true; one in the hour that clocks skip
// is a *NoSuchTimeError.
func ParseTimestamp(s string, loc *time.Location) (ts time.Time, repeated bool, err error) {
	t := strings.TrimFunc(s, isSpace)
	if t == "" {
		return time.Time{}, false, ErrMissing
	}
	// Every form begins with a date and a time of day: 16 bytes at least;
	// an offset after it has a Z or a sign.
	if len(t) < 16 || len(t) > 64 {
		return time.Time{}, false, ErrTimestamp
	}
	if hasOffset(t) {
		for _, layout := range offsetLayouts {
			if ts, err := time.Parse(layout, t); err == nil {
				return ts.In(loc), false, nil
			}
		}
	}
	for _, layout := range wallLayouts {
		if wall, err := time.Parse(layout, t); err == nil {
			return inZone(wall, loc, t)
		}
	}
	return time.Time{}, false, ErrTimestamp
}

// hasOffset reports whether a timestamp has a Z or a sign after its date.
func hasOffset(t string) bool {
	for i := 10; i < len(t); i++ {
		if c := t[i]; c == 'Z' || c == '+' || c == '-' {
			return true
		}
	}
	return false
}

// inZone finds the instant whose wall clock in loc reads wall (its fields,
// in UTC): the first of two in the repeated hour (repeated is true), a
// *NoSuchTimeError quoting text when there is none.
func inZone(wall time.Time, loc *time.Location, text string) (time.Time, bool, error) {
	// The instant is wall less the offset in force at it, and no zone is
	// more than a day from UTC: try every offset in force from a day and a
	// half before wall to a day and a half after, zone period by period.
	var found [2]time.Time
	n := 0
	var gap *NoSuchTimeError
	probe, last := wall.Add(-36*time.Hour).In(loc), wall.Add(36*time.Hour)
	for range 16 { // a zone changes offset a few times in three days at most
		_, off := probe.Zone()
		offset := time.Duration(off) * time.Second
		if t := wall.Add(-offset).In(loc); zoneOffset(t) == off && n < len(found) && (n == 0 || !t.Equal(found[0])) {
			found[n] = t
			n++
		}
		_, end := probe.ZoneBounds()
		if end.IsZero() || end.After(last) {
			break
		}
		probe = end.In(loc)
		// Clocks moving forward at end skip the wall clocks from end in the
		// old offset to end in the new (as UTC fields, as wall is).
		if after := zoneOffset(probe); after > off {
			from, to := end.UTC().Add(offset), end.UTC().Add(time.Duration(after)*time.Second)
			if !wall.Before(from) && wall.Before(to) {
				gap = &NoSuchTimeError{Text: text, Zone: zoneName(loc), From: clockText(from), To: clockText(to)}
			}
		}
	}
	switch {
	case n == 0 && gap != nil:
		return time.Time{}, false, gap
	case n == 0: // not reached for a zone of the tz database
		return time.Time{}, false, &NoSuchTimeError{Text: text, Zone: zoneName(loc), From: "?", To: "?"}
	case n == 2:
		if found[1].Before(found[0]) {
			found[0] = found[1]
		}
		return found[0], true, nil
	}
	return found[0], false, nil
}

func zoneOffset(t time.Time) int {
	_, off := t.Zone()
	return off
}

// clockText writes a wall clock as 02:00, with seconds when it has them.
func clockText(t time.Time) string {
	if t.Second() != 0 || t.Nanosecond() != 0 {
		return t.Format("15:04:05")
	}
	return t.Format("15:04")
}

// zoneName names loc's time for messages.
func zoneName(loc *time.Location) string {
	if loc.String() == "Europe/Stockholm" {
		return "Swedish time"
	}
	return loc.String() + " time"
}

// fromSerial converts an Excel date serial (as an XLSX date cell holds it)
// to the wall clock it shows, to the nearest second, as the fields of a
// time in UTC.
func fromSerial(s string) (time.Time, bool) {
	if strings.ContainsAny(s, "xX") { // ParseFloat reads hexadecimal; a cell never holds it
		return time.Time{}, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < 1 || f > 2958465 {
		return time.Time{}, false
	}
	t, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		return time.Time{}, false
	}
	return t.Round(time.Second), true
}

// wallText writes a wall clock (UTC fields) as a timestamp of an input is
// written: 2025-03-30 02:30, with seconds when it has them.
func wallText(wall time.Time) string {
	if wall.Second() != 0 {
		return wall.Format(time.DateTime)
	}
	return wall.Format("2006-01-02 15:04")
}

// Timestamp reads field as a time (see ParseTimestamp); an XLSX date cell
// is a wall clock in the table's location. repeated is true when the time,
// written without an offset, was in the hour that occurs twice and read as
// its first occurrence: the line should say so.
func (r *Record) Timestamp(field string) (ts time.Time, repeated bool, ce *CellError) {
	v := r.Get(field)
	var err error
	wall, serial := time.Time{}, false
	if r.t.xlsx {
		wall, serial = fromSerial(v)
	}
	if serial {
		ts, repeated, err = inZone(wall, r.t.loc, wallText(wall))
	} else {
		ts, repeated, err = ParseTimestamp(v, r.t.loc)
	}
	if err != nil {
		ce := r.Fail(field, err)
		if errors.Is(err, ErrNoSuchTime) {
			ce.Value = "" // the reason quotes the time itself, exactly
		}
		return time.Time{}, false, ce
	}
	return ts, repeated, nil
}
