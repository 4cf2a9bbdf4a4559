package billing

import (
	"testing"
)

// TestExcessWarnings: a rejected licence row whose member and type are
// known (one member, or either of two it could be) is counted for the
// member in turn; where that changes what the excess bills, or may (its
// count rejected), it is said; a row naming no member, of no type, or
// changing nothing is not.
func TestExcessWarnings(t *testing.T) {
	members := []Member{{"1495", "Skara"}, {"1494", "Lidköping"}, {"0003", "Öby"}, {"0004", "Oby kommun"}}
	cfg := testRules(t).cfg
	cfg.Licences.Allotments = []Allotment{{"1495", "F3", dec("10")}, {"1494", "F3", dec("10")}}
	r, err := NewRules(cfg, members, day("2025-01-01"), day("2025-06-30"))
	if err != nil {
		t.Fatal(err)
	}
	rows := []LicenceRow{
		{Source{"l.csv", 2}, "Skara kommun", "Soc", "F3", dec("12")}, // 2 over 10: 2 × 95 × 6 = 1140
		{Source{"l.csv", 3}, "Lidkoping", "IT", "F3", dec("10")},     // at the allotment
		{Source{"l.csv", 4}, "Óby", "Soc", "f3", dec("3")},           // Öby or Oby kommun: 0 → 1710 either way
		{Source{"l.csv", 5}, "Skövde", "Soc", "F3", dec("5")},        // no member
		{Source{"l.csv", 6}, "Lidköping", "IT", "E7", dec("4")},      // no type
		{Source{"l.csv", 7}, "Óby", "Soc", "E3", dec("0")},           // changes nothing
		{Source{"l.csv", 8}, "Lidköping", "IT", "F3", dec("1")},      // 11 against 10: 1 over, 1 > 0.2: 570
	}
	lines, _ := r.Licences(rows[:7])
	lines[6] = Reject(Licences, rows[6].Source, "department", "a department that cannot be read") // rejected as read, its count known
	// Rejected as read for its count: it may change Skara's excess.
	rows = append(rows, LicenceRow{Source{"l.csv", 9}, "Skara", "Soc", "F3", dec("0")})
	lines = append(lines, Reject(Licences, Source{"l.csv", 9}, "count", `"många" is not a number`))
	got := r.ExcessWarnings(rows, lines)
	want := []struct {
		row          int
		member, typ  string
		now, with    string
		unread       bool
		english, swe string
	}{
		{4, "0003", "F3", "0", "1710", false, "the rejected row l.csv row 4 would change member Öby (0003)'s F3 licence excess: 1,710.00 instead of 0.00",
			"den avvisade raden l.csv rad 4 skulle ändra överskottet av F3-licenser för Öby (0003): 1\u00a0710,00 i stället för 0,00"},
		{4, "0004", "F3", "0", "1710", false, "", ""},
		{8, "1494", "F3", "0", "570", false, "", ""},
		{9, "1495", "F3", "1140", "0", true, "the rejected row l.csv row 9 may change member Skara (1495)'s F3 licence excess, now 1,140.00: its count was rejected",
			"den avvisade raden l.csv rad 9 kan ändra överskottet av F3-licenser för Skara (1495), nu 1\u00a0140,00: dess antal avvisades"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d warnings, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Row != w.row || g.Member != w.member || g.Type != w.typ || !g.Now.Equal(dec(w.now)) || !g.With.Equal(dec(w.with)) || g.Unread != w.unread {
			t.Errorf("warning %d: %+v, want %+v", i, g, w)
		}
		if w.english != "" && (g.English() != w.english || g.In("sv") != w.swe) {
			t.Errorf("warning %d:\n%s\n%s", i, g.English(), g.Swedish())
		}
	}

	// Every month of the period issued: nothing to bill, nothing to say.
	issued, err := NewRules(cfg, members, day("2025-01-01"), day("2025-06-30"), Covered{From: day("2025-01-01"), To: day("2025-06-30")})
	if err != nil {
		t.Fatal(err)
	}
	if w := issued.ExcessWarnings(rows, lines); len(w) != 0 {
		t.Errorf("warnings in an issued period: %+v", w)
	}
}
