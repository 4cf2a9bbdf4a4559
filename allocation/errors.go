package allocation

import "fmt"

// Validate's and Compute's problems are each a *field.Error naming the key
// path and the value; their reasons are the sentinels of internal/field
// (field.ErrNegative, field.ErrNegativePool, …), matched with errors.Is.

// because adds detail to a reason while keeping it matchable with errors.Is.
func because(err error, format string, args ...any) error {
	return fmt.Errorf("%w "+format, append([]any{err}, args...)...)
}
