package chargeback

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
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
}

// Options tune a run.
type Options struct {
	// Spill, when set, keeps the charged and included lines on disk in a
	// folder it makes inside this one, rather than in Result.Lines.
	Spill string
	// MaxIncluded, with Spill, keeps at most this many included input rows
	// of a category (see billing.Workbook): the rest are counted only.
	MaxIncluded *int
	// Tally only keeps no lines at all, only the summary (for validate).
	Tally bool
	// Lines, when set, is called once per category read, from that
	// category's goroutine, for a sink that is given each of its lines as
	// it is rated (rejected ones too), in the order Result.Lines holds
	// them, and closed after the last. Its failures end the run.
	Lines func(billing.Category) (LineSink, error)
	// Row, when set, is called after each input row is read (for a
	// progress display), from every category's goroutine at once.
	Row func()
	// Covered are the periods already issued (the ledger's), but for the
	// period being rated: a row dated in one is outside, counted and
	// listed with the document covering it, whatever
	// billing.outside_period says.
	Covered []billing.Covered
}

// A LineSink takes one category's lines as they are rated (the line-detail
// CSV). Only its category's goroutine calls it.
type LineSink interface {
	Line(billing.Line) error
	Close() error
}

// File is an input file that was read.
type File struct {
	Category billing.Category
	Name     string // as the config names it
	Path     string
	Rows     int
	Read     string // how it was read: encoding and delimiter, or xlsx
	// Columns are where each field was read: the header, and whether
	// billing.columns named it.
	Columns []input.Column
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

// Period returns the billing period p, or from and to where they are given
// (as 2025-01-01).
func Period(p billing.Period, from, to string) (time.Time, time.Time, error) {
	if from == "" {
		from = p.From
	}
	if to == "" {
		to = p.To
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

// Run rates the period from–to of cfg for members, opening the input files
// cfg names at resolve(name). It returns FileErrors when input files are
// missing or unreadable, naming every one of them.
func Run(cfg billing.Config, members []billing.Member, resolve func(name string) string, from, to time.Time, o Options) (*Result, error) {
	rules, err := billing.NewRules(cfg, members, from, to, o.Covered...)
	if err != nil {
		return nil, err
	}
	res := &Result{From: from, To: to, Rules: rules, Summary: billing.NewSummary(members)}
	res.Summary.CountsOutside = rules.CountsOutside()
	keep := !o.Tally && o.Spill == ""
	if keep {
		res.Lines = map[billing.Category][]billing.Line{}
	}
	if o.Spill != "" {
		if res.Spill, err = NewSpill(o.Spill, o.MaxIncluded); err != nil {
			return nil, err
		}
	}
	in, sh := cfg.Inputs, cfg.Sheets
	// The categories are read at the same time, each into a reading of
	// its own (its rater, summary, lines and spill); they are merged in
	// category order, so the outcome does not depend on which finishes
	// first.
	jobs := []struct {
		cat         billing.Category
		name, sheet string
	}{
		{billing.Equipment, in.Equipment, sh.Equipment}, {billing.Printers, in.Printers, sh.Printers},
		{billing.Storage, in.Storage, sh.Storage}, {billing.Support, in.Support, sh.Support},
		{billing.Licences, in.Licences, sh.Licences}, {billing.Services, in.Services, sh.Services},
	}
	parts := make([]*reading, len(jobs))
	var wg sync.WaitGroup
	for i, job := range jobs {
		if job.name == "" {
			continue
		}
		p := &reading{cat: job.cat, rules: rules, rater: newRater(job.cat, rules), summary: billing.NewSummary(members), keep: keep, onRow: o.Row,
			columns: cfg.Columns.Of(job.cat), users: job.cat == billing.Licences && cfg.Licences.FromUsers(),
			byDomain: len(cfg.Licences.MemberByDomain) > 0}
		if res.Spill != nil {
			p.spill = res.Spill.shard(string(job.cat))
		}
		parts[i] = p
		wg.Go(func() { p.err = p.run(resolve(job.name), job.name, job.sheet, o.Lines) })
	}
	wg.Wait()
	var ferrs FileErrors
	for _, p := range parts {
		if p == nil {
			continue
		}
		if p.err != nil {
			ferrs = append(ferrs, p.err)
			continue
		}
		res.Files = append(res.Files, p.file)
		res.Summary.Merge(p.summary)
		if len(p.lines) > 0 {
			res.Lines[p.cat] = p.lines
		}
		if res.Spill != nil {
			res.Spill.absorb(p.spill)
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

// reading is one category's file being read and rated: everything its
// goroutine changes is here, and nothing here is seen by another goroutine
// until Run merges it. What the categories share is read-only (the rules)
// or safe for concurrent use (Options.Row).
type reading struct {
	cat      billing.Category
	rules    *billing.Rules
	rater    rater
	summary  *billing.Summary
	keep     bool           // keep the lines in lines
	lines    []billing.Line // when kept in memory
	spill    *Spill         // the category's shard of the run's spill
	sink     LineSink
	onRow    func()
	columns  map[string]string // billing.columns of the category
	users    bool              // licences: a user list
	byDomain bool              // a user list's members by domain (billing.licences.member_by_domain)

	file File
	err  error
}

// emit tallies a rated line and keeps it.
func (p *reading) emit(l billing.Line) error {
	p.summary.Add(l)
	if p.sink != nil {
		if err := p.sink.Line(l); err != nil {
			return err
		}
	}
	switch {
	case p.keep:
		p.lines = append(p.lines, l)
	case p.spill != nil && l.Status != billing.Rejected && l.Status != billing.Outside: // rejected and outside lines stay in the summary
		return p.spill.add(l)
	}
	return nil
}

// run reads and rates the category's file at path (name as the config
// names it), giving each line to a sink of lines when it is set.
func (p *reading) run(path, name, sheet string, lines func(billing.Category) (LineSink, error)) error {
	if lines != nil {
		var err error
		if p.sink, err = lines(p.cat); err != nil {
			return err
		}
	}
	var err error
	p.file, err = p.read(path, name, sheet)
	if p.sink != nil {
		if cerr := p.sink.Close(); err == nil {
			err = cerr
		}
	}
	if p.spill != nil {
		if serr := p.spill.finish(); err == nil {
			err = serr
		}
	}
	return err
}

// read reads and rates the category's file. Rating and keeping the lines
// (tallying, spilling) run in two goroutines, joined by batches of lines in
// file order: a national year's million storage rows take both stages'
// time otherwise.
func (p *reading) read(path, name, sheet string) (File, error) {
	const batchSize, inFlight = 1024, 8
	batches := make(chan []billing.Line, inFlight)
	free := make(chan []billing.Line, inFlight+2) // batches kept, to be filled again
	kept := make(chan error, 1)
	go func() {
		var err error
		for batch := range batches {
			for _, l := range batch {
				if err == nil {
					err = p.emit(l)
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
	f, err := p.rateFile(path, name, sheet, emit)
	if len(batch) > 0 {
		batches <- batch
	}
	close(batches)
	if kerr := <-kept; err == nil {
		err = kerr
	}
	return f, err
}

// rateFile reads and rates the category's file, giving each line to emit.
func (p *reading) rateFile(path, name, sheet string, emit func(billing.Line) error) (File, error) {
	cat, rules := p.cat, p.rules
	t, err := input.Open(path, name, p.schema(), input.Options{Sheet: sheet, Location: rules.Calendar.Location(),
		Columns: p.columns, ColumnsKey: "billing.columns." + string(cat)})
	if err != nil {
		return File{}, err
	}
	defer t.Close()
	f := File{Category: cat, Name: name, Path: path, Read: t.String(), Columns: t.Columns()}
	if p.users && !p.byDomain && !slices.ContainsFunc(f.Columns, func(c input.Column) bool { return c.Field == "member" }) {
		return File{}, &input.FileError{File: name, Column: "member", Err: fmt.Errorf("%w \"member\": the user list has no member column and billing.licences.member_by_domain names no domain, so no user has a member", input.ErrColumn)}
	}
	// Lines name their file as the spec's contract does: by its base name.
	base := filepath.Base(name)
	// Licence rows are rated together at the end of their file: hold them.
	var licences []billing.LicenceRow
	var licenceLines []billing.Line
	var licenceRows []billing.LicenceRow // of each of licenceLines, for the excess warnings
	var licenceIdx []int                 // position in licenceLines of each readable licence row
	var users []billing.LicenceUserRow   // a user list's rows (billing.licences.from: users)
	var userRejects []billing.Line       // a user list's rows rejected as read,
	var rejectAt []int                   // each before the user of this index
	// hold keeps a licence row's line: rejected now, or filled below.
	hold := func(rej *billing.Line) bool {
		if rej != nil {
			licenceLines = append(licenceLines, *rej)
			return false
		}
		licenceIdx = append(licenceIdx, len(licenceLines))
		licenceLines = append(licenceLines, billing.Line{})
		return true
	}
	for {
		rec, err := t.Next()
		if err == io.EOF {
			break
		}
		f.Rows++
		if p.onRow != nil {
			p.onRow()
		}
		if ce, ok := errors.AsType[*input.CellError](err); ok {
			rej := rejectCell(rules, cat, billing.Source{File: base, Row: ce.Row}, "", time.Time{}, ce)
			if p.users {
				userRejects, rejectAt = append(userRejects, rej), append(rejectAt, len(users))
			} else if cat == billing.Licences {
				licenceLines = append(licenceLines, rej)
				licenceRows = append(licenceRows, billing.LicenceRow{})
			} else if err := emit(rej); err != nil {
				return File{}, err
			}
			continue
		}
		if err != nil {
			return File{}, err
		}
		src := billing.Source{File: base, Row: rec.Row}
		if p.users {
			if row, rej := licenceUserRow(rules, rec, src); rej != nil {
				userRejects, rejectAt = append(userRejects, *rej), append(rejectAt, len(users))
			} else {
				users = append(users, row)
			}
			continue
		}
		if cat == billing.Licences {
			row, rej := licenceRow(rules, rec, src)
			licenceRows = append(licenceRows, row)
			if hold(rej) {
				licences = append(licences, row)
			}
			continue
		}
		if err := emit(p.rater.rate(rec, src)); err != nil {
			return File{}, err
		}
	}
	if p.users {
		lines, excess, held := rules.LicenceUsers(users)
		p.summary.LicenceUsers = held
		p.summary.Warnings = append(p.summary.Warnings, held.Warnings...)
		// The users' lines and the rows rejected as they were read, in
		// file order: each rejected row before the user read after it.
		j := 0
		for i := 0; i <= len(lines); i++ {
			for ; j < len(rejectAt) && rejectAt[j] == i; j++ {
				if err := emit(userRejects[j]); err != nil {
					return File{}, err
				}
			}
			if i < len(lines) {
				if err := emit(lines[i]); err != nil {
					return File{}, err
				}
			}
		}
		for _, l := range excess {
			if err := emit(l); err != nil {
				return File{}, err
			}
		}
	} else if cat == billing.Licences {
		lines, excess := rules.Licences(licences)
		for i, l := range lines {
			licenceLines[licenceIdx[i]] = l
		}
		p.summary.Warnings = append(p.summary.Warnings, rules.ExcessWarnings(licenceRows, licenceLines)...)
		for _, l := range append(licenceLines, excess...) {
			if err := emit(l); err != nil {
				return File{}, err
			}
		}
	}
	return f, nil
}

// schema is the schema of the category's file.
func (p *reading) schema() input.Schema {
	if p.users {
		return input.UserListSchema
	}
	return schemas[p.cat]
}

var schemas = map[billing.Category]input.Schema{
	billing.Equipment: input.EquipmentSchema, billing.Printers: input.PrinterSchema,
	billing.Storage: input.StorageSchema, billing.Support: input.SupportSchema,
	billing.Licences: input.LicenceSchema, billing.Services: input.ServiceSchema,
}

// A rater reads one category's records into its rows and rates them; a
// row with a value it cannot read is rejected for it (or outside, by its
// member and day: cells.unreadable). Each category's reading has a
// rater of its own (newRater), holding what its rule keeps from row to row
// (storage's user-months): the billing.Rules they share is read-only.
// Licence rows are rated together at the end of their file (rateFile).
type rater interface {
	rate(rec *input.Record, src billing.Source) billing.Line
}

// newRater returns a rater of the category's records, nil for licences.
func newRater(cat billing.Category, rules *billing.Rules) rater {
	switch cat {
	case billing.Equipment:
		return equipmentRater{rules}
	case billing.Printers:
		return printerRater{rules}
	case billing.Storage:
		return storageRater{rules.NewStorage(), rules}
	case billing.Support:
		return supportRater{rules.NewSupport(), rules}
	case billing.Services:
		return serviceRater{rules}
	case billing.Licences:
		return nil
	}
	panic("chargeback: unknown category " + string(cat))
}

type (
	equipmentRater struct{ rules *billing.Rules }
	printerRater   struct{ rules *billing.Rules }
	storageRater   struct {
		rules *billing.StorageRater
		base  *billing.Rules
	}
	supportRater struct {
		rules *billing.SupportRater
		base  *billing.Rules
	}
	serviceRater struct{ rules *billing.Rules }
)

// cells reads a record's cells for a rater and keeps the first cell that
// cannot be read: the cells after it are not read, and the row is rejected
// for that first one, as a finance person reads the row left to right. The
// member and the date (a ticket's start) are read first and each whatever
// the other gives (key), so that a row with another cell that cannot be
// read is still its member's, dated: outside when its day is, on its
// member's document when rejected (reject).
type cells struct {
	rec    *input.Record
	err    *input.CellError
	member string    // the member cell, "" when it cannot be read
	day    time.Time // the row's day, zero when it cannot be read
}

// keep records ce unless a cell before it could not be read.
func (c *cells) keep(ce *input.CellError) {
	if c.err == nil {
		c.err = ce
	}
}

func (c *cells) text(field string, required bool) string {
	if c.err != nil {
		return ""
	}
	v, ce := c.rec.Text(field, required)
	c.err = ce
	return v
}

func (c *cells) number(field string, kind input.NumberKind, required bool) (d decimal.Decimal, ok bool) {
	if c.err != nil {
		return decimal.Zero, false
	}
	d, ok, c.err = c.rec.Number(field, kind, required)
	if !ok {
		d = decimal.Zero
	}
	return d, ok
}

// key reads the columns every category has but licences, the member
// (required) and the department, and the date column: the member and the
// date are read whatever the other gives.
func (c *cells) key(date string) (member, dept string, day time.Time) {
	member, ce := c.rec.Text("member", true)
	c.keep(ce)
	day, ce = c.rec.Date(date)
	c.keep(ce)
	c.member, c.day = member, day
	return member, c.rec.Get("department"), day
}

// ticketKey is a ticket's key: the member, the department and the start
// (read whatever the member gives), the day its start's.
func (c *cells) ticketKey(rules *billing.Rules) (member, dept string, start time.Time, guessed bool) {
	member, ce := c.rec.Text("member", true)
	c.keep(ce)
	start, guessed, ce = c.rec.Timestamp("start")
	c.keep(ce)
	c.member, c.day = member, rules.StartDay(start)
	return member, c.rec.Get("department"), start, guessed
}

// unreadable is the line of the row with the cell that cannot be read: its
// member and day, where they were read, decide whether it is outside.
func (c *cells) unreadable(rules *billing.Rules, cat billing.Category, src billing.Source) billing.Line {
	return rejectCell(rules, cat, src, c.member, c.day, c.err)
}

func (r equipmentRater) rate(rec *input.Record, src billing.Source) billing.Line {
	c := cells{rec: rec}
	member, dept, date := c.key("date")
	qty, _ := c.number("quantity", input.Plain, true)
	price, _ := c.number("unit_price", input.Amount, true)
	if c.err != nil {
		return c.unreadable(r.rules, billing.Equipment, src)
	}
	return r.rules.Equipment(billing.EquipmentRow{Source: src, Date: date, Member: member, Department: dept,
		Description: rec.Get("description"), Quantity: qty, UnitPrice: price})
}

func (r printerRater) rate(rec *input.Record, src billing.Source) billing.Line {
	c := cells{rec: rec}
	member, dept, date := c.key("date")
	event := c.text("event", true)
	amount, _ := c.number("amount", input.Amount, false)
	if c.err != nil {
		return c.unreadable(r.rules, billing.Printers, src)
	}
	return r.rules.Printer(billing.PrinterRow{Source: src, Date: date, Member: member, Department: dept,
		Description: rec.Get("description"), Event: event, Amount: amount})
}

func (r storageRater) rate(rec *input.Record, src billing.Source) billing.Line {
	c := cells{rec: rec}
	member, dept, date := c.key("date")
	user := c.text("user", true)
	var used decimal.Decimal
	if c.err == nil {
		used, c.err = rec.Size("used_gb") // 870 MB, 1,2 TB; a bare number is GB
	}
	if c.err != nil {
		return c.unreadable(r.base, billing.Storage, src)
	}
	return r.rules.Rate(billing.StorageRow{Source: src, Date: date, User: user, Member: member, Department: dept, UsedGB: used})
}

func (r supportRater) rate(rec *input.Record, src billing.Source) billing.Line {
	c := cells{rec: rec}
	member, dept, start, startGuessed := c.ticketKey(r.base)
	var end time.Time
	var endGuessed, endComputed bool
	if c.err == nil {
		// The end, or where the file has no end (or the row's is empty)
		// the start plus the duration in real time: across a DST night
		// the wall clock moves by an hour more or less.
		if rec.Has("end") && (rec.Get("end") != "" || !rec.Has("duration")) {
			end, endGuessed, c.err = rec.Timestamp("end")
		} else {
			// No offset was written for it: it is as certain as the start.
			var d time.Duration
			if d, c.err = rec.Duration("duration"); c.err == nil {
				end, endGuessed, endComputed = start.Add(d), startGuessed, true
			}
		}
	}
	if c.err != nil {
		return c.unreadable(r.base, billing.Support, src)
	}
	callOut, err := input.ParseYes(rec.Get("call_out"))
	if err != nil {
		c.err = rec.Fail("call_out", err)
		return c.unreadable(r.base, billing.Support, src)
	}
	return r.rules.Rate(billing.SupportRow{Source: src, Ticket: rec.Get("ticket"), Member: member, Department: dept,
		System: rec.Get("system"), Start: start, End: end, StartGuessed: startGuessed, EndGuessed: endGuessed, EndComputed: endComputed, CallOut: callOut})
}

func (r serviceRater) rate(rec *input.Record, src billing.Source) billing.Line {
	c := cells{rec: rec}
	member, dept, date := c.key("date")
	clause := c.text("clause", true)
	row := billing.ServiceRow{Source: src, Date: date, Member: member, Department: dept, Clause: clause, Description: rec.Get("description")}
	for _, f := range []struct {
		name string
		kind input.NumberKind
		dst  *decimal.NullDecimal
	}{{"hours", input.Plain, &row.Hours}, {"rate", input.Amount, &row.Rate}, {"amount", input.Amount, &row.Amount}} {
		if v, ok := c.number(f.name, f.kind, false); ok {
			*f.dst = decimal.NewNullDecimal(v)
		}
	}
	if c.err != nil {
		return c.unreadable(r.rules, billing.Services, src)
	}
	return r.rules.Service(row)
}

// licenceRow reads a licence record; a row with a cell that cannot be
// read is rejected naming its member where its member cell can be read
// (it has no day: licences are never outside).
func licenceRow(rules *billing.Rules, rec *input.Record, src billing.Source) (billing.LicenceRow, *billing.Line) {
	c := cells{rec: rec}
	member, ce := rec.Text("member", true)
	c.keep(ce)
	c.member = member
	typ := c.text("type", true)
	count, _ := c.number("count", input.Plain, true)
	if c.err == nil && count.Sign() < 0 {
		c.err = rec.Fail("count", errNegativeCount)
	}
	row := billing.LicenceRow{Source: src, Member: member, Department: rec.Get("department"), Type: typ, Count: count}
	if c.err != nil {
		l := c.unreadable(rules, billing.Licences, src)
		return row, &l // the row as read: its excess may change (billing.ExcessWarnings)
	}
	return row, nil
}

// licenceUserRow reads a user list's record: the user is required, the
// licences cell may be empty (nothing billed).
func licenceUserRow(rules *billing.Rules, rec *input.Record, src billing.Source) (billing.LicenceUserRow, *billing.Line) {
	row := billing.LicenceUserRow{Source: src, Member: rec.Get("member"), Department: rec.Get("department"), Licences: rec.Get("licenses")}
	user, ce := rec.Text("user", true)
	if ce != nil {
		l := rejectCell(rules, billing.Licences, src, row.Member, time.Time{}, ce)
		return row, &l
	}
	row.User = user
	return row, nil
}
