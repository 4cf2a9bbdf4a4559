package web

import (
	"context"
	"io"
	"time"

	"memberfee/billing"
	"memberfee/ledger"
)

// Backend is what the server asks of memberfee's commands. cmd/memberfee
// implements it with the functions `issue`, `approve`, `correct`, `bill`
// and `export` run, so a page records exactly as the command line does:
// the same four eyes, the same overlap and rejected-row rules, the same
// outputs.
//
// Every method may take long (a rating reads every input); the server
// calls one recording method at a time.
type Backend interface {
	// Draft rates period p as `issue` would, recording nothing: the
	// documents it would issue (Lines filled, Stream nil) and every rejected
	// row.
	Draft(ctx context.Context, p ledger.Period) (*Draft, error)
	// Approve records by's approval of p's content as rated now, as
	// `approve --from --to --by by [--content content]`: with content (a
	// prefix of the Draft's ContentHash the approver was shown), a
	// *Refusal RefusedChanged when p rates to other content now.
	Approve(ctx context.Context, p ledger.Period, by, content string) (*Outcome, error)
	// Issue issues p, as `issue --from --to --by by [--content content]
	// [--allow-rejected]`.
	Issue(ctx context.Context, p ledger.Period, by, content string, allowRejected bool) (*Outcome, error)
	// Correct re-rates an issued p and records its corrections, as
	// `correct --from --to --by by --reason reason [--allow-rejected]`.
	Correct(ctx context.Context, p ledger.Period, by, reason string, allowRejected bool) (*Outcome, error)
	// Download makes one downloadable file.
	Download(ctx context.Context, d Download) (*File, error)
}

// Draft is a period rated now.
type Draft struct {
	Period ledger.Period
	// Documents are the chargeback documents issue would record, one per
	// member with charged lines, in member order; Number is empty.
	Documents []ledger.Document
	// Rejected is every rejected row of the period (also those naming no
	// member of the board), in file and row order.
	Rejected []billing.Line
	// Inputs are the input files as rated (names as the config gives them).
	Inputs []ledger.Input
	// ContentHash is what approve would record (ledger.ContentHash).
	ContentHash string
	RatedAt     time.Time
}

// Outcome is what a recording command did, in its own words.
type Outcome struct {
	Message   string   // what the command printed
	Details   string   // what it printed beside (rejected rows, warnings)
	Documents []string // numbers of the documents recorded
}

// Refusal is a recording the rules refused, recording nothing: the
// Backend's methods return it (as error) so that the page can tell a
// refusal from a failure.
type Refusal struct {
	Reason  RefusalReason
	Message string // the command's own words
	Details string // what it printed beside (the rejected rows)
}

func (r *Refusal) Error() string { return r.Message }

// RefusalReason is why a recording was refused.
type RefusalReason string

// The reasons a recording is refused.
const (
	RefusedFourEyes RefusalReason = "four-eyes" // ledger.four_eyes: nobody else approved this content
	RefusedOverlap  RefusalReason = "overlap"   // the period overlaps one issued
	RefusedConflict RefusalReason = "conflict"  // another run recorded meanwhile, or the ledger is locked
	RefusedRejected RefusalReason = "rejected"  // rows are rejected and allow_rejected was not given
	RefusedInput    RefusalReason = "input"     // the inputs or the config are wrong, or there is nothing to do
	RefusedChanged  RefusalReason = "changed"   // the content rated now is not the one the page showed
)

// Download names a file to download.
type Download struct {
	// Kind is one of: "bill" (a period's workbook for Member, or the
	// summary workbook when Member is ""), "lines" (a period's lines CSV),
	// "json" (a period's JSON), "statement" (a member's year statement),
	// "sie", "csv", "peppol" (the exports of a period's documents).
	Kind   string
	Period ledger.Period
	Member string
	Year   int
	Lang   string
	By     string // who downloads (an output made by issue --again names them)
}

// File is a downloadable file.
type File struct {
	Name        string // the file name offered to the browser
	ContentType string
	Body        io.ReadSeeker
	ModTime     time.Time
}
