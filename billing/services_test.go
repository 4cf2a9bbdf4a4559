package billing

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestServices: an amount as given (it wins over hours), or hours × rate,
// the consulting rate by default; the clause must be the policy's. The
// sheet's formula recalculated gives the billed amounts.
func TestServices(t *testing.T) {
	r := testRules(t)
	tests := []struct {
		name, clause, hours, rate, amount string
		status                            Status
		want                              string
		why                               *Reason
		column                            string
	}{
		{"hours at the consulting rate", "5.2", "3.5", "", "", Charged, "4025", nil, ""},
		{"hours at a rate", "5.1.2", "2", "1350", "", Charged, "2700", nil, ""},
		{"an amount", "5.3", "", "", "25000.005", Charged, "25000.01", nil, ""},
		{"an amount wins", "5.3", "10", "", "500", Charged, "500", nil, ""},
		{"hours at a rate, rounded", "5.2", "1.25", "1234.5", "", Charged, "1543.13", nil, ""}, // 1543.125
		{"minutes as hours", "5.4", "0.333333", "1150", "", Charged, "383.33", nil, ""},        // 383.33295
		{"not a clause", "7.2", "1", "", "", Rejected, "0", ErrUnknownClause, "clause"},
		{"neither hours nor amount", "5.2", "", "", "", Rejected, "0", ErrNoHoursNorAmount, "hours"},
	}
	null := func(s string) decimal.NullDecimal {
		if s == "" {
			return decimal.NullDecimal{}
		}
		return decimal.NewNullDecimal(dec(s))
	}
	var lines []Line
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := r.Service(ServiceRow{Source: at(i + 2), Date: day("2025-05-05"), Member: "1882", Clause: tt.clause,
				Hours: null(tt.hours), Rate: null(tt.rate), Amount: null(tt.amount)})
			checkLine(t, l, tt.status, tt.want, tt.why, tt.column)
			lines = append(lines, l)
		})
	}
	checkFormulas(t, lines)
}
