package issuing

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/allocation"
	"memberfee/billing"
	"memberfee/ledger"
)

// FeeCategory is a fee document's category (its line's and ByCategory's).
const FeeCategory billing.Category = "fee"

// InstallmentMonths returns the months installment k of n covers:
// (k−1)·12/n + 1 … k·12/n, so that n installments cover the year once
// (n of 1 to 12).
func InstallmentMonths(k, n int) (first, last time.Month, err error) {
	if n < 1 || n > 12 {
		return 0, 0, fmt.Errorf("%d installments: a year has 1 to 12", n)
	}
	if k < 1 || k > n {
		return 0, 0, fmt.Errorf("installment %d: the fee has installments 1 to %d", k, n)
	}
	return time.Month((k-1)*12/n + 1), time.Month(k * 12 / n), nil
}

// InstallmentPeriod returns the days installment k of n of year covers:
// the first day of its first month to the last day of its last.
func InstallmentPeriod(year, k, n int) (ledger.Period, error) {
	first, last, err := InstallmentMonths(k, n)
	if err != nil {
		return ledger.Period{}, err
	}
	return ledger.Period{From: date(year, first, 1), To: date(year, last+1, 0)}, nil
}

// DefaultDueDates returns the due dates when fee.due_dates is not set: the
// last day of each installment's first month.
func DefaultDueDates(year, n int) ([]time.Time, error) {
	out := make([]time.Time, n)
	for k := 1; k <= n; k++ {
		first, _, err := InstallmentMonths(k, n)
		if err != nil {
			return nil, err
		}
		out[k-1] = date(year, first+1, 0)
	}
	return out, nil
}

// date is a day as billing's dates are: midnight UTC (time.Date
// normalises day 0 to the last day of the month before).
func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Adopt returns the adoption of res's year: each member's fee and its
// installments (allocation's split, SPEC rule 10) with their due dates
// (DefaultDueDates when dueDates is nil). Revision and Hash are left to
// ledger.
func Adopt(res *allocation.Result, dueDates []time.Time, by string, day time.Time, configHash string) (ledger.Adoption, error) {
	dueDates, err := dueDatesFor(res, dueDates)
	if err != nil {
		return ledger.Adoption{}, err
	}
	a := ledger.Adoption{Year: res.Year, AdoptedBy: by, Date: day, ConfigHash: configHash}
	for i := range res.Members {
		m := &res.Members[i]
		f := ledger.AdoptedFee{Member: m.ID, Name: m.Name, Fee: m.Fee.Decimal()}
		for k, amount := range m.Installments() {
			f.Installments = append(f.Installments, ledger.Installment{K: k + 1, Amount: amount, DueDate: dueDates[k]})
		}
		a.Members = append(a.Members, f)
	}
	return a, nil
}

func dueDatesFor(res *allocation.Result, dueDates []time.Time) ([]time.Time, error) {
	if dueDates == nil {
		return DefaultDueDates(res.Year, res.Installments)
	}
	if len(dueDates) != res.Installments {
		return nil, fmt.Errorf("fee.due_dates lists %d dates for %d installments: give one per installment", len(dueDates), res.Installments)
	}
	for k, d := range dueDates {
		if d.Year() != res.Year {
			return nil, fmt.Errorf("fee.due_dates[%d] %s is not in %d", k, d.Format(time.DateOnly), res.Year)
		}
	}
	return dueDates, nil
}

// Revise returns the revision of prev by res (a new allocation of the same
// year): for each member the installments issued (issued[member][K]) stay
// as they were, amount and due date, and the new fee less what they sum to
// is split among the remaining ones as allocation splits a fee (equal
// parts of whole rounding units, the earliest carrying the extra units),
// with the due dates given (DefaultDueDates when nil).
//
// A remainder below zero (the fee fell below what is issued) is split
// alike into installments of zero or less: credits, which sum exactly to
// it. Revise refuses, naming the member, a fee that changed when every
// installment is issued (nothing remains to carry the change: correct it
// outside the fee's installments), a member with issued installments that
// the new allocation lacks, a change of the number of installments after
// one is issued, and a year other than prev's.
func Revise(prev *ledger.Adoption, issued map[string]map[int]bool, res *allocation.Result, dueDates []time.Time, by string, day time.Time, reason, configHash string) (ledger.Adoption, error) {
	if prev == nil {
		return ledger.Adoption{}, fmt.Errorf("%d is not adopted: adopt it before revising it", res.Year)
	}
	if prev.Year != res.Year {
		return ledger.Adoption{}, fmt.Errorf("the allocation is of %d, the adoption revised of %d", res.Year, prev.Year)
	}
	dueDates, err := dueDatesFor(res, dueDates)
	if err != nil {
		return ledger.Adoption{}, err
	}
	old := map[string]*ledger.AdoptedFee{}
	for i := range prev.Members {
		old[prev.Members[i].Member] = &prev.Members[i]
	}
	fresh := map[string]bool{}
	for i := range res.Members {
		fresh[res.Members[i].ID] = true
	}
	for member, ks := range issued {
		if len(trueKeys(ks)) == 0 {
			continue
		}
		if old[member] == nil {
			return ledger.Adoption{}, fmt.Errorf("member %s has installments of %d issued but is not in its adoption", member, res.Year)
		}
		if !fresh[member] {
			return ledger.Adoption{}, fmt.Errorf("member %s has installments %v of %d issued but is not in the new allocation", member, trueKeys(ks), res.Year)
		}
		if n := len(old[member].Installments); n != res.Installments {
			return ledger.Adoption{}, fmt.Errorf("the installments change from %d to %d, but member %s has installments %v issued: keep installments: %d", n, res.Installments, member, trueKeys(ks), n)
		}
	}
	a := ledger.Adoption{Year: res.Year, AdoptedBy: by, Date: day, Reason: reason, ConfigHash: configHash}
	for i := range res.Members {
		m := &res.Members[i]
		f := ledger.AdoptedFee{Member: m.ID, Name: m.Name, Fee: m.Fee.Decimal()}
		f.Installments = make([]ledger.Installment, res.Installments)
		left, open := f.Fee, []int(nil)
		for k := 1; k <= res.Installments; k++ {
			if issued[m.ID][k] {
				inst, ok := installment(old[m.ID], k)
				if !ok {
					return ledger.Adoption{}, fmt.Errorf("member %s: installment %d of %d is issued but not in its adoption", m.ID, k, res.Year)
				}
				f.Installments[k-1] = inst
				left = left.Sub(inst.Amount)
				continue
			}
			open = append(open, k)
		}
		if len(open) == 0 {
			if !left.IsZero() {
				return ledger.Adoption{}, fmt.Errorf("member %s (%s): all %d installments of %d are issued (%s) but the revised fee is %s: nothing remains to carry the difference of %s",
					m.ID, m.Name, res.Installments, res.Year, f.Fee.Sub(left), f.Fee, left)
			}
		} else {
			parts, err := allocation.SplitEqual(left, res.Unit, len(open))
			if err != nil {
				return ledger.Adoption{}, fmt.Errorf("member %s (%s): the fee left for installments %v: %w", m.ID, m.Name, open, err)
			}
			for j, k := range open {
				f.Installments[k-1] = ledger.Installment{K: k, Amount: parts[j], DueDate: dueDates[k-1]}
			}
		}
		a.Members = append(a.Members, f)
	}
	return a, nil
}

func installment(f *ledger.AdoptedFee, k int) (ledger.Installment, bool) {
	if f == nil {
		return ledger.Installment{}, false
	}
	for _, inst := range f.Installments {
		if inst.K == k {
			return inst, true
		}
	}
	return ledger.Installment{}, false
}

// trueKeys lists the installments set in ks, in order.
func trueKeys(ks map[int]bool) []int {
	var out []int
	for k := 1; k <= 12; k++ {
		if ks[k] {
			out = append(out, k)
		}
	}
	return out
}

// FeeDocuments makes the fee documents of installment k of an adoption:
// one per member, in the adoption's order, equal to its installment k, due
// on its due date, for the months it covers, with one line.
func FeeDocuments(a *ledger.Adoption, k int, st Stamp) ([]ledger.Document, error) {
	var docs []ledger.Document
	for _, f := range a.Members {
		n := len(f.Installments)
		p, err := InstallmentPeriod(a.Year, k, n)
		if err != nil {
			return nil, fmt.Errorf("member %s's fee of %d: %w", f.Member, a.Year, err)
		}
		inst, ok := installment(&f, k)
		if !ok {
			return nil, fmt.Errorf("member %s's fee of %d has no installment %d", f.Member, a.Year, k)
		}
		line := ledger.Line{Key: fmt.Sprintf("fee|%s|%d|%d", escape.Replace(f.Member), a.Year, k), Category: FeeCategory,
			Date: inst.DueDate, Description: fmt.Sprintf("annual fee %d, installment %d of %d", a.Year, k, n),
			Quantity: decimal.NewFromInt(1), UnitPrice: inst.Amount, Extra: decimal.Zero, Amount: inst.Amount, Status: billing.Charged}
		docs = append(docs, ledger.Document{Kind: ledger.Fee, Member: f.Member, Period: p, Total: inst.Amount,
			Installment: k, Installments: n, IssueDate: st.IssueDate, DueDate: inst.DueDate, IssuedBy: st.IssuedBy,
			ByCategory: map[string]decimal.Decimal{string(FeeCategory): inst.Amount}, ConfigHash: a.ConfigHash,
			Lines: []ledger.Line{line}})
	}
	return docs, nil
}
