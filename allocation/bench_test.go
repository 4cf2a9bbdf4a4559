package allocation

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// every290 is an input with every Swedish municipality (290), a blended
// key, additions, a transfer and volume counts.
func every290() *Input {
	rng := rand.New(rand.NewPCG(290, 1))
	in := &Input{Year: 2025, RoundingUnit: d("1"), Installments: 12,
		Fee:        Fee{PreviousTotal: d("9500000000"), Indexation: []Component{{Component: "wages", Share: d("0.62"), Rate: d("0.034")}, {Component: "rent", Share: d("0.07"), Rate: d("0.025")}}},
		Allocation: Key{Keys: []KeyWeight{{Driver: "population", Weight: d("0.7")}, {Driver: "users", Weight: d("0.3")}}},
		Volume:     Volume{Threshold: d("0.05"), Drivers: []VolumeDriver{{Driver: "users", UnitCost: d("2100")}}},
		Additions:  []Addition{{ID: "net", Scope: ScopeCommon, Investment: d("18000000"), StartYear: 2024, DepreciationYears: 5, InterestRate: d("0.02"), OperatingCost: d("2400000")}},
	}
	wan := Transfer{ID: "wan"}
	for i := 0; i < 290; i++ {
		id := fmt.Sprintf("%04d", 100+i)
		in.Members = append(in.Members, Member{ID: id, Population: decimal.NewFromInt(int64(2400 + rng.IntN(980000)))})
		in.Allocation.DriverCounts = append(in.Allocation.DriverCounts, DriverCount{Member: id, Driver: "users", Count: decimal.NewFromInt(int64(100 + rng.IntN(50000)))})
		in.Volume.Counts = append(in.Volume.Counts, VolumeCount{Member: id, Driver: "users", Baseline: d("1000"), Current: decimal.NewFromInt(int64(900 + rng.IntN(250)))})
		wan.Amounts = append(wan.Amounts, TransferAmount{Member: id, Amount: decimal.NewFromInt(int64(100000 + rng.IntN(900000)))})
		if i%29 == 0 {
			in.Additions = append(in.Additions, Addition{ID: "m" + id, Scope: ScopeMember, Member: id, OperatingCost: d("95000"), StartYear: 2025})
		}
	}
	in.Transfers = []Transfer{wan}
	return in
}

// BenchmarkCompute290 is one allocation for every Swedish municipality, as a
// scenario comparison re-runs it.
func BenchmarkCompute290(b *testing.B) {
	in := every290()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compute(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScenarios290 re-runs the allocation of every290 for 5 000
// scenarios, as a scenario comparison or a search over the key would: each
// scenario its own key weights, wage rate and volume threshold, made as it
// is run (holding 5 000 inputs would time the garbage collector marking the
// benchmark's own 5 MB of them). It reports the time per allocation.
func BenchmarkScenarios290(b *testing.B) {
	const n = 5000
	base := every290()
	one := decimal.NewFromInt(1)
	b.ReportAllocs()
	for b.Loop() {
		for i := range n {
			in := *base
			pop := decimal.New(int64(500+i%400), -3) // population weight 0.500 … 0.899
			in.Allocation.Keys = []KeyWeight{{Driver: "population", Weight: pop}, {Driver: "users", Weight: one.Sub(pop)}}
			in.Fee.Indexation = []Component{{Component: "wages", Share: base.Fee.Indexation[0].Share, Rate: decimal.New(int64(20+i%30), -3)},
				base.Fee.Indexation[1]}
			in.Volume.Threshold = decimal.New(int64(i%10), -2)
			if _, err := Compute(&in); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n)/1000, "µs/allocation")
}

func BenchmarkSplitLargestRemainder290(b *testing.B) {
	in := every290()
	claims := make([]Claim, len(in.Members))
	for i, m := range in.Members {
		claims[i] = Claim{ID: m.ID, Weight: m.Population.Rat()}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SplitLargestRemainder(d("9712345678"), d("1"), claims); err != nil {
			b.Fatal(err)
		}
	}
}
