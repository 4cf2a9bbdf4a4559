package billing

import (
	"testing"
	"time"
)

func stockholm(t *testing.T, s string) time.Time {
	t.Helper()
	loc, _ := time.LoadLocation("Europe/Stockholm")
	ts, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func TestCalendarSplit(t *testing.T) {
	tests := []struct {
		name           string
		start, end     string
		eves           bool
		inside, outsde time.Duration
	}{
		{"wholly inside on a Tuesday", "2025-03-11 09:00", "2025-03-11 10:00", true, 60 * time.Minute, 0},
		{"past closing time", "2025-03-12 16:00", "2025-03-12 17:00", true, 30 * time.Minute, 30 * time.Minute},
		{"before opening", "2025-03-12 07:00", "2025-03-12 08:00", true, 30 * time.Minute, 30 * time.Minute},
		{"across midnight", "2025-03-11 22:00", "2025-03-12 08:00", true, 30 * time.Minute, 570 * time.Minute},
		{"a Saturday", "2025-03-15 10:00", "2025-03-15 11:00", true, 0, 60 * time.Minute},
		{"over a weekend", "2025-03-14 16:00", "2025-03-17 08:00", true, 60 * time.Minute, 63 * time.Hour},
		{"Epiphany on a Monday", "2025-01-06 10:00", "2025-01-06 11:00", true, 0, 60 * time.Minute},
		{"Good Friday", "2025-04-18 10:00", "2025-04-18 11:00", true, 0, 60 * time.Minute},
		{"Ascension Day", "2025-05-29 10:00", "2025-05-29 11:00", true, 0, 60 * time.Minute},
		{"National Day on a Friday", "2025-06-06 10:00", "2025-06-06 11:00", true, 0, 60 * time.Minute},
		{"Midsummer Eve", "2025-06-20 10:00", "2025-06-20 11:00", true, 0, 60 * time.Minute},
		{"Midsummer Eve as a workday", "2025-06-20 10:00", "2025-06-20 11:00", false, 60 * time.Minute, 0},
		{"Christmas Eve", "2025-12-24 09:00", "2025-12-24 12:00", true, 0, 3 * time.Hour},
		{"Christmas Eve as a workday", "2025-12-24 09:00", "2025-12-24 12:00", false, 3 * time.Hour, 0},
		{"New Year's Eve", "2025-12-31 15:00", "2025-12-31 16:00", true, 0, 60 * time.Minute},
		{"Boxing Day is a holiday whatever eves say", "2025-12-26 10:00", "2025-12-26 11:00", false, 0, 60 * time.Minute},
		{"All Saints' Day 2026 on a Saturday", "2026-10-31 10:00", "2026-10-31 11:00", true, 0, 60 * time.Minute},
		// 02:00 becomes 03:00: 01:30–04:00 on the clock is 1 h 30 min.
		{"spring-forward night", "2025-03-30 01:30", "2025-03-30 04:00", true, 0, 90 * time.Minute},
		// 03:00 becomes 02:00 again: 01:30–04:00 on the clock is 3 h 30 min.
		{"fall-back night", "2025-10-26 01:30", "2025-10-26 04:00", true, 0, 210 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewCalendar("07:30", "16:30", tt.eves)
			if err != nil {
				t.Fatal(err)
			}
			in, out := c.Split(stockholm(t, tt.start), stockholm(t, tt.end))
			if in != tt.inside || out != tt.outsde {
				t.Fatalf("inside %v outside %v, want %v and %v", in, out, tt.inside, tt.outsde)
			}
		})
	}
}

func TestCalendarHolidayNames(t *testing.T) {
	c, _ := NewCalendar("07:30", "16:30", true)
	for day, want := range map[string]string{"2025-05-29": "Kristi himmelsfärds dag", "2025-06-06": "Sveriges nationaldag", "2025-06-20": "Midsommarafton", "2025-03-12": "",
		"2003-06-09": "Annandag pingst", "2003-06-06": "", "2005-05-16": "", "2005-06-06": "Sveriges nationaldag", "2008-05-01": "Första Maj, Kristi himmelsfärds dag"} {
		d, _ := time.Parse(time.DateOnly, day)
		if got := c.Holiday(d); got != want {
			t.Errorf("%s: %q, want %q", day, got, want)
		}
	}
}

func TestNewCalendarErrors(t *testing.T) {
	for _, hours := range [][2]string{{"16:30", "07:30"}, {"7.30", "16:30"}, {"07:30", "07:30"}} {
		if _, err := NewCalendar(hours[0], hours[1], true); err == nil {
			t.Errorf("office hours %v accepted", hours)
		}
	}
}
