package billing

import "testing"

// TestPrinters: purchase, replacement and expansion (in English or Swedish,
// any case) are billed at their amount rounded to the öre; installation,
// connection and monitoring are in the fee; any other event is rejected.
// The sheet's formula recalculated gives the billed amounts.
func TestPrinters(t *testing.T) {
	r := testRules(t)
	tests := []struct {
		event, amount string
		status        Status
		want          string
		why           *Reason
	}{
		{"purchase", "12345.675", Charged, "12345.68", nil},
		{"Replacement", "12345.675", Charged, "12345.68", nil},
		{"utökning", "0.005", Charged, "0.01", nil},
		{" inköp ", "4999", Charged, "4999", nil},
		{"utbyte", "-150.125", Charged, "-150.13", nil},
		{"installation", "12345.675", Included, "0", nil},
		{"connection", "1", Included, "0", nil},
		{"anslutning", "1", Included, "0", nil},
		{"monitoring", "1", Included, "0", nil},
		{"toner", "1", Rejected, "0", ErrNotPrinterEvent},
	}
	var lines []Line
	for i, tt := range tests {
		t.Run(tt.event, func(t *testing.T) {
			l := r.Printer(PrinterRow{Source: at(i + 2), Date: day("2025-06-01"), Member: "1861", Event: tt.event, Amount: dec(tt.amount)})
			checkLine(t, l, tt.status, tt.want, tt.why, "event")
			lines = append(lines, l)
		})
	}
	checkFormulas(t, lines)
}
