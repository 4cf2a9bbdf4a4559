package chargeback

import (
	"errors"
	"fmt"
	"io"
	"memberfee/internal/quote"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/config"
	"memberfee/input"
)

// Result is a rated period.
type Result struct {
	From, To time.Time
	Rules    *billing.Rules
	// Lines holds the lines, input rows in file order and licence excess
	// lines last, unless they were spilled to Spill.
	Lines   map[billing.Category][]billing.Line
	Spill   *Spill
	Summary *billing.Summary
	Files   []File
	onRow   func()
}

// Options tune a run.
type Options struct {
	// Spill, when set, keeps the charged and included lines on disk in a
	// folder it makes inside this one, rather than in Result.Lines.
	Spill string
	// Detail, with Spill, writes the line detail as the lines are rated
	// (see Spill.CopyDetail).
	Detail func(io.Writer) LineEncoder
	// MaxIncluded, with Spill, keeps at most this many included input rows
	// of a category (see billing.Workbook): the rest are counted only.
	MaxIncluded *int
	// Tally only keeps no lines at all, only the summary (for validate).
	Tally bool
	// Row, when set, is called after each input row is read (for a
	// progress display).
	Row func()
}

// emit tallies a rated line and keeps it.
func (res *Result) emit(l billing.Line) error {
	res.Summary.Add(l)
	if res.Lines == nil && res.Spill == nil {
		return nil // tallying only
	}
	if res.Spill == nil {
		res.Lines[l.Category] = append(res.Lines[l.Category], l)
		return nil
	}
	if l.Status == billing.Rejected {
		return res.Spill.reject(l)
	}
	return res.Spill.add(l)
}

// File is an input file that was read.
type File struct {
	Category billing.Category
	Name     string // as the config names it
	Path     string
	Rows     int
	Read     string // how it was read: encoding and delimiter, or xlsx
}

// FileErrors lists the input files that could not be read.
type FileErrors []error

func (e FileErrors) Error() string {
	s := make([]string, len(e))
	for i, err := range e {
		s[i] = err.Error()
	}
	return strings.Join(s, "\n")
}

func (e FileErrors) Unwrap() []error { return e }

// Period returns the billing period of the config, or from and to where
// they are given (as 2025-01-01).
func Period(c *config.Config, from, to string) (time.Time, time.Time, error) {
	if from == "" {
		from = c.Billing.Period.From
	}
	if to == "" {
		to = c.Billing.Period.To
	}
	if from == "" || to == "" {
		return time.Time{}, time.Time{}, errors.New("no billing period: set billing.period.from and .to in the config, or give --from and --to")
	}
	f, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("period start %q is not a date written as 2025-01-01", from)
	}
	t, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("period end %q is not a date written as 2025-12-31", to)
	}
	if t.Before(f) {
		return time.Time{}, time.Time{}, fmt.Errorf("the period ends %s before it starts %s", to, from)
	}
	return f, t, nil
}

// Members returns the config's members as billing knows them.
func Members(c *config.Config) []billing.Member {
	ms := make([]billing.Member, len(c.Members))
	for i, m := range c.Members {
		ms[i] = billing.Member{ID: m.ID, Name: m.Name}
	}
	return ms
}

// Run rates the period from–to. It returns FileErrors when input files are
// missing or unreadable, naming every one of them.
func Run(c *config.Config, from, to time.Time, opts ...Options) (*Result, error) {
	members := Members(c)
	rules, err := billing.NewRules(c.Billing, members, from, to)
	if err != nil {
		return nil, err
	}
	res := &Result{From: from, To: to, Rules: rules, Lines: map[billing.Category][]billing.Line{}, Summary: billing.NewSummary(members)}
	if len(opts) > 0 && opts[0].Spill != "" {
		if res.Spill, err = NewSpill(opts[0].Spill, opts[0].Detail, opts[0].MaxIncluded); err != nil {
			return nil, err
		}
		res.Lines = nil
	}
	if len(opts) > 0 && opts[0].Tally {
		res.Lines = nil
	}
	if len(opts) > 0 {
		res.onRow = opts[0].Row
	}
	in, sh := c.Billing.Inputs, c.Billing.Sheets
	// The categories are read at the same time, each into a result of its
	// own; they are merged in category order, so the outcome does not
	// depend on which finishes first. The rules keep state only per
	// category (storage's user-months, support's calendar).
	type part struct {
		sub  *Result
		file File
		err  error
		read bool
	}
	jobs := []struct {
		cat         billing.Category
		name, sheet string
	}{
		{billing.Equipment, in.Equipment, sh.Equipment}, {billing.Printers, in.Printers, sh.Printers},
		{billing.Storage, in.Storage, sh.Storage}, {billing.Support, in.Support, sh.Support},
		{billing.Licences, in.Licences, sh.Licences}, {billing.Services, in.Services, sh.Services},
	}
	parts := make([]part, len(jobs))
	var wg sync.WaitGroup
	for i, job := range jobs {
		if job.name == "" {
			continue
		}
		sub := &Result{From: from, To: to, Rules: rules, Summary: billing.NewSummary(members), onRow: res.onRow}
		sub.Summary.Defer() // settled when merged below
		if res.Lines != nil {
			sub.Lines = map[billing.Category][]billing.Line{}
		}
		if res.Spill != nil {
			sub.Spill = res.Spill.shard(string(job.cat))
		}
		parts[i] = part{sub: sub, read: true}
		wg.Go(func() {
			p := &parts[i]
			p.file, p.err = sub.read(c, job.cat, job.name, job.sheet, rules)
			if sub.Spill != nil {
				if err := sub.Spill.finish(); err != nil && p.err == nil {
					p.err = err
				}
			}
		})
	}
	wg.Wait()
	var ferrs FileErrors
	for _, p := range parts {
		if !p.read {
			continue
		}
		if p.err != nil {
			ferrs = append(ferrs, p.err)
			continue
		}
		res.Files = append(res.Files, p.file)
		res.Summary.Merge(p.sub.Summary)
		for cat, lines := range p.sub.Lines {
			res.Lines[cat] = append(res.Lines[cat], lines...)
		}
		if res.Spill != nil {
			res.Spill.absorb(p.sub.Spill)
		}
	}
	if res.Spill != nil && len(ferrs) > 0 {
		res.Spill.Remove()
	}
	if len(ferrs) > 0 {
		return nil, ferrs
	}
	return res, nil
}

// read reads and rates one category's file. Rating and keeping the lines
// (tallying, spilling) run in two goroutines, joined by batches of lines in
// file order: a national year's million storage rows take both stages'
// time otherwise.
func (res *Result) read(c *config.Config, cat billing.Category, name, sheet string, rules *billing.Rules) (File, error) {
	const batchSize, inFlight = 1024, 8
	batches := make(chan []billing.Line, inFlight)
	free := make(chan []billing.Line, inFlight+2) // batches kept, to be filled again
	kept := make(chan error, 1)
	go func() {
		var err error
		for batch := range batches {
			for _, l := range batch {
				if err == nil {
					err = res.emit(l)
				}
			}
			clear(batch) // hold on to no lines' strings
			select {
			case free <- batch[:0]:
			default: // cannot happen: at most inFlight+2 batches exist
			}
		}
		kept <- err
	}()
	newBatch := func() []billing.Line {
		select {
		case b := <-free:
			return b
		default:
			return make([]billing.Line, 0, batchSize)
		}
	}
	batch := newBatch()
	emit := func(l billing.Line) error {
		batch = append(batch, l)
		if len(batch) == batchSize {
			batches <- batch
			batch = newBatch()
		}
		return nil
	}
	f, err := res.rateFile(c, cat, name, sheet, rules, emit)
	if len(batch) > 0 {
		batches <- batch
	}
	close(batches)
	if kerr := <-kept; err == nil {
		err = kerr
	}
	return f, err
}

// rateFile reads and rates one category's file, giving each line to emit.
func (res *Result) rateFile(c *config.Config, cat billing.Category, name, sheet string, rules *billing.Rules, emit func(billing.Line) error) (File, error) {
	path := c.Resolve(name)
	t, err := input.Open(path, name, schemas[cat], input.Options{Sheet: sheet, Location: rules.Calendar.Location()})
	if err != nil {
		return File{}, err
	}
	defer t.Close()
	f := File{Category: cat, Name: name, Path: path, Read: t.String()}
	// Lines name their file as the spec's contract does: by its base name.
	base := filepath.Base(name)
	// Licence rows are rated together at the end of their file: hold them.
	var licences []billing.LicenceRow
	var licenceLines []billing.Line
	var licenceIdx []int // position in licenceLines of each readable licence row
	for {
		rec, err := t.Next()
		if err == io.EOF {
			break
		}
		f.Rows++
		if res.onRow != nil {
			res.onRow()
		}
		if ce, ok := errors.AsType[*input.CellError](err); ok {
			rej := billing.Reject(cat, billing.Source{File: base, Row: ce.Row}, ce.Column, reasonOf(ce))
			if cat == billing.Licences {
				licenceLines = append(licenceLines, rej)
			} else if err := emit(rej); err != nil {
				return File{}, err
			}
			continue
		}
		if err != nil {
			return File{}, err
		}
		src := billing.Source{File: base, Row: rec.Row}
		if cat == billing.Licences {
			row, rej := licenceRow(rec, src)
			if rej != nil {
				licenceLines = append(licenceLines, *rej)
				continue
			}
			licences = append(licences, row)
			licenceIdx = append(licenceIdx, len(licenceLines))
			licenceLines = append(licenceLines, billing.Line{}) // filled below
			continue
		}
		if err := emit(rate(cat, rec, src, rules)); err != nil {
			return File{}, err
		}
	}
	if cat == billing.Licences {
		lines, excess := rules.Licences(licences)
		for i, l := range lines {
			licenceLines[licenceIdx[i]] = l
		}
		for _, l := range append(licenceLines, excess...) {
			if err := emit(l); err != nil {
				return File{}, err
			}
		}
	}
	return f, nil
}

// reasonOf phrases a cell error for a rejected line: the value and the reason.
func reasonOf(ce *input.CellError) string {
	if ce.Value == "" {
		return ce.Err.Error()
	}
	return fmt.Sprintf("%s %v", quote.Value(ce.Value), ce.Err)
}

var schemas = map[billing.Category]input.Schema{
	billing.Equipment: input.EquipmentSchema, billing.Printers: input.PrinterSchema,
	billing.Storage: input.StorageSchema, billing.Support: input.SupportSchema,
	billing.Licences: input.LicenceSchema, billing.Services: input.ServiceSchema,
}

// rate reads a record into its category's row and rates it; a value that
// cannot be read rejects the row.
func rate(cat billing.Category, rec *input.Record, src billing.Source, rules *billing.Rules) billing.Line {
	reject := func(ce *input.CellError) billing.Line {
		return billing.Reject(cat, src, ce.Column, reasonOf(ce))
	}
	member, ce := rec.Text("member", true)
	if ce != nil {
		return reject(ce)
	}
	dept := rec.Get("department")
	switch cat {
	case billing.Equipment:
		date, ce := rec.Date("date")
		if ce != nil {
			return reject(ce)
		}
		qty, _, ce := rec.Number("quantity", input.Plain, true)
		if ce != nil {
			return reject(ce)
		}
		price, _, ce := rec.Number("unit_price", input.Amount, true)
		if ce != nil {
			return reject(ce)
		}
		return rules.Equipment(billing.EquipmentRow{Source: src, Date: date, Member: member, Department: dept,
			Description: rec.Get("description"), Quantity: qty, UnitPrice: price})
	case billing.Printers:
		date, ce := rec.Date("date")
		if ce != nil {
			return reject(ce)
		}
		event, ce := rec.Text("event", true)
		if ce != nil {
			return reject(ce)
		}
		amount, ok, ce := rec.Number("amount", input.Amount, false)
		if ce != nil {
			return reject(ce)
		}
		if !ok {
			amount = decimal.Zero
		}
		return rules.Printer(billing.PrinterRow{Source: src, Date: date, Member: member, Department: dept,
			Description: rec.Get("description"), Event: event, Amount: amount})
	case billing.Storage:
		date, ce := rec.Date("date")
		if ce != nil {
			return reject(ce)
		}
		user, ce := rec.Text("user", true)
		if ce != nil {
			return reject(ce)
		}
		used, _, ce := rec.Number("used_gb", input.Plain, true)
		if ce != nil {
			return reject(ce)
		}
		return rules.Storage(billing.StorageRow{Source: src, Date: date, User: user, Member: member, Department: dept, UsedGB: used})
	case billing.Support:
		start, startGuessed, ce := rec.Timestamp("start")
		if ce != nil {
			return reject(ce)
		}
		end, endGuessed, ce := rec.Timestamp("end")
		if ce != nil {
			return reject(ce)
		}
		callOut, err := input.ParseYes(rec.Get("call_out"))
		if err != nil {
			return reject(rec.Fail("call_out", err))
		}
		return rules.Support(billing.SupportRow{Source: src, Ticket: rec.Get("ticket"), Member: member, Department: dept,
			System: rec.Get("system"), Start: start, End: end, StartGuessed: startGuessed, EndGuessed: endGuessed, CallOut: callOut})
	case billing.Services:
		date, ce := rec.Date("date")
		if ce != nil {
			return reject(ce)
		}
		clause, ce := rec.Text("clause", true)
		if ce != nil {
			return reject(ce)
		}
		row := billing.ServiceRow{Source: src, Date: date, Member: member, Department: dept, Clause: clause, Description: rec.Get("description")}
		for _, f := range []struct {
			name string
			kind input.NumberKind
			dst  *decimal.NullDecimal
		}{{"hours", input.Plain, &row.Hours}, {"rate", input.Amount, &row.Rate}, {"amount", input.Amount, &row.Amount}} {
			v, ok, ce := rec.Number(f.name, f.kind, false)
			if ce != nil {
				return reject(ce)
			}
			if ok {
				*f.dst = decimal.NewNullDecimal(v)
			}
		}
		return rules.Service(row)
	}
	panic("chargeback: unknown category " + string(cat))
}

// licenceRow reads a licence record.
func licenceRow(rec *input.Record, src billing.Source) (billing.LicenceRow, *billing.Line) {
	reject := func(ce *input.CellError) (billing.LicenceRow, *billing.Line) {
		l := billing.Reject(billing.Licences, src, ce.Column, reasonOf(ce))
		return billing.LicenceRow{}, &l
	}
	member, ce := rec.Text("member", true)
	if ce != nil {
		return reject(ce)
	}
	typ, ce := rec.Text("type", true)
	if ce != nil {
		return reject(ce)
	}
	count, _, ce := rec.Number("count", input.Plain, true)
	if ce != nil {
		return reject(ce)
	}
	if count.Sign() < 0 {
		return reject(rec.Fail("count", errors.New("is negative")))
	}
	return billing.LicenceRow{Source: src, Member: member, Department: rec.Get("department"), Type: typ, Count: count}, nil
}
