package ledger

import (
	"errors"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
)

// Kind is a document's kind.
type Kind string

// The three kinds of document.
const (
	Fee        Kind = "fee"        // one installment of a member's adopted annual fee (avgift, delbetalning)
	Chargeback Kind = "chargeback" // a member's chargeable lines of a billing period (debiteringsbesked)
	Correction Kind = "correction" // the difference between an issued period and its re-rating (rättelse)
)

// Period is a span of whole days, both included, in Europe/Stockholm.
type Period struct{ From, To time.Time }

// Overlaps reports whether two periods share a day.
func (p Period) Overlaps(q Period) bool { return !p.From.After(q.To) && !q.From.After(p.To) }

// Equal reports whether two periods are the same days (whatever their
// times' locations: compare periods with Equal, not ==).
func (p Period) Equal(q Period) bool { return p.From.Equal(q.From) && p.To.Equal(q.To) }

// Input is an input file a document was rated from.
type Input struct {
	Category string // billing category, or "config"
	Name     string // as the config names it
	SHA256   string // hex
	Rows     int
}

// Line is one line of a document.
//
// A chargeback's line is a charged line (or, issued with --allow-rejected,
// a rejected one) as billing rated it. A correction's line is one added,
// removed or changed line: Old is what was issued, New what the re-rating
// gives, Amount = New − Old. A fee document has one line: the installment.
type Line struct {
	Key         string // the line's identity for corrections (see issuing.Key)
	Category    billing.Category
	Department  string
	Clause      string
	Date        time.Time // zero when the row has none
	Ref         string
	Description string
	Quantity    decimal.Decimal
	Unit        string
	UnitPrice   decimal.Decimal
	Extra       decimal.Decimal
	Amount      decimal.Decimal
	Status      billing.Status // charged, or rejected
	Column      string         // of a rejected line
	Reason      string
	Note        string
	File        string // the input file as the config names it
	Row         int    // the row as a spreadsheet numbers it; 0 for a derived line
	// Change, Old and New are a correction line's: "added", "removed" or
	// "changed", the issued amount and the re-rated one.
	Change   string
	Old, New decimal.Decimal
}

// CategoryCounts is what became of one category's rows in a document's
// period, for that member: included and rejected rows are counted, not
// listed (rejected ones are listed when issued with --allow-rejected).
type CategoryCounts struct {
	Charged, Included, Rejected int
}

// Document is an issued document. Everything but Seq, Number and Hash is
// set by its maker; Record assigns those.
type Document struct {
	Seq      int64  // order of recording, from 1
	Number   string // <year>-<nnnn>, gapless per calendar year of IssueDate
	Kind     Kind
	Member   string
	Period   Period
	Total    decimal.Decimal // net, to the öre (the sum of the lines' amounts)
	Corrects string          // a correction's: the number of the document it corrects; "" for none
	// Installment is a fee document's K (of Installments); 0 otherwise.
	Installment, Installments int
	IssueDate, DueDate        time.Time
	IssuedBy                  string
	Reason                    string // a correction's reason
	// ByCategory is the total per category (fee documents: "fee").
	ByCategory map[string]decimal.Decimal
	Counts     map[billing.Category]CategoryCounts
	Inputs     []Input
	ConfigHash string // SHA-256 of the config file, hex
	// ContentHash is the SHA-256 of the rated content (see ContentHash):
	// what an approval approves.
	ContentHash string
	// Lines are the document's lines, or empty when listed without them
	// or when Stream gives them.
	Lines []Line
	// Stream, when set, gives the lines one at a time instead of Lines (a
	// national year's chargebacks hold too many to keep in memory): Add and
	// ContentHash read it, in order, possibly more than once.
	Stream func(yield func(*Line) error) error
	Hash   string // the chain hash: SHA-256 of the previous document's hash and this one's content
}

// Adoption is a year's allocation as decided (fastställd): each member's
// fee and its installments. A year is adopted once and then revised.
type Adoption struct {
	Year       int
	Revision   int // 1 for the first adoption, then 2, 3 …
	AdoptedBy  string
	Date       time.Time
	Reason     string // of a revision
	ConfigHash string
	Members    []AdoptedFee
	Hash       string
}

// AdoptedFee is one member's adopted fee and installments.
type AdoptedFee struct {
	Member       string
	Name         string
	Fee          decimal.Decimal
	Installments []Installment // K = 1 … N, Σ Amount = Fee
}

// Installment is one installment of a member's fee.
type Installment struct {
	K       int
	Amount  decimal.Decimal
	DueDate time.Time
}

// Approval records that someone approved the rated content of a period.
type Approval struct {
	Period      Period
	ContentHash string
	By          string
	Date        time.Time
	Hash        string
}

// Filter selects documents; zero fields select all. Year, From and To
// select by issue date, both days included.
type Filter struct {
	Year     int
	From, To time.Time
	Member   string
	Kind     Kind
	Number   string
}

// The errors a caller tells apart with errors.Is.
var (
	ErrNotLedger   = errors.New("is not a memberfee ledger")
	ErrNewerSchema = errors.New("was written by a newer memberfee")
	ErrReadOnly    = errors.New("cannot be written (read-only)")
	ErrLocked      = errors.New("is locked by another memberfee run")
	ErrConflict    = errors.New("conflicts with what is already recorded")
	ErrTampered    = errors.New("no longer matches what memberfee recorded")
)

// EachLine calls fn with each of d's lines in order: from Stream when set,
// else from Lines.
func (d *Document) EachLine(fn func(*Line) error) error {
	if d.Stream != nil {
		return d.Stream(fn)
	}
	for i := range d.Lines {
		if err := fn(&d.Lines[i]); err != nil {
			return err
		}
	}
	return nil
}
