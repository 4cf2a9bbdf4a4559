package fixed

import (
	"testing"

	"memberfee/internal/nofloat"
)

// TestNoFloatingPoint: no floating point anywhere in the package.
func TestNoFloatingPoint(t *testing.T) { nofloat.Check(t, ".") }
