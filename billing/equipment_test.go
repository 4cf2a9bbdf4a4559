package billing

import "testing"

// TestEquipment: quantity × unit price × (1 + markup), rounded half away
// from zero; the sheet's formula recalculated gives the same amounts.
func TestEquipment(t *testing.T) {
	plain := testRules(t)
	marked := testRules(t, func(c *Config) { c.Prices.EquipmentMarkup = dec("0.05") })
	eighth := testRules(t, func(c *Config) { c.Prices.EquipmentMarkup = dec("0.125") })
	tests := []struct {
		name       string
		rules      *Rules
		qty, price string
		status     Status
		amount     string
		why        *Reason
		member     string
	}{
		{"no markup", plain, "3", "1499.50", Charged, "4498.50", nil, "1882"},
		{"a markup, rounded", marked, "1", "99.99", Charged, "104.99", nil, "1882"},  // 104.9895
		{"a tie, away from zero", marked, "1", "0.10", Charged, "0.11", nil, "1882"}, // 0.105
		{"six decimals", eighth, "7", "33.33", Charged, "262.47", nil, "1882"},       // 262.47375
		{"a fractional quantity", eighth, "2.5", "1234.56", Charged, "3472.20", nil, "1882"},
		{"a credit", marked, "-2", "10.05", Charged, "-21.11", nil, "1882"}, // −21.105
		{"a large order", plain, "1200", "89999.99", Charged, "107999988", nil, "1882"},
		{"not a member", plain, "1", "1", Rejected, "0", ErrUnknownMember, "1880"},
	}
	var lines []Line
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := tt.rules.Equipment(EquipmentRow{Source: at(i + 2), Date: day("2025-03-14"), Member: tt.member, Quantity: dec(tt.qty), UnitPrice: dec(tt.price)})
			checkLine(t, l, tt.status, tt.amount, tt.why, "member")
			if l.Status == Charged && l.Clause != "2.1" {
				t.Errorf("clause %s", l.Clause)
			}
			lines = append(lines, l)
		})
	}
	checkFormulas(t, lines)
}
