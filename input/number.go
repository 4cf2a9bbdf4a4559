package input

import (
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
)

// NumberKind says which trailing units a number may carry.
type NumberKind int

// The kinds of number.
const (
	Plain  NumberKind = iota // no unit
	Amount                   // may end in "kr", "SEK" or ":-"
	Rate                     // may end in "%", and is then divided by 100
)

// ParseNumber reads a number as Swedish exports write it:
//
//	1234567,50  1 234 567,50  1.234.567,50  1234567.50  −12,5  1 250 kr  12,5 %
//
// A comma is always the decimal separator; points are thousands separators
// when there are several or a comma follows, otherwise the decimal point.
// Spaces and no-break spaces separate thousands. Groups after the first
// must have three digits. A single point followed by exactly three digits
// (1.234) could be either and is rejected as ambiguous. A leading minus may
// be the ASCII or the Unicode minus.
func ParseNumber(s string, kind NumberKind) (decimal.Decimal, error) {
	if d, ok := parseSimple(s); ok {
		return d, nil
	}
	return parseNumber(s, kind)
}

// parseSimple reads the form nearly every number of a large export has —
// digits with an optional minus and decimal comma, 12,25 — without the
// general path's strings; ok is false for anything else.
func parseSimple(s string) (d decimal.Decimal, ok bool) {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	var coef int64
	digits, frac, comma := 0, 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			coef = coef*10 + int64(c-'0')
			digits++
			if comma {
				frac++
			}
		case c == ',' && !comma && digits > 0:
			comma = true
		default:
			return decimal.Decimal{}, false
		}
	}
	if digits == 0 || digits > 18 || comma && frac == 0 {
		return decimal.Decimal{}, false
	}
	if neg {
		coef = -coef
	}
	return decimal.New(coef, int32(-frac)), true
}

// parseNumber is ParseNumber's general path.
func parseNumber(s string, kind NumberKind) (decimal.Decimal, error) {
	t := strings.TrimFunc(s, isSpace)
	percent := false
	switch kind {
	case Amount:
		for _, suf := range []string{"kr", "sek", ":-"} {
			if len(t) > len(suf) && strings.EqualFold(t[len(t)-len(suf):], suf) {
				t = strings.TrimFunc(t[:len(t)-len(suf)], isSpace)
				break
			}
		}
	case Rate:
		if strings.HasSuffix(t, "%") {
			t = strings.TrimFunc(strings.TrimSuffix(t, "%"), isSpace)
			percent = true
		}
	}
	if t == "" {
		return decimal.Zero, ErrMissing
	}
	neg := false
	switch {
	case strings.HasPrefix(t, "-"):
		neg, t = true, t[1:]
	case strings.HasPrefix(t, "\u2212"):
		neg, t = true, t[len("\u2212"):]
	case strings.HasPrefix(t, "+"):
		t = t[1:]
	}
	intPart, frac, err := splitDecimal(t)
	if err != nil {
		return decimal.Zero, err
	}
	digits, err := ungroup(intPart)
	if err != nil {
		return decimal.Zero, err
	}
	for _, r := range frac {
		if r < '0' || r > '9' {
			return decimal.Zero, ErrNumber
		}
	}
	if digits == "" && frac == "" {
		return decimal.Zero, ErrNumber
	}
	if digits == "" {
		digits = "0"
	}
	lit := digits
	if frac != "" {
		lit += "." + frac
	}
	d, perr := decimal.NewFromString(lit)
	if perr != nil {
		return decimal.Zero, ErrNumber
	}
	if neg {
		d = d.Neg()
	}
	if percent {
		d = d.Shift(-2)
	}
	return d, nil
}

// splitDecimal finds the decimal separator and returns the integer part
// (still with its thousands separators) and the fraction.
func splitDecimal(t string) (string, string, error) {
	commas, points := strings.Count(t, ","), strings.Count(t, ".")
	switch {
	case commas > 1:
		return "", "", reason(ErrNumber, "more than one decimal comma")
	case commas == 1:
		i := strings.Index(t, ",")
		if strings.Contains(t[i:], ".") {
			return "", "", reason(ErrNumber, "a point after the decimal comma")
		}
		return t[:i], t[i+1:], nil
	case points == 1:
		i := strings.Index(t, ".")
		in, frac := t[:i], t[i+1:]
		if len(frac) == 3 && len(in) >= 1 && len(in) <= 3 && in[0] != '0' && !strings.ContainsFunc(in, isSpace) && allDigits(in) && allDigits(frac) {
			return "", "", reason(ErrAmbiguous, "a thousands point or a decimal point? write %s,%s or %s%s", in, frac, in, frac)
		}
		return in, frac, nil
	}
	return t, "", nil // no separator, or several thousands points
}

// ungroup removes thousands separators (points, spaces, no-break spaces),
// checking that every group after the first has three digits.
func ungroup(s string) (string, error) {
	groups := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || isSpace(r) })
	if len(groups) == 0 {
		return "", nil
	}
	if strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") || strings.Contains(s, "..") {
		return "", ErrNumber
	}
	var b strings.Builder
	for i, g := range groups {
		if !allDigits(g) {
			return "", ErrNumber
		}
		if i > 0 && len(g) != 3 || i == 0 && len(groups) > 1 && len(g) > 3 {
			return "", reason(ErrNumber, "digit groups must have three digits")
		}
		b.WriteString(g)
	}
	return b.String(), nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// isSpace reports spaces, including the no-break spaces spreadsheets write
// between thousands.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2007'
}

// ParseYes reads a yes/no flag: yes, ja, j, y, x, true or 1; no, nej, n,
// false, 0 or empty.
func ParseYes(s string) (bool, error) {
	switch strings.ToLower(strings.TrimFunc(s, isSpace)) {
	case "yes", "ja", "true", "1", "x", "j", "y":
		return true, nil
	case "", "no", "nej", "false", "0", "n":
		return false, nil
	}
	return false, ErrYesNo
}
