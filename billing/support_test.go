package billing

import "testing"

// TestSupport: the time outside office hours, rounded up to whole
// increments, at the hourly rate, plus the call-out fee (5.1.1); a ticket
// wholly inside office hours is in the fee (5.1); a ticket that does not end
// after it starts is rejected. The sheet's formula recalculated gives the
// billed amounts.
func TestSupport(t *testing.T) {
	odd := func(c *Config) { c.Prices.SupportHour, c.Prices.SupportIncrementMinutes = dec("999.98"), 1 }
	tests := []struct {
		name       string
		modify     []func(*Config)
		start, end string
		callOut    bool
		status     Status
		amount     string
		why        *Reason
		column     string
	}{
		{"inside office hours", nil, "2025-03-11 09:00", "2025-03-11 10:00", false, Included, "0", nil, ""},
		{"inside office hours with a call-out", nil, "2025-03-11 09:00", "2025-03-11 10:00", true, Included, "0", nil, ""},
		{"31 minutes outside: 45 billed", nil, "2025-03-11 16:00", "2025-03-11 17:01", false, Charged, "693.75", nil, ""},
		{"30 minutes outside: 30 billed", nil, "2025-03-11 16:00", "2025-03-11 17:00", false, Charged, "462.50", nil, ""},
		{"a minute outside: 15 billed", nil, "2025-03-11 16:29", "2025-03-11 16:31", false, Charged, "231.25", nil, ""},
		{"with a call-out", nil, "2025-03-15 10:00", "2025-03-15 11:00", true, Charged, "2375.00", nil, ""},
		{"Midsummer Eve", nil, "2025-06-20 09:00", "2025-06-20 10:00", false, Charged, "925.00", nil, ""},
		{"spring-forward night", nil, "2025-03-30 01:30", "2025-03-30 04:00", false, Charged, "1387.50", nil, ""},
		{"fall-back night", nil, "2025-10-26 01:30", "2025-10-26 04:00", false, Charged, "3237.50", nil, ""},
		{"time that does not terminate", []func(*Config){odd}, "2025-03-11 16:30", "2025-03-11 16:37", false, Charged, "116.66", nil, ""}, // 7 × 999.98 / 60 = 116.66433…
		{"time that terminates", []func(*Config){odd}, "2025-03-11 16:30", "2025-03-11 16:36", true, Charged, "1550.00", nil, ""},         // 6 × 999.98 / 60 = 99.998, + 1450
		{"end before start", nil, "2025-03-11 10:00", "2025-03-11 09:00", false, Rejected, "0", ErrEndNotAfterStart, "end"},
		{"end at start", nil, "2025-03-11 10:00", "2025-03-11 10:00", false, Rejected, "0", ErrEndNotAfterStart, "end"},
		{"started before the period", nil, "2024-12-31 23:00", "2025-01-01 01:00", false, Rejected, "0", ErrOutsidePeriod, "start"},
	}
	var lines []Line
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRules(t, tt.modify...)
			l := r.NewSupport().Rate(SupportRow{Source: at(i + 2), Ticket: "IT-1", Member: "1882", Start: stockholm(t, tt.start), End: stockholm(t, tt.end), CallOut: tt.callOut})
			checkLine(t, l, tt.status, tt.amount, tt.why, tt.column)
			switch tt.status {
			case Charged:
				if l.Clause != "5.1.1" {
					t.Errorf("clause %s", l.Clause)
				}
			case Included:
				if l.Clause != "5.1" {
					t.Errorf("clause %s", l.Clause)
				}
			}
			lines = append(lines, l)
		})
	}
	checkFormulas(t, lines)
}
