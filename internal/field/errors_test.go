package field

import (
	"errors"
	"fmt"
	"testing"
)

func TestError(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		is   error
		text string
	}{
		{"with a value", &Error{Path: "members[2].population", Value: "-5", Err: ErrNegative}, ErrNegative, "members[2].population: -5 is negative"},
		{"without a value", &Error{Path: "members", Err: ErrRequired}, ErrRequired, "members: is required"},
		{"detail kept matchable", &Error{Path: "members[1].id", Value: `"1882"`, Err: fmt.Errorf("%w (also members[0].id)", ErrDuplicate)}, ErrDuplicate,
			`members[1].id: "1882" is used twice (also members[0].id)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.text {
				t.Errorf("Error() = %q, want %q", got, tt.text)
			}
			wrapped := fmt.Errorf("config x.yaml: %w", tt.err)
			var fe *Error
			if !errors.As(wrapped, &fe) || fe.Path != tt.err.Path {
				t.Errorf("errors.As lost the path of %v", wrapped)
			}
			if !errors.Is(wrapped, tt.is) {
				t.Errorf("errors.Is lost the reason of %v", wrapped)
			}
		})
	}
}
