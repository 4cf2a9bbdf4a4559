package issuing

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/allocation"
	"memberfee/ledger"
)

func TestInstallmentMonths(t *testing.T) {
	for n := 1; n <= 12; n++ {
		next := time.January
		for k := 1; k <= n; k++ {
			first, last, err := InstallmentMonths(k, n)
			if err != nil || first != next || last < first {
				t.Fatalf("installment %d of %d: %s–%s, %v; want it to start in %s", k, n, first, last, err, next)
			}
			next = last + 1
		}
		if next != 13 {
			t.Fatalf("%d installments end in %s", n, next-1)
		}
	}
	for _, c := range [][2]int{{0, 4}, {5, 4}, {1, 0}, {1, 13}} {
		if _, _, err := InstallmentMonths(c[0], c[1]); err == nil {
			t.Errorf("installment %d of %d: no error", c[0], c[1])
		}
	}
	p, err := InstallmentPeriod(2025, 4, 4)
	if err != nil || p.From.Format(time.DateOnly) != "2025-10-01" || p.To.Format(time.DateOnly) != "2025-12-31" {
		t.Fatalf("installment 4 of 4: %v %v", p, err)
	}
	p, _ = InstallmentPeriod(2024, 2, 12)
	if p.To.Format(time.DateOnly) != "2024-02-29" {
		t.Fatalf("February of a leap year ends %v", p.To)
	}
}

func ExampleDefaultDueDates() {
	dates, _ := DefaultDueDates(2025, 4)
	for _, d := range dates {
		fmt.Println(d.Format(time.DateOnly))
	}
	// Output:
	// 2025-01-31
	// 2025-04-30
	// 2025-07-31
	// 2025-10-31
}

// fees computes a year of members with the given previous total.
func fees(t testing.TB, total string, pops []int64, n int) *allocation.Result {
	t.Helper()
	in := &allocation.Input{Year: 2025, Fee: allocation.Fee{PreviousTotal: dec(total)}, Installments: n}
	for i, p := range pops {
		in.Members = append(in.Members, allocation.Member{ID: fmt.Sprint(1800 + i), Name: fmt.Sprint("M", i), Population: decimal.NewFromInt(p)})
	}
	r, err := allocation.Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func sumInstallments(f ledger.AdoptedFee) decimal.Decimal {
	s := decimal.Zero
	for _, i := range f.Installments {
		s = s.Add(i.Amount)
	}
	return s
}

func TestAdoptAndFeeDocuments(t *testing.T) {
	r := fees(t, "61250000", []int64{11478, 16232, 5497, 8606}, 4)
	a, err := Adopt(r, nil, "Nämnden", time.Date(2024, 11, 20, 0, 0, 0, 0, time.UTC), "cfg")
	if err != nil {
		t.Fatal(err)
	}
	if a.Year != 2025 || len(a.Members) != 4 || a.Members[0].Installments[1].DueDate.Format(time.DateOnly) != "2025-04-30" {
		t.Fatalf("%+v", a)
	}
	for _, f := range a.Members {
		if !sumInstallments(f).Equal(f.Fee) {
			t.Errorf("member %s: installments sum to %s, fee %s", f.Member, sumInstallments(f), f.Fee)
		}
	}
	docs, err := FeeDocuments(&a, 2, stamp)
	if err != nil || len(docs) != 4 {
		t.Fatal(docs, err)
	}
	d := docs[0]
	if d.Kind != ledger.Fee || d.Installment != 2 || d.Installments != 4 || !d.Total.Equal(a.Members[0].Installments[1].Amount) ||
		d.Period.From.Format(time.DateOnly) != "2025-04-01" || d.Period.To.Format(time.DateOnly) != "2025-06-30" ||
		d.DueDate.Format(time.DateOnly) != "2025-04-30" || len(d.Lines) != 1 || !d.Lines[0].Amount.Equal(d.Total) ||
		!d.ByCategory["fee"].Equal(d.Total) || d.IssuedBy != "Ekonomi" {
		t.Fatalf("%+v", d)
	}
	if _, err := FeeDocuments(&a, 5, stamp); err == nil || !strings.Contains(err.Error(), "installments 1 to 4") {
		t.Fatalf("installment 5 of 4: %v", err)
	}
	if _, err := Adopt(r, []time.Time{time.Now()}, "", time.Time{}, ""); err == nil {
		t.Fatal("one due date for four installments: no error")
	}
}

// TestReviseKeepsIssued (property): for random fees, random issued
// installments and a random new fee (up or down, the remainder negative
// too), the issued installments stay as they were, the remaining ones are
// split as equal as can be (whole kronor, the earliest larger), and issued +
// remaining = the new fee exactly; unchanged inputs revise to the same
// installments.
func TestReviseKeepsIssued(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 1))
	day := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	for iter := 0; iter < 300; iter++ {
		n := 1 + rng.IntN(12)
		pops := make([]int64, 1+rng.IntN(5))
		for i := range pops {
			pops[i] = 1 + rng.Int64N(100000)
		}
		r := fees(t, fmt.Sprint(rng.Int64N(1e8)), pops, n)
		a, err := Adopt(r, nil, "N", day, "")
		if err != nil {
			t.Fatal(err)
		}
		issued := map[string]map[int]bool{}
		for _, f := range a.Members {
			issued[f.Member] = map[int]bool{}
			for k := 1; k < n; k++ { // never all of them: see TestReviseRefuses
				issued[f.Member][k] = rng.IntN(2) == 0
			}
		}
		same, err := Revise(&a, issued, r, nil, "N", day, "again", "")
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.Members {
			for k := range a.Members[i].Installments {
				if !same.Members[i].Installments[k].Amount.Equal(a.Members[i].Installments[k].Amount) {
					t.Fatalf("unchanged fee revised: %v, was %v", same.Members[i].Installments, a.Members[i].Installments)
				}
			}
		}
		r2 := fees(t, fmt.Sprint(rng.Int64N(1e8)), pops, n)
		b, err := Revise(&a, issued, r2, nil, "N", day, "new total", "")
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range b.Members {
			if !sumInstallments(f).Equal(f.Fee) || !f.Fee.Equal(r2.Members[i].Fee.Decimal()) {
				t.Fatalf("member %s: installments %v sum to %s, fee %s", f.Member, f.Installments, sumInstallments(f), f.Fee)
			}
			var open []decimal.Decimal
			for k, inst := range f.Installments {
				if inst.K != k+1 {
					t.Fatalf("installment %d numbered %d", k+1, inst.K)
				}
				if issued[f.Member][k+1] {
					if inst != a.Members[i].Installments[k] {
						t.Fatalf("member %s issued installment %d changed: %+v, was %+v", f.Member, k+1, inst, a.Members[i].Installments[k])
					}
					continue
				}
				open = append(open, inst.Amount)
			}
			for j := 1; j < len(open); j++ {
				if d := open[j-1].Sub(open[j]).Abs(); d.GreaterThan(decimal.NewFromInt(1)) || open[j].Abs().GreaterThan(open[j-1].Abs()) {
					t.Fatalf("member %s: remaining installments %v are not an equal split, earliest first", f.Member, open)
				}
			}
		}
	}
}

// TestReviseNegativeRemainder: a fee cut below what is issued leaves
// credits, to the krona.
func TestReviseNegativeRemainder(t *testing.T) {
	r := fees(t, "1200", []int64{1}, 12)
	a, _ := Adopt(r, nil, "N", time.Time{}, "")
	issued := map[string]map[int]bool{"1800": {}}
	for k := 1; k <= 9; k++ {
		issued["1800"][k] = true // 900 issued
	}
	b, err := Revise(&a, issued, fees(t, "800", []int64{1}, 12), nil, "N", time.Time{}, "cut", "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, i := range b.Members[0].Installments[9:] {
		got = append(got, i.Amount.String())
	}
	if strings.Join(got, " ") != "-34 -33 -33" {
		t.Fatalf("remaining %v, want -34 -33 -33 (Σ −100)", got)
	}
}

func TestReviseRefuses(t *testing.T) {
	r := fees(t, "1200", []int64{1, 1}, 4)
	a, _ := Adopt(r, nil, "N", time.Time{}, "")
	all := map[string]map[int]bool{"1800": {1: true, 2: true, 3: true, 4: true}}
	for _, c := range []struct {
		name   string
		prev   *ledger.Adoption
		issued map[string]map[int]bool
		res    *allocation.Result
		want   string
	}{
		{"not adopted", nil, nil, r, "is not adopted"},
		{"all issued, fee changed", &a, all, fees(t, "1300", []int64{1, 1}, 4), "nothing remains to carry the difference of 50"},
		{"installments changed after issue", &a, map[string]map[int]bool{"1801": {1: true}}, fees(t, "1200", []int64{1, 1}, 12), "change from 4 to 12"},
		{"member gone", &a, map[string]map[int]bool{"1801": {1: true}}, fees(t, "1200", []int64{1}, 4), "not in the new allocation"},
	} {
		_, err := Revise(c.prev, c.issued, c.res, nil, "N", time.Time{}, "", "")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	// All issued and the fee unchanged: nothing to do, no error.
	if _, err := Revise(&a, all, r, nil, "N", time.Time{}, "", ""); err != nil {
		t.Errorf("all issued, fee unchanged: %v", err)
	}
	// Nothing issued: the number of installments may change.
	b, err := Revise(&a, nil, fees(t, "1200", []int64{1, 1}, 12), nil, "N", time.Time{}, "", "")
	if err != nil || len(b.Members[0].Installments) != 12 {
		t.Errorf("nothing issued, 12 installments: %v %v", err, b)
	}
}
