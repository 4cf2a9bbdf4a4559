package allocation

import (
	"github.com/shopspring/decimal"

	"memberfee/policy"
)

// Scopes of an Addition.
const (
	ScopeCommon = "common" // joins the pool that the key splits (gemensamt tillägg)
	ScopeMember = "member" // is paid by one member alone (medlemsspecifikt tillägg)
)

// DriverPopulation is the allocation driver read from Member.Population
// (invånarantal); every other driver comes from Input.DriverCounts.
const DriverPopulation = "population"

// DefaultInstallments is the number of installments when none is configured:
// one a month.
const DefaultInstallments = 12

// Input is everything the annual calculation needs. Its fields carry the key
// names of the config file, so that paths in errors read as the file does.
type Input struct {
	Year         int             `mapstructure:"year"`
	Organisation string          `mapstructure:"organisation"`
	Currency     string          `mapstructure:"currency"`
	RoundingUnit decimal.Decimal `mapstructure:"rounding_unit"` // zero means 1 krona
	Members      []Member        `mapstructure:"members"`
	Allocation   Key             `mapstructure:"allocation"`
	Fee          Fee             `mapstructure:"fee"`
	Additions    []Addition      `mapstructure:"additions"`
	Transfers    []Transfer      `mapstructure:"transfers"`
	Volume       Volume          `mapstructure:"volume"`
	Installments int             `mapstructure:"installments"` // zero means DefaultInstallments
	// Policy is the board's policy, whose clauses the additions and
	// transfers cite (the config's policy key); nil means the built-in
	// one (policy.Default).
	Policy *policy.Policy `mapstructure:"-"`
}

// PolicyOrDefault returns the input's policy, or the built-in one.
func (in *Input) PolicyOrDefault() *policy.Policy {
	if in.Policy != nil {
		return in.Policy
	}
	return policy.Default()
}

// Member is a member municipality (medlemskommun).
type Member struct {
	ID          string              `mapstructure:"id"` // e.g. the municipality code "1882"
	Name        string              `mapstructure:"name"`
	Population  decimal.Decimal     `mapstructure:"population"`   // invånarantal, a whole number > 0
	PreviousFee decimal.NullDecimal `mapstructure:"previous_fee"` // last year's fee, for the change
}

// Key is the allocation key (fördelningsnyckel): a weighted blend of drivers.
type Key struct {
	PopulationSource string        `mapstructure:"population_source"` // e.g. "SCB, folkmängd 31 december 2023"
	Keys             []KeyWeight   `mapstructure:"keys"`              // empty means population, weight 1
	DriverCounts     []DriverCount `mapstructure:"driver_counts"`
}

// KeyWeight is one driver of the key and its weight; the weights sum to 1.
type KeyWeight struct {
	Driver string          `mapstructure:"driver"`
	Weight decimal.Decimal `mapstructure:"weight"`
}

// DriverCount is a member's count of a driver other than population.
type DriverCount struct {
	Member string          `mapstructure:"member"`
	Driver string          `mapstructure:"driver"`
	Count  decimal.Decimal `mapstructure:"count"`
}

// Fee holds last year's ongoing total and its indexation (uppräkning).
type Fee struct {
	PreviousTotal decimal.Decimal `mapstructure:"previous_total"`
	Indexation    []Component     `mapstructure:"indexation"`
	// DueDates are the installments' due dates (förfallodagar), one per
	// installment, written 2025-03-31; none means the last day of each
	// installment's first month (see DueDates).
	DueDates []string `mapstructure:"due_dates"`
}

// Component is a cost component of the indexation, e.g. wages (löner) or
// rent (hyror): the share of the total it makes up and its rate of increase.
type Component struct {
	Component string          `mapstructure:"component"`
	Share     decimal.Decimal `mapstructure:"share"`
	Rate      decimal.Decimal `mapstructure:"rate"`
	Source    string          `mapstructure:"source"`
}

// Addition is a decided extension of ambition (utökat medlemsbidrag): an
// optional investment, turned into a yearly capital cost, and an optional
// yearly operating cost.
type Addition struct {
	ID                string          `mapstructure:"id"`
	Name              string          `mapstructure:"name"`
	Clause            string          `mapstructure:"clause"`
	Scope             string          `mapstructure:"scope"`  // ScopeCommon or ScopeMember
	Member            string          `mapstructure:"member"` // for ScopeMember
	Investment        decimal.Decimal `mapstructure:"investment"`
	StartYear         int             `mapstructure:"start_year"`
	EndYear           int             `mapstructure:"end_year"` // zero: no end
	DepreciationYears int             `mapstructure:"depreciation_years"`
	InterestRate      decimal.Decimal `mapstructure:"interest_rate"`
	OperatingCost     decimal.Decimal `mapstructure:"operating_cost"`
	Permanent         bool            `mapstructure:"permanent"` // its operating cost joins next year's base

	// costYear, when set, is the year the addition is costed in instead of
	// Input.Year: a fee bridge's hybrid inputs keep each addition in the
	// year of the config it comes from (see Bridge).
	costYear int
}

// Transfer (ramväxling) moves a cost out of the board's budget to the
// members: the pool is lowered by the sum of the amounts and each member
// carries its own amount itself.
type Transfer struct {
	ID      string           `mapstructure:"id"`
	Name    string           `mapstructure:"name"`
	Clause  string           `mapstructure:"clause"`
	Amounts []TransferAmount `mapstructure:"amounts"`
}

// TransferAmount is what one member carries itself after a transfer.
type TransferAmount struct {
	Member string          `mapstructure:"member"`
	Amount decimal.Decimal `mapstructure:"amount"`
}

// Volume is the volume principle (volymprincip): a member whose volume of a
// driver moved more than Threshold from its baseline pays (or, with a
// decrease and Symmetric, is credited) change × unit cost.
type Volume struct {
	Threshold decimal.Decimal `mapstructure:"threshold"`
	Symmetric bool            `mapstructure:"symmetric"`
	Drivers   []VolumeDriver  `mapstructure:"drivers"`
	Counts    []VolumeCount   `mapstructure:"counts"`
}

// VolumeDriver is a volume driver (users, clients, sites …) and its unit cost.
type VolumeDriver struct {
	Driver   string          `mapstructure:"driver"`
	UnitCost decimal.Decimal `mapstructure:"unit_cost"`
}

// VolumeCount is a member's baseline and current volume of a driver.
type VolumeCount struct {
	Member   string          `mapstructure:"member"`
	Driver   string          `mapstructure:"driver"`
	Baseline decimal.Decimal `mapstructure:"baseline"`
	Current  decimal.Decimal `mapstructure:"current"`
}

// Unit returns the rounding unit, 1 when none is set.
func (in *Input) Unit() decimal.Decimal {
	if in.RoundingUnit.IsZero() {
		return decimal.NewFromInt(1)
	}
	return in.RoundingUnit
}

// InstallmentCount returns the number of installments, DefaultInstallments
// when none is set.
func (in *Input) InstallmentCount() int {
	if in.Installments == 0 {
		return DefaultInstallments
	}
	return in.Installments
}

// KeyWeights returns the allocation key's drivers, population with weight 1
// when none is configured.
func (in *Input) KeyWeights() []KeyWeight {
	if len(in.Allocation.Keys) == 0 {
		return []KeyWeight{{Driver: DriverPopulation, Weight: decimal.NewFromInt(1)}}
	}
	return in.Allocation.Keys
}
