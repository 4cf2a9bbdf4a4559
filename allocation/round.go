package allocation

import (
	"math/big"

	"github.com/shopspring/decimal"
)

// rat returns d as an exact rational.
func rat(d decimal.Decimal) *big.Rat { return d.Rat() }

// RoundToUnit rounds x half away from zero (like a spreadsheet's ROUND) to a
// whole multiple of unit, which must be positive. This is SPEC's R(x).
//
//	RoundToUnit(2.5, 1)      = 3
//	RoundToUnit(-2.5, 1)     = -3
//	RoundToUnit(1234.5, 100) = 1200
func RoundToUnit(x decimal.Decimal, unit decimal.Decimal) decimal.Decimal {
	return newRounder(unit).roundDecimal(x)
}

// Places returns the number of decimal places a multiple of unit needs:
// 0 for 1 or 1000, 2 for 0.01, 1 for 0.5.
func Places(unit decimal.Decimal) int32 {
	for p := int32(0); p < 18; p++ {
		if unit.Shift(p).IsInteger() {
			return p
		}
	}
	return 18
}
