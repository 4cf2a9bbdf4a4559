package allocation

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"memberfee/internal/field"
)

// base is a small valid input: three members, population key, no extras.
func base() *Input {
	return &Input{
		Year:         2025,
		RoundingUnit: d("1"),
		Members: []Member{
			{ID: "1882", Name: "Askersund", Population: d("11478")},
			{ID: "1861", Name: "Hallsberg", Population: d("16232")},
			{ID: "1860", Name: "Laxå", Population: d("5497")},
		},
		Fee:          Fee{PreviousTotal: d("1000000")},
		Installments: 4,
	}
}

func fees(r *Result) map[string]string {
	out := map[string]string{}
	for _, m := range r.Members {
		out[m.ID] = m.Fee.Decimal().String()
	}
	return out
}

func TestComputeRules(t *testing.T) {
	tests := []struct {
		name   string
		modify func(in *Input)
		check  func(t *testing.T, r *Result)
	}{
		{"rule 1-2: indexation factor and rounded base", func(in *Input) {
			in.Fee.PreviousTotal = d("61250000")
			in.Fee.Indexation = []Component{{Component: "wages", Share: d("0.62"), Rate: d("0.034")}, {Component: "rent", Share: d("0.07"), Rate: d("0.025")}}
		}, func(t *testing.T, r *Result) {
			eq(t, "factor", r.Factor, "1.02283")
			eq(t, "indexed base", r.IndexedBase, "62648338") // 62 648 337.5 rounds away from zero
		}},
		{"rule 3: capital cost in the first year", func(in *Input) {
			in.Additions = []Addition{{ID: "net", Scope: ScopeCommon, Investment: d("1800000"), StartYear: 2025, DepreciationYears: 5, InterestRate: d("0.02"), OperatingCost: d("240000")}}
		}, func(t *testing.T, r *Result) {
			a := r.Additions[0]
			eqRat(t, "depreciation", a.Depreciation, "360000")
			eqRat(t, "interest", a.Interest, "36000")
			eqRat(t, "cost", a.Cost, "636000")
			eq(t, "pool", r.Pool, "1636000")
		}},
		{"rule 3: capital cost in year k=2 on the opening book value", func(in *Input) {
			in.Additions = []Addition{{ID: "net", Scope: ScopeCommon, Investment: d("1800000"), StartYear: 2023, DepreciationYears: 5, InterestRate: d("0.02")}}
		}, func(t *testing.T, r *Result) {
			a := r.Additions[0]
			if a.CapitalYear != 2 {
				t.Fatalf("k = %d", a.CapitalYear)
			}
			eqRat(t, "opening book", a.OpeningBook, "1080000")
			eqRat(t, "cost", a.Cost, "381600") // 360000 + 0.02 × 1080000
		}},
		{"rule 3: depreciation over, end year passed", func(in *Input) {
			in.Additions = []Addition{{ID: "old", Scope: ScopeCommon, Investment: d("500000"), StartYear: 2020, EndYear: 2024, DepreciationYears: 5, OperatingCost: d("1000")}}
		}, func(t *testing.T, r *Result) {
			eqRat(t, "cost", r.Additions[0].Cost, "0")
		}},
		{"rule 3: not started yet", func(in *Input) {
			in.Additions = []Addition{{ID: "new", Scope: ScopeMember, Member: "1860", Investment: d("500000"), StartYear: 2026, DepreciationYears: 5, OperatingCost: d("1000")}}
		}, func(t *testing.T, r *Result) {
			eqRat(t, "cost", r.Additions[0].Cost, "0")
		}},
		{"rule 3 and 7: a non-terminating capital cost is rounded once per member", func(in *Input) {
			in.Additions = []Addition{
				{ID: "a", Scope: ScopeMember, Member: "1860", Investment: d("1000"), StartYear: 2025, DepreciationYears: 3},
				{ID: "b", Scope: ScopeMember, Member: "1860", Investment: d("1000"), StartYear: 2025, DepreciationYears: 3},
			}
		}, func(t *testing.T, r *Result) {
			// 333.33… + 333.33… = 666.66… → 667, not 333 + 333.
			eq(t, "additions 1860", r.Members[2].Additions.Decimal(), "667")
		}},
		{"rule 4: transfers lower the pool; rule 11: next base", func(in *Input) {
			in.Transfers = []Transfer{{ID: "wan", Amounts: []TransferAmount{{Member: "1882", Amount: d("40000")}, {Member: "1861", Amount: d("60000")}}}}
			in.Additions = []Addition{{ID: "p", Scope: ScopeMember, Member: "1861", OperatingCost: d("5000"), StartYear: 2025, Permanent: true}}
		}, func(t *testing.T, r *Result) {
			eq(t, "pool", r.Pool, "900000")
			eq(t, "next base", r.NextBase, "905000") // 1 000 000 + 5 000 − 100 000
			m := r.Members[0]
			eq(t, "carried", m.TransferCarried, "40000")
			// relief = R(11478/33207 × 100000) = R(34565.00…) = 34565
			eq(t, "relief", m.TransferRelief.Decimal(), "34565")
			eq(t, "net", m.TransferNet(), "5435")
		}},
		{"rule 5: blended key", func(in *Input) {
			in.Allocation.Keys = []KeyWeight{{Driver: "population", Weight: d("0.5")}, {Driver: "users", Weight: d("0.5")}}
			in.Allocation.DriverCounts = []DriverCount{{Member: "1882", Driver: "users", Count: d("100")}, {Member: "1861", Driver: "users", Count: d("100")}}
		}, func(t *testing.T, r *Result) {
			// 1860 has no users: half of its population share.
			want := new(big.Rat).Mul(big.NewRat(1, 2), big.NewRat(5497, 33207))
			if r.Members[2].Share().Cmp(want) != 0 {
				t.Fatalf("share %s, want %s", r.Members[2].Share().FloatString(10), want.FloatString(10))
			}
			sum := decimal.Zero
			for _, m := range r.Members {
				sum = sum.Add(m.Allocated.Decimal())
			}
			eq(t, "allocated", sum, "1000000")
		}},
		{"rule 6: largest remainder with ties to the lower id", func(in *Input) {
			in.Members = []Member{{ID: "3", Population: d("1")}, {ID: "1", Population: d("1")}, {ID: "2", Population: d("1")}}
			in.Fee.PreviousTotal = d("100")
		}, func(t *testing.T, r *Result) {
			got := fees(r)
			if got["1"] != "34" || got["2"] != "33" || got["3"] != "33" {
				t.Fatalf("fees %v", got)
			}
		}},
		{"rule 8: volume over the threshold, not at it", func(in *Input) {
			in.Volume = Volume{Threshold: d("0.05"), Drivers: []VolumeDriver{{Driver: "users", UnitCost: d("2100")}},
				Counts: []VolumeCount{
					{Member: "1882", Driver: "users", Baseline: d("1450"), Current: d("1620")}, // +11.7 %
					{Member: "1861", Driver: "users", Baseline: d("1000"), Current: d("1050")}, // exactly 5 %: not over
					{Member: "1860", Driver: "users", Baseline: d("1000"), Current: d("800")},  // −20 %, not symmetric
				}}
		}, func(t *testing.T, r *Result) {
			eq(t, "1882", r.Members[0].Volume.Decimal(), "357000")
			eq(t, "1861", r.Members[1].Volume.Decimal(), "0")
			eq(t, "1860", r.Members[2].Volume.Decimal(), "0")
		}},
		{"rule 8: symmetric volume credits a decrease", func(in *Input) {
			in.Volume = Volume{Threshold: d("0.05"), Symmetric: true, Drivers: []VolumeDriver{{Driver: "users", UnitCost: d("2100.5")}},
				Counts: []VolumeCount{{Member: "1860", Driver: "users", Baseline: d("1000"), Current: d("799")}}}
		}, func(t *testing.T, r *Result) {
			eq(t, "1860", r.Members[2].Volume.Decimal(), "-422201") // −201 × 2100.5 = −422 200.5 → −422 201
		}},
		{"rule 9-10: fee and installments", func(in *Input) {
			in.Fee.PreviousTotal = d("1000003")
			in.Members[0].PreviousFee = decimal.NewNullDecimal(d("300000"))
		}, func(t *testing.T, r *Result) {
			total := decimal.Zero
			for _, m := range r.Members {
				total = total.Add(m.Fee.Decimal())
				s := decimal.Zero
				for _, p := range m.Installments() {
					s = s.Add(p)
				}
				eq(t, "installments of "+m.ID, s, m.Fee.Decimal().String())
				if len(m.Installments()) != 4 {
					t.Fatalf("%d installments", len(m.Installments()))
				}
			}
			eq(t, "total", r.Total, total.String())
			eq(t, "change", r.Members[0].Change().Decimal, r.Members[0].Fee.Decimal().Sub(d("300000")).String())
		}},
		{"rounding unit of one öre", func(in *Input) {
			in.RoundingUnit = d("0.01")
			in.Fee.PreviousTotal = d("100")
			in.Members = []Member{{ID: "a", Population: d("1")}, {ID: "b", Population: d("1")}, {ID: "c", Population: d("1")}}
		}, func(t *testing.T, r *Result) {
			got := fees(r)
			if got["a"] != "33.34" || got["b"] != "33.33" || got["c"] != "33.33" {
				t.Fatalf("fees %v", got)
			}
		}},
		{"default installments are monthly", func(in *Input) { in.Installments = 0 }, func(t *testing.T, r *Result) {
			if len(r.Members[0].Installments()) != 12 {
				t.Fatalf("%d installments", len(r.Members[0].Installments()))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.modify(in)
			r, err := Compute(in)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, r)
			// Every result ties out: parts sum to the pool, fees to the total.
			sum, total := decimal.Zero, decimal.Zero
			for _, m := range r.Members {
				sum = sum.Add(m.Allocated.Decimal())
				total = total.Add(m.Fee.Decimal())
			}
			eq(t, "Σ allocated", sum, r.Pool.String())
			eq(t, "Σ fee", total, r.Total.String())
		})
	}
}

func eq(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(d(want)) {
		t.Fatalf("%s = %s, want %s", what, got, want)
	}
}

func eqRat(t *testing.T, what string, got *big.Rat, want string) {
	t.Helper()
	w, _ := new(big.Rat).SetString(want)
	if got.Cmp(w) != 0 {
		t.Fatalf("%s = %s, want %s", what, got.FloatString(4), want)
	}
}

func TestComputeNegativePool(t *testing.T) {
	in := base()
	in.Transfers = []Transfer{{ID: "all", Amounts: []TransferAmount{{Member: "1882", Amount: d("2000000")}}}}
	_, err := Compute(in)
	var fe *field.Error
	if !errors.As(err, &fe) || !errors.Is(err, field.ErrNegativePool) || fe.Path != "pool" {
		t.Fatalf("err = %v", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(in *Input)
		path   string
		reason error
		text   string // part of the message
	}{
		{"negative population", func(in *Input) { in.Members[2].Population = d("-5") }, "members[2].population", field.ErrNegative, "members[2].population: -5 is negative"},
		{"zero population", func(in *Input) { in.Members[0].Population = d("0") }, "members[0].population", field.ErrNotPositive, ""},
		{"fractional population", func(in *Input) { in.Members[0].Population = d("10.5") }, "members[0].population", field.ErrNotWhole, ""},
		{"member id twice", func(in *Input) { in.Members[2].ID = "1882" }, "members[2].id", field.ErrDuplicate, "also members[0].id"},
		{"no members", func(in *Input) { in.Members = nil }, "members", field.ErrRequired, ""},
		{"unknown member in addition", func(in *Input) {
			in.Additions = []Addition{{ID: "x", Scope: ScopeMember, Member: "9999"}}
		}, "additions[0].member", field.ErrUnknownMember, `"9999"`},
		{"unknown scope", func(in *Input) { in.Additions = []Addition{{ID: "x", Scope: "everyone"}} }, "additions[0].scope", field.ErrOutOfRange, ""},
		{"investment without years", func(in *Input) {
			in.Additions = []Addition{{ID: "x", Scope: ScopeCommon, Investment: d("100"), StartYear: 2025}}
		}, "additions[0].depreciation_years", field.ErrRequired, ""},
		{"unknown clause", func(in *Input) { in.Additions = []Addition{{ID: "x", Scope: ScopeCommon, Clause: "9.9"}} }, "additions[0].clause", field.ErrUnknownClause, ""},
		{"unknown member in transfer", func(in *Input) {
			in.Transfers = []Transfer{{ID: "wan", Amounts: []TransferAmount{{Member: "0000", Amount: d("1")}}}}
		}, "transfers[0].amounts[0].member", field.ErrUnknownMember, ""},
		{"unknown member in count", func(in *Input) {
			in.Volume = Volume{Drivers: []VolumeDriver{{Driver: "users"}}, Counts: []VolumeCount{{Member: "x", Driver: "users", Baseline: d("1")}}}
		}, "volume.counts[0].member", field.ErrUnknownMember, ""},
		{"zero baseline", func(in *Input) {
			in.Volume = Volume{Drivers: []VolumeDriver{{Driver: "users"}}, Counts: []VolumeCount{{Member: "1882", Driver: "users"}}}
		}, "volume.counts[0].baseline", field.ErrNotPositive, ""},
		{"unknown volume driver", func(in *Input) {
			in.Volume = Volume{Counts: []VolumeCount{{Member: "1882", Driver: "sites", Baseline: d("1")}}}
		}, "volume.counts[0].driver", field.ErrUnknownDriver, ""},
		{"weights not summing to 1", func(in *Input) {
			in.Allocation.Keys = []KeyWeight{{Driver: "population", Weight: d("0.6")}}
		}, "allocation.keys", field.ErrBadSum, "0.6"},
		{"key driver without counts", func(in *Input) {
			in.Allocation.Keys = []KeyWeight{{Driver: "population", Weight: d("0.5")}, {Driver: "users", Weight: d("0.5")}}
		}, "allocation.keys[1].driver", field.ErrNoCount, ""},
		{"indexation share above 1", func(in *Input) {
			in.Fee.Indexation = []Component{{Component: "wages", Share: d("1.2")}}
		}, "fee.indexation[0].share", field.ErrOutOfRange, ""},
		{"indexation shares summing above 1", func(in *Input) {
			in.Fee.Indexation = []Component{{Component: "wages", Share: d("0.7")}, {Component: "rent", Share: d("0.4")}}
		}, "fee.indexation", field.ErrBadSum, "1.1"},
		{"negative previous total", func(in *Input) { in.Fee.PreviousTotal = d("-1") }, "fee.previous_total", field.ErrNegative, ""},
		{"installments out of range", func(in *Input) { in.Installments = 13 }, "installments", field.ErrOutOfRange, ""},
		{"no year", func(in *Input) { in.Year = 0 }, "year", field.ErrOutOfRange, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.modify(in)
			errs := in.Validate()
			for _, err := range errs {
				var fe *field.Error
				if errors.As(err, &fe) && fe.Path == tt.path && errors.Is(err, tt.reason) {
					if !strings.Contains(err.Error(), tt.text) {
						t.Fatalf("message %q lacks %q", err, tt.text)
					}
					if _, cerr := Compute(in); cerr == nil {
						t.Fatal("Compute accepted an invalid input")
					}
					return
				}
			}
			t.Fatalf("no %v at %s in %v", tt.reason, tt.path, errs)
		})
	}
	if errs := base().Validate(); len(errs) != 0 {
		t.Fatalf("the base input is invalid: %v", errs)
	}
}

// TestValidateReportsEverything: every problem is listed, not just the first.
func TestValidateReportsEverything(t *testing.T) {
	in := base()
	in.Members[0].Population = d("-1")
	in.Members[1].Population = d("0")
	in.Fee.PreviousTotal = d("-5")
	if errs := in.Validate(); len(errs) != 3 {
		t.Fatalf("%d problems, want 3: %v", len(errs), errs)
	}
}

// FuzzCompute: whatever the populations, totals and volumes, a valid input
// gives fees that tie out to the krona and never panics.
func FuzzCompute(f *testing.F) {
	f.Add(uint32(11478), uint32(16232), uint32(5497), int64(61250000), int64(34), int64(1450), int64(1620), uint8(4))
	f.Fuzz(func(t *testing.T, p1, p2, p3 uint32, prev, rate, baseline, current int64, n uint8) {
		if p1 == 0 || p2 == 0 || p3 == 0 || prev < 0 || baseline <= 0 || current < 0 || n == 0 || n > 12 {
			return
		}
		in := base()
		in.Members[0].Population = decimal.NewFromInt(int64(p1))
		in.Members[1].Population = decimal.NewFromInt(int64(p2))
		in.Members[2].Population = decimal.NewFromInt(int64(p3))
		in.Fee.PreviousTotal = decimal.New(prev, -2)
		in.Fee.Indexation = []Component{{Component: "wages", Share: d("0.62"), Rate: decimal.New(rate%1000, -3)}}
		in.Volume = Volume{Threshold: d("0.05"), Drivers: []VolumeDriver{{Driver: "users", UnitCost: d("2100")}},
			Counts: []VolumeCount{{Member: "1882", Driver: "users", Baseline: decimal.NewFromInt(baseline), Current: decimal.NewFromInt(current)}}}
		in.Installments = int(n)
		r, err := Compute(in)
		if err != nil {
			return // e.g. a negative pool from a deflating rate
		}
		alloc, total := decimal.Zero, decimal.Zero
		for _, m := range r.Members {
			alloc = alloc.Add(m.Allocated.Decimal())
			total = total.Add(m.Fee.Decimal())
			inst := decimal.Zero
			for _, p := range m.Installments() {
				inst = inst.Add(p)
			}
			if !inst.Equal(m.Fee.Decimal()) {
				t.Fatalf("installments %v do not sum to %s", m.Installments(), m.Fee.Decimal())
			}
		}
		if !alloc.Equal(r.Pool) || !total.Equal(r.Total) {
			t.Fatalf("allocated %s of pool %s; fees %s of total %s", alloc, r.Pool, total, r.Total)
		}
		checkReference(t, "fuzz", in, r)
	})
}
