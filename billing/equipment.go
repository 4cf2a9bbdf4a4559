package billing

import (
	"github.com/shopspring/decimal"
)

// Equipment: quantity × unit price × (1 + markup), charged (clause 2.1).
func (r *Rules) Equipment(row EquipmentRow) Line {
	id, rej := r.check(Equipment, row.Source, row.Member, row.Date, "date")
	if rej != nil {
		return *rej
	}
	markup := r.cfg.Prices.EquipmentMarkup
	return Line{Source: row.Source, Category: Equipment, Member: id, Department: row.Department, Clause: r.cite(Equipment, Charged),
		Date: row.Date, Description: row.Description, Quantity: row.Quantity, Unit: "st", UnitPrice: row.UnitPrice,
		Extra: markup, Amount: R2(row.Quantity.Mul(row.UnitPrice).Mul(decimal.NewFromInt(1).Add(markup))), Status: Charged}
}

// equipmentExact is an equipment line's amount before rounding:
// quantity × unit price × (1 + markup), the markup in Extra.
func equipmentExact(l *Line) Exact {
	return Exact{Base: FigureOf(l.Quantity.Mul(l.UnitPrice).Mul(decimal.NewFromInt(1).Add(l.Extra))), Per60: zero}
}

// equipmentFormula is the amount's formula over the quantity, unit price
// and markup cells.
func equipmentFormula(q, p, x string, places int) string {
	return preRounded(q+"*"+p+"*(1+"+x+")", places)
}
