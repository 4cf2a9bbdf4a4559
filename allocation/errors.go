package allocation

import (
	"errors"
	"fmt"
)

// The reasons a FieldError can wrap; match them with errors.Is.
var (
	ErrRequired      = errors.New("is required")
	ErrNegative      = errors.New("is negative")
	ErrNotPositive   = errors.New("must be greater than 0")
	ErrNotWhole      = errors.New("is not a whole number")
	ErrDuplicate     = errors.New("is used twice")
	ErrUnknownMember = errors.New("is not the id of a member")
	ErrUnknownDriver = errors.New("is not a known driver")
	ErrUnknownClause = errors.New("is not a clause of the policy")
	ErrOutOfRange    = errors.New("is out of range")
	ErrBadSum        = errors.New("does not sum as required")
	ErrNoCount       = errors.New("has no positive count")
	ErrNegativePool  = errors.New("is negative: the transfers exceed the indexed base and the common additions")
)

// FieldError is a problem with one value of the input: the key path as the
// config file spells it (e.g. "members[2].population"), the offending value
// and the reason. Path indexes count from 0, as the list entries appear in the
// file.
type FieldError struct {
	Path  string
	Value string // as written, empty when the value is missing
	Err   error
}

func (e *FieldError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("%s: %v", e.Path, e.Err)
	}
	return fmt.Sprintf("%s: %s %v", e.Path, e.Value, e.Err)
}

func (e *FieldError) Unwrap() error { return e.Err }

// because adds detail to a reason while keeping it matchable with errors.Is.
func because(err error, format string, args ...any) error {
	return fmt.Errorf("%w "+format, append([]any{err}, args...)...)
}
