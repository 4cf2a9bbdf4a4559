package billing

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestAbove: the int64 comparison agrees with decimal's.
func TestAbove(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	for range 200_000 {
		d := decimal.New(r.Int64N(2_000_000_000)-1_000_000_000, -int32(r.IntN(12)))
		u := decimal.New(r.Int64N(2_000_000)-1_000_000, -int32(r.IntN(12)))
		if r.IntN(4) == 0 {
			u = d // equal values
		}
		if got, want := above(d, u), d.GreaterThan(u); got != want {
			t.Fatalf("above(%s, %s) = %v", d, u, got)
		}
	}
}

// TestTicketSpan: the description is what the layout-based formatting
// gave.
func TestTicketSpan(t *testing.T) {
	stockholm, _ := time.LoadLocation("Europe/Stockholm")
	r := &SupportRater{}
	rng := rand.New(rand.NewPCG(19, 20))
	for _, system := range []string{"Ciceron", "", "  Tieto Education ", " "} {
		for range 2000 {
			start := time.Date(1+rng.IntN(11000), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), 0, 0, stockholm)
			row := SupportRow{System: system, Start: start, End: start.Add(time.Duration(rng.IntN(5000)) * time.Minute)}
			want := strings.TrimSpace(row.System + " " + row.Start.Format("2006-01-02 15:04") + "–" + row.End.Format("2006-01-02 15:04"))
			if got := r.ticketSpan(row, false); got != want {
				t.Fatalf("%q, want %q", got, want)
			}
			// With the times of the repeated hour noted, such a time carries its offset.
			stamp := func(t time.Time) string {
				if inRepeatedHour(t) {
					return t.Format("2006-01-02 15:04Z07:00")
				}
				return t.Format("2006-01-02 15:04")
			}
			want = strings.TrimSpace(row.System + " " + stamp(row.Start) + "–" + stamp(row.End))
			if got := r.ticketSpan(row, true); got != want {
				t.Fatalf("%q, want %q", got, want)
			}
		}
	}
}
