package numtext

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Form is how a language writes a number inside text.
type Form struct {
	Thousands string // between groups of three digits
	Decimal   string // before the fraction
	Minus     string // before a negative number
	Percent   string // after a percentage (with its space, if any)
	// Hour, Minute and Second name the units of a duration in text
	// ("3 tim 2 min", "3 h 2 min").
	Hour, Minute, Second string
}

// The two forms memberfee writes.
var (
	Swedish = Form{Thousands: "\u00a0", Decimal: ",", Minus: "−", Percent: "\u00a0%", Hour: "tim", Minute: "min", Second: "s"}
	English = Form{Thousands: ",", Decimal: ".", Minus: "-", Percent: "%", Hour: "h", Minute: "min", Second: "s"}
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

// Exact writes d with the decimals it has, no more and no fewer (31,5 and
// 1 250 and −3,25 in Swedish): a measured size or count as it was given.
func (f Form) Exact(d decimal.Decimal) string {
	places := int32(0)
	if e := d.Exponent(); e < 0 {
		places = -e
	}
	return f.Number(d, places, false)
}

// Duration writes d in hours, minutes and seconds, leaving out a unit that
// is zero: "3 tim 2 min", "45 min 10 s", "0 min" (English "3 h 2 min").
// Hours do not roll over into days: a ticket of 50 hours is "50 tim". A
// fraction of a second is dropped.
func (f Form) Duration(d time.Duration) string {
	sign := ""
	if d < 0 {
		sign, d = f.Minus, -d
	}
	h, m, s := int64(d/time.Hour), int64(d%time.Hour/time.Minute), int64(d%time.Minute/time.Second)
	var parts []string
	part := func(n int64, unit string) { parts = append(parts, f.Number(decimal.NewFromInt(n), 0, false)+" "+unit) }
	if h > 0 {
		part(h, f.Hour)
	}
	if m > 0 || h == 0 && s == 0 {
		part(m, f.Minute)
	}
	if s > 0 {
		part(s, f.Second)
	}
	return sign + strings.Join(parts, " ")
}
