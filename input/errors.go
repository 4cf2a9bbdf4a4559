package input

import (
	"errors"
	"fmt"
	"memberfee/internal/quote"
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
	// ErrColumnTwice: billing.columns gives one column to two fields.
	ErrColumnTwice = errors.New("would read one column as two fields")
	ErrTooLarge    = errors.New("is too large")
	ErrYesNo       = errors.New("is not yes or no (ja/nej)")
	ErrEncoding    = errors.New("is not text in the file's encoding")
	ErrDamaged     = errors.New("is damaged")
	ErrShared      = errors.New("refers to a shared string that does not exist")
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
	return fmt.Sprintf("%s: %s %v", where, quote.Value(e.Value), e.Err)
}

func (e *CellError) Unwrap() error { return e.Err }

// FileError is a data file that cannot be read at all, or whose reading
// stopped: the rows after Row (when not 0) cannot be told apart.
type FileError struct {
	File   string
	Row    int    // where the file went wrong, as a spreadsheet numbers rows; 0 when not one row
	Column string // for ErrColumn, the missing column
	Err    error
}

func (e *FileError) Error() string {
	if e.Row > 0 {
		return fmt.Sprintf("%s row %d: %v", e.File, e.Row, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// reason adds detail to a sentinel while keeping it matchable.
func reason(err error, format string, args ...any) error {
	return fmt.Errorf("%w ("+format+")", append([]any{err}, args...)...)
}

// maxQuoted is how many characters of a value a message quotes.
const maxQuoted = quote.Max

// clip shortens s to maxQuoted characters for a message, marking the cut
// with "…" and its length: a 200 MB header line is not echoed whole.
func clip(s string) string { return quote.Cut(s) }
