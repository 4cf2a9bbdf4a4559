package numtext

import (
	"testing"
	"time"

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

func TestExact(t *testing.T) {
	for _, c := range []struct{ in, sv, en string }{
		{"31.5", "31,5", "31.5"},
		{"25", "25", "25"},
		{"-3.25", "−3,25", "-3.25"},
		{"1250.10", "1\u00a0250,10", "1,250.10"},
		{"0.001", "0,001", "0.001"},
	} {
		d := decimal.RequireFromString(c.in)
		if got := Swedish.Exact(d); got != c.sv {
			t.Errorf("Swedish.Exact(%s) = %q, want %q", c.in, got, c.sv)
		}
		if got := English.Exact(d); got != c.en {
			t.Errorf("English.Exact(%s) = %q, want %q", c.in, got, c.en)
		}
	}
}

func TestDuration(t *testing.T) {
	for _, c := range []struct {
		in     time.Duration
		sv, en string
	}{
		{3*time.Hour + 2*time.Minute, "3 tim 2 min", "3 h 2 min"},
		{45*time.Minute + 10*time.Second, "45 min 10 s", "45 min 10 s"},
		{0, "0 min", "0 min"},
		{2 * time.Hour, "2 tim", "2 h"},
		{30 * time.Second, "30 s", "30 s"},
		{1234 * time.Hour, "1\u00a0234 tim", "1,234 h"},
		{-90 * time.Minute, "−1 tim 30 min", "-1 h 30 min"},
		{time.Minute + 500*time.Millisecond, "1 min", "1 min"},
	} {
		if got := Swedish.Duration(c.in); got != c.sv {
			t.Errorf("Swedish.Duration(%v) = %q, want %q", c.in, got, c.sv)
		}
		if got := English.Duration(c.in); got != c.en {
			t.Errorf("English.Duration(%v) = %q, want %q", c.in, got, c.en)
		}
	}
}
