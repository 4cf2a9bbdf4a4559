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
