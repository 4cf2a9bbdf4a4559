package billing

import (
	"fmt"
	"sync"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/se"
	_ "time/tzdata" // Europe/Stockholm on any machine, the same everywhere
)

// Calendar is the Swedish working calendar of clause 5.1: office hours
// (ordinarie kontorstid) on weekdays that are not public holidays
// (helgfria vardagar), in Europe/Stockholm wall-clock time.
type Calendar struct {
	loc        *time.Location
	start, end time.Duration // office hours as time since midnight
	eves       bool          // Midsummer, Christmas and New Year's Eve are days off
	mu         sync.Mutex    // guards holidays: a calendar may be asked from several goroutines
	holidays   map[int]map[time.Time]string
}

// NewCalendar makes a calendar with office hours from start to end ("07:30",
// "16:30"). With eves, Midsummer Eve, Christmas Eve and New Year's Eve are
// holidays.
func NewCalendar(start, end string, eves bool) (*Calendar, error) {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		return nil, err
	}
	s, err := clock(start)
	if err != nil {
		return nil, fmt.Errorf("office hours start %q: %w", start, err)
	}
	e, err := clock(end)
	if err != nil {
		return nil, fmt.Errorf("office hours end %q: %w", end, err)
	}
	if e <= s {
		return nil, fmt.Errorf("office hours end %s is not after start %s", end, start)
	}
	return &Calendar{loc: loc, start: s, end: e, eves: eves, holidays: map[int]map[time.Time]string{}}, nil
}

func clock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("not a time of day written as 07:30")
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// Location returns Europe/Stockholm.
func (c *Calendar) Location() *time.Location { return c.loc }

// Holiday returns the name of the holiday on day (its date in any zone), or
// "" when it is none. Eves count only when the calendar has them as days off.
func (c *Calendar) Holiday(day time.Time) string {
	y := day.Year()
	c.mu.Lock()
	defer c.mu.Unlock()
	hs, ok := c.holidays[y]
	if !ok {
		hs = map[time.Time]string{}
		for _, h := range se.Holidays {
			if h.Type == cal.ObservanceOther && !c.eves {
				continue
			}
			actual, _ := h.Calc(y)
			if !actual.IsZero() {
				hs[time.Date(y, actual.Month(), actual.Day(), 0, 0, 0, 0, time.UTC)] = h.Name
			}
		}
		c.holidays[y] = hs
	}
	return hs[time.Date(y, day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)]
}

// IsWorkday reports whether day is a weekday that is not a holiday.
func (c *Calendar) IsWorkday(day time.Time) bool {
	switch day.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	return c.Holiday(day) == ""
}

// Split divides the real time from start to end into the part inside office
// hours and the part outside. Times are instants: a span across the
// spring-forward night is an hour shorter than its clock difference.
func (c *Calendar) Split(start, end time.Time) (inside, outside time.Duration) {
	if !end.After(start) {
		return 0, 0
	}
	s, e := start.In(c.loc), end.In(c.loc)
	day := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, c.loc)
	for !day.After(e) {
		if c.IsWorkday(day) {
			y, m, d := day.Date()
			open := time.Date(y, m, d, int(c.start/time.Hour), int(c.start%time.Hour/time.Minute), 0, 0, c.loc)
			closing := time.Date(y, m, d, int(c.end/time.Hour), int(c.end%time.Hour/time.Minute), 0, 0, c.loc)
			from, to := later(open, s), earlier(closing, e)
			if to.After(from) {
				inside += to.Sub(from)
			}
		}
		day = time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, c.loc)
	}
	return inside, e.Sub(s) - inside
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
