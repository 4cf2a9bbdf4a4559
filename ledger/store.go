package ledger

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"time"
)

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
	db       *sql.DB
	path     string
	readOnly bool
	// names are the texts table by id, as Lines has read it so far: texts
	// are only ever added (the triggers refuse UPDATE and DELETE), so a
	// later read loads only the ids above the highest known. Verify and
	// Export never use it: they read every text afresh, so a text changed
	// behind memberfee's back is found there.
	names textCache
}

// Close closes the file.
func (l *Ledger) Close() error { return l.db.Close() }

// Path is the ledger's file.
func (l *Ledger) Path() string { return l.path }

// Tx is one recording transaction: every read through it sees the ledger
// as it is under the write lock, and everything added is recorded only if
// the function given to Record returns nil.
type Tx struct {
	tx    querier // the *sql.Conn in BEGIN IMMEDIATE of Record, the *sql.Tx of View
	conn  *sql.Conn
	ctx   context.Context
	path  string
	write bool             // in Record, not View
	texts map[string]int64 // interned texts known in this transaction (Record)
	// textsLoaded: texts holds every row of the texts table, so a text
	// not in it is new and insText records it without asking first.
	textsLoaded bool
	insText     *sql.Stmt
	names       map[int64]string // and by id (reading lines)
	l           *Ledger          // the ledger the transaction is on (its names cache)
	linesSt     *sql.Stmt        // Lines' query, prepared on its first call in the transaction
	// batch inserts lineBatch lines through the driver itself (database/sql
	// would allocate its arguments anew for each), with args reused;
	// single inserts one line. Prepared on the first Add, closed at the end.
	batch  driver.Stmt
	args   []driver.NamedValue
	single *sql.Stmt
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
