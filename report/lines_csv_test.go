package report

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
)

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1+1": "'+1+1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"-2+3": "'-2+3", "-12.50": "-12.50", "Skärm": "Skärm", "": "", "-": "'-",
	} {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLinesCSV(t *testing.T) {
	lines := map[billing.Category][]billing.Line{billing.Equipment: {{
		Source: billing.Source{File: "equipment.csv", Row: 7}, Category: billing.Equipment, Member: "1882", Department: "Soc",
		Date: time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC), Description: "=cmd|' /C calc'!A0", Clause: "2.1",
		Quantity: decimal.NewFromInt(2), Unit: "st", UnitPrice: decimal.RequireFromString("1499.50"), Amount: decimal.RequireFromString("2999"), Status: billing.Charged,
	}}}
	var b strings.Builder
	if err := LinesCSV(&b, MemoryLines(lines), nil); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if !strings.HasPrefix(s, "\ufeffcategory;member;") || !strings.Contains(s, "equipment;1882;Soc;2025-03-14;;'=cmd|' /C calc'!A0;2.1;2;st;1499.5;0;2999.00;charged;;;equipment.csv;7\r\n") {
		t.Fatalf("%q", s)
	}
}
