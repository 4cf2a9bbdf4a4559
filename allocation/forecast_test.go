package allocation

import "testing"

func TestForecast(t *testing.T) {
	in := base()
	in.Fee.Indexation = []Component{{Component: "wages", Share: d("0.5"), Rate: d("0.04")}}
	in.Transfers = []Transfer{{ID: "wan", Amounts: []TransferAmount{{Member: "1882", Amount: d("100000")}}}}
	in.Additions = []Addition{
		{ID: "perm", Scope: ScopeMember, Member: "1861", OperatingCost: d("10000"), StartYear: 2025, Permanent: true},
		{ID: "net", Scope: ScopeCommon, Investment: d("30000"), StartYear: 2025, DepreciationYears: 2},
	}
	rs, err := Forecast(in, 3, Assumptions{Indexation: []YearRate{{Year: 2026, Component: "wages", Rate: d("0.02")}},
		Population: []YearPopulation{{Year: 2027, Member: "1860", Population: d("6000")}}})
	if err != nil {
		t.Fatal(err)
	}
	first, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	if !rs[0].Total.Equal(first.Total) {
		t.Fatalf("first year %s, allocate %s", rs[0].Total, first.Total)
	}
	// 2025: base 1 020 000; pool = 1 020 000 + 15 000 − 100 000; next base 1 020 000 + 10 000 − 100 000.
	eq(t, "2025 next base", rs[0].NextBase, "930000")
	// 2026 starts from it, takes no transfer again and no longer adds the
	// permanent operating cost; the investment's second year remains.
	eq(t, "2026 indexed base", rs[1].IndexedBase, "939300") // 930 000 × 1.01
	eq(t, "2026 pool", rs[1].Pool, "954300")                // + 15 000 depreciation
	eq(t, "2026 additions of 1861", rs[1].Members[1].Additions.Decimal(), "0")
	eq(t, "2026 next base", rs[1].NextBase, "939300")
	// 2027: the investment is depreciated; the rate of 2026 holds; 1860 grows.
	eq(t, "2027 pool", rs[2].Pool, "948693") // 939 300 × 1.01 = 948 693
	eq(t, "2027 population", rs[2].Members[2].Population, "6000")
	if !rs[2].Members[0].PreviousFee.Valid || !rs[2].Members[0].PreviousFee.Decimal.Equal(rs[1].Members[0].Fee.Decimal()) {
		t.Fatal("last year's fee is not the previous fee")
	}
	if _, err := Forecast(in, 0, Assumptions{}); err == nil {
		t.Fatal("zero years accepted")
	}
}
