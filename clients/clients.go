package clients

import (
	"math/big"
	"memberfee/internal/msg"
	"memberfee/internal/quote"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Types of device.
var Types = []string{"PC", "Mac", "tablet", "phone", "other"}

// DefaultPCYears is the planned life of a PC in the policy (clause 2.1).
const DefaultPCYears = 4

// Device is one row of the asset register.
type Device struct {
	File       string
	Row        int
	ID, Type   string
	Member     string
	Department string
	Purchased  time.Time // a day
	Price      decimal.Decimal
	Shared     bool // a shared computer (F3 licence) rather than a personal one (E3/A3)
}

// TypeRule is a type's planned life and next year's replacement price.
type TypeRule struct {
	Type              string          `mapstructure:"type"`
	DepreciationYears int             `mapstructure:"depreciation_years"`
	ReplacementPrice  decimal.Decimal `mapstructure:"replacement_price"`
}

// Schedule is one device's figures for the year.
type Schedule struct {
	Device
	Years         int
	Monthly       *big.Rat // price / (years × 12)
	Before        int      // months of life elapsed before January of the year (capped at the life)
	Months        int      // months of the year in its life
	Depreciation  *big.Rat
	Interest      *big.Rat
	BookValue     *big.Rat // at the end of the year
	LastMonth     time.Time
	AgeYears      int // whole years from purchase to the end of the year
	Due           bool
	ReplacementAt decimal.Decimal
}

// MemberTotal is one member's figures, rounded to the öre.
type MemberTotal struct {
	ID                    string
	Devices, Replacements int
	Shared, Personal      int
	Depreciation          decimal.Decimal
	Interest              decimal.Decimal
	BookValue             decimal.Decimal
	ReplacementInvestment decimal.Decimal
	Exact                 [4]*big.Rat // depreciation, interest, book value, replacement, before rounding
}

// Rejection is a register row that is not counted, and why.
type Rejection struct {
	File   string
	Row    int
	Column string
	Reason string
}

// Result is the register computed for a year.
type Result struct {
	Year      int
	Schedules []Schedule // accepted devices in register order
	Members   []MemberTotal
	Rejected  []Rejection
}

// Compute works out the year's figures. members are the member ids in the
// order wanted; rows that name an unknown member or type, a price below
// zero, a purchase after the year, or a device id seen before are rejected.
func Compute(devices []Device, members []string, types []TypeRule, rate decimal.Decimal, year int) *Result {
	rules := map[string]TypeRule{}
	for _, t := range types {
		rules[strings.ToLower(t.Type)] = t
	}
	if _, ok := rules["pc"]; !ok {
		rules["pc"] = TypeRule{Type: "PC", DepreciationYears: DefaultPCYears}
	}
	known := map[string]bool{}
	for _, m := range members {
		known[m] = true
	}
	res := &Result{Year: year}
	seen := map[string]int{}
	endOfYear := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, d := range devices {
		reject := func(col, key string, vals ...string) { // the catalogue's text (internal/msg)
			res.Rejected = append(res.Rejected, Rejection{d.File, d.Row, col, msg.Canon(key, vals...)})
		}
		rule, typeOK := rules[strings.ToLower(d.Type)]
		switch {
		case d.ID != "" && seen[d.ID] > 0:
			reject("device", "clients.twice", d.ID, strconv.Itoa(seen[d.ID]))
			continue
		case !known[d.Member]:
			reject("member", "unknown_member", quote.Value(d.Member))
			continue
		case !typeOK || rule.DepreciationYears <= 0:
			reject("type", "clients.type", quote.Value(d.Type))
			continue
		case d.Price.Sign() < 0:
			reject("price", "clients.negative_price", d.Price.String())
			continue
		case d.Purchased.After(endOfYear):
			reject("purchased", "clients.after_year", d.Purchased.Format(time.DateOnly), strconv.Itoa(year))
			continue
		}
		seen[d.ID] = d.Row
		res.Schedules = append(res.Schedules, schedule(d, rule, rate, year))
	}
	totals := map[string]*MemberTotal{}
	for _, m := range members {
		mt := &MemberTotal{ID: m}
		for i := range mt.Exact {
			mt.Exact[i] = new(big.Rat)
		}
		totals[m] = mt
	}
	for _, s := range res.Schedules {
		mt := totals[s.Member]
		mt.Devices++
		if s.Shared {
			mt.Shared++
		} else {
			mt.Personal++
		}
		mt.Exact[0].Add(mt.Exact[0], s.Depreciation)
		mt.Exact[1].Add(mt.Exact[1], s.Interest)
		mt.Exact[2].Add(mt.Exact[2], s.BookValue)
		if s.Due {
			mt.Replacements++
			mt.Exact[3].Add(mt.Exact[3], s.ReplacementAt.Rat())
		}
	}
	for _, m := range members {
		mt := totals[m]
		mt.Depreciation, mt.Interest = r2(mt.Exact[0]), r2(mt.Exact[1])
		mt.BookValue, mt.ReplacementInvestment = r2(mt.Exact[2]), r2(mt.Exact[3])
		res.Members = append(res.Members, *mt)
	}
	return res
}

// schedule works out one device's year.
func schedule(d Device, rule TypeRule, rate decimal.Decimal, year int) Schedule {
	life := rule.DepreciationYears * 12
	price := d.Price.Rat()
	monthly := new(big.Rat).Quo(price, big.NewRat(int64(life), 1))
	first := monthIndex(d.Purchased)
	lastIdx := first + life - 1
	jan := year * 12
	before := min(max(jan-first, 0), life)                   // months of life before January
	months := max(min(lastIdx, jan+11)-max(first, jan)+1, 0) // months of life in the year
	s := Schedule{Device: d, Years: rule.DepreciationYears, Monthly: monthly, Before: before, Months: months,
		LastMonth: time.Date(lastIdx/12, time.Month(lastIdx%12+1), 1, 0, 0, 0, 0, time.UTC)}
	s.Depreciation = new(big.Rat).Mul(monthly, big.NewRat(int64(months), 1))
	s.BookValue = new(big.Rat).Sub(price, new(big.Rat).Mul(monthly, big.NewRat(int64(before+months), 1)))
	// Σ over the months of the year of (price − monthly × k) × rate / 12,
	// k = before … before+months−1.
	sumK := big.NewRat(int64(months*before+months*(months-1)/2), 1)
	interest := new(big.Rat).Mul(price, big.NewRat(int64(months), 1))
	interest.Sub(interest, new(big.Rat).Mul(monthly, sumK))
	interest.Mul(interest, rate.Rat())
	s.Interest = interest.Quo(interest, big.NewRat(12, 1))
	s.Due = lastIdx <= (year+1)*12+11
	if s.Due {
		s.ReplacementAt = rule.ReplacementPrice
	}
	s.AgeYears = year - d.Purchased.Year()
	return s
}

func monthIndex(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

func r2(x *big.Rat) decimal.Decimal { return decimal.NewFromBigRat(x, 2) }

// AgeCounts counts devices by member, type and age in whole years, sorted.
type AgeCount struct {
	Member, Type string
	Age, Count   int
}

// AgeCounts returns the devices counted by member, type and age.
func (r *Result) AgeCounts() []AgeCount {
	type key struct {
		m, t string
		a    int
	}
	c := map[key]int{}
	for _, s := range r.Schedules {
		c[key{s.Member, s.Type, s.AgeYears}]++
	}
	out := make([]AgeCount, 0, len(c))
	for k, n := range c {
		out = append(out, AgeCount{k.m, k.t, k.a, n})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Member != b.Member {
			return a.Member < b.Member
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.Age < b.Age
	})
	return out
}
