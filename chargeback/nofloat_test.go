package chargeback

import (
	"testing"

	"memberfee/internal/nofloat"
)

// TestNoFloatingPoint: no floating point anywhere in reading, rating and tallying the lines.
func TestNoFloatingPoint(t *testing.T) { nofloat.Check(t, ".") }
