package allocation

import (
	"math/big"

	"github.com/shopspring/decimal"
)

// Money is an amount of whole rounding units, n × unit: what the
// calculation rounds to (an allocated amount, a fee, a transfer relief). It
// is kept as the count n, so that working out 290 members' fees makes no
// decimal (a decimal is two allocations); Decimal gives the amount. The zero
// value is 0.
type Money struct {
	n    int64    // the count of units, when big is nil
	big  *big.Int // the count, when it does not fit in an int64; never modified
	unit *rounder // nil only for the zero value
}

// money returns n whole units as Money; n is copied when it is large, so
// it may be scratch space.
func (u *rounder) money(n *big.Int) Money {
	if n.IsInt64() {
		return Money{n: n.Int64(), unit: u}
	}
	return Money{big: new(big.Int).Set(n), unit: u}
}

// Decimal returns the amount.
func (m Money) Decimal() decimal.Decimal {
	switch {
	case m.unit == nil:
		return decimal.Zero
	case m.big != nil:
		return m.unit.amount(m.big)
	}
	return m.unit.amountInt(m.n)
}

// String returns the amount as Decimal's String does.
func (m Money) String() string { return m.Decimal().String() }

// Sign returns −1, 0 or +1 as the amount is negative, zero or positive.
func (m Money) Sign() int {
	switch {
	case m.big != nil:
		return m.big.Sign()
	case m.n < 0:
		return -1
	case m.n > 0:
		return 1
	}
	return 0
}

// IsZero reports whether the amount is 0.
func (m Money) IsZero() bool { return m.Sign() == 0 }

// units sets z to the count of units and returns z.
func (m Money) units(z *big.Int) *big.Int {
	if m.big != nil {
		return z.Set(m.big)
	}
	return z.SetInt64(m.n)
}
