package ledger

import (
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
)

// parseDay reads a stored date as a day is held everywhere in memberfee
// (billing's periods and rows, the commands' --date): midnight UTC, so that
// a period read back equals the period rated; "" is the zero time.
func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, s)
}

func parseDec(s string) (decimal.Decimal, error) { return decimal.NewFromString(s) }

// docCols are the documents columns scanDoc reads, in its order.
const docCols = `seq, number, year, n, kind, member, period_from, period_to, total, coalesce(corrects, ''),
	coalesce(installment, 0), coalesce(installments, 0), issue_date, due_date, issued_by, reason, counts, inputs,
	config_hash, content_hash, lines, hash`

// storedDoc is a documents row with what only Verify needs.
type storedDoc struct {
	Document
	year, n, lines int64
	hash           []byte
}

// scanDoc reads one documents row; a value that does not parse is an
// error naming the document (what a tampered row can hold).
func scanDoc(rows *sql.Rows) (*storedDoc, error) {
	var s storedDoc
	d := &s.Document
	var kind, from, to, total, issue, due, counts, inputs string
	if err := rows.Scan(&d.Seq, &d.Number, &s.year, &s.n, &kind, &d.Member, &from, &to, &total, &d.Corrects,
		&d.Installment, &d.Installments, &issue, &due, &d.IssuedBy, &d.Reason, &counts, &inputs,
		&d.ConfigHash, &d.ContentHash, &s.lines, &s.hash); err != nil {
		return nil, fmt.Errorf("document #%d: %w", d.Seq, err)
	}
	d.Kind = Kind(kind)
	d.Hash = hex.EncodeToString(s.hash)
	var errs []error
	var err error
	if d.Period.From, err = parseDay(from); err != nil {
		errs = append(errs, err)
	}
	if d.Period.To, err = parseDay(to); err != nil {
		errs = append(errs, err)
	}
	if d.IssueDate, err = parseDay(issue); err != nil {
		errs = append(errs, err)
	}
	if d.DueDate, err = parseDay(due); err != nil {
		errs = append(errs, err)
	}
	if d.Total, err = parseDec(total); err != nil {
		errs = append(errs, fmt.Errorf("total: %w", err))
	}
	if err := json.Unmarshal([]byte(counts), &d.Counts); err != nil {
		errs = append(errs, fmt.Errorf("counts: %w", err))
	}
	if err := json.Unmarshal([]byte(inputs), &d.Inputs); err != nil {
		errs = append(errs, fmt.Errorf("inputs: %w", err))
	}
	if len(errs) > 0 {
		return &s, &TamperError{Number: d.Number, What: "a stored value does not read back: " + errors.Join(errs...).Error()}
	}
	return &s, nil
}

// Documents lists the documents f selects, in order of recording, without
// their lines (with their ByCategory).
func (t *Tx) Documents(f Filter) ([]Document, error) {
	var where []string
	var args []any
	if f.Year != 0 {
		where, args = append(where, "issue_date BETWEEN ? AND ?"), append(args, fmt.Sprintf("%04d-01-01", f.Year), fmt.Sprintf("%04d-12-31", f.Year))
	}
	if !f.From.IsZero() {
		where, args = append(where, "issue_date >= ?"), append(args, day(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "issue_date <= ?"), append(args, day(f.To))
	}
	if f.Member != "" {
		where, args = append(where, "member = ?"), append(args, f.Member)
	}
	if f.Kind != "" {
		where, args = append(where, "kind = ?"), append(args, string(f.Kind))
	}
	if f.Number != "" {
		where, args = append(where, "number = ?"), append(args, f.Number)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	return t.documents(cond, args...)
}

// Overlapping lists the chargeback and correction documents whose period
// overlaps p, in order of recording, without their lines.
func (t *Tx) Overlapping(p Period) ([]Document, error) {
	return t.documents(" WHERE kind IN ('chargeback', 'correction') AND period_from <= ? AND period_to >= ?", day(p.To), day(p.From))
}

func (t *Tx) documents(cond string, args ...any) ([]Document, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT "+docCols+" FROM documents"+cond+" ORDER BY seq", args...)
	if err != nil {
		return nil, classify(t.path, err)
	}
	defer rows.Close()
	var docs []Document
	at := map[int64]int{}
	for rows.Next() {
		s, err := scanDoc(rows)
		if err != nil {
			return nil, err
		}
		at[s.Seq] = len(docs)
		s.ByCategory = map[string]decimal.Decimal{}
		docs = append(docs, s.Document)
	}
	if err := rows.Err(); err != nil {
		return nil, classify(t.path, err)
	}
	rows.Close()
	if len(docs) == 0 {
		return docs, nil
	}
	tr, err := t.tx.QueryContext(t.ctx, "SELECT doc, category, total FROM document_totals WHERE doc IN (SELECT seq FROM documents"+cond+")", args...)
	if err != nil {
		return nil, classify(t.path, err)
	}
	defer tr.Close()
	for tr.Next() {
		var seq int64
		var cat, total string
		if err := tr.Scan(&seq, &cat, &total); err != nil {
			return nil, classify(t.path, err)
		}
		d := &docs[at[seq]]
		v, err := parseDec(total)
		if err != nil {
			return nil, &TamperError{Number: d.Number, What: fmt.Sprintf("its total for %s (%q) is not a number", cat, total)}
		}
		d.ByCategory[cat] = v
	}
	return docs, classify(t.path, tr.Err())
}

const lineColsSQL = `n, coalesce(key, ''), coalesce(category, 0), coalesce(department, 0), coalesce(clause, 0),
	coalesce(date, ''), coalesce(ref, ''), coalesce(description, 0), quantity, coalesce(unit, 0), unit_price, extra, amount,
	coalesce(status, 0), coalesce(col, 0), coalesce(reason, 0), coalesce(note, 0), coalesce(file, 0), row, coalesce(change, 0),
	old, new, hash`

// lineScanner reads lines rows into one reused Line.
type lineScanner struct {
	l                                  Line
	n                                  int64
	hash                               []byte
	ids                                [len(textCols)]int64
	date, qty, price, extra, amt, o, w string
}

func (s *lineScanner) scan(rows *sql.Rows, names map[int64]string) error {
	l := &s.l
	id := &s.ids
	if err := rows.Scan(&s.n, &l.Key, &id[0], &id[1], &id[2], &s.date, &l.Ref, &id[3], &s.qty, &id[4],
		&s.price, &s.extra, &s.amt, &id[5], &id[6], &id[7], &id[8], &id[9], &l.Row, &id[10], &s.o, &s.w, &s.hash); err != nil {
		return err
	}
	var errs []error
	var x [len(textCols)]string
	for i, v := range id {
		if v == 0 {
			continue
		}
		t, ok := names[v]
		if !ok {
			errs = append(errs, fmt.Errorf("text #%d is not in the ledger", v))
		}
		x[i] = t
	}
	l.Category, l.Department, l.Clause, l.Description, l.Unit = billing.Category(x[0]), x[1], x[2], x[3], x[4]
	l.Status, l.Column, l.Reason, l.Note, l.File, l.Change = billing.Status(x[5]), x[6], x[7], x[8], x[9], x[10]
	var err error
	if l.Date, err = parseDay(s.date); err != nil {
		errs = append(errs, err)
	}
	for _, f := range []struct {
		to *decimal.Decimal
		s  string
	}{{&l.Quantity, s.qty}, {&l.UnitPrice, s.price}, {&l.Extra, s.extra}, {&l.Amount, s.amt}, {&l.Old, s.o}, {&l.New, s.w}} {
		if *f.to, err = parseDec(f.s); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("line %d: a stored value does not read back: %w", s.n, errors.Join(errs...))
	}
	return nil
}

// eachLine calls fn with each stored line of document seq, in order.
func (t *Tx) eachLine(stmt *sql.Stmt, seq int64, fn func(*lineScanner) error) error {
	rows, err := stmt.QueryContext(t.ctx, seq)
	if err != nil {
		return classify(t.path, err)
	}
	defer rows.Close()
	var s lineScanner
	for rows.Next() {
		if err := s.scan(rows, t.names); err != nil {
			return err
		}
		if err := fn(&s); err != nil {
			return err
		}
	}
	return classify(t.path, rows.Err())
}

// linesStmt prepares the query of a document's lines and reads every text
// they refer to afresh (Verify and Export).
func (t *Tx) linesStmt() (*sql.Stmt, error) {
	names, err := t.readTexts(map[int64]string{}, 0)
	if err != nil {
		return nil, err
	}
	t.names = names
	return t.prepareLines()
}

func (t *Tx) prepareLines() (*sql.Stmt, error) {
	st, err := t.tx.PrepareContext(t.ctx, "SELECT "+lineColsSQL+" FROM lines WHERE doc = ? ORDER BY n")
	return st, classify(t.path, err)
}

// readTexts adds the texts with an id above after to names.
func (t *Tx) readTexts(names map[int64]string, after int64) (map[int64]string, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT id, text FROM texts WHERE id > ?", after)
	if err != nil {
		return nil, classify(t.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			return nil, classify(t.path, err)
		}
		names[id] = s
	}
	return names, classify(t.path, rows.Err())
}

// textCache holds the texts a ledger's readers have read, by id.
type textCache struct {
	mu    sync.Mutex
	names map[int64]string // never changed once published: a load makes a new map
	max   int64
}

// cachedNames returns the texts by id as this transaction sees them: the
// ledger's cache, topped up with the texts added since it was loaded.
func (t *Tx) cachedNames() (map[int64]string, error) {
	c := &t.l.names
	c.mu.Lock()
	defer c.mu.Unlock()
	var max int64
	if err := t.tx.QueryRowContext(t.ctx, "SELECT coalesce(max(id), 0) FROM texts").Scan(&max); err != nil {
		return nil, classify(t.path, err)
	}
	if c.names != nil && max <= c.max {
		return c.names, nil // a snapshot older than the cache reads a subset of its ids
	}
	grown := make(map[int64]string, len(c.names)+int(max-c.max))
	for id, s := range c.names {
		grown[id] = s
	}
	grown, err := t.readTexts(grown, c.max)
	if err != nil {
		return nil, err
	}
	c.names, c.max = grown, max
	return grown, nil
}

// Lines returns the lines of the document numbered number, in order.
func (t *Tx) Lines(number string) ([]Line, error) {
	var seq int64
	err := t.tx.QueryRowContext(t.ctx, "SELECT seq FROM documents WHERE number = ?", number).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("ledger %s holds no document %s", t.path, number)
	} else if err != nil {
		return nil, classify(t.path, err)
	}
	var st *sql.Stmt
	if t.write {
		// a recording reads the texts it may just have added
		if st, err = t.linesStmt(); err != nil {
			return nil, err
		}
		defer st.Close()
	} else {
		// a View reads a snapshot: its texts and query serve every call
		if t.linesSt == nil {
			if t.names, err = t.cachedNames(); err != nil {
				return nil, err
			}
			if t.linesSt, err = t.prepareLines(); err != nil {
				return nil, err
			}
		}
		st = t.linesSt
	}
	var lines []Line
	err = t.eachLine(st, seq, func(s *lineScanner) error {
		lines = append(lines, s.l)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", number, err)
	}
	return lines, nil
}

// Adoption returns the latest adoption of year, nil when there is none.
func (t *Tx) Adoption(year int) (*Adoption, error) {
	var id int64
	err := t.tx.QueryRowContext(t.ctx, "SELECT id FROM adoptions WHERE year = ? ORDER BY revision DESC LIMIT 1", year).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, classify(t.path, err)
	}
	a, _, err := t.adoption(id)
	return a, err
}

// adoption reads adoption id with its fees and installments, and its
// stored hash.
func (t *Tx) adoption(id int64) (*Adoption, []byte, error) {
	var a Adoption
	var date string
	var h []byte
	err := t.tx.QueryRowContext(t.ctx, "SELECT year, revision, adopted_by, date, reason, config_hash, hash FROM adoptions WHERE id = ?", id).
		Scan(&a.Year, &a.Revision, &a.AdoptedBy, &date, &a.Reason, &a.ConfigHash, &h)
	if err != nil {
		return nil, nil, classify(t.path, err)
	}
	a.Hash = hex.EncodeToString(h)
	bad := func(what string, err error) error {
		return &TamperError{What: fmt.Sprintf("adoption of %d, revision %d: %s does not read back: %v", a.Year, a.Revision, what, err)}
	}
	if a.Date, err = parseDay(date); err != nil {
		return nil, nil, bad("its date", err)
	}
	rows, err := t.tx.QueryContext(t.ctx, "SELECT member, name, fee FROM adopted_fees WHERE adoption = ? ORDER BY pos", id)
	if err != nil {
		return nil, nil, classify(t.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m AdoptedFee
		var fee string
		if err := rows.Scan(&m.Member, &m.Name, &fee); err != nil {
			return nil, nil, classify(t.path, err)
		}
		if m.Fee, err = parseDec(fee); err != nil {
			return nil, nil, bad("member "+m.Member+"'s fee", err)
		}
		a.Members = append(a.Members, m)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, classify(t.path, err)
	}
	rows.Close()
	at := map[string]int{}
	for i, m := range a.Members {
		at[m.Member] = i
	}
	ir, err := t.tx.QueryContext(t.ctx, "SELECT member, k, amount, due_date FROM adopted_installments WHERE adoption = ? ORDER BY member, k", id)
	if err != nil {
		return nil, nil, classify(t.path, err)
	}
	defer ir.Close()
	for ir.Next() {
		var member, amount, due string
		var in Installment
		if err := ir.Scan(&member, &in.K, &amount, &due); err != nil {
			return nil, nil, classify(t.path, err)
		}
		i, ok := at[member]
		if !ok {
			return nil, nil, bad("an installment of member "+member+", who has no fee", errors.New("no such member"))
		}
		if in.Amount, err = parseDec(amount); err != nil {
			return nil, nil, bad("member "+member+"'s installment", err)
		}
		if in.DueDate, err = parseDay(due); err != nil {
			return nil, nil, bad("member "+member+"'s due date", err)
		}
		a.Members[i].Installments = append(a.Members[i].Installments, in)
	}
	return &a, h, classify(t.path, ir.Err())
}

// Approvals lists the approvals of content hash h, in order of recording.
func (t *Tx) Approvals(h string) ([]Approval, error) {
	aps, _, err := t.approvals(" WHERE content_hash = ?", h)
	return aps, err
}

// AllApprovals lists every approval, of every period and content, in
// order of recording (the web view lists the periods approved).
func (t *Tx) AllApprovals() ([]Approval, error) {
	aps, _, err := t.approvals("")
	return aps, err
}

func (t *Tx) approvals(cond string, args ...any) ([]Approval, [][]byte, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT period_from, period_to, content_hash, approved_by, date, hash FROM approvals"+cond+" ORDER BY id", args...)
	if err != nil {
		return nil, nil, classify(t.path, err)
	}
	defer rows.Close()
	var aps []Approval
	var hashes [][]byte
	for rows.Next() {
		var ap Approval
		var from, to, date string
		var h []byte
		if err := rows.Scan(&from, &to, &ap.ContentHash, &ap.By, &date, &h); err != nil {
			return nil, nil, classify(t.path, err)
		}
		var e1, e2, e3 error
		ap.Period.From, e1 = parseDay(from)
		ap.Period.To, e2 = parseDay(to)
		ap.Date, e3 = parseDay(date)
		if err := errors.Join(e1, e2, e3); err != nil {
			return nil, nil, &TamperError{What: fmt.Sprintf("approval %d by %s: a date does not read back: %v", len(aps)+1, ap.By, err)}
		}
		ap.Hash = hex.EncodeToString(h)
		aps, hashes = append(aps, ap), append(hashes, h)
	}
	return aps, hashes, classify(t.path, rows.Err())
}
