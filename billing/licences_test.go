package billing

import "testing"

// TestLicences: per member and type the counts are summed; an excess over
// the allotment more than negligible × allotment is billed per
// licence-month on a derived line, and the rows behind it are charged (at
// 0 kr); other rows are included; an unknown member or type is rejected.
// The sheet's formula recalculated gives the excess lines' amounts.
func TestLicences(t *testing.T) {
	r := testRules(t, func(c *Config) {
		c.Licences.PricesMonth = []LicencePrice{{"F3", dec("95")}, {"E3", dec("335")}, {"A3", dec("60.345")}}
	})
	rows := []LicenceRow{
		{Source{"l.csv", 2}, "1882", "Soc", "E3", dec("60")},
		{Source{"l.csv", 3}, "1882", "BoU", "E3", dec("42")}, // 102 against 100: excess 2 = 0.02 × 100, negligible
		{Source{"l.csv", 4}, "1861", "Soc", "F3", dec("52")}, // 52 against 50: excess 2 > 1, charged
		{Source{"l.csv", 5}, "1861", "Soc", "A3", dec("7")},  // no allotment: all 7 charged
		{Source{"l.csv", 6}, "1861", "Soc", "E7", dec("7")},
		{Source{"l.csv", 7}, "9999", "Soc", "E3", dec("7")},
		{Source{"l.csv", 8}, "1882", "Soc", "a3", dec("3.5")}, // 3.5 × 60.345 × 12 = 2534.49
	}
	lines, excess := r.Licences(rows)
	tests := []struct {
		status Status
		why    *Reason
		column string
	}{
		{Included, nil, ""}, {Included, nil, ""}, {Charged, nil, ""}, {Charged, nil, ""},
		{Rejected, ErrUnknownLicenceType, "type"}, {Rejected, ErrUnknownMember, "member"}, {Charged, nil, ""},
	}
	for i, tt := range tests {
		checkLine(t, lines[i], tt.status, "0", tt.why, tt.column) // a licence row carries no amount
	}
	// Ordered by member and type: 1861 A3, 1861 F3, 1882 A3; 12 months.
	for i, want := range []struct{ member, typ, amount string }{
		{"1861", "A3", "5068.98"}, // 7 × 60.345 × 12
		{"1861", "F3", "2280"},    // 2 × 95 × 12
		{"1882", "A3", "2534.49"},
	} {
		if i >= len(excess) {
			t.Fatalf("%d excess lines", len(excess))
		}
		l := excess[i]
		check(t, l, Charged, want.amount)
		if !l.Derived || l.Member != want.member || l.Ref != want.typ {
			t.Errorf("excess %d: %+v", i, l)
		}
	}
	if len(excess) != 3 {
		t.Fatalf("%d excess lines", len(excess))
	}

	// A quarter has three months.
	q, err := NewRules(r.cfg, []Member{{"1861", "Hallsberg"}}, day("2025-01-01"), day("2025-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	_, quarter := q.Licences(rows[3:4])
	check(t, quarter[0], Charged, "1267.25") // 7 × 60.345 × 3 = 1267.245
	checkFormulas(t, append(excess, quarter...))
}
