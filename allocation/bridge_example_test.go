package allocation_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"memberfee/allocation"
)

// Two members, a higher base and Laxå's own addition this year: the steps
// of each member sum to its change.
func ExampleComputeBridge() {
	d := decimal.RequireFromString
	prev := &allocation.Input{Year: 2024,
		Members: []allocation.Member{{ID: "1882", Name: "Askersund", Population: d("11600")}, {ID: "1860", Name: "Laxå", Population: d("5500")}},
		Fee:     allocation.Fee{PreviousTotal: d("24000000")}}
	cur := &allocation.Input{Year: 2025,
		Members:   []allocation.Member{{ID: "1882", Name: "Askersund", Population: d("11478")}, {ID: "1860", Name: "Laxå", Population: d("5497")}},
		Fee:       allocation.Fee{PreviousTotal: d("24000000"), Indexation: []allocation.Component{{Component: "wages", Share: d("1"), Rate: d("0.03")}}},
		Additions: []allocation.Addition{{ID: "school", Scope: allocation.ScopeMember, Member: "1860", OperatingCost: d("50000"), StartYear: 2025}}}
	b, err := allocation.ComputeBridge(prev, cur)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range append(b.Members, b.Total) {
		fmt.Printf("%-9s %s", m.Name, m.Previous)
		for k, s := range m.Steps {
			if !s.IsZero() {
				fmt.Printf(" %s %s", allocation.BridgeSteps[k], s)
			}
		}
		fmt.Printf(" = %s (change %s)\n", m.Fee, m.Change())
	}
	// Output:
	// Askersund 16280702 base 488421 key -54180 = 16714943 (change 434241)
	// Laxå      7719298 base 231579 key 54180 member_additions 50000 = 8055057 (change 335759)
	//           24000000 base 720000 member_additions 50000 = 24770000 (change 770000)
}
