package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/config"
	"memberfee/issuing"
	"memberfee/ledger"
)

// store is what the server has read, cached in memory:
//
//   - the ledger's documents (without lines), read again when the ledger
//     file (or its write-ahead log) changes size or time;
//   - each document's lines, by number and chain hash (a recorded document
//     never changes), up to maxCachedLines lines in all;
//   - drafts (Backend.Draft) of the maxDrafts periods last looked at, rated
//     again when a file the rating read (the config, its policy, every input
//     the draft recorded) changes size or time, when the periods issued
//     around the period change, or after any POST (Server.Invalidate);
//     at most maxRatings rate at a time;
//   - the config, loaded again when its file changes (conf.go);
//   - a period's index of every line, for search, its rejected rows and an
//     input row's lines.
type store struct {
	mu     sync.Mutex
	l      *ledger.Ledger
	snap   *snapshot
	drafts map[string]*draftEntry
	lines  map[string]*cachedLines // by document number + hash
	nLines int
	index  map[string]*periodIndex // by period key + what it was built from
	sums   map[string]string       // an input file's SHA-256 by path and fileStamp
	// rejected are each period's rejected rows, sorted (the lines they
	// point into are the lines cache's or the index's).
	rejected map[string]*periodIndex
	// rating holds a token while a draft is rated: maxRatings at a time.
	rating chan struct{}
	uses   uint64 // a clock of the drafts' uses, for the least recently used
	conf   confState
}

// The drafts kept and rated at a time: a national period's draft is some
// hundred MB while rated and tens kept, and a page may name any period.
const (
	maxDrafts  = 6
	maxRatings = 1
)

const maxCachedLines = 400_000

// snapshot is the ledger's documents as of one state of its file.
type snapshot struct {
	stamp     string
	exists    bool
	docs      []ledger.Document
	approvals []ledger.Approval // every approval, of every period
	byNumber  map[string]int
	adoptions map[int]*ledger.Adoption
}

type draftEntry struct {
	once  chan struct{} // closed when rated
	files []string      // what the stamp covers: the config, its policy, the inputs
	stamp string        // the files' stamps and the documents issued around
	used  uint64
	d     *Draft
	err   error
}

type cachedLines struct {
	lines []ledger.Line
	used  uint64
}

type periodIndex struct {
	stamp string
	draft *Draft // the draft it was built from (nil: the ledger's documents)
	all   []indexedLine
}

// indexedLine is a line of a period with where it is.
type indexedLine struct {
	Member string
	Doc    string // document number; "" in a draft
	N      int    // 1-based within the member's document; 0 for a row on no document
	*ledger.Line
	text string // what a search looks in: ref and description, lower case (in an index)
}

// matches reports whether the line's ref (a ticket, a user) or description
// holds needle (lower case).
func (l *indexedLine) matches(needle string) bool {
	if l.text == "" {
		return strings.Contains(strings.ToLower(l.Ref)+"\x00"+strings.ToLower(l.Description), needle)
	}
	return strings.Contains(l.text, needle)
}

// fileStamp is a file's size and modification time ("-" when missing).
func fileStamp(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return "-"
	}
	return fmt.Sprintf("%d@%d", fi.Size(), fi.ModTime().UnixNano())
}

// Invalidate forgets every draft and index the server rated or built, so
// that the next page reads the ledger and rates the inputs again. The
// actions call it after every POST (approve, issue, correct), whatever its
// outcome.
func (s *Server) Invalidate() {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	s.st.drafts = map[string]*draftEntry{}
	s.st.index = map[string]*periodIndex{}
	s.st.rejected = map[string]*periodIndex{}
	s.st.snap = nil
}

// fileSum is the SHA-256 of the file at path, cached while its size and
// time stay the same.
func (s *Server) fileSum(path string) (string, error) {
	key := path + "\x00" + fileStamp(path)
	s.st.mu.Lock()
	sum, ok := s.st.sums[key]
	s.st.mu.Unlock()
	if ok {
		return sum, nil
	}
	sum, err := fileSHA256(path)
	if err != nil {
		return "", err
	}
	s.st.mu.Lock()
	if len(s.st.sums) > 64 {
		clear(s.st.sums)
	}
	s.st.sums[key] = sum
	s.st.mu.Unlock()
	return sum, nil
}

// invalidate is Invalidate.
func (s *Server) invalidate() { s.Invalidate() }

// Close closes the ledger the server reads.
func (s *Server) Close() error {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if s.st.l != nil {
		err := s.st.l.Close()
		s.st.l = nil
		return err
	}
	return nil
}

// snapshot returns the ledger's documents as they are now.
func (s *Server) snapshot(ctx context.Context) (*snapshot, error) {
	path := s.ledgerPath()
	stamp := fileStamp(path) + "/" + fileStamp(path+"-wal")
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if s.st.snap != nil && s.st.snap.stamp == stamp {
		return s.st.snap, nil
	}
	snap := &snapshot{stamp: stamp, byNumber: map[string]int{}, adoptions: map[int]*ledger.Adoption{}}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) || path == "" {
		if s.st.l != nil {
			s.st.l.Close()
			s.st.l = nil
		}
		s.st.snap = snap
		return snap, nil
	}
	if s.st.l == nil {
		l, err := ledger.Open(path, ledger.Options{ReadOnly: true})
		if err != nil {
			return nil, fmt.Errorf("ledger %s: %w", path, err)
		}
		s.st.l = l
	}
	snap.exists = true
	err := s.st.l.View(ctx, func(tx *ledger.Tx) error {
		var err error
		if snap.docs, err = tx.Documents(ledger.Filter{}); err != nil {
			return err
		}
		snap.approvals, err = tx.AllApprovals()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("ledger %s: %w", path, err)
	}
	for i, d := range snap.docs {
		snap.byNumber[d.Number] = i
	}
	s.st.snap = snap
	return snap, nil
}

// ledgerPath is Options.Ledger, else the config's ledger (ledger.path, or
// memberfee.db beside the config).
func (s *Server) ledgerPath() string {
	if s.o.Ledger == "" && s.o.Config.Path != "" {
		return s.o.Config.LedgerPath("") // as serve started: the ledger does not move under a running server
	}
	return s.o.Ledger
}

// view runs fn in a read transaction of the ledger; without a ledger file
// it does nothing.
func (s *Server) view(ctx context.Context, fn func(*ledger.Tx) error) error {
	s.st.mu.Lock()
	l := s.st.l
	s.st.mu.Unlock()
	if l == nil {
		return nil
	}
	return l.View(ctx, fn)
}

// adoption is year's latest adoption, nil when there is none.
func (s *Server) adoption(ctx context.Context, snap *snapshot, year int) (*ledger.Adoption, error) {
	s.st.mu.Lock()
	a, ok := snap.adoptions[year]
	s.st.mu.Unlock()
	if ok {
		return a, nil
	}
	err := s.view(ctx, func(tx *ledger.Tx) error {
		var err error
		a, err = tx.Adoption(year)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.st.mu.Lock()
	snap.adoptions[year] = a
	s.st.mu.Unlock()
	return a, nil
}

// doc returns the document numbered n.
func (snap *snapshot) doc(n string) (*ledger.Document, bool) {
	i, ok := snap.byNumber[n]
	if !ok {
		return nil, false
	}
	return &snap.docs[i], true
}

// docLines returns a recorded document's lines (cached).
func (s *Server) docLines(ctx context.Context, d *ledger.Document) ([]ledger.Line, error) {
	if err := s.preload(ctx, []*ledger.Document{d}); err != nil {
		return nil, err
	}
	lines, _ := s.cachedLines(d)
	return lines, nil
}

func linesKey(d *ledger.Document) string { return d.Number + "/" + d.Hash }

// cachedLines are d's lines if they are in the cache.
func (s *Server) cachedLines(d *ledger.Document) ([]ledger.Line, bool) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	c, ok := s.st.lines[linesKey(d)]
	if !ok {
		return nil, false
	}
	s.st.nLines++ // a use
	c.used = uint64(s.st.nLines)
	return c.lines, true
}

// preload reads the lines of those of docs not in the cache, in one read
// transaction, and keeps them (the least recently used go beyond
// maxCachedLines).
func (s *Server) preload(ctx context.Context, docs []*ledger.Document) error {
	var need []*ledger.Document
	s.st.mu.Lock()
	for _, d := range docs {
		if _, ok := s.st.lines[linesKey(d)]; !ok && d.Number != "" {
			need = append(need, d)
		}
	}
	s.st.mu.Unlock()
	if len(need) == 0 {
		return nil
	}
	read := make([][]ledger.Line, len(need))
	err := s.view(ctx, func(tx *ledger.Tx) error {
		for i, d := range need {
			var err error
			if read[i], err = tx.Lines(d.Number); err != nil {
				return fmt.Errorf("document %s: %w", d.Number, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	keep := map[string]bool{}
	for i, d := range need {
		s.st.nLines++
		s.st.lines[linesKey(d)] = &cachedLines{lines: read[i], used: uint64(s.st.nLines)}
		keep[linesKey(d)] = true
	}
	total := 0
	for _, c := range s.st.lines {
		total += len(c.lines)
	}
	for total > maxCachedLines {
		oldest, at := "", uint64(0)
		for k, c := range s.st.lines {
			if !keep[k] && (oldest == "" || c.used < at) {
				oldest, at = k, c.used
			}
		}
		if oldest == "" {
			break
		}
		total -= len(s.st.lines[oldest].lines)
		delete(s.st.lines, oldest)
	}
	return nil
}

// configFiles are the files a rating reads that the config names: the
// config itself, its policy (policy:) and the six inputs.
func configFiles(c *config.Config) []string {
	files := []string{c.Path}
	if c.PolicyFile != "" {
		files = append(files, c.Resolve(c.PolicyFile))
	}
	for _, cat := range billing.Categories {
		if name := inputName(&c.Billing.Inputs, cat); name != "" {
			files = append(files, c.Resolve(name))
		}
	}
	return files
}

// stampOf fingerprints files (fileStamp each).
func stampOf(files []string) string {
	parts := make([]string, len(files))
	for i, f := range files {
		parts[i] = fileStamp(f)
	}
	return strings.Join(parts, ",")
}

// inputName is the file the config names for category c (or, given
// Config.Sheets, its sheet).
func inputName(in *billing.Inputs, c billing.Category) string {
	return map[billing.Category]string{billing.Equipment: in.Equipment, billing.Printers: in.Printers, billing.Storage: in.Storage,
		billing.Support: in.Support, billing.Licences: in.Licences, billing.Services: in.Services}[c]
}

// Why a page rates no draft.
var (
	// errCrossSite: a page opened from another site (Sec-Fetch-Site:
	// cross-site, an <img> or a link elsewhere) starts no rating.
	errCrossSite = errors.New("a page opened from another site starts no rating")
	// errNotRateable: a period the web view does not rate on demand (see
	// rateable).
	errNotRateable = errors.New("a period the web view does not rate")
)

// draft rates p through the Backend, once per state of the files the
// rating read and of the periods issued around p; start false (a request
// from another site) takes only a draft already rated. A second page of
// the same period waits for the first one's rating; other periods wait
// for a rating token (maxRatings).
func (s *Server) draft(ctx context.Context, snap *snapshot, p ledger.Period, start bool) (*Draft, error) {
	var around []string
	for _, d := range snap.docs {
		if d.Kind != ledger.Fee {
			around = append(around, d.Number)
		}
	}
	aroundStamp := "|" + strings.Join(around, ",")
	key := periodKey(p)
	for {
		s.st.mu.Lock()
		e, ok := s.st.drafts[key]
		if ok && isClosed(e.once) && (e.err != nil || stampOf(e.files)+aroundStamp != e.stamp) {
			ok = false // stale, or failed: rate again
		}
		s.st.uses++
		if ok {
			e.used = s.st.uses
			s.st.mu.Unlock()
		} else {
			if !start {
				s.st.mu.Unlock()
				return nil, errCrossSite
			}
			files := configFiles(s.cfg())
			e = &draftEntry{once: make(chan struct{}), files: files, stamp: stampOf(files) + aroundStamp, used: s.st.uses}
			s.st.drafts[key] = e
			s.evictDrafts(e)
			s.st.mu.Unlock()
			s.rate(ctx, e, p, aroundStamp)
		}
		select {
		case <-e.once:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if e.err != nil {
			s.st.mu.Lock()
			if s.st.drafts[key] == e {
				delete(s.st.drafts, key) // an error is not kept: the next page tries again
			}
			s.st.mu.Unlock()
			if errors.Is(e.err, context.Canceled) && ctx.Err() == nil {
				continue // the page that started it went away before its turn: this one rates
			}
		}
		return e.d, e.err
	}
}

// rate rates e's period when a rating token is free, then adds the input
// files the draft recorded (a users list beside the licences, say) to what
// e's stamp covers.
func (s *Server) rate(ctx context.Context, e *draftEntry, p ledger.Period, aroundStamp string) {
	defer close(e.once)
	select {
	case s.st.rating <- struct{}{}:
	case <-ctx.Done():
		e.err = ctx.Err()
		return
	}
	defer func() { <-s.st.rating }()
	// The rating goes on when the page that started it goes away: other
	// pages of the period wait for it.
	e.d, e.err = s.o.Backend.Draft(context.WithoutCancel(ctx), p)
	if e.err != nil {
		return
	}
	c := s.cfg()
	var more []string
	for _, in := range e.d.Inputs {
		if in.SHA256 == "" || in.Name == "" {
			continue // not a file (the currency)
		}
		if f := c.Resolve(in.Name); !slices.Contains(e.files, f) && !slices.Contains(more, f) {
			more = append(more, f)
		}
	}
	if len(more) > 0 {
		files := append(slices.Clone(e.files), more...)
		stamp := strings.TrimSuffix(e.stamp, aroundStamp) + "," + stampOf(more) + aroundStamp
		s.st.mu.Lock()
		e.files, e.stamp = files, stamp
		s.st.mu.Unlock()
	}
}

// evictDrafts forgets the least recently used drafts beyond maxDrafts (but
// keep). s.st.mu is held.
func (s *Server) evictDrafts(keep *draftEntry) {
	for len(s.st.drafts) > maxDrafts {
		oldest, at := "", uint64(0)
		for k, e := range s.st.drafts {
			if e != keep && (oldest == "" || e.used < at) {
				oldest, at = k, e.used
			}
		}
		if oldest == "" {
			return
		}
		// Its index and rejected rows point into its lines: forgotten too.
		delete(s.st.drafts, oldest)
		if ix := s.st.index[oldest]; ix != nil && ix.draft != nil {
			delete(s.st.index, oldest)
		}
		if ix := s.st.rejected[oldest]; ix != nil && ix.draft != nil {
			delete(s.st.rejected, oldest)
		}
	}
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// Statuses of a period.
const (
	stDraft     = "draft"
	stApproved  = "approved"
	stIssued    = "issued"
	stCorrected = "corrected"
)

// periodView is a period as its pages show it.
type periodView struct {
	P      ledger.Period
	Key    string
	Status string
	Issued bool
	// Chargebacks are the documents issued for the period, or in a draft
	// the ones issue would record (Number empty).
	Chargebacks []ledger.Document
	Corrections []ledger.Document
	// Overlap are issued documents of other periods overlapping this one.
	Overlap   []ledger.Document
	Draft     *Draft
	Approvals []ledger.Approval
	Total     decimal.Decimal // of the chargebacks
	CorrTotal decimal.Decimal // of the corrections
	Rejected  int             // rows rejected (a draft: all; issued: those on the documents)
	// OffDocuments are, in an issued period, the categories whose input
	// files hold more rows than its documents count (see offDocuments).
	OffDocuments []offDocument
}

// offDocument is a category of an issued period whose input rows are not
// all on its documents: rows dated outside the period, rows naming no
// member of the board (rejected, on no document), rows of a member with
// nothing charged. The ledger keeps only the counts, so the page says how
// many, not which.
type offDocument struct {
	Cat               billing.Category
	Rows, OnDocuments int
}

// Off is how many of the rows are on no document.
func (o offDocument) Off() int { return o.Rows - o.OnDocuments }

// offDocuments compares the input files' rows as issued (the first
// chargeback's inputs: one issue rated them all) with the rows the
// documents count, per category but licences.
func offDocuments(docs []ledger.Document) []offDocument {
	if len(docs) == 0 {
		return nil
	}
	var out []offDocument
	for _, c := range billing.Categories {
		if c == billing.Licences {
			// Its documents count the derived excess lines (no input
			// row) too: its counts do not compare with the file's rows.
			continue
		}
		o := offDocument{Cat: c}
		for _, in := range docs[0].Inputs {
			if in.Category == string(c) {
				o.Rows += in.Rows
			}
		}
		for _, d := range docs {
			n := d.Counts[c]
			o.OnDocuments += n.Charged + n.Included + n.Rejected
		}
		if o.Off() > 0 {
			out = append(out, o)
		}
	}
	return out
}

// rating is whether a page may rate a period that is not issued.
type rating int

const (
	rateNone   rating = iota // shown without figures
	rateCached               // a draft already rated, else errCrossSite
	rateNow                  // rated now if need be (rateable periods only)
)

// ratingFor is what r may rate: a page opened from another site (or
// another port of the same host: same-site) only what is already rated,
// as http.CrossOriginProtection lets only same-origin forms through. A
// request without Sec-Fetch-Site (not a browser, an older one) or with
// "none" (typed, a bookmark) rates.
func ratingFor(r *http.Request) rating {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return rateNow
	}
	return rateCached
}

// maxPeriodDays is the longest period rated on demand (a leap year).
const maxPeriodDays = 366

// rateable reports whether a page may rate p on demand: a period the
// ledger or the config knows of, or one of at most maxPeriodDays days
// within the config's year ±1. The command line rates any period.
func (s *Server) rateable(snap *snapshot, p ledger.Period) bool {
	if slices.ContainsFunc(s.periods(snap), p.Equal) {
		return true
	}
	year := s.cfg().Year
	days := int(p.To.Sub(p.From).Hours()/24) + 1
	return days <= maxPeriodDays && p.From.Year() >= year-1 && p.To.Year() <= year+1
}

// period reads what the ledger holds of p; with rate, draft rates p when
// it is not issued (without, a period not issued is shown without
// figures). A period the page may not rate is errCrossSite or
// errNotRateable.
func (s *Server) period(ctx context.Context, snap *snapshot, p ledger.Period, rate rating) (*periodView, error) {
	v := &periodView{P: p, Key: periodKey(p), Status: stDraft}
	for _, d := range snap.docs {
		if d.Kind == ledger.Fee || !d.Period.Overlaps(p) {
			continue
		}
		switch {
		case !d.Period.Equal(p):
			v.Overlap = append(v.Overlap, d)
		case d.Kind == ledger.Chargeback:
			v.Chargebacks = append(v.Chargebacks, d)
			v.Total = v.Total.Add(d.Total)
			for _, c := range d.Counts {
				v.Rejected += c.Rejected
			}
		case d.Kind == ledger.Correction:
			v.Corrections = append(v.Corrections, d)
			v.CorrTotal = v.CorrTotal.Add(d.Total)
		}
	}
	var content string
	if len(v.Chargebacks) > 0 || len(v.Corrections) > 0 {
		v.Issued, v.Status = true, stIssued
		if len(v.Corrections) > 0 {
			v.Status = stCorrected
		}
		hashes := make([]string, len(v.Chargebacks))
		for i, d := range v.Chargebacks {
			hashes[i] = d.ContentHash
		}
		content = ledger.CombineContent(hashes)
		v.OffDocuments = offDocuments(v.Chargebacks)
	} else if rate != rateNone && len(v.Overlap) == 0 {
		if !s.rateable(snap, p) {
			return nil, errNotRateable
		}
		d, err := s.draft(ctx, snap, p, rate == rateNow)
		if err != nil {
			return nil, err
		}
		v.Draft = d
		v.Chargebacks = d.Documents
		v.Rejected = len(d.Rejected)
		for _, d := range d.Documents {
			v.Total = v.Total.Add(d.Total)
		}
		content = d.ContentHash
	}
	if content != "" {
		err := s.view(ctx, func(tx *ledger.Tx) error {
			var err error
			v.Approvals, err = tx.Approvals(content)
			return err
		})
		if err != nil {
			return nil, err
		}
		if !v.Issued && len(v.Approvals) > 0 {
			v.Status = stApproved
		}
	}
	return v, nil
}

// chargeback is member's chargeback document in the period (issued or
// draft), nil when it has none.
func (v *periodView) chargeback(member string) *ledger.Document {
	for i := range v.Chargebacks {
		if v.Chargebacks[i].Member == member {
			return &v.Chargebacks[i]
		}
	}
	return nil
}

// corrections are member's correction documents in the period.
func (v *periodView) memberCorrections(member string) []ledger.Document {
	var out []ledger.Document
	for _, d := range v.Corrections {
		if d.Member == member {
			out = append(out, d)
		}
	}
	return out
}

// lines are a document's lines: a draft's as rated, an issued one's from
// the ledger.
func (s *Server) lines(ctx context.Context, d *ledger.Document) ([]ledger.Line, error) {
	if d.Number == "" {
		return d.Lines, nil
	}
	return s.docLines(ctx, d)
}

// index returns every line of the period: the chargebacks' (issued or
// draft), then a draft's rejected rows that are on no document.
func (s *Server) index(ctx context.Context, snap *snapshot, v *periodView) (*periodIndex, error) {
	stamp := snap.stamp
	if v.Draft != nil {
		stamp = "draft" // and the draft itself: held, so never an address used again
	}
	s.st.mu.Lock()
	ix, ok := s.st.index[v.Key]
	s.st.mu.Unlock()
	if ok && ix.stamp == stamp && ix.draft == v.Draft {
		return ix, nil
	}
	ix = &periodIndex{stamp: stamp, draft: v.Draft}
	var docs []*ledger.Document
	for i := range v.Chargebacks {
		docs = append(docs, &v.Chargebacks[i])
	}
	if err := s.preload(ctx, docs); err != nil {
		return nil, err
	}
	onDoc := map[string]bool{}
	for i := range v.Chargebacks {
		d := &v.Chargebacks[i]
		lines, err := s.lines(ctx, d)
		if err != nil {
			return nil, err
		}
		for n := range lines {
			l := &lines[n]
			ix.all = append(ix.all, indexedLine{Member: d.Member, Doc: d.Number, N: n + 1, Line: l, text: strings.ToLower(l.Ref) + "\x00" + strings.ToLower(l.Description)})
			if l.Status == billing.Rejected {
				onDoc[fmt.Sprintf("%s\x00%d", l.File, l.Row)] = true
			}
		}
	}
	if v.Draft != nil {
		for _, r := range v.Draft.Rejected {
			if onDoc[fmt.Sprintf("%s\x00%d", r.File, r.Row)] && r.Member != "" && v.chargeback(r.Member) != nil {
				continue
			}
			l := issuing.LineOf(r)
			ix.all = append(ix.all, indexedLine{Member: r.Member, Line: &l, text: strings.ToLower(l.Ref) + "\x00" + strings.ToLower(l.Description)})
		}
	}
	s.st.mu.Lock()
	if len(s.st.index) >= 4 { // a national period's index is some ten MB
		for k := range s.st.index {
			delete(s.st.index, k)
			break
		}
	}
	s.st.index[v.Key] = ix
	s.st.mu.Unlock()
	return ix, nil
}

// rejectedRows are the period's rejected rows, in file and row order: a
// draft's all (from the index), an issued period's those on its documents
// — read only from the documents that count rejected rows, so that a
// national period's page does not read its 33 000 lines.
func (s *Server) rejectedRows(ctx context.Context, snap *snapshot, v *periodView) ([]indexedLine, error) {
	stamp := snap.stamp
	if v.Draft != nil {
		stamp = "draft" // and the draft itself: held, so never an address used again
	}
	s.st.mu.Lock()
	if c, ok := s.st.rejected[v.Key]; ok && c.stamp == stamp && c.draft == v.Draft {
		s.st.mu.Unlock()
		return c.all, nil
	}
	s.st.mu.Unlock()
	rows, err := s.readRejected(ctx, snap, v)
	if err != nil {
		return nil, err
	}
	s.st.mu.Lock()
	if len(s.st.rejected) >= 16 {
		clear(s.st.rejected)
	}
	s.st.rejected[v.Key] = &periodIndex{stamp: stamp, draft: v.Draft, all: rows}
	s.st.mu.Unlock()
	return rows, nil
}

func (s *Server) readRejected(ctx context.Context, snap *snapshot, v *periodView) ([]indexedLine, error) {
	if v.Draft != nil {
		ix, err := s.index(ctx, snap, v)
		if err != nil {
			return nil, err
		}
		return ix.rejected(), nil
	}
	var ix periodIndex
	var docs []*ledger.Document
	for i := range v.Chargebacks {
		d := &v.Chargebacks[i]
		n := 0
		for _, c := range d.Counts {
			n += c.Rejected
		}
		if n > 0 {
			docs = append(docs, d)
		}
	}
	if err := s.preload(ctx, docs); err != nil {
		return nil, err
	}
	for _, d := range docs {
		lines, err := s.lines(ctx, d)
		if err != nil {
			return nil, err
		}
		for j := range lines {
			if lines[j].Status == billing.Rejected {
				ix.all = append(ix.all, indexedLine{Member: d.Member, Doc: d.Number, N: j + 1, Line: &lines[j]})
			}
		}
	}
	return ix.rejected(), nil
}

// Derived reports whether the line is no input row's (a licence excess).
func (l indexedLine) Derived() bool { return l.Row == 0 }

// rejected are the period's rejected rows, in file and row order.
func (ix *periodIndex) rejected() []indexedLine {
	var out []indexedLine
	for _, l := range ix.all {
		if l.Status == billing.Rejected {
			out = append(out, l)
		}
	}
	slices.SortStableFunc(out, func(a, b indexedLine) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Row - b.Row
	})
	return out
}

// periods are the periods the ledger holds documents or approvals of and
// the config's billing period, in order — never merely the periods some
// page asked for.
func (s *Server) periods(snap *snapshot) []ledger.Period {
	var ps []ledger.Period
	add := func(p ledger.Period) {
		for _, q := range ps {
			if q.Equal(p) {
				return
			}
		}
		ps = append(ps, p)
	}
	for _, d := range snap.docs {
		if d.Kind != ledger.Fee {
			add(d.Period)
		}
	}
	for _, a := range snap.approvals {
		add(a.Period)
	}
	if p, ok := s.configPeriod(); ok {
		add(p)
	}
	slices.SortFunc(ps, func(a, b ledger.Period) int {
		if c := a.From.Compare(b.From); c != 0 {
			return c
		}
		return a.To.Compare(b.To)
	})
	return ps
}

// configPeriod is the config's billing.period.
func (s *Server) configPeriod() (ledger.Period, bool) {
	c := s.cfg()
	return parsePeriod(c.Billing.Period.From + "_" + c.Billing.Period.To)
}

// memberName is a member's name from the config, "" for none.
func (s *Server) memberName(id string) string {
	for _, m := range s.cfg().Members {
		if m.ID == id {
			return m.Name
		}
	}
	return ""
}
