package allocation

import (
	"fmt"
	"time"

	"memberfee/internal/field"
	"memberfee/internal/quote"
)

// InstallmentMonths returns the months installment k (1 … n) of a year
// covers: months (k−1)·12/n + 1 … k·12/n.
func InstallmentMonths(k, n int) (first, last time.Month) {
	return time.Month((k-1)*12/n + 1), time.Month(k * 12 / n)
}

// DueDates returns the installments' due dates: fee.due_dates as
// configured, or else the last day of each installment's first month. It
// assumes a validated input.
func (in *Input) DueDates() []time.Time {
	n := in.InstallmentCount()
	dates := make([]time.Time, n)
	for k := 1; k <= n; k++ {
		if len(in.Fee.DueDates) == n {
			dates[k-1], _ = time.Parse(time.DateOnly, in.Fee.DueDates[k-1])
			continue
		}
		first, _ := InstallmentMonths(k, n)
		dates[k-1] = time.Date(in.Year, first+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return dates
}

// dueDates checks fee.due_dates: one date per installment, in order.
func (v *validator) dueDates(in *Input) {
	dd := in.Fee.DueDates
	if len(dd) == 0 {
		return
	}
	if n := in.InstallmentCount(); len(dd) != n {
		v.add("fee.due_dates", fmt.Sprint(len(dd), " dates"), because(field.ErrBadSum, "(one per installment: %d)", n))
		return
	}
	var last time.Time
	for i, s := range dd {
		path := fmt.Sprintf("fee.due_dates[%d]", i)
		d, err := time.Parse(time.DateOnly, s)
		switch {
		case err != nil:
			v.add(path, quote.Value(s), field.ErrNotDate)
		case i > 0 && !d.After(last):
			v.add(path, s, because(field.ErrOutOfRange, "(not after the installment before it)"))
		}
		if err == nil {
			last = d
		}
	}
}
