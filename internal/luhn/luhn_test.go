package luhn

import "testing"

func TestValid(t *testing.T) {
	for _, c := range []struct {
		s  string
		ok bool
	}{
		{"212000-1843", true}, {"2120001843", true}, {"212000-1842", false},
		{"5050-1055", true}, {"50501055", true}, {"5050-1056", false},
		{"0", true}, {"", false}, {"-", false},
	} {
		if got := Valid(c.s); got != c.ok {
			t.Errorf("Valid(%q) = %v, want %v", c.s, got, c.ok)
		}
	}
}
