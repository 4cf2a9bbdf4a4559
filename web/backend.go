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
	// Approve records by's approval of p's content as rated now.
	Approve(ctx context.Context, p ledger.Period, by string) (*Outcome, error)
	// Issue issues p, as `issue --from --to --by by [--allow-rejected]`.
	Issue(ctx context.Context, p ledger.Period, by string, allowRejected bool) (*Outcome, error)
	// Correct re-rates an issued p and records its corrections, as
	// `correct --from --to --by by --reason reason`.
	Correct(ctx context.Context, p ledger.Period, by, reason string) (*Outcome, error)
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
	Documents []string // numbers of the documents recorded
}

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
}

// File is a downloadable file.
type File struct {
	Name        string // the file name offered to the browser
	ContentType string
	Body        io.ReadSeeker
	ModTime     time.Time
}
