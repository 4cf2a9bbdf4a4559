package input

import (
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
			if d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 {
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

// ParseTimestamp reads a wall-clock time written 2025-03-31 18:15 (or with
// seconds, or with a T) in loc.
func ParseTimestamp(s string, loc *time.Location) (time.Time, error) {
	t := strings.TrimFunc(s, isSpace)
	if t == "" {
		return time.Time{}, ErrMissing
	}
	for _, layout := range []string{"2006-01-02 15:04", time.DateTime, "2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if ts, err := time.ParseInLocation(layout, t, loc); err == nil {
			return ts, nil
		}
	}
	return time.Time{}, ErrTimestamp
}

// fromSerial converts an Excel date serial (as an XLSX date cell holds it)
// to a wall-clock time in loc, to the nearest second.
func fromSerial(s string, loc *time.Location) (time.Time, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 1 || f > 2958465 {
		return time.Time{}, false
	}
	t, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		return time.Time{}, false
	}
	t = t.Round(time.Second)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, loc), true
}
