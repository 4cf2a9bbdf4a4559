package billing

import (
	"strings"
	"testing"
	"time"
)

// TestSortLines: lines come out by member, department (the whole member's
// after the departments) and date; lines alike in all three keep their
// order.
func TestSortLines(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	in := []Line{
		{Member: "1882", Department: "Soc", Date: d("2025-03-01"), Ref: "a"},
		{Member: "1861", Department: "", Ref: "excess"},
		{Member: "1861", Department: "Soc", Date: d("2025-02-01"), Ref: "b"},
		{Member: "1861", Department: "Barn", Date: d("2025-05-01"), Ref: "c"},
		{Member: "1861", Department: "Soc", Date: d("2025-01-01"), Ref: "d"},
		{Member: "1861", Department: "Soc", Date: d("2025-01-01"), Ref: "e"},
		{Member: "1814", Department: "Soc", Date: time.Time{}, Ref: "f"},
	}
	want := "f c d e b excess a"
	var got []string
	err := SortLines(func(keep func(Line) error) error {
		for _, l := range in {
			if err := keep(l); err != nil {
				return err
			}
		}
		return nil
	}, func(l Line) error { got = append(got, l.Ref); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if s := strings.Join(got, " "); s != want {
		t.Errorf("order %s, want %s", s, want)
	}
}
