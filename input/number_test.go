package input

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		kind NumberKind
		want string // empty: an error is expected
		err  error
	}{
		{"1234567,50", Plain, "1234567.5", nil},
		{"1 234 567,50", Plain, "1234567.5", nil},
		{"1\u00a0234\u00a0567,50", Plain, "1234567.5", nil},
		{"1\u202f234,5", Plain, "1234.5", nil},
		{"1.234.567,50", Plain, "1234567.5", nil},
		{"1234567.50", Plain, "1234567.5", nil},
		{"1.234.567", Plain, "1234567", nil},
		{"0.034", Plain, "0.034", nil},
		{"12.5", Plain, "12.5", nil},
		{"-12,5", Plain, "-12.5", nil},
		{"\u221212,5", Plain, "-12.5", nil},
		{"+7", Plain, "7", nil},
		{",5", Plain, "0.5", nil},
		{"  42  ", Plain, "42", nil},
		{"1 250 kr", Amount, "1250", nil},
		{"1 250,00 KR", Amount, "1250", nil},
		{"95:-", Amount, "95", nil},
		{"335 SEK", Amount, "335", nil},
		{"12,5 %", Rate, "0.125", nil},
		{"3%", Rate, "0.03", nil},
		{"1.234", Plain, "", ErrAmbiguous},
		{"-1.250", Plain, "", ErrAmbiguous},
		{"1,2,3", Plain, "", ErrNumber},
		{"1.234,5.6", Plain, "", ErrNumber},
		{"12 34", Plain, "", ErrNumber},
		{"1234 567", Plain, "", ErrNumber},
		{"abc", Plain, "", ErrNumber},
		{"1e5", Plain, "", ErrNumber},
		{"12kr", Plain, "", ErrNumber},
		{"5 %", Amount, "", ErrNumber},
		{"", Plain, "", ErrMissing},
		{"kr", Amount, "", ErrNumber},
		{"-", Plain, "", ErrNumber},
		{"1..2", Plain, "", ErrNumber},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseNumber(tt.in, tt.kind)
			if tt.want == "" {
				if !errors.Is(err, tt.err) {
					t.Fatalf("ParseNumber(%q) = %s, %v; want %v", tt.in, got, err, tt.err)
				}
				return
			}
			if err != nil || !got.Equal(decimal.RequireFromString(tt.want)) {
				t.Fatalf("ParseNumber(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
			}
		})
	}
}

// FuzzParseNumber: no input panics, and an accepted number written back in
// Swedish form (decimal comma) reads as the same number.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1 234 567,50", "1.234.567,50", "1234567.50", "−12,5", "1 250 kr", "12,5 %", "1.234", ",", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, kind := range []NumberKind{Plain, Amount, Rate} {
			d, err := ParseNumber(s, kind)
			if err != nil {
				continue
			}
			swedish := d.String()
			if i := len(swedish); i > 0 {
				swedish = replaceDot(swedish)
			}
			back, err := ParseNumber(swedish, Plain)
			if err != nil || !back.Equal(d) {
				t.Fatalf("%q → %s → %q → %s, %v", s, d, swedish, back, err)
			}
		}
	})
}

func replaceDot(s string) string {
	out := []byte(s)
	for i := range out {
		if out[i] == '.' {
			out[i] = ','
		}
	}
	return string(out)
}
