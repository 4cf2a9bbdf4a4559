package billing

import (
	"github.com/shopspring/decimal"

	"memberfee/internal/quote"
)

// Service: an amount as given, or hours × rate (default the consulting rate);
// the clause must be one of the policy's.
func (r *Rules) Service(row ServiceRow) Line {
	id, rej := r.check(Services, row.Source, row.Member, row.Date, "date")
	if rej != nil {
		return *rej
	}
	if !r.clauses[row.Clause] {
		return reject(Services, row.Source, id, "clause", ErrUnknownClause, quote.Value(row.Clause))
	}
	l := Line{Source: row.Source, Category: Services, Member: id, Department: row.Department, Clause: row.Clause,
		Date: row.Date, Description: row.Description, Status: Charged, Quantity: decimal.Zero, UnitPrice: decimal.Zero}
	switch {
	case row.Amount.Valid:
		l.Quantity, l.Unit, l.UnitPrice, l.Amount = decimal.NewFromInt(1), "st", R2(row.Amount.Decimal), R2(row.Amount.Decimal)
	case row.Hours.Valid:
		rate := r.cfg.Prices.ConsultingHour
		if row.Rate.Valid {
			rate = row.Rate.Decimal
		}
		l.Quantity, l.Unit, l.UnitPrice, l.Amount = row.Hours.Decimal, "tim", rate, R2(row.Hours.Decimal.Mul(rate))
	default:
		l = reject(Services, row.Source, id, "hours", ErrNoHoursNorAmount)
	}
	return l
}

// servicesExact is a service line's: hours × rate, or 1 × the amount, before rounding.
func servicesExact(l *Line) Exact { return Exact{Base: Product(l.Quantity, l.UnitPrice), Per60: zero} }

// servicesFormula is the amount's formula over the quantity and unit price
// cells.
func servicesFormula(q, p, _ string, places int) string { return preRounded(q+"*"+p, places) }
