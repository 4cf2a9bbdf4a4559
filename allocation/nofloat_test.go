package allocation

import (
	"testing"

	"memberfee/internal/nofloat"
)

// TestNoFloatingPoint: no float64 (or float literal, or conversion from
// one) anywhere in the package's calculation.
func TestNoFloatingPoint(t *testing.T) { nofloat.Check(t, ".") }
