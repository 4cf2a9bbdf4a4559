package billing

import (
	"testing"
	"time"
)

// TestSupportRepeatedHour: a ticket's time in the hour that occurs twice
// is said on its line: read as the first occurrence when the file gave no
// offset, or which of the two its offset made it; an end that is the start
// plus a duration says so (no offset was written for it), as uncertain as
// a guessed start. Other times carry no note.
func TestSupportRepeatedHour(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Stockholm")
	at := func(s string) time.Time {
		ts, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	tests := []struct {
		name                 string
		start, end           string
		startGuess, endGuess bool
		computed             bool
		status               Status
		amount, reason, note string
	}{
		{"the first 02:30, read so", "2025-10-26T02:30:00+02:00", "2025-10-26T03:30:00+01:00", true, false, false, Charged, "1850.00",
			"2h0m0s outside office hours",
			"start 2025-10-26 02:30 occurs twice in Swedish time and has no offset: read as the first (summer time, +02:00)"},
		{"the second 02:30, by its offset", "2025-10-26T02:30:00+01:00", "2025-10-26T03:30:00+01:00", false, false, false, Charged, "925.00",
			"1h0m0s outside office hours",
			"start 2025-10-26 02:30 is the second of the two in Swedish time (winter time, +01:00), as its offset says"},
		{"both ends in the hour, given in UTC", "2025-10-26T00:30:00Z", "2025-10-26T01:30:15Z", false, false, false, Charged, "1156.25",
			"1h0m15s outside office hours",
			"start 2025-10-26 02:30 is the first of the two in Swedish time (summer time, +02:00), as its offset says; " +
				"end 2025-10-26 02:30:15 is the second of the two in Swedish time (winter time, +01:00), as its offset says"},
		{"end read as the first is before start", "2025-10-26T02:50:00+02:00", "2025-10-26T02:10:00+02:00", true, true, false, Rejected, "0",
			"end is not after start; start 2025-10-26 02:50 occurs twice in Swedish time and has no offset: read as the first (summer time, +02:00); " +
				"end 2025-10-26 02:10 occurs twice in Swedish time and has no offset: read as the first (summer time, +02:00)", ""},
		{"an hour before and after: no note", "2025-10-26T01:59:00+02:00", "2025-10-26T03:00:00+01:00", false, false, false, Charged, "2081.25",
			"2h1m0s outside office hours", ""},
		{"spring-forward night: no note", "2025-03-30T01:30:00+01:00", "2025-03-30T03:30:00+02:00", false, false, false, Charged, "925.00",
			"1h0m0s outside office hours", ""},
		{"end = start + 30 min, the start by its offset", "2025-10-26T02:30:00+02:00", "2025-10-26T02:00:00+01:00", false, false, true, Charged, "462.50",
			"30m0s outside office hours",
			"start 2025-10-26 02:30 is the first of the two in Swedish time (summer time, +02:00), as its offset says; " +
				"end 2025-10-26 02:00 = start + duration: the second of the two in Swedish time (winter time, +01:00)"},
		{"end = start + 30 min, the start guessed", "2025-10-26T02:30:00+02:00", "2025-10-26T02:00:00+01:00", true, true, true, Charged, "462.50",
			"30m0s outside office hours",
			"start 2025-10-26 02:30 occurs twice in Swedish time and has no offset: read as the first (summer time, +02:00); " +
				"end 2025-10-26 02:00 = start + duration, from a start read as the first of its two: the second of the two in Swedish time (winter time, +01:00), as uncertain as the start"},
		{"end = start + 2 h, past the hour: no end note", "2025-10-26T02:30:00+02:00", "2025-10-26T03:30:00+01:00", true, true, true, Charged, "1850.00",
			"2h0m0s outside office hours",
			"start 2025-10-26 02:30 occurs twice in Swedish time and has no offset: read as the first (summer time, +02:00)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRules(t)
			l := r.NewSupport().Rate(SupportRow{Source: src, Ticket: "IT-1", Member: "1882", Start: at(tt.start), End: at(tt.end),
				StartGuessed: tt.startGuess, EndGuessed: tt.endGuess, EndComputed: tt.computed})
			check(t, l, tt.status, tt.amount)
			if l.Reason != tt.reason || l.Note != tt.note {
				t.Errorf("reason %q\nnote %q\nwant %q\nand %q", l.Reason, l.Note, tt.reason, tt.note)
			}
			if want := tt.reason + "; " + tt.note; tt.note != "" && l.Explained() != want {
				t.Errorf("explained %q", l.Explained())
			}
			if l.Status != Rejected && (l.Date != time.Date(2025, at(tt.start).In(loc).Month(), at(tt.start).In(loc).Day(), 0, 0, 0, 0, time.UTC)) {
				t.Errorf("date %v", l.Date)
			}
		})
	}
}

func TestExplained(t *testing.T) {
	for _, tt := range [][3]string{{"", "", ""}, {"r", "", "r"}, {"", "n", "n"}, {"r", "n", "r; n"}} {
		if got := (&Line{Reason: tt[0], Note: tt[1]}).Explained(); got != tt[2] {
			t.Errorf("%q + %q: %q", tt[0], tt[1], got)
		}
	}
}
