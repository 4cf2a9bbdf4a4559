package allocation_test

import (
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"

	"memberfee/allocation"
)

// The four members of Sydnärke split a pool by population.
func ExampleCompute() {
	d := decimal.RequireFromString
	in := &allocation.Input{
		Year: 2025,
		Members: []allocation.Member{
			{ID: "1882", Name: "Askersund", Population: d("11478")},
			{ID: "1861", Name: "Hallsberg", Population: d("16232")},
			{ID: "1860", Name: "Laxå", Population: d("5497")},
			{ID: "1814", Name: "Lekeberg", Population: d("8606")},
		},
		Fee: allocation.Fee{
			PreviousTotal: d("61250000"),
			Indexation:    []allocation.Component{{Component: "wages", Share: d("0.62"), Rate: d("0.034")}},
		},
		Installments: 4,
	}
	r, err := allocation.Compute(in)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("factor", r.Factor, "pool", r.Pool)
	for _, m := range r.Members {
		fmt.Println(m.ID, m.Name, m.Fee.Decimal(), m.Installments())
	}
	fmt.Println("total", r.Total)
	// Output:
	// factor 1.02108 pool 62541150
	// 1882 Askersund 17168041 [4292011 4292010 4292010 4292010]
	// 1861 Hallsberg 24278764 [6069691 6069691 6069691 6069691]
	// 1860 Laxå 8222053 [2055514 2055513 2055513 2055513]
	// 1814 Lekeberg 12872292 [3218073 3218073 3218073 3218073]
	// total 62541150
}

// Three equal shares of 100 kronor: the leftover krona goes to the lowest id.
func ExampleSplitLargestRemainder() {
	one := big.NewRat(1, 1)
	parts, _ := allocation.SplitLargestRemainder(decimal.NewFromInt(100), decimal.NewFromInt(1),
		[]allocation.Claim{{ID: "1882", Weight: one}, {ID: "1814", Weight: one}, {ID: "1861", Weight: one}})
	for _, p := range parts {
		fmt.Print(p.Amount.Decimal(), " ")
	}
	fmt.Println()
	// Output: 33 34 33
}

func ExampleSplitEqual() {
	parts, _ := allocation.SplitEqual(decimal.NewFromInt(10), decimal.NewFromInt(1), 4)
	fmt.Println(parts)
	// Output: [3 3 2 2]
}
