package billing

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden calendar table from the law")

// goldenCalendar is every Swedish non-working weekday 1990–2100: the Monday
// to Friday days that are public holidays, and apart from them the eves.
const goldenCalendar = "testdata/swedish-non-working-weekdays-1990-2100.txt"

// The golden table is built here from the law, not from rickar/cal (which
// billing's calendar uses), and with Easter by another algorithm than
// rickar/cal's: lag (1989:253) om allmänna helgdagar, in force 1 January
// 1990, as amended by SFS 2004:1320 (in force 1 April 2005: the National
// Day replaces Whit Monday). The eves are in lag (1930:173) om beräkning av
// lagstadgad tid, not in 1989:253.
//
// Checked once, on 2026-12-01, against Debian 12's python3-holidays 0.10.1
// (an independent implementation: dateutil's Easter, its own rules), with
// testdata/check_holidays.py run by /usr/bin/python3:
//
//	/usr/bin/python3 billing/testdata/check_holidays.py billing/testdata/swedish-non-working-weekdays-1990-2100.txt
//
// which reads holidays.Sweden(years=range(1990, 2101), include_sundays=False),
// keeps the Monday–Friday dates, takes Midsommarafton, Julafton and
// Nyårsafton as the eves and every other name as a public holiday, and
// compares both sets with this table date by date. Result: "agree: 810
// holidays, 273 eves", all 1 083 dates equal, none missing on either side
// (and a copy of the table with one Whit Monday removed and one National
// Day made an eve was reported on all three counts, so the check can fail).
// Against the old calendar (rickar/cal's se list for every year)
// TestCalendarFollowsTheLaw fails on 25 days of 1990–2004, with the eves
// and without: the 15 Whit Mondays that were holidays, and the 10 National
// Days on a weekday that were not yet.

// easterSunday is the anonymous Gregorian algorithm (Meeus, Astronomical
// Algorithms, ch. 8; Jones 1876, Butcher 1877), unlike rickar/cal's.
func easterSunday(y int) time.Time {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

type lawDay struct {
	day  time.Time
	eve  bool
	name string
}

// lawDays returns year's public holidays and eves as the law names them,
// weekends included.
func lawDays(y int) []lawDay {
	date := func(m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	// weekdayIn is the day wd of the seven days from m d.
	weekdayIn := func(wd time.Weekday, m time.Month, d int) time.Time {
		t := date(m, d)
		return t.AddDate(0, 0, (int(wd)-int(t.Weekday())+7)%7)
	}
	easter := easterSunday(y)
	days := []lawDay{
		{date(time.January, 1), false, "nyårsdagen"},
		{date(time.January, 6), false, "trettondedag jul"},
		{easter.AddDate(0, 0, -2), false, "långfredagen"},           // the Friday before Easter Sunday
		{easter, false, "påskdagen"},                                //
		{easter.AddDate(0, 0, 1), false, "annandag påsk"},           // the day after Easter Sunday
		{date(time.May, 1), false, "första maj"},                    //
		{easter.AddDate(0, 0, 39), false, "Kristi himmelsfärdsdag"}, // the sixth Thursday after Easter Sunday
		{easter.AddDate(0, 0, 49), false, "pingstdagen"},            // the seventh Sunday after Easter Sunday
		{weekdayIn(time.Saturday, time.June, 20), false, "midsommardagen"},
		{weekdayIn(time.Saturday, time.October, 31), false, "alla helgons dag"},
		{date(time.December, 25), false, "juldagen"},
		{date(time.December, 26), false, "annandag jul"},
		{weekdayIn(time.Friday, time.June, 19), true, "midsommarafton"},
		{date(time.December, 24), true, "julafton"},
		{date(time.December, 31), true, "nyårsafton"},
	}
	if y <= 2004 {
		days = append(days, lawDay{easter.AddDate(0, 0, 50), false, "annandag pingst"}) // the day after Whit Sunday
	} else {
		days = append(days, lawDay{date(time.June, 6), false, "nationaldagen"})
	}
	return days
}

func weekend(t time.Time) bool { return t.Weekday() == time.Saturday || t.Weekday() == time.Sunday }

// goldenTable writes the table from the law: a line per non-working
// weekday, in date order.
func goldenTable() []byte {
	var b bytes.Buffer
	b.WriteString("# Every Swedish non-working weekday (Monday–Friday) 1990–2100, built from the law by\n" +
		"# billing/calendar_law_test.go (go test ./billing -run TestGoldenCalendar -update rewrites it).\n" +
		"# holiday: a public holiday of lag (1989:253) om allmänna helgdagar as that year's law has it\n" +
		"# (Whit Monday through 2004, the National Day from 2005: SFS 2004:1320).\n" +
		"# eve: Midsummer Eve, Christmas Eve, New Year's Eve, days off when eves_are_holidays.\n" +
		"# date weekday kind name\n")
	for y := 1990; y <= 2100; y++ {
		byDay := map[time.Time]lawDay{}
		for _, d := range lawDays(y) {
			if prev, two := byDay[d.day]; two { // 1 May and Ascension Day, as in 2008
				if prev.eve != d.eve {
					panic(fmt.Sprintf("%s is a holiday and an eve", d.day.Format(time.DateOnly)))
				}
				d.name = prev.name + " + " + d.name
			}
			byDay[d.day] = d
		}
		for t := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); t.Year() == y; t = t.AddDate(0, 0, 1) {
			d, ok := byDay[t]
			if !ok || weekend(t) {
				continue
			}
			kind := "holiday"
			if d.eve {
				kind = "eve"
			}
			fmt.Fprintf(&b, "%s %s %s %s\n", t.Format(time.DateOnly), t.Format("Mon"), kind, d.name)
		}
	}
	return b.Bytes()
}

// TestGoldenCalendar: the table under testdata is what the law gives.
func TestGoldenCalendar(t *testing.T) {
	want := goldenTable()
	if *updateGolden {
		if err := os.WriteFile(goldenCalendar, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(goldenCalendar)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is not what the law gives; rewrite it with -update and review the difference", goldenCalendar)
	}
}

// readGolden reads the table: kind by date.
func readGolden(t *testing.T) map[time.Time]string {
	t.Helper()
	data, err := os.ReadFile(filepath.FromSlash(goldenCalendar))
	if err != nil {
		t.Fatal(err)
	}
	days := map[time.Time]string{}
	for n, line := range strings.Split(string(data), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		d, err := time.Parse(time.DateOnly, f[0])
		if err != nil || len(f) < 4 || f[1] != d.Format("Mon") || f[2] != "holiday" && f[2] != "eve" {
			t.Fatalf("%s line %d: %q", goldenCalendar, n+1, line)
		}
		days[d] = f[2]
	}
	return days
}

// TestCalendarFollowsTheLaw: for every day of 1990–2100, with the eves as
// days off and without, the calendar's workdays are the golden table's.
func TestCalendarFollowsTheLaw(t *testing.T) {
	golden := readGolden(t)
	if len(golden) < 1000 {
		t.Fatalf("the golden table has only %d days", len(golden))
	}
	for _, eves := range []bool{true, false} {
		c, err := NewCalendar("07:30", "16:30", eves)
		if err != nil {
			t.Fatal(err)
		}
		wrong := 0
		for d := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() <= 2100; d = d.AddDate(0, 0, 1) {
			kind := golden[d]
			want := !weekend(d) && kind == "" || kind == "eve" && !eves
			// The day is the same whatever zone its time is in.
			local := time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 0, 0, c.Location())
			if got, gotLocal := c.IsWorkday(d), c.IsWorkday(local); got != want || gotLocal != want {
				wrong++
				if wrong <= 30 {
					t.Errorf("eves %v: %s (%s) a workday: %v (at 23:59 Stockholm time %v), the law: %v (%s)",
						eves, d.Format(time.DateOnly), d.Format("Mon"), got, gotLocal, want, kind)
				}
			}
		}
		if wrong > 0 {
			t.Errorf("eves %v: %d days differ from the law", eves, wrong)
		}
	}
}

// TestEasterSunday: the independent algorithm against dates the Swedish
// almanac gives.
func TestEasterSunday(t *testing.T) {
	for _, s := range []string{"1990-04-15", "2000-04-23", "2008-03-23", "2011-04-24", "2019-04-21", "2025-04-20", "2038-04-25", "2100-03-28"} {
		want, _ := time.Parse(time.DateOnly, s)
		if got := easterSunday(want.Year()); !got.Equal(want) {
			t.Errorf("Easter %d: %s, want %s", want.Year(), got.Format(time.DateOnly), s)
		}
	}
}
