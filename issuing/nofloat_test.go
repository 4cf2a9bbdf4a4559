package issuing

import (
	"testing"

	"memberfee/internal/nofloat"
)

// TestNoFloatingPoint: no float64 (or float literal, or conversion from
// one) anywhere in the package's money.
func TestNoFloatingPoint(t *testing.T) { nofloat.Check(t, ".") }
