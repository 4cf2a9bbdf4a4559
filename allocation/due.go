package allocation

import (
	"fmt"
	"time"

	"memberfee/internal/field"
	"memberfee/internal/quote"
)

// DueDates returns fee.due_dates as dates, nil when none are configured
// (the ledger then takes the last day of each installment's first month:
// issuing.DefaultDueDates). It assumes a validated input.
func (in *Input) DueDates() []time.Time {
	if len(in.Fee.DueDates) == 0 {
		return nil
	}
	dates := make([]time.Time, len(in.Fee.DueDates))
	for i, s := range in.Fee.DueDates {
		dates[i], _ = time.Parse(time.DateOnly, s)
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
