package billing

import (
	"slices"
	"strings"
)

// CompareSheetOrder orders lines as a workbook's line sheets list them: by
// member id, then department (a line of the whole member, without one,
// after its departments), then date (a line without a date first); lines
// alike in all three keep the order they were rated in, so a caller sorts
// stably. It returns −1, 0 or +1, as slices.SortStableFunc wants.
func CompareSheetOrder(a, b *Line) int {
	if c := strings.Compare(a.Member, b.Member); c != 0 {
		return c
	}
	if (a.Department == "") != (b.Department == "") {
		if a.Department == "" {
			return 1
		}
		return -1
	}
	if c := strings.Compare(a.Department, b.Department); c != 0 {
		return c
	}
	return a.Date.Compare(b.Date)
}

// SortLines collects the lines each gives, sorts them stably in the line
// sheets' order (CompareSheetOrder) and calls fn with them.
func SortLines(each func(func(Line) error) error, fn func(Line) error) error {
	var held []Line
	if err := each(func(l Line) error { held = append(held, l); return nil }); err != nil {
		return err
	}
	slices.SortStableFunc(held, func(a, b Line) int { return CompareSheetOrder(&a, &b) })
	for _, l := range held {
		if err := fn(l); err != nil {
			return err
		}
	}
	return nil
}
