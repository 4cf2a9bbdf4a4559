package billrun

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"memberfee/billing"
	"memberfee/chargeback"
	"memberfee/policy"
	"memberfee/report"
)

// Input is what to bill.
type Input struct {
	Billing  billing.Config
	Members  []billing.Member
	Resolve  func(name string) string // where an input file the config names is
	From, To time.Time
	// Scratch is the folder the lines wait in until the outputs are
	// written: the output folder's staging area, which goes with the run.
	Scratch string
	// Row, when set, is called after each input row is read, from several
	// goroutines at once (a progress display).
	Row func()
	// Covered are the periods already issued (chargeback.Options.Covered).
	Covered []billing.Covered
	// CSV is the line-detail CSV's dialect as --csv names it (excel,
	// rfc4180): "" takes billing.lines_csv, and Swedish Excel's without
	// it. Both are checked before (report.ParseCSVDialect,
	// billing.Config.Validate).
	CSV string
}

// dialect is the line-detail CSV's dialect of the run.
func (in Input) dialect() report.CSVDialect {
	name := in.CSV
	if name == "" {
		name = in.Billing.LinesCSV
	}
	d, _ := report.ParseCSVDialect(name)
	return d
}

// Bill is a rated period whose lines wait on disk for Write.
type Bill struct {
	*chargeback.Result
	Stem  string                  // of the outputs' names: chargeback-2025-01-01_2025-12-31
	files []report.ChargebackFile // Result.Files as the outputs list them
	cfg   billing.Config
	lines *linesCSV
}

// WriteError is a failure to write the lines or the outputs (a full disk):
// a failure of the run's writing, not of its inputs.
type WriteError struct{ Err error }

func (e *WriteError) Error() string { return e.Err.Error() }

func (e *WriteError) Unwrap() error { return e.Err }

// writeErr wraps a failure to write.
func writeErr(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*WriteError); ok {
		return err
	}
	return &WriteError{Err: err}
}

// Rate reads and rates the period: the lines are spilled (included ones
// only as many as the workbooks list) and the line-detail CSV's parts are
// written as they are rated. It returns chargeback.FileErrors naming every
// input file that cannot be read, and *WriteError for a failure to write.
// Remove deletes what it left on disk.
func Rate(in Input) (*Bill, error) {
	lines, err := newLinesCSV(in.Scratch, in.dialect())
	if err != nil {
		return nil, err
	}
	maxIncluded := in.Billing.IncludedLinesLimit()
	res, err := chargeback.Run(in.Billing, in.Members, in.Resolve, in.From, in.To,
		chargeback.Options{Spill: in.Scratch, MaxIncluded: &maxIncluded, Lines: lines.part, Row: in.Row, Covered: in.Covered})
	if err != nil {
		lines.remove()
		if we, ok := errors.AsType[*WriteError](err); ok {
			return nil, we
		}
		if se, ok := errors.AsType[*chargeback.SpillError](err); ok {
			return nil, &WriteError{Err: se.Err}
		}
		return nil, err
	}
	b := &Bill{Result: res, cfg: in.Billing, lines: lines,
		Stem: fmt.Sprintf("chargeback-%s_%s", in.From.Format(time.DateOnly), in.To.Format(time.DateOnly))}
	for _, f := range res.Files {
		b.files = append(b.files, report.ChargebackFile{Category: f.Category, Name: f.Name, Rows: f.Rows, Read: f.Read})
	}
	return b, nil
}

// Remove deletes the spilled lines and the line-detail CSV's parts.
func (b *Bill) Remove() {
	b.Spill.Remove()
	b.lines.remove()
}

// Totals are the figures the manifest records of the run.
func (b *Bill) Totals() map[string]string {
	s := b.Summary
	k := s.Counts
	t := map[string]string{"total": s.Total.StringFixed(2), "rows": fmt.Sprint(k.Rows),
		"charged": fmt.Sprint(k.Charged), "included": fmt.Sprint(k.Included), "rejected": fmt.Sprint(k.Rejected)}
	if s.CountsOutside {
		t["outside"] = fmt.Sprint(k.Outside)
	}
	for _, m := range s.Members {
		t["member "+m.ID] = m.Total.StringFixed(2)
	}
	return t
}

// JSON is the chargeback's JSON output, named Stem + ".json".
func (b *Bill) JSON() ([]byte, error) {
	return report.Marshal(report.NewChargebackJSON(b.From, b.To, b.Summary, b.files))
}

// LinesFile is the name of the line-detail CSV.
func (b *Bill) LinesFile() string { return b.Stem + "-lines.csv" }

// Books returns the names of the workbooks Write writes: the pack, then
// one per member in the summary's order.
func (b *Bill) Books() []string {
	names := []string{b.Stem + ".xlsx"}
	for _, m := range b.Summary.Members {
		names = append(names, b.Stem+"-"+m.ID+".xlsx")
	}
	return names
}

// Stager stages an output: write is given the output's file to write it in
// full. It is called from several goroutines at once.
type Stager interface {
	Stage(name string, write func(io.Writer) error) error
}

// Books is what the workbooks show beside the period's figures.
type Books struct {
	Organisation string
	Matrix       policy.Matrix
	Version      string
	Audit        *report.Audit
	Lang         report.Lang
	// Issued stamps each member's workbook with its document (issue);
	// DraftOverlaps names the issued documents a draft's period overlaps
	// (bill with a ledger). Both empty: the bill as it always was.
	Issued        map[string]report.IssuedStamp
	DraftOverlaps []string
}

// Hooks report how Write is going; any may be nil.
type Hooks struct {
	// Books is told how many workbooks are to be written, before the
	// first; Book after each is.
	Books func(n int)
	Book  func()
	// Took is told how long the line-detail CSV and the pack took.
	Took func(name string, since time.Time)
}

// Write stages the line-detail CSV, the pack and the members' workbooks,
// on every core: each goes to its staged file as soon as it is made, the
// longest (the CSV, the pack) started first, and the outputs keep their
// names whatever order they finish in. It returns every failure, joined.
func (b *Bill) Write(st Stager, books Books, h Hooks) error {
	pack := report.ChargebackInput{Organisation: books.Organisation, From: b.From, To: b.To, Lines: b.Spill,
		Summary: b.Summary, Files: b.files, Rules: b.cfg, Months: b.Rules.LicenceMonths, Matrix: books.Matrix,
		Version: books.Version, Audit: books.Audit, LinesFile: b.LinesFile(),
		Issued: books.Issued, DraftOverlaps: books.DraftOverlaps}
	type job struct {
		name  string
		write func(io.Writer) error
	}
	jobs := []job{{b.LinesFile(), b.lines.copy}}
	members := append([]string{""}, memberIDs(b.Summary)...)
	for i, name := range b.Books() {
		id := members[i]
		jobs = append(jobs, job{name, func(w io.Writer) error { return report.ChargebackBook(&pack, id, books.Lang).Write(w) }})
	}
	if h.Books != nil {
		h.Books(len(jobs) - 1)
	}
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, j := range jobs {
		wg.Add(1)
		sem <- struct{}{} // in order: the longest first
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			begun := time.Now()
			errs[i] = st.Stage(j.name, j.write)
			if i < 2 && h.Took != nil {
				h.Took(j.name, begun)
			}
			if i > 0 && h.Book != nil {
				h.Book()
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func memberIDs(s *billing.Summary) []string {
	ids := make([]string, len(s.Members))
	for i, m := range s.Members {
		ids[i] = m.ID
	}
	return ids
}
