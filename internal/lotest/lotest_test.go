package lotest

import "testing"

func TestSame(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"OK", "OK", true},
		{"OK", "1", false},
		{"61784338", "61784338", true},
		{"61784338", "61784337", false},
		{"0.786143065553775", "0.786143068224192", true}, // floating-point noise in a remainder
		{"0.274507928156", "0.2745", false},
		{"16960290.6168895", "16960290.3423816", false},
		{"", "0", false},
	}
	for _, tt := range tests {
		if got := Same(tt.a, tt.b); got != tt.want {
			t.Errorf("Same(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}
