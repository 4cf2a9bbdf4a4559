package quote

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestValue(t *testing.T) {
	long := strings.Repeat("å", 1000)
	for _, tt := range []struct{ in, want string }{
		{"", `""`},
		{"Skärm 27", `"Skärm 27"`},
		{"a\"b\n", `"a\"b\n"`},
		{strings.Repeat("x", Max), `"` + strings.Repeat("x", Max) + `"`},
		{strings.Repeat("x", Max+1), `"` + strings.Repeat("x", Max) + `"… (81 characters)`},
		{long, `"` + strings.Repeat("å", Max) + `"… (1 000 characters)`},
		{strings.Repeat("y", 200<<20), `"` + strings.Repeat("y", Max) + `"… (209 715 200 characters)`},
	} {
		if got := Value(tt.in); got != tt.want {
			t.Errorf("Value(%.20q…) = %.120s, want %.120s", tt.in, got, tt.want)
		}
	}
}

func TestCut(t *testing.T) {
	if got := Cut("1e300"); got != "1e300" {
		t.Errorf("Cut = %q", got)
	}
	got := Cut("1" + strings.Repeat("0", 300))
	if !strings.HasPrefix(got, "1"+strings.Repeat("0", Max-1)+"… (301 characters)") {
		t.Errorf("Cut = %q", got)
	}
	// Invalid UTF-8 is cut on a byte, never inside a valid rune.
	bad := strings.Repeat("\xff", 100) + "ö"
	if h, _, _ := prefix(bad); len(h) != Max {
		t.Errorf("prefix of invalid UTF-8: %d bytes", len(h))
	}
}

func FuzzValue(f *testing.F) {
	f.Add("Skärm 27")
	f.Add(strings.Repeat("ö", 90))
	f.Fuzz(func(t *testing.T, s string) {
		q := Value(s)
		if utf8.RuneCountInString(s) <= Max {
			return
		}
		// The quoted head never holds more than Max characters of s.
		if !strings.Contains(q, "characters)") || len(q) > 4*Max*4+40 {
			t.Fatalf("Value(%q) = %q", s, q)
		}
	})
}
