package suggest

import (
	"slices"
	"strings"
	"testing"
)

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"", "abc", 3}, {"year", "yeer", 1}, {"kitten", "sitting", 3},
		{"Laxå", "Laxa", 1}, {"5.1.1", "5.11", 1}, {"installments", "instalments", 1},
		// swapped neighbours are one edit (optimal string alignment)
		{"form", "from", 1}, {"ab", "ba", 1}, {"Lakxå", "Laxkå", 1}, {"abcd", "badc", 2},
		{"ca", "abc", 3}, // no rune edited twice: 2 only with unrestricted Damerau
	} {
		if got := Distance(c.a, c.b); got != c.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
		if got := Distance(c.b, c.a); got != c.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.b, c.a, got, c.d)
		}
	}
}

func TestClosest(t *testing.T) {
	keys := []string{"year", "organisation", "currency", "rounding_unit", "members", "installments", "billing"}
	clauses := []string{"1.1", "1.2", "2.1", "5.1", "5.1.1", "5.1.2", "6.2"}
	for _, c := range []struct {
		name  string
		known []string
		want  []string
	}{
		{"yeer", keys, []string{"year"}},
		{"YEAR", keys, []string{"year"}},
		{"instalments", keys, []string{"installments"}},
		{"organization", keys, []string{"organisation"}},
		{"member", keys, []string{"members"}},
		{"bil", keys, []string{"billing"}},                          // a cut-off key
		{"form", []string{"from", "to", "count"}, []string{"from"}}, // billing.licences.form
		{"yaer", keys, []string{"year"}},
		{"xyzzy", keys, nil},
		{"", keys, nil},
		{"year", keys, nil}, // itself is no suggestion
		{"9.9", clauses, nil},
		{"5.1.3", clauses, []string{"5.1.1", "5.1.2"}},
		{"7.2", clauses, []string{"1.2", "6.2"}},
		{"6.1", clauses, nil}, // 1.1, 2.1, 5.1 and 6.2 alike
		{"5.1.12", clauses, []string{"5.1.1", "5.1.2"}},
		{strings.Repeat("y", 200), keys, nil},
	} {
		if got := Closest(c.name, c.known); !slices.Equal(got, c.want) {
			t.Errorf("Closest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestPhrase(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"yeer", " (did you mean year?)"},
		{"5.1.3", " (did you mean 5.1.1 or 5.1.2?)"},
		{"xyzzy", ""},
	} {
		if got := Phrase(c.name, []string{"year", "5.1.1", "5.1.2"}); got != c.want {
			t.Errorf("Phrase(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func FuzzClosest(f *testing.F) {
	f.Add("yeer", "year")
	f.Fuzz(func(t *testing.T, a, b string) {
		if d := Distance(a, b); d < 0 || d > max(len([]rune(a)), len([]rune(b))) {
			t.Fatalf("Distance(%q, %q) = %d", a, b, d)
		}
		for _, c := range Closest(a, []string{b, "year"}) {
			if c != b && c != "year" {
				t.Fatalf("Closest suggested %q", c)
			}
		}
	})
}
