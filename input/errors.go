package input

import (
	"errors"
	"fmt"
)

// The reasons a CellError or FileError can wrap; match them with errors.Is.
var (
	ErrNumber    = errors.New("is not a number")
	ErrAmbiguous = errors.New("is ambiguous")
	ErrDate      = errors.New("is not a date written as 2025-03-31")
	ErrTimestamp = errors.New("is not a time written as 2025-03-31 18:15")
	ErrMissing   = errors.New("is empty")
	ErrFields    = errors.New("has more fields than the header")
	ErrQuote     = errors.New("has a broken quote")
	ErrFormat    = errors.New("is not a CSV or XLSX table")
	ErrColumn    = errors.New("lacks a required column")
	ErrTooLarge  = errors.New("is too large")
	ErrYesNo     = errors.New("is not yes or no (ja/nej)")
)

// CellError is a problem with one value of a data file.
type CellError struct {
	File   string // as named in the config
	Row    int    // as a spreadsheet numbers it: the header is row 1
	Column string // the column's header name as the file has it, or the field name
	Value  string
	Err    error
}

func (e *CellError) Error() string {
	where := fmt.Sprintf("%s row %d", e.File, e.Row)
	if e.Column != "" {
		where += fmt.Sprintf(" column %s", e.Column)
	}
	if e.Value == "" {
		return fmt.Sprintf("%s: %v", where, e.Err)
	}
	return fmt.Sprintf("%s: %q %v", where, e.Value, e.Err)
}

func (e *CellError) Unwrap() error { return e.Err }

// FileError is a data file that cannot be read at all.
type FileError struct {
	File   string
	Column string // for ErrColumn, the missing column
	Err    error
}

func (e *FileError) Error() string { return fmt.Sprintf("%s: %v", e.File, e.Err) }

func (e *FileError) Unwrap() error { return e.Err }

// reason adds detail to a sentinel while keeping it matchable.
func reason(err error, format string, args ...any) error {
	return fmt.Errorf("%w ("+format+")", append([]any{err}, args...)...)
}
