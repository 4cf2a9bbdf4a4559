package allocation

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"memberfee/internal/field"
)

// plainHybrid is the bridge's hybrid input written a second way, for the
// property test: a copy of last year's input, every addition costed in its
// own year, to which the replacements of steps 1…k are applied one by one.
func plainHybrid(prev, cur *Input, k int) *Input {
	h := *prev
	h.Additions = nil
	for _, a := range prev.Additions {
		a.costYear = prev.Year
		h.Additions = append(h.Additions, a)
	}
	replaceScope := func(scope string) {
		var kept []Addition
		for _, a := range h.Additions {
			if a.Scope != scope {
				kept = append(kept, a)
			}
		}
		for _, a := range cur.Additions {
			if a.Scope == scope {
				a.costYear = cur.Year
				kept = append(kept, a)
			}
		}
		h.Additions = kept
	}
	steps := []func(){
		func() { // base
			h.Year, h.Organisation, h.Currency, h.RoundingUnit = cur.Year, cur.Organisation, cur.Currency, cur.RoundingUnit
			h.Fee, h.Installments = cur.Fee, cur.Installments
		},
		func() { h.Members, h.Allocation = cur.Members, cur.Allocation },
		func() { replaceScope(ScopeCommon) },
		func() { replaceScope(ScopeMember) },
		func() { h.Transfers = cur.Transfers },
		func() { h.Volume = cur.Volume },
	}
	for _, step := range steps[:k] {
		step()
	}
	return &h
}

// randomYears is a random input and a random last year over the same
// members: other populations, rates, counts, additions, transfers and
// volume, sometimes another rounding unit or a skipped year.
func randomYears(rng *rand.Rand) (prev, cur *Input) {
	n := 1 + rng.IntN(40)
	cur, prev = randomInputN(rng, n), randomInputN(rng, n)
	prev.Year = 2024
	if rng.IntN(5) == 0 {
		prev.Year = 2022
	}
	rng.Shuffle(len(prev.Members), func(i, j int) { prev.Members[i], prev.Members[j] = prev.Members[j], prev.Members[i] })
	if rng.IntN(3) == 0 { // an investment written off last year, an addition ending
		prev.Additions = append(prev.Additions, Addition{ID: "old", Scope: ScopeCommon, Investment: d("3000000"), StartYear: prev.Year - 2,
			DepreciationYears: 3, InterestRate: d("0.03"), OperatingCost: d("150000"), EndYear: prev.Year})
	}
	return prev, cur
}

// TestBridgeProperty: for random configs and random previous configs over
// the same members, every member's steps sum exactly to its change (fee of
// this year's config less the fee of last year's, each computed on its
// own), the total's too, and step k equals the difference of the two
// hybrid allocations built independently of the bridge code.
func TestBridgeProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 2025))
	bridged := 0
	for trial := range 300 {
		prev, cur := randomYears(rng)
		where := fmt.Sprintf("trial %d (%d members, units %s → %s)", trial, len(cur.Members), prev.Unit(), cur.Unit())
		b, err := ComputeBridge(prev, cur)
		if err != nil {
			if errors.Is(err, field.ErrNegativePool) {
				continue // a large transfer
			}
			t.Fatalf("%s: %v", where, err)
		}
		bridged++
		rp, err := Compute(prev)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := Compute(cur)
		if err != nil {
			t.Fatal(err)
		}
		fees := func(r *Result) map[string]decimal.Decimal {
			m := map[string]decimal.Decimal{}
			for _, mf := range r.Members {
				m[mf.ID] = mf.Fee.Decimal()
			}
			return m
		}
		var hybrid [len(BridgeSteps) + 1]map[string]decimal.Decimal
		for k := range hybrid {
			r, err := Compute(plainHybrid(prev, cur, k))
			if err != nil {
				t.Fatalf("%s: plain hybrid %d: %v", where, k, err)
			}
			hybrid[k] = fees(r)
		}
		pf, cf := fees(rp), fees(rc)
		total := decimal.Zero
		for _, m := range b.Members {
			sum := decimal.Zero
			for k, s := range m.Steps {
				sum = sum.Add(s)
				if want := hybrid[k+1][m.ID].Sub(hybrid[k][m.ID]); !s.Equal(want) {
					t.Fatalf("%s: member %s step %s = %s, the plain hybrids give %s", where, m.ID, BridgeSteps[k], s, want)
				}
			}
			if !m.Previous.Equal(pf[m.ID]) || !m.Fee.Equal(cf[m.ID]) {
				t.Fatalf("%s: member %s previous %s fee %s, Compute gives %s and %s", where, m.ID, m.Previous, m.Fee, pf[m.ID], cf[m.ID])
			}
			want := cf[m.ID].Sub(pf[m.ID])
			if !sum.Equal(want) || !m.Change().Equal(want) {
				t.Fatalf("%s: member %s steps sum to %s, its change is %s", where, m.ID, sum, want)
			}
			total = total.Add(want)
		}
		sum := decimal.Zero
		for _, s := range b.Total.Steps {
			sum = sum.Add(s)
		}
		if want := rc.Total.Sub(rp.Total); !sum.Equal(want) || !total.Equal(want) {
			t.Fatalf("%s: the total's steps sum to %s, members' changes to %s, the total changed by %s", where, sum, total, want)
		}
	}
	if bridged < 200 {
		t.Fatalf("only %d of 300 random pairs bridged", bridged)
	}
}

// TestBridgeCostsAdditionsInTheirYear: an investment written off last year
// and an addition that ended last year show in the additions' steps, not in
// base (which here is the indexation alone: 1 030 000 × 1,03 − 1 000 000 × 1,03).
func TestBridgeCostsAdditionsInTheirYear(t *testing.T) {
	prev := &Input{Year: 2024, Fee: Fee{PreviousTotal: d("1000000"), Indexation: []Component{{Component: "wages", Share: d("1"), Rate: d("0.03")}}},
		Members: []Member{{ID: "a", Population: d("3000")}, {ID: "b", Population: d("1000")}},
		Additions: []Addition{
			{ID: "net", Scope: ScopeCommon, Investment: d("300000"), StartYear: 2022, DepreciationYears: 3}, // 100 000 a year 2022–2024
			{ID: "help", Scope: ScopeMember, Member: "b", OperatingCost: d("20000"), StartYear: 2024, EndYear: 2024},
		}}
	cur := *prev
	cur.Year = 2025
	cur.Fee.PreviousTotal = d("1030000")
	b, err := ComputeBridge(prev, &cur)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][6]string{ // base, key, common, member, transfers, volume
		"a": {"23175", "0", "-75000", "0", "0", "0"},
		"b": {"7725", "0", "-25000", "-20000", "0", "0"},
	}
	for _, m := range b.Members {
		for k, s := range m.Steps {
			if s.String() != want[m.ID][k] {
				t.Errorf("member %s step %s = %s, want %s", m.ID, BridgeSteps[k], s, want[m.ID][k])
			}
		}
	}
	if got := b.Total.Steps[0].String(); got != "30900" {
		t.Errorf("the total's base step = %s, want the indexation's 30900", got)
	}
	if b.YearGap() {
		t.Error("2024 → 2025 reported as a gap")
	}
}

// TestBridgeMembersDiffer: every member in one year only is named, with
// the advice.
func TestBridgeMembersDiffer(t *testing.T) {
	prev := base()
	prev.Year = 2024
	cur := base()
	cur.Members = append(cur.Members[1:], Member{ID: "9999", Name: "Nyby", Population: d("100")})
	_, err := ComputeBridge(prev, cur)
	var md *MembersDifferError
	if !errors.As(err, &md) {
		t.Fatalf("got %v, want a *MembersDifferError", err)
	}
	msg := err.Error()
	for _, want := range []string{`"` + prev.Members[0].ID + `"`, `"9999" (Nyby)`, "only for years with the same members"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
}

// TestBridgeAdditionIDInBothScopes: an id common last year and a member's
// own this year still gives valid hybrids.
func TestBridgeAdditionIDInBothScopes(t *testing.T) {
	prev := base()
	prev.Year = 2024
	prev.Additions = []Addition{{ID: "x", Scope: ScopeMember, Member: prev.Members[0].ID, OperatingCost: d("1000"), StartYear: 2024}}
	cur := base()
	cur.Additions = []Addition{{ID: "x", Scope: ScopeCommon, OperatingCost: d("5000"), StartYear: 2025}}
	if _, err := ComputeBridge(prev, cur); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkBridge290 is the bridge of every Swedish municipality: seven
// allocations.
func BenchmarkBridge290(b *testing.B) {
	cur := every290()
	prev := every290()
	prev.Year = 2024
	prev.Fee.PreviousTotal = d("9180000000")
	for i := range prev.Members {
		prev.Members[i].Population = prev.Members[i].Population.Sub(decimal.NewFromInt(int64(i % 500)))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ComputeBridge(prev, cur); err != nil {
			b.Fatal(err)
		}
	}
}

// TestForecastBridges: each forecast year's bridge leads exactly from the
// year before's fees to its own.
func TestForecastBridges(t *testing.T) {
	in := every290()
	a := Assumptions{Indexation: []YearRate{{Year: 2026, Component: "wages", Rate: d("0.03")}},
		Population: []YearPopulation{{Year: 2026, Member: "0100", Population: d("5000")}}}
	rs, err := Forecast(in, 3, a)
	if err != nil {
		t.Fatal(err)
	}
	bs, err := ForecastBridges(in, 3, a)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 2 {
		t.Fatalf("%d bridges, want 2", len(bs))
	}
	for i, b := range bs {
		if b.PreviousYear != rs[i].Year || b.Year != rs[i+1].Year {
			t.Errorf("bridge %d: %d → %d", i, b.PreviousYear, b.Year)
		}
		for j, m := range b.Members {
			if !m.Previous.Equal(rs[i].Members[j].Fee.Decimal()) || !m.Fee.Equal(rs[i+1].Members[j].Fee.Decimal()) {
				t.Fatalf("bridge %d member %s: %s → %s, the forecast has %s → %s", i, m.ID, m.Previous, m.Fee,
					rs[i].Members[j].Fee.Decimal(), rs[i+1].Members[j].Fee.Decimal())
			}
		}
	}
	// The transfers, already out of the 2026 base, leave the base step and
	// come back in the transfers step: the two net to what the base moved.
	if bs[0].Total.Steps[4].Sign() <= 0 {
		t.Errorf("the 2026 transfers step %s, want the 2025 transfers returning (positive)", bs[0].Total.Steps[4])
	}
}
