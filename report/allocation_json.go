package report

import (
	"bytes"
	"encoding/json"
	"math/big"

	"github.com/shopspring/decimal"

	"memberfee/allocation"
)

// AllocationJSON is the machine-readable annual fee (SPEC "Allocation
// JSON"): money as decimal strings in the rounding unit's precision. Fields
// beyond the contract carry the working.
type AllocationJSON struct {
	Year            int              `json:"year"`
	Organisation    string           `json:"organisation,omitempty"`
	Currency        string           `json:"currency"`
	RoundingUnit    string           `json:"rounding_unit"`
	IndexFactor     string           `json:"index_factor"`
	Indexation      []IndexationJSON `json:"indexation"`
	PreviousTotal   string           `json:"previous_total"`
	IndexedBase     string           `json:"indexed_base"`
	CommonAdditions string           `json:"common_additions"`
	Transfers       string           `json:"transfers"`
	Pool            string           `json:"pool"`
	Total           string           `json:"total"`
	NextBase        string           `json:"next_base"`
	InstallmentsN   int              `json:"installments_per_year"`
	Keys            []KeyJSON        `json:"keys"`
	Additions       []AdditionJSON   `json:"additions"`
	Members         []MemberJSON     `json:"members"`
	// Bridge is the fee bridge from last year's fee, only when last
	// year's config is given.
	Bridge *BridgeJSON `json:"bridge,omitempty"`
}

// IndexationJSON is one indexation component.
type IndexationJSON struct {
	Component    string `json:"component"`
	Share        string `json:"share"`
	Rate         string `json:"rate"`
	Contribution string `json:"contribution"`
	Source       string `json:"source,omitempty"`
}

// KeyJSON is one driver of the allocation key.
type KeyJSON struct {
	Driver string `json:"driver"`
	Weight string `json:"weight"`
	Total  string `json:"total"`
}

// AdditionJSON is one addition's cost this year, to the öre (the
// calculation sums the exact costs before rounding).
type AdditionJSON struct {
	ID            string `json:"id"`
	Scope         string `json:"scope"`
	Member        string `json:"member,omitempty"`
	Clause        string `json:"clause,omitempty"`
	CapitalCost   string `json:"capital_cost"`
	OperatingCost string `json:"operating_cost"`
	Cost          string `json:"cost"`
	Permanent     bool   `json:"permanent"`
}

// MemberJSON is one member's fee.
type MemberJSON struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	KeyShare         string   `json:"key_share"`
	Allocated        string   `json:"allocated"`
	Additions        string   `json:"additions"`
	VolumeAdjustment string   `json:"volume_adjustment"`
	Fee              string   `json:"fee"`
	Installments     []string `json:"installments"`
	Population       string   `json:"population"`
	RemainderUnit    bool     `json:"remainder_unit"`
	PreviousFee      *string  `json:"previous_fee,omitempty"`
	Change           *string  `json:"change,omitempty"`
	ChangePercent    *string  `json:"change_percent,omitempty"`
	TransferCarried  string   `json:"transfer_carried"`
	TransferNet      string   `json:"transfer_net_effect"`
}

// NewAllocationJSON converts a result to its JSON form.
func NewAllocationJSON(in *allocation.Input, r *allocation.Result) *AllocationJSON {
	money := func(d decimal.Decimal) string { return d.StringFixed(r.Places) }
	ore := func(x *big.Rat) string { return decimal.NewFromBigRat(x, 2).StringFixed(2) }
	cur := in.Currency
	if cur == "" {
		cur = "SEK"
	}
	j := &AllocationJSON{
		Year: r.Year, Organisation: in.Organisation, Currency: cur, RoundingUnit: r.Unit.String(),
		IndexFactor: r.Factor.String(), PreviousTotal: in.Fee.PreviousTotal.String(),
		IndexedBase: money(r.IndexedBase), CommonAdditions: ore(r.Common), Transfers: r.TransfersSum.String(),
		Pool: money(r.Pool), Total: money(r.Total), NextBase: r.NextBase.String(), InstallmentsN: r.Installments,
		Indexation: []IndexationJSON{}, Keys: []KeyJSON{}, Additions: []AdditionJSON{}, Members: []MemberJSON{},
	}
	for _, c := range r.Indexation {
		j.Indexation = append(j.Indexation, IndexationJSON{c.Component.Component, c.Share.String(), c.Rate.String(), c.Contribution.String(), c.Source})
	}
	for i, k := range r.Keys {
		j.Keys = append(j.Keys, KeyJSON{k.Driver, k.Weight.String(), r.KeyTotals[i].String()})
	}
	for _, a := range r.Additions {
		j.Additions = append(j.Additions, AdditionJSON{ID: a.ID, Scope: a.Scope, Member: a.Member, Clause: a.Clause,
			CapitalCost: ore(a.CapitalCost), OperatingCost: a.OperatingCost.StringFixed(2), Cost: ore(a.Cost), Permanent: a.Permanent})
	}
	for _, m := range r.Members {
		mj := MemberJSON{ID: m.ID, Name: m.Name, KeyShare: m.ShareDecimal().String(), Allocated: money(m.Allocated.Decimal()),
			Additions: money(m.Additions.Decimal()), VolumeAdjustment: money(m.Volume.Decimal()), Fee: money(m.Fee.Decimal()),
			Population: m.Population.String(), RemainderUnit: m.Split.Extra,
			TransferCarried: m.TransferCarried.String(), TransferNet: money(m.TransferNet())}
		for _, p := range m.Installments() {
			mj.Installments = append(mj.Installments, money(p))
		}
		if m.PreviousFee.Valid {
			mj.PreviousFee = new(m.PreviousFee.Decimal.String())
			mj.Change = new(m.Change().Decimal.String())
			if m.ChangeRatio() != nil {
				pct := new(big.Rat).Mul(m.ChangeRatio(), big.NewRat(100, 1))
				mj.ChangePercent = new(decimal.NewFromBigRat(pct, 2).StringFixed(2))
			}
		}
		j.Members = append(j.Members, mj)
	}
	return j
}

// Marshal encodes v as indented JSON with a final newline.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
