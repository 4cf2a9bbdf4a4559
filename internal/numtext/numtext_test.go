package numtext

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		in     string
		places int32
		signed bool
		sv, en string
	}{
		{"26229", 2, false, "26\u00a0229,00", "26,229.00"},
		{"-18000", 0, false, "−18\u00a0000", "-18,000"},
		{"312000", 0, true, "+312\u00a0000", "+312,000"},
		{"0", 0, true, "0", "0"},
		{"-0.004", 2, false, "0,00", "0.00"},
		{"999.995", 2, false, "1\u00a0000,00", "1,000.00"},
		{"1234567.5", 1, false, "1\u00a0234\u00a0567,5", "1,234,567.5"},
		{"100", 0, false, "100", "100"},
	} {
		d := decimal.RequireFromString(c.in)
		if got := Swedish.Number(d, c.places, c.signed); got != c.sv {
			t.Errorf("Swedish.Number(%s, %d) = %q, want %q", c.in, c.places, got, c.sv)
		}
		if got := English.Number(d, c.places, c.signed); got != c.en {
			t.Errorf("English.Number(%s, %d) = %q, want %q", c.in, c.places, got, c.en)
		}
	}
}

func TestPercentage(t *testing.T) {
	r := decimal.RequireFromString("0.274508")
	if got := Swedish.Percentage(r, 2, false); got != "27,45\u00a0%" {
		t.Errorf("Swedish = %q", got)
	}
	if got := English.Percentage(r, 1, false); got != "27.5%" {
		t.Errorf("English = %q", got)
	}
}
