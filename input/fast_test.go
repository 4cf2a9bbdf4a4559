package input

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestFastPaths: the fast paths give what the general ones give, for the
// forms they take and for their near misses.
func TestFastPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	alphabet := "0123456789,,--.. "
	for range 200_000 {
		b := make([]byte, 1+r.IntN(22))
		for i := range b {
			if r.IntN(4) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = byte('0' + r.IntN(10))
			}
		}
		s := string(b)
		if fast, ok := parseSimple(s); ok {
			slow, err := parseNumber(s, Plain)
			if err != nil || slow.String() != fast.String() || slow.Exponent() != fast.Exponent() {
				t.Fatalf("%q: fast %s (exp %d), general %s (exp %d) %v", s, fast, fast.Exponent(), slow, slow.Exponent(), err)
			}
		}
	}
	for y := 1999; y <= 2031; y++ {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				s := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
				fast, ok := parseISODate(s)
				slow, err := time.Parse(time.DateOnly, s)
				if ok != (err == nil) || ok && !fast.Equal(slow) || ok && fast.Location() != slow.Location() {
					t.Fatalf("%s: fast %v %v, time.Parse %v %v", s, fast, ok, slow, err)
				}
			}
		}
	}
	for _, s := range []string{"2025-1-01", "2025/01/01", "2025-01-0x", " 2025-01-01", "+025-01-01"} {
		if _, ok := parseISODate(s); ok {
			t.Errorf("%q read as a date", s)
		}
	}
}
