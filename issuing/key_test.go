package issuing

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestKey(t *testing.T) {
	jan := time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)
	src := billing.Source{File: "x.csv", Row: 7}
	for _, c := range []struct {
		name string
		l    billing.Line
		want string
	}{
		{"support ticket", billing.Line{Source: src, Category: billing.Support, Member: "1861", Ref: "T-1", Date: jan, Status: billing.Charged}, "support|1861|ticket|T-1"},
		{"support without ticket is its content", billing.Line{Source: src, Category: billing.Support, Member: "1861", Date: jan, Description: "AD 22:00–23:00", Quantity: dec("60"), Unit: "min", UnitPrice: dec("950"), Status: billing.Charged},
			"support|1861|row|||2025-01-15||AD 22:00–23:00|60|950|0|min"},
		{"storage user-month", billing.Line{Source: src, Category: billing.Storage, Member: "1861", Ref: "anna", Date: jan, Status: billing.Charged}, "storage|1861|user|anna|2025-01"},
		{"licence excess", billing.Line{Category: billing.Licences, Member: "1861", Ref: "E3", Derived: true, Status: billing.Charged}, "licences|1861|excess|E3"},
		{"licence row", billing.Line{Source: src, Category: billing.Licences, Member: "1861", Department: "Soc", Clause: "1.2", Ref: "E3", Quantity: dec("130"), Unit: "licenser", Status: billing.Charged},
			"licences|1861|row|Soc|1.2||E3||130|0|0|licenser"},
		{"equipment row, trailing zeros alike", billing.Line{Source: src, Category: billing.Equipment, Member: "1882", Department: "Soc", Clause: "2.1", Date: jan, Description: "Skärm", Quantity: dec("2.50"), UnitPrice: dec("1990.00"), Unit: "st", Status: billing.Charged},
			"equipment|1882|row|Soc|2.1|2025-01-15||Skärm|2.5|1990|0|st"},
		{"separators escaped", billing.Line{Source: src, Category: billing.Services, Member: "1882", Description: "a|b #2", Status: billing.Charged},
			`services|1882|row|||||a\|b \#2|0|0|0|`},
		{"rejected by file and row", billing.Line{Source: src, Category: billing.Equipment, Member: "1882", Status: billing.Rejected}, "equipment|1882|rejected|x.csv|7"},
	} {
		if got := Key(&c.l); got != c.want {
			t.Errorf("%s: Key = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestKeyIgnoresSource: the same row at another row number (a row inserted
// above it) keeps its key; its amount is not in the key either.
func TestKeyIgnoresSource(t *testing.T) {
	a := billing.Line{Source: billing.Source{File: "e.csv", Row: 2}, Category: billing.Equipment, Member: "1882", Description: "Skärm", Quantity: dec("1"), UnitPrice: dec("100"), Amount: dec("100"), Status: billing.Charged}
	b := a
	b.Row, b.File, b.Amount = 3, "e2.csv", dec("120")
	if Key(&a) != Key(&b) {
		t.Fatalf("%q != %q", Key(&a), Key(&b))
	}
	c := a
	c.Member = "1861"
	if Key(&a) == Key(&c) {
		t.Fatal("the member is not in the key")
	}
}

func TestKeysNumberOccurrences(t *testing.T) {
	l := billing.Line{Category: billing.Equipment, Member: "1882", Description: "Mus", Quantity: dec("1"), Status: billing.Charged}
	m := l
	m.Description = "Skärm"
	got := Keys([]billing.Line{l, m, l, l, m})
	base, other := Key(&l), Key(&m)
	want := []string{base, other, base + "#2", base + "#3", other + "#2"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Keys[%d] = %q, want %q", i, got[i], want[i])
		}
	}
	// A description that ends in "#2" cannot pass for an occurrence.
	n := l
	n.Description = "Mus#2"
	if Key(&n) == got[2] {
		t.Fatalf("%q passes for an occurrence", Key(&n))
	}
}

func ExampleKeys() {
	l := billing.Line{Category: billing.Support, Member: "1861", Ref: "T-1"}
	for _, k := range Keys([]billing.Line{l, l}) {
		fmt.Println(k)
	}
	// Output:
	// support|1861|ticket|T-1
	// support|1861|ticket|T-1#2
}

// FuzzKeyDistinct: two rows that differ in one shown field never share a
// key, whatever the fields hold ("|", "#", "\" included), and a key never
// ends in what passes for an occurrence number.
func FuzzKeyDistinct(f *testing.F) {
	f.Add("Soc", "Skärm", "Mus", "T-1")
	f.Add("a|b", `c\`, `c\|`, "#2")
	f.Add("", "x#2", "x", `\#`)
	f.Fuzz(func(t *testing.T, dept, desc1, desc2, ref string) {
		a := billing.Line{Category: billing.Services, Member: "1882", Department: dept, Description: desc1, Ref: ref, Status: billing.Charged}
		b := a
		b.Description = desc2
		if desc1 != desc2 && Key(&a) == Key(&b) {
			t.Fatalf("%q and %q share key %q", desc1, desc2, Key(&a))
		}
		c := a
		c.Department, c.Description = dept+"|"+desc1, ""
		if Key(&c) == Key(&a) && !(desc1 == "" && c.Department == dept) {
			t.Fatalf("fields run into each other: %q", Key(&a))
		}
		k := Keys([]billing.Line{a, a})
		if k[0] == k[1] || strings.Count(k[1], "#")-strings.Count(k[1], `\#`) != 1 {
			t.Fatalf("occurrences %q", k)
		}
	})
}
