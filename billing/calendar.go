package billing

import (
	"errors"
	"sync"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/aa"
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
// "16:30"; DefaultOfficeStart and DefaultOfficeEnd where empty). With eves,
// Midsummer Eve, Christmas Eve and New Year's Eve are holidays. The hours
// are read as Config.Validate reads them; each problem is a *field.Error
// naming its key under billing.office_hours.
func NewCalendar(start, end string, eves bool) (*Calendar, error) {
	s, e, errs := OfficeHours{Start: start, End: end}.span()
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		return nil, err
	}
	return &Calendar{loc: loc, start: s, end: e, eves: eves, holidays: map[int]map[time.Time]string{}}, nil
}

// swedishHolidays are the weekday holidays of lag (1989:253) om allmänna
// helgdagar as each year's law has them, and the three eves. rickar/cal's
// se list is today's law for every year; the years a day was a holiday are
// ours:
//
//   - Whit Monday (annandag pingst, the day after the seventh Sunday after
//     Easter) was a public holiday through 2004;
//   - the National Day (6 June) is one from 2005. Both by SFS 2004:1320
//     (prop. 2004/05:23), in force 1 April 2005, before either day of 2005.
//
// The rest has held since 1953 (lag 1952:48, then 1989:253 from 1990):
// New Year's Day, Epiphany, Good Friday, Easter Monday, 1 May, Ascension
// Day (the sixth Thursday after Easter), Christmas Day and Boxing Day;
// Midsummer Day and All Saints' Day are the Saturdays of 20–26 June and
// 31 October–6 November, so never weekdays; Easter Sunday and Whit Sunday
// are Sundays. The law's Easter ("the Sunday after the full moon on or
// after 21 March") is the Gregorian computus's, which rickar/cal computes:
// the almanac and the churches keep it so (2019's astronomical full moon of
// 21 March would have made Easter 24 March; it was 21 April).
//
// The eves are no public holidays by law; they count as days off when the
// config says so (eves_are_holidays): Midsummer Eve (the Friday of 19–25
// June), Christmas Eve and New Year's Eve, which lag (1930:173) om
// beräkning av lagstadgad tid puts with Saturdays and holidays.
var swedishHolidays = []*cal.Holiday{
	se.Nyarsdagen,
	se.TrettondedagJul,
	se.Langfredagen,
	se.AnnandagPask,
	se.ForstaMaj,
	se.KristiHimmelfardsdag,
	aa.PentecostMonday.Clone(&cal.Holiday{Name: "Annandag pingst", Type: cal.ObservancePublic, EndYear: 2004}),
	se.Nationaldagen.Clone(&cal.Holiday{StartYear: 2005}),
	se.Midsommarafton,
	se.Midsommardagen,
	se.AllaHelgonsDag,
	se.Julafton,
	se.Juldagen,
	se.AnnandagJul,
	se.Nyarsafton,
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
		for _, h := range swedishHolidays {
			if h.Type == cal.ObservanceOther && !c.eves {
				continue
			}
			actual, _ := h.Calc(y)
			if !actual.IsZero() {
				d := time.Date(y, actual.Month(), actual.Day(), 0, 0, 0, 0, time.UTC)
				if other, two := hs[d]; two { // 1 May and Ascension Day in 2008
					hs[d] = other + ", " + h.Name
				} else {
					hs[d] = h.Name
				}
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
