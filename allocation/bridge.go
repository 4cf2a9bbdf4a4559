package allocation

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// The steps of a fee bridge (SPEC "Why each fee changed"), in the order they
// are taken: each replaces more sections of last year's config by this
// year's.
const (
	StepBase            = "base"             // year, rounding_unit, fee, installments and every other key
	StepKey             = "key"              // members (populations) and allocation (keys, driver counts)
	StepCommonAdditions = "common_additions" // additions of scope common
	StepMemberAdditions = "member_additions" // additions of scope member
	StepTransfers       = "transfers"
	StepVolume          = "volume"
)

// BridgeSteps are the steps' ids in their order.
var BridgeSteps = [...]string{StepBase, StepKey, StepCommonAdditions, StepMemberAdditions, StepTransfers, StepVolume}

// Bridge is the exact bridge from last year's fee to this year's: step k is,
// member by member, the fee of last year's input with the sections of steps
// 1…k replaced by this year's less the fee with steps 1…k−1 replaced. Each
// of the seven inputs is a full allocation (Compute); the first is last
// year's own, the last this year's, so that the steps of every member (and
// of the total) sum exactly to Fee − Previous.
type Bridge struct {
	PreviousYear, Year int
	// Results are the seven allocations: Results[0] last year's,
	// Results[k] with steps 1…k replaced, Results[6] this year's fees.
	Results [len(BridgeSteps) + 1]*Result
	Members []BridgeMember // in this year's order
	Total   BridgeMember   // the board's whole change, split the same way (ID and Name empty)
}

// BridgeMember is one member's bridge.
type BridgeMember struct {
	ID, Name string
	Previous decimal.Decimal // the fee memberfee computes from last year's config
	Steps    [len(BridgeSteps)]decimal.Decimal
	Fee      decimal.Decimal // this year's fee
	// PreviousShare and Share are the key shares of the two years (nil in
	// the total).
	PreviousShare, Share *big.Rat
}

// Change returns Fee − Previous, which is also the sum of the steps.
func (m *BridgeMember) Change() decimal.Decimal { return m.Fee.Sub(m.Previous) }

// YearGap reports whether last year's config is not of the year before
// this one: a board may skip a year, so it is a warning, not an error.
func (b *Bridge) YearGap() bool { return b.PreviousYear != b.Year-1 }

// MembersDifferError is a bridge asked for between years whose members
// differ.
type MembersDifferError struct {
	PreviousYear, Year int
	OnlyPrevious       []Member // in last year's config only
	OnlyCurrent        []Member // in this year's only
}

func (e *MembersDifferError) Error() string {
	var parts []string
	for _, m := range e.OnlyPrevious {
		parts = append(parts, fmt.Sprintf("member %s is in the %d config but not in %d's", memberName(m), e.PreviousYear, e.Year))
	}
	for _, m := range e.OnlyCurrent {
		parts = append(parts, fmt.Sprintf("member %s is in the %d config but not in %d's", memberName(m), e.Year, e.PreviousYear))
	}
	return fmt.Sprintf("the members differ between the years: %s; give the bridge (--previous) only for years with the same members",
		strings.Join(parts, "; "))
}

func memberName(m Member) string {
	if m.Name == "" {
		return fmt.Sprintf("%q", m.ID)
	}
	return fmt.Sprintf("%q (%s)", m.ID, m.Name)
}

// BridgeStepError is a hybrid input of a bridge that could not be
// allocated, e.g. a pool that this year's base with last year's transfers
// makes negative.
type BridgeStepError struct {
	Step string // the last step replaced
	Err  error
}

func (e *BridgeStepError) Error() string {
	return fmt.Sprintf("the fee bridge: last year's config with the sections up to step %q replaced by this year's: %v", e.Step, e.Err)
}

func (e *BridgeStepError) Unwrap() error { return e.Err }

// ComputeBridge computes the bridge from last year's input prev to this
// year's cur. Both should have passed Validate; the members must be the
// same ids (a *MembersDifferError otherwise). Neither input is modified.
func ComputeBridge(prev, cur *Input) (*Bridge, error) {
	if err := sameMembers(prev, cur); err != nil {
		return nil, err
	}
	b := &Bridge{PreviousYear: prev.Year, Year: cur.Year}
	for k := range b.Results {
		r, err := Compute(Hybrid(prev, cur, k))
		if err != nil {
			if k == 0 {
				return nil, fmt.Errorf("last year's config: %w", err)
			}
			return nil, &BridgeStepError{Step: BridgeSteps[k-1], Err: err}
		}
		b.Results[k] = r
	}
	// Each result's members by id.
	pos := make([]map[string]int, len(b.Results))
	for k, r := range b.Results {
		pos[k] = make(map[string]int, len(r.Members))
		for i, m := range r.Members {
			pos[k][m.ID] = i
		}
	}
	fee := func(k int, id string) decimal.Decimal { return b.Results[k].Members[pos[k][id]].Fee.Decimal() }
	last := b.Results[len(BridgeSteps)]
	b.Total = BridgeMember{Previous: b.Results[0].Total, Fee: last.Total}
	for k := range BridgeSteps {
		b.Total.Steps[k] = b.Results[k+1].Total.Sub(b.Results[k].Total)
	}
	for i := range last.Members {
		m := &last.Members[i]
		pm := &b.Results[0].Members[pos[0][m.ID]]
		bm := BridgeMember{ID: m.ID, Name: m.Name, Previous: pm.Fee.Decimal(), Fee: m.Fee.Decimal(),
			PreviousShare: pm.Share(), Share: m.Share()}
		for k := range BridgeSteps {
			bm.Steps[k] = fee(k+1, m.ID).Sub(fee(k, m.ID))
		}
		b.Members = append(b.Members, bm)
	}
	return b, nil
}

// sameMembers checks that the two inputs have the same member ids.
func sameMembers(prev, cur *Input) error {
	ids := func(in *Input) map[string]bool {
		s := make(map[string]bool, len(in.Members))
		for _, m := range in.Members {
			s[m.ID] = true
		}
		return s
	}
	p, c := ids(prev), ids(cur)
	e := &MembersDifferError{PreviousYear: prev.Year, Year: cur.Year}
	for _, m := range prev.Members {
		if !c[m.ID] {
			e.OnlyPrevious = append(e.OnlyPrevious, m)
		}
	}
	for _, m := range cur.Members {
		if !p[m.ID] {
			e.OnlyCurrent = append(e.OnlyCurrent, m)
		}
	}
	if len(e.OnlyPrevious)+len(e.OnlyCurrent) > 0 {
		return e
	}
	return nil
}

// Hybrid returns last year's input prev with the sections of the first k
// steps of BridgeSteps replaced by this year's cur (k = 0: prev itself;
// k = len(BridgeSteps): cur's sections throughout). Every addition keeps
// the year of the config it comes from as its costing year. The result
// shares slices with prev and cur, to be read, not modified.
func Hybrid(prev, cur *Input, k int) *Input {
	h := *prev
	if k >= 1 { // base: everything but the sections of the later steps
		h = *cur
		h.Members, h.Allocation = prev.Members, prev.Allocation
		h.Additions, h.Transfers, h.Volume = prev.Additions, prev.Transfers, prev.Volume
	}
	if k >= 2 {
		h.Members, h.Allocation = cur.Members, cur.Allocation
	}
	common, member := costedIn(prev), costedIn(prev)
	if k >= 3 {
		common = costedIn(cur)
	}
	if k >= 4 {
		member = costedIn(cur)
	}
	h.Additions = joinAdditions(common, member)
	if k >= 5 {
		h.Transfers = cur.Transfers
	}
	if k >= 6 {
		h.Volume = cur.Volume
	}
	return &h
}

// costedIn returns in's additions, each costed in in's year.
func costedIn(in *Input) []Addition {
	out := slices.Clone(in.Additions)
	for i := range out {
		out[i].costYear = in.Year
	}
	return out
}

// joinAdditions returns the common additions of common and the member
// additions of member. An id in both (an addition common in one year and a
// member's own in the other) is told apart in the member's, since a hybrid
// input must validate and the ids change no fee.
func joinAdditions(common, member []Addition) []Addition {
	var out []Addition
	ids := map[string]bool{}
	for _, a := range common {
		if a.Scope != ScopeMember {
			out = append(out, a)
			ids[a.ID] = true
		}
	}
	for _, a := range member {
		if a.Scope == ScopeMember {
			for ids[a.ID] {
				a.ID += "'"
			}
			ids[a.ID] = true
			out = append(out, a)
		}
	}
	return out
}
