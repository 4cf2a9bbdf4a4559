package ledger

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"time"
)

var errNotBuilt = errors.New("ledger: not built yet")

// Options tune Open.
type Options struct {
	// ReadOnly opens an existing ledger for reading only; a missing file
	// is then an error, not created.
	ReadOnly bool
	// BusyTimeout is how long a recording waits for another one to finish
	// before failing with ErrLocked (default 10 s).
	BusyTimeout time.Duration
}

// Ledger is an open ledger file.
type Ledger struct {
	db   *sql.DB
	path string
}

// Open opens the ledger at path, creating it (and its schema) on first
// use unless o.ReadOnly. It refuses a file that is not a memberfee ledger
// (ErrNotLedger), one written by a newer schema (ErrNewerSchema), and
// migrates an older one.
func Open(path string, o Options) (*Ledger, error) { return nil, errNotBuilt }

// Close closes the file.
func (l *Ledger) Close() error { return nil }

// Path is the ledger's file.
func (l *Ledger) Path() string { return l.path }

// Tx is one recording transaction: every read through it sees the ledger
// as it is under the write lock, and everything added is recorded only if
// the function given to Record returns nil.
type Tx struct {
	tx *sql.Tx
}

// Record runs fn in one write transaction (BEGIN IMMEDIATE: a second
// recorder waits up to the busy timeout, then fails with ErrLocked), and
// commits when fn returns nil. Nothing is recorded when fn fails or the
// process dies before the commit.
func (l *Ledger) Record(ctx context.Context, fn func(*Tx) error) error { return errNotBuilt }

// Add records d with its lines: it assigns d.Seq, d.Number (the next in
// the series of d.IssueDate's year) and d.Hash.
func (t *Tx) Add(d *Document) error { return errNotBuilt }

// Adopt records an adoption (its Revision is the next for its year) and
// sets a.Revision and a.Hash.
func (t *Tx) Adopt(a *Adoption) error { return errNotBuilt }

// Approve records an approval and sets ap.Hash.
func (t *Tx) Approve(ap *Approval) error { return errNotBuilt }

// Documents lists the documents f selects, in order of recording, without
// their lines.
func (t *Tx) Documents(f Filter) ([]Document, error) { return nil, errNotBuilt }

// Overlapping lists the chargeback and correction documents whose period
// overlaps p, in order of recording, without their lines.
func (t *Tx) Overlapping(p Period) ([]Document, error) { return nil, errNotBuilt }

// Lines returns the lines of the document numbered number, in order.
func (t *Tx) Lines(number string) ([]Line, error) { return nil, errNotBuilt }

// Adoption returns the latest adoption of year, nil when there is none.
func (t *Tx) Adoption(year int) (*Adoption, error) { return nil, errNotBuilt }

// Approvals lists the approvals of content hash h.
func (t *Tx) Approvals(h string) ([]Approval, error) { return nil, errNotBuilt }

// View runs fn over a consistent read of the ledger (a read transaction).
func (l *Ledger) View(ctx context.Context, fn func(*Tx) error) error { return errNotBuilt }

// Verify checks every record against its hash and the chain, the numbers'
// series and the order of recording. It returns a *TamperError (which
// Is ErrTampered) naming the first document that no longer matches, and
// the chain's head hash (to write down: a ledger rewritten whole shows
// another head).
func (l *Ledger) Verify(ctx context.Context) (VerifyReport, error) {
	return VerifyReport{}, errNotBuilt
}

// VerifyReport is what Verify checked.
type VerifyReport struct {
	Documents, Lines, Adoptions, Approvals int
	Head                                   string
}

// TamperError names the first record that no longer matches.
type TamperError struct {
	Number string // the document, or "" for an adoption or approval
	What   string // what does not match, for a person
}

func (e *TamperError) Error() string {
	if e.Number == "" {
		return "the ledger " + ErrTampered.Error() + ": " + e.What
	}
	return "document " + e.Number + " " + ErrTampered.Error() + ": " + e.What
}

func (e *TamperError) Is(target error) bool { return target == ErrTampered }

// Backup writes a consistent copy of the ledger to path (VACUUM INTO),
// while others may read it.
func (l *Ledger) Backup(ctx context.Context, path string) error { return errNotBuilt }

// Export writes every adoption, approval, document and line as JSON.
func (l *Ledger) Export(ctx context.Context, w io.Writer) error { return errNotBuilt }

// ContentHash is the SHA-256 (hex) of what a set of documents records
// apart from numbers, dates and names: members, kinds, periods, totals,
// counts, inputs and every line. approve records it; issue compares it.
func ContentHash(docs []Document) string { return "" }
