package report

import "memberfee/billing"

// Lines gives a chargeback workbook its lines one category at a time, so
// that a period of a million rows need not be held in memory.
type Lines interface {
	// Count returns the number of a category's selected lines (charged,
	// or charged and included; never rejected; outside ones only where
	// they are kept, as MemoryLines: a spill keeps none) for one member,
	// or all for "".
	Count(member string, c billing.Category, sel billing.Selection) int
	// Each calls fn with those lines in order (the order they were rated
	// in: the line-detail CSV's).
	Each(member string, c billing.Category, sel billing.Selection, fn func(billing.Line) error) error
	// Sorted calls fn with the same lines in the line sheets' order
	// (billing.CompareSheetOrder).
	Sorted(member string, c billing.Category, sel billing.Selection, fn func(billing.Line) error) error
}

// MemoryLines are Lines held in memory, by category.
type MemoryLines map[billing.Category][]billing.Line

// Count implements Lines.
func (m MemoryLines) Count(member string, c billing.Category, sel billing.Selection) int {
	n := 0
	_ = m.Each(member, c, sel, func(billing.Line) error { n++; return nil })
	return n
}

// Each implements Lines.
func (m MemoryLines) Each(member string, c billing.Category, sel billing.Selection, fn func(billing.Line) error) error {
	for _, l := range m[c] {
		if !sel.Has(l.Status) || member != "" && l.Member != member {
			continue
		}
		if err := fn(l); err != nil {
			return err
		}
	}
	return nil
}

// Sorted implements Lines.
func (m MemoryLines) Sorted(member string, c billing.Category, sel billing.Selection, fn func(billing.Line) error) error {
	return billing.SortLines(func(keep func(billing.Line) error) error { return m.Each(member, c, sel, keep) }, fn)
}
