package billing

import "testing"

// TestStorage: a user-month above quota + tolerance bills the use over the
// quota per GB-month; a second row for one user-month and a negative use are
// rejected. One rater rates the rows in order. The sheet's formula
// recalculated gives the billed amounts.
func TestStorage(t *testing.T) {
	st := testRules(t).NewStorage()
	tests := []struct {
		name, user, date, gb string
		status               Status
		amount               string
		why                  *Reason
		column               string
	}{
		{"at quota + tolerance", "a", "2025-01-31", "30", Included, "0", nil, ""},
		{"just above", "b", "2025-01-31", "30.01", Charged, "16.03", nil, ""}, // (30.01 − 25) × 3.20 = 16.032
		{"well above", "c", "2025-01-31", "55.5", Charged, "97.60", nil, ""},
		{"another month", "c", "2025-02-28", "10", Included, "0", nil, ""},
		{"a tie", "e", "2025-01-31", "30.0015625", Charged, "16.01", nil, ""}, // 5.0015625 × 3.20 = 16.005
		{"many decimals", "f", "2025-01-31", "31.123456789", Charged, "19.60", nil, ""},
		{"a large use", "g", "2025-01-31", "123456.78", Charged, "394981.70", nil, ""},
		{"a second row for a user-month", "c", "2025-01-15", "40", Rejected, "0", ErrSecondUserMonth, "user"},
		{"negative", "d", "2025-01-31", "-1", Rejected, "0", ErrNegativeUse, "used_gb"},
	}
	var lines []Line
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := st.Rate(StorageRow{Source: at(i + 2), Date: day(tt.date), User: tt.user, Member: "1882", UsedGB: dec(tt.gb)})
			checkLine(t, l, tt.status, tt.amount, tt.why, tt.column)
			lines = append(lines, l)
		})
	}
	// The reason names the user-month and the row that first had it.
	if got, want := lines[7].Reason, ErrSecondUserMonth.English("c", "2025-01", 4); got != want {
		t.Errorf("reason %q, want %q", got, want)
	}
	checkFormulas(t, lines)
}

// TestStorageRatersShareRules: two raters of one Rules, each in its own
// goroutine (as a run's two storage files would be), rate the same rows
// alike: each keeps its own user-months, and what they share is only read
// (go test -race finds a write).
func TestStorageRatersShareRules(t *testing.T) {
	r := testRules(t)
	rate := func(out *[]Line, done chan<- struct{}) {
		st := r.NewStorage()
		for i, gb := range []string{"30", "55.5", "55.5", "-1"} {
			*out = append(*out, st.Rate(StorageRow{Source: at(i + 2), Date: day("2025-01-31"), User: "u" + gb[:1], Member: "1882", UsedGB: dec(gb)}))
		}
		done <- struct{}{}
	}
	var a, b []Line
	done := make(chan struct{})
	go rate(&a, done)
	go rate(&b, done)
	<-done
	<-done
	for i := range a {
		if a[i].Status != b[i].Status || !a[i].Amount.Equal(b[i].Amount) || a[i].Reason != b[i].Reason || a[i].Description != b[i].Description {
			t.Errorf("row %d: %+v and %+v", i+2, a[i], b[i])
		}
	}
	if a[2].Status != Rejected || a[1].Status != Charged || a[0].Status != Included {
		t.Errorf("statuses %s %s %s", a[0].Status, a[1].Status, a[2].Status)
	}
}
