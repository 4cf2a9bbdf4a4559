package numtext

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Form is how a language writes a number inside text.
type Form struct {
	Thousands string // between groups of three digits
	Decimal   string // before the fraction
	Minus     string // before a negative number
	Percent   string // after a percentage (with its space, if any)
}

// The two forms memberfee writes.
var (
	Swedish = Form{Thousands: "\u00a0", Decimal: ",", Minus: "−", Percent: "\u00a0%"}
	English = Form{Thousands: ",", Decimal: ".", Minus: "-", Percent: "%"}
)

// Of returns the form of a language code: English for "en", else Swedish.
func Of(lang string) Form {
	if lang == "en" {
		return English
	}
	return Swedish
}

// Number writes d rounded half away from zero to places decimals, grouped
// in thousands; signed puts + before a positive number.
func (f Form) Number(d decimal.Decimal, places int32, signed bool) string {
	str := d.Round(places).Abs().StringFixed(places)
	whole, frac, _ := strings.Cut(str, ".")
	var sb strings.Builder
	r := d.Round(places)
	switch {
	case r.Sign() < 0:
		sb.WriteString(f.Minus)
	case signed && r.Sign() > 0:
		sb.WriteString("+")
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			sb.WriteString(f.Thousands)
		}
		sb.WriteRune(c)
	}
	if frac != "" {
		sb.WriteString(f.Decimal + frac)
	}
	return sb.String()
}

// Amount writes an amount of money to the öre: 26 229,00.
func (f Form) Amount(d decimal.Decimal) string { return f.Number(d, 2, false) }

// Percentage writes the ratio r (0.2745 for 27,45 %) as a percentage with
// places decimals.
func (f Form) Percentage(r decimal.Decimal, places int32, signed bool) string {
	return f.Number(r.Shift(2), places, signed) + f.Percent
}
