package input

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The reasons a duration cell is not read.
var (
	ErrDuration            = errors.New("is not a duration written as 90 (minutes) or 1:30")
	ErrDurationNotPositive = errors.New("is not a duration of more than zero")
	ErrDurationTooLong     = errors.New("is longer than 366 days, not a plausible duration")
)

// MaxDurationMinutes is the longest duration read: 366 days. A longer one
// is a mistyped cell, not a ticket (and 9999999:59 would overflow).
const MaxDurationMinutes = 366 * 24 * 60

// maxDurationDigits bounds a duration's minutes (or hours) to 7 digits:
// some 19 years, far beyond any ticket, and nowhere near an overflow.
const maxDurationDigits = 7

// ParseDuration reads a support ticket's duration: whole minutes (90) or
// hours and minutes (1:30, the minutes 00–59). Zero or a negative
// duration (-15, −0:30) is ErrDurationNotPositive, more than
// MaxDurationMinutes ErrDurationTooLong; anything else that is not one of
// the two forms is ErrDuration.
func ParseDuration(s string) (time.Duration, error) {
	t := strings.TrimFunc(s, isSpace)
	neg := false
	if rest, ok := strings.CutPrefix(t, "-"); ok {
		t, neg = rest, true
	} else if rest, ok := strings.CutPrefix(t, "\u2212"); ok {
		t, neg = rest, true
	}
	var minutes int64
	if h, m, ok := strings.Cut(t, ":"); ok {
		hours, okH := digits(h)
		mins, okM := digits(m)
		if !okH || !okM || len(m) != 2 || mins > 59 {
			return 0, ErrDuration
		}
		minutes = hours*60 + mins
	} else {
		n, ok := digits(t)
		if !ok {
			return 0, ErrDuration
		}
		minutes = n
	}
	if neg || minutes == 0 {
		return 0, ErrDurationNotPositive
	}
	if minutes > MaxDurationMinutes {
		return 0, ErrDurationTooLong
	}
	return time.Duration(minutes) * time.Minute, nil
}

// digits reads 1 to maxDurationDigits ASCII digits.
func digits(s string) (int64, bool) {
	if s == "" || len(s) > maxDurationDigits {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int64(s[i]-'0')
	}
	return n, true
}

// Duration reads field as a duration (ParseDuration). A workbook's number
// formatted as a time (h:mm, [h]:mm) is the fraction of a day Excel shows
// as hours and minutes: 0.0625 is 1:30 (fromDays).
func (r *Record) Duration(field string) (time.Duration, *CellError) {
	v := r.Get(field)
	if v == "" {
		return 0, r.Fail(field, ErrMissing)
	}
	if i, ok := r.t.columns[field]; ok && r.t.timeCell != nil && r.t.timeCell(i) {
		if days, ok := rawNumber(v); ok {
			d, shown, err := fromDays(days)
			if err != nil {
				ce := r.Fail(field, err)
				ce.Value = shown
				return 0, ce
			}
			return d, nil
		}
	}
	d, err := ParseDuration(v)
	if err != nil {
		return 0, r.Fail(field, err)
	}
	return d, nil
}

// fromDays reads a duration a workbook holds as a fraction of a day, as
// its time format shows it: to the second (a binary fraction never holds
// 1:20 exactly; Excel shows the nearest second), and then only a whole
// number of minutes, more than zero and at most MaxDurationMinutes.
// shown is the cell as [h]:mm:ss shows it, for the message.
func fromDays(days decimal.Decimal) (d time.Duration, shown string, err error) {
	secs := days.Mul(decimal.NewFromInt(86400)).Round(0)
	if secs.Sign() <= 0 {
		return 0, days.String(), ErrDurationNotPositive
	}
	if secs.GreaterThan(decimal.NewFromInt(MaxDurationMinutes * 60)) {
		return 0, days.String(), ErrDurationTooLong
	}
	n := secs.IntPart()
	shown = fmt.Sprintf("%d:%02d:%02d", n/3600, n/60%60, n%60)
	if n%60 != 0 {
		return 0, shown, reason(ErrDuration, "it has seconds; the cell holds %s days", days.String())
	}
	return time.Duration(n) * time.Second, fmt.Sprintf("%d:%02d", n/3600, n/60%60), nil
}
