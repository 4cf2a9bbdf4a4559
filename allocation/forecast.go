package allocation

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Assumptions are what a forecast (prognos) assumes for the years after the
// first: index rates per year and component (a component keeps its last
// rate when a year has none) and population projections per member and
// year (a member keeps its last population when a year has none).
type Assumptions struct {
	Indexation []YearRate       `mapstructure:"indexation"`
	Population []YearPopulation `mapstructure:"population"`
}

// YearRate is a component's index rate in a year.
type YearRate struct {
	Year      int             `mapstructure:"year"`
	Component string          `mapstructure:"component"`
	Rate      decimal.Decimal `mapstructure:"rate"`
}

// YearPopulation is a member's projected population in a year.
type YearPopulation struct {
	Year       int             `mapstructure:"year"`
	Member     string          `mapstructure:"member"`
	Population decimal.Decimal `mapstructure:"population"`
}

// Forecast computes the fee for years in.Year … in.Year+years−1. The first
// year is exactly Compute(in). Each later year starts from the previous
// year's next_base, so that
//   - the transfers, already taken out of the base, are not taken again;
//   - a permanent addition's operating cost, once it has joined the base, is
//     no longer added (its capital cost runs on by its depreciation);
//   - other additions follow their start and end years and depreciation;
//   - volume counts, which describe the first year, no longer apply;
//   - last year's fee is each member's previous fee.
func Forecast(in *Input, years int, a Assumptions) ([]*Result, error) {
	_, out, err := forecast(in, years, a, false)
	return out, err
}

// ForecastBridges is the fee bridge of each forecast year after the first
// from the year before (see Forecast and ComputeBridge): bridges[t−1] leads
// from year in.Year+t−1 to in.Year+t.
func ForecastBridges(in *Input, years int, a Assumptions) ([]*Bridge, error) {
	inputs, _, err := forecast(in, years, a, true)
	if err != nil {
		return nil, err
	}
	var out []*Bridge
	for t := 1; t < len(inputs); t++ {
		b, err := ComputeBridge(inputs[t-1], inputs[t])
		if err != nil {
			return nil, fmt.Errorf("the bridge to year %d: %w", inputs[t].Year, err)
		}
		out = append(out, b)
	}
	return out, nil
}

// forecast is Forecast, also returning each year's input when keep is set.
func forecast(in *Input, years int, a Assumptions, keep bool) ([]*Input, []*Result, error) {
	if years < 1 || years > 50 {
		return nil, nil, fmt.Errorf("a forecast of %d years: give 1 to 50", years)
	}
	cur := clone(in)
	joined := map[string]bool{} // permanent additions in the base
	var out []*Result
	var inputs []*Input
	for t := 0; t < years; t++ {
		if t > 0 {
			prev := out[t-1]
			cur.Year = in.Year + t
			cur.Fee.PreviousTotal = prev.NextBase
			cur.Transfers = nil
			cur.Volume.Counts = nil
			for i := range cur.Members {
				cur.Members[i].PreviousFee = decimal.NewNullDecimal(prev.Members[i].Fee.Decimal())
				for _, p := range a.Population {
					if p.Year == cur.Year && p.Member == cur.Members[i].ID {
						cur.Members[i].Population = p.Population
					}
				}
			}
			for i := range cur.Fee.Indexation {
				for _, r := range a.Indexation {
					if r.Year == cur.Year && r.Component == cur.Fee.Indexation[i].Component {
						cur.Fee.Indexation[i].Rate = r.Rate
					}
				}
			}
			for i := range cur.Additions {
				if joined[cur.Additions[i].ID] {
					cur.Additions[i].OperatingCost = decimal.Zero
				}
			}
		}
		r, err := Compute(cur)
		if err != nil {
			return nil, nil, fmt.Errorf("year %d: %w", cur.Year, err)
		}
		if keep {
			inputs = append(inputs, clone(cur))
		}
		for _, ac := range r.Additions {
			if ac.Permanent && ac.Active {
				joined[ac.ID] = true
			}
		}
		out = append(out, r)
	}
	return inputs, out, nil
}

// clone copies an input deeply enough for Forecast to change it.
func clone(in *Input) *Input {
	c := *in
	c.Members = append([]Member(nil), in.Members...)
	c.Fee.Indexation = append([]Component(nil), in.Fee.Indexation...)
	c.Additions = append([]Addition(nil), in.Additions...)
	c.Transfers = append([]Transfer(nil), in.Transfers...)
	c.Volume.Counts = append([]VolumeCount(nil), in.Volume.Counts...)
	return &c
}
