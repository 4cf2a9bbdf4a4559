package input

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in, want string // want "" with err
		err      error
	}{
		{"25", "25", nil},
		{"12,5", "12.5", nil},
		{"870 MB", "0.849609375", nil},
		{"870MB", "0.849609375", nil},
		{"12,5 GB", "12.5", nil},
		{"1,2 TB", "1228.8", nil},
		{"1 TiB", "1024", nil},
		{"1 024 KB", "0.0009765625", nil},
		{"512 KiB", "0.00048828125", nil},
		{"1073741824 B", "1", nil},
		{"1 B", "0.000000000931322574615479", nil},   // 15 significant digits, as a workbook holds
		{"1099511627777 B", "1024.00000000093", nil}, // not 1024.000000000931322574615478515625

		{"3 gb", "3", nil},
		{"2 mib", "0.001953125", nil},
		{" 40 GB ", "40", nil},
		{"-3 GB", "-3", nil},               // the rule rejects a negative use
		{"1000000000", "1000000000", nil},  // a billion GB, the most
		{"976562,5 TB", "1000000000", nil}, // the same in TB
		{"99999999999999999999999999 TB", "", ErrSizeTooLarge},
		{"1000000000,5", "", ErrSizeTooLarge},
		{"1073741824000", "", ErrSizeTooLarge}, // a byte count without its unit
		{"-2000000000 GB", "", ErrSizeTooLarge},
		{"12 GiGa", "", ErrSize},
		{"12 PB", "", ErrSize},
		{"GB", "", ErrSize},
		{"12 G B", "", ErrNumber}, // "12 G" is no number
		{"1.234 MB", "", ErrAmbiguous},
		{"tolv GB", "", ErrNumber},
		{"", "", ErrMissing},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("ParseSize(%q) = %s, %v; want %v", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || !got.Equal(decimal.RequireFromString(tt.want)) {
			t.Errorf("ParseSize(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		err  error
	}{
		{"90", 90 * time.Minute, nil},
		{"1:30", 90 * time.Minute, nil},
		{"0:05", 5 * time.Minute, nil},
		{"12:00", 12 * time.Hour, nil},
		{" 45 ", 45 * time.Minute, nil},
		{"0", 0, ErrDurationNotPositive},
		{"0:00", 0, ErrDurationNotPositive},
		{"-15", 0, ErrDurationNotPositive},
		{"\u22120:30", 0, ErrDurationNotPositive},
		{"1:75", 0, ErrDuration},
		{"1:5", 0, ErrDuration},
		{"1,5", 0, ErrDuration},
		{"90 min", 0, ErrDuration},
		{"1:30:00", 0, ErrDuration},
		{"12345678", 0, ErrDuration},
		{"527040", 366 * 24 * time.Hour, nil}, // 366 days, the most
		{"8784:00", 366 * 24 * time.Hour, nil},
		{"527041", 0, ErrDurationTooLong},
		{"8784:01", 0, ErrDurationTooLong},
		{"9999999", 0, ErrDurationTooLong},
		{"9999999:59", 0, ErrDurationTooLong}, // overflowed to a negative duration
		{"", 0, ErrDuration},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// FuzzParseSize: a size is read or refused, never a panic; what is read
// is exact (times 1024^3 a whole number of bytes where the number is) and
// has the number's sign.
func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"870 MB", "12,5 GB", "1,2 TB", "12 GiGa", "1 B", "−3 kb", "1 234,5 KiB", "ä", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseSize(s)
		if err != nil {
			return
		}
		n, nerr := ParseNumber(strings.TrimRightFunc(strings.TrimFunc(s, isSpace), func(r rune) bool { return r >= 'A' && r <= 'z' }), Plain)
		if nerr == nil && n.Sign() != d.Sign() {
			t.Fatalf("ParseSize(%q) = %s, the number %s", s, d, n)
		}
	})
}

// FuzzParseDuration: a duration is read or refused, never a panic; what
// is read is whole minutes, more than zero.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"90", "1:30", "0", "-5", "1:75", "９０", "1:3０", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			if !errors.Is(err, ErrDuration) && !errors.Is(err, ErrDurationNotPositive) {
				t.Fatalf("ParseDuration(%q): %v", s, err)
			}
			return
		}
		if d <= 0 || d%time.Minute != 0 {
			t.Fatalf("ParseDuration(%q) = %v", s, d)
		}
	})
}

// FuzzIsTimeFormat: any number format code is decided, never a panic.
func FuzzIsTimeFormat(f *testing.F) {
	for _, s := range []string{"[h]:mm", "h:mm:ss", "yyyy-mm-dd hh:mm", "0.00", `"h"0`, "[", `\h`, "[red][h]:mm;[blue]0", "[]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { _ = isTimeFormat(s) })
}
