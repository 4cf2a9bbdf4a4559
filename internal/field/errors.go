package field

import (
	"errors"
	"fmt"
)

// Error is a problem with one value of the config: the key path as the
// config file spells it (e.g. "members[2].population"), the offending value
// and the reason. Path indexes count from 0, as the list entries appear in
// the file.
type Error struct {
	Path  string
	Value string // as written, empty when the value is missing
	Err   error  // the reason: one of the Err values below, or one wrapping it
}

func (e *Error) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("%s: %v", e.Path, e.Err)
	}
	return fmt.Sprintf("%s: %s %v", e.Path, e.Value, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// The reasons an Error can wrap; match them with errors.Is. Their texts
// follow the value in the message ("-5 is negative").
var (
	// Any section's values.
	ErrRequired    = errors.New("is required")
	ErrNegative    = errors.New("is negative")
	ErrNotPositive = errors.New("must be greater than 0")
	ErrNotWhole    = errors.New("is not a whole number")
	ErrDuplicate   = errors.New("is used twice")
	ErrOutOfRange  = errors.New("is out of range")
	ErrNotDate     = errors.New("is not a date written as 2025-03-31")
	ErrNotClock    = errors.New("is not a time of day written as 07:30")

	// References to what the config defines elsewhere, or the policy.
	ErrUnknownMember = errors.New("is not the id of a member")
	ErrNameIsID      = errors.New("is the id of another member")
	ErrUnknownDriver = errors.New("is not a known driver")
	ErrUnknownClause = errors.New("is not a clause of the policy")

	// The fee calculation's sums (allocation).
	ErrBadSum       = errors.New("does not sum as required")
	ErrNoCount      = errors.New("has no positive count")
	ErrNegativePool = errors.New("is negative: the transfers exceed the indexed base and the common additions")
)
