package ledger

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Record runs fn in one write transaction (BEGIN IMMEDIATE: a second
// recorder waits up to the busy timeout, then fails with ErrLocked), and
// commits when fn returns nil. Nothing is recorded when fn fails or the
// process dies before the commit.
func (l *Ledger) Record(ctx context.Context, fn func(*Tx) error) error {
	if l.readOnly {
		return fmt.Errorf("ledger %s was opened read-only and records nothing: %w", l.path, ErrReadOnly)
	}
	// A connection of its own rather than a *sql.Tx, so that Add can hand
	// the lines to the driver directly (Conn.Raw), which a *sql.Tx cannot.
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return classify(l.path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return classify(l.path, err)
	}
	t := &Tx{tx: conn, conn: conn, ctx: ctx, path: l.path, write: true, texts: map[string]int64{}}
	committed := false
	defer func() { // also when fn panics
		t.closeStatements()
		if committed {
			return
		}
		if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
			// Never hand a connection inside a transaction back to the pool.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	if err := fn(t); err != nil {
		return err
	}
	if err := t.closeStatements(); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return classify(l.path, err)
	}
	committed = true
	return nil
}

func (t *Tx) closeStatements() error {
	var err error
	if t.insText != nil {
		err = t.insText.Close()
		t.insText = nil
	}
	if t.single != nil {
		if serr := t.single.Close(); err == nil {
			err = serr
		}
		t.single = nil
	}
	if t.batch != nil {
		b := t.batch
		t.batch = nil
		if rerr := t.conn.Raw(func(any) error { return b.Close() }); err == nil {
			err = rerr
		}
	}
	return classify(t.path, err)
}

// View runs fn over a consistent read of the ledger (a read transaction).
func (l *Ledger) View(ctx context.Context, fn func(*Tx) error) error {
	tx, err := l.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}) // plain BEGIN: a reader never waits for a recorder (WAL)
	if err != nil {
		return classify(l.path, err)
	}
	defer tx.Rollback()
	return fn(&Tx{tx: tx, ctx: ctx, path: l.path, l: l})
}

func (t *Tx) exec(q string, args ...any) (sql.Result, error) {
	r, err := t.tx.ExecContext(t.ctx, q, args...)
	return r, classify(t.path, err)
}

func (t *Tx) canWrite(what string) error {
	if !t.write {
		return fmt.Errorf("ledger %s: %s inside View, which only reads; record it inside Record", t.path, what)
	}
	return nil
}

// savepoint runs fn so that what it wrote is undone when it fails, even
// if the caller then commits the transaction anyway.
func (t *Tx) savepoint(fn func() error) error {
	if _, err := t.exec("SAVEPOINT ledger_add"); err != nil {
		return err
	}
	if err := fn(); err != nil {
		t.exec("ROLLBACK TO ledger_add")
		t.exec("RELEASE ledger_add")
		return err
	}
	_, err := t.exec("RELEASE ledger_add")
	return err
}

// lastHash is the hash of the last row of a chained table, zeroHash for
// none, and its id.
func (t *Tx) lastHash(table, id string) (int64, []byte, error) {
	var n int64
	var h []byte
	err := t.tx.QueryRowContext(t.ctx, "SELECT "+id+", hash FROM "+table+" ORDER BY "+id+" DESC LIMIT 1").Scan(&n, &h)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, zeroHash, nil
	}
	return n, h, classify(t.path, err)
}

// Number is a document's number: the n-th of year's series.
func Number(year int, n int64) string { return fmt.Sprintf("%d-%04d", year, n) }

// lineBatch is how many lines one INSERT writes: one statement per line
// spends most of its time in database/sql and the driver, not SQLite.
const lineBatch = 64

const lineCols = 24

// Add records d with its lines: it assigns d.Seq, d.Number (the next in
// the series of d.IssueDate's year), d.Hash and d.ContentHash (its own
// content hash, DocumentContent, taken in the same pass as its lines).
//
// It refuses (ErrConflict, nothing recorded) a fee installment already
// issued to that member for that year, and a chargeback whose period
// overlaps one already issued to the same member. It refuses a document
// whose Total is not the sum of its lines' amounts, or whose ByCategory
// (when set) differs from the lines' sums per category; with ByCategory
// nil it records the lines' sums. On any error nothing of d is recorded.
func (t *Tx) Add(d *Document) error {
	if err := t.canWrite("Add"); err != nil {
		return err
	}
	if err := t.validate(d); err != nil {
		return err
	}
	year := d.IssueDate.Year()
	var n int64
	if err := t.tx.QueryRowContext(t.ctx, "SELECT coalesce(max(n), 0) + 1 FROM documents WHERE year = ?", year).Scan(&n); err != nil {
		return classify(t.path, err)
	}
	last, prev, err := t.lastHash("documents", "seq")
	if err != nil {
		return err
	}
	rec := *d
	rec.Seq, rec.Number = last+1, Number(year, n)
	var final []byte
	var byCat map[string]decimal.Decimal
	var lines int
	err = t.savepoint(func() error {
		var err error
		lines, byCat, final, err = t.addLines(&rec, prev)
		if err != nil {
			return err
		}
		return t.addDocument(&rec, year, n, lines, byCat, final)
	})
	if err != nil {
		t.forgetTexts()
		return err
	}
	d.Seq, d.Number, d.Hash, d.ContentHash = rec.Seq, rec.Number, hex.EncodeToString(final), rec.ContentHash
	if d.ByCategory == nil {
		d.ByCategory = byCat
	}
	return nil
}

// NextNumbers returns the numbers the next count documents issued on day
// will get, in order, if they are added in this transaction: so a run can
// print them on its outputs while Add records the documents.
func (t *Tx) NextNumbers(day time.Time, count int) ([]string, error) {
	if err := t.canWrite("NextNumbers"); err != nil {
		return nil, err
	}
	year := day.Year()
	var n int64
	if err := t.tx.QueryRowContext(t.ctx, "SELECT coalesce(max(n), 0) + 1 FROM documents WHERE year = ?", year).Scan(&n); err != nil {
		return nil, classify(t.path, err)
	}
	numbers := make([]string, count)
	for i := range numbers {
		numbers[i] = Number(year, n+int64(i))
	}
	return numbers, nil
}

func (t *Tx) validate(d *Document) error {
	what := fmt.Sprintf("ledger: the %s document for member %q", d.Kind, d.Member)
	var errs []string
	switch d.Kind {
	case Fee, Chargeback, Correction:
	default:
		errs = append(errs, fmt.Sprintf("its kind %q is none of fee, chargeback, correction", d.Kind))
	}
	if d.Member == "" {
		errs = append(errs, "it names no member")
	}
	if d.Period.From.IsZero() || d.Period.To.IsZero() || day(d.Period.To) < day(d.Period.From) {
		errs = append(errs, fmt.Sprintf("its period %s – %s is not a span of days", day(d.Period.From), day(d.Period.To)))
	}
	if d.IssueDate.IsZero() || d.DueDate.IsZero() {
		errs = append(errs, "it has no issue date or no due date")
	}
	if d.IssuedBy == "" {
		errs = append(errs, "it names no one who issued it")
	}
	if d.Kind == Fee && (d.Installment < 1 || d.Installment > d.Installments) {
		errs = append(errs, fmt.Sprintf("a fee document is installment K of N with 1 ≤ K ≤ N, not %d of %d", d.Installment, d.Installments))
	}
	if d.Kind != Fee && (d.Installment != 0 || d.Installments != 0) {
		errs = append(errs, "only a fee document is an installment")
	}
	if d.Corrects != "" && d.Kind != Correction {
		errs = append(errs, "only a correction corrects a document")
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s cannot be recorded: %s", what, strings.Join(errs, "; "))
	}
	switch d.Kind {
	case Fee:
		var num string
		err := t.tx.QueryRowContext(t.ctx, `SELECT number FROM documents
			WHERE kind = 'fee' AND substr(period_from, 1, 4) = ? AND installment = ? AND member = ?`,
			fmt.Sprintf("%04d", d.Period.From.Year()), d.Installment, d.Member).Scan(&num)
		if err == nil {
			return fmt.Errorf("ledger %s: installment %d of %d's fee for member %s was already issued as document %s: %w",
				t.path, d.Installment, d.Period.From.Year(), d.Member, num, ErrConflict)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return classify(t.path, err)
		}
	case Chargeback:
		var num, from, to string
		err := t.tx.QueryRowContext(t.ctx, `SELECT number, period_from, period_to FROM documents
			WHERE kind = 'chargeback' AND member = ? AND period_from <= ? AND period_to >= ? ORDER BY seq LIMIT 1`,
			d.Member, day(d.Period.To), day(d.Period.From)).Scan(&num, &from, &to)
		if err == nil {
			return fmt.Errorf("ledger %s: member %s's period %s – %s overlaps chargeback %s (%s – %s), already issued; bill a changed period with correct: %w",
				t.path, d.Member, day(d.Period.From), day(d.Period.To), num, from, to, ErrConflict)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return classify(t.path, err)
		}
	case Correction:
		if d.Corrects != "" {
			var member string
			err := t.tx.QueryRowContext(t.ctx, "SELECT member FROM documents WHERE number = ?", d.Corrects).Scan(&member)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("%s corrects document %s, which the ledger %s does not hold", what, d.Corrects, t.path)
			} else if err != nil {
				return classify(t.path, err)
			}
			if member != d.Member {
				return fmt.Errorf("%s corrects document %s, which is member %s's", what, d.Corrects, member)
			}
		}
	}
	return nil
}

// addLines inserts d's lines, lineBatch to a statement, and returns their
// number, their sums per category and d's chain hash.
func (t *Tx) addLines(d *Document, prev []byte) (int, map[string]decimal.Decimal, []byte, error) {
	e := newEnc()
	h := prev
	byCat := map[string]decimal.Decimal{}
	total := decimal.Zero
	if t.batch == nil {
		err := t.conn.Raw(func(dc any) error {
			p, ok := dc.(driver.ConnPrepareContext)
			if !ok {
				return fmt.Errorf("the SQLite driver (%T) cannot prepare a statement with a context", dc)
			}
			st, err := p.PrepareContext(t.ctx, insertLines(lineBatch))
			if err != nil {
				return err
			}
			if _, ok := st.(driver.StmtExecContext); !ok {
				st.Close()
				return fmt.Errorf("the SQLite driver's statement (%T) cannot execute with a context", st)
			}
			t.batch = st
			return nil
		})
		if err != nil {
			return 0, nil, nil, classify(t.path, err)
		}
		t.args = make([]driver.NamedValue, lineBatch*lineCols)
		for i := range t.args {
			t.args[i].Ordinal = i + 1
		}
		if t.single, err = t.tx.PrepareContext(t.ctx, insertLines(1)); err != nil {
			return 0, nil, nil, classify(t.path, err)
		}
	}
	args := make([]any, 0, lineBatch*lineCols)
	flush := func(rows int) error {
		var err error
		if rows == lineBatch {
			for i, a := range args {
				t.args[i].Value = a
			}
			err = t.conn.Raw(func(any) error {
				_, err := t.batch.(driver.StmtExecContext).ExecContext(t.ctx, t.args)
				return err
			})
		} else {
			for i := 0; i < rows && err == nil; i++ {
				_, err = t.single.ExecContext(t.ctx, args[i*lineCols:(i+1)*lineCols]...)
			}
		}
		args = args[:0]
		return classify(t.path, err)
	}
	n, pending := 0, 0
	content := newContent(d) // the document's content hash, in the same pass
	err := d.EachLine(func(l *Line) error {
		n++
		x := textOf(l)
		e.raw(h)
		e.line(n, &x)
		h = e.sum()
		content.line(n, &x)
		cat := string(l.Category)
		if cat == "" && d.Kind == Fee {
			cat = "fee"
		}
		byCat[cat] = byCat[cat].Add(l.Amount)
		total = total.Add(l.Amount)
		var ids [len(textCols)]any
		for i, c := range textCols {
			if x[c] == "" {
				continue
			}
			id, err := t.intern(x[c])
			if err != nil {
				return err
			}
			ids[i] = id
		}
		args = append(args, d.Seq, int64(n), text(x[0]), ids[0], ids[1], ids[2], text(x[4]), text(x[5]), ids[3],
			decArg(x[7]), ids[4], decArg(x[9]), decArg(x[10]), decArg(x[11]), ids[5], ids[6], ids[7], ids[8], ids[9], int64(l.Row),
			ids[10], decArg(x[19]), decArg(x[20]), h)
		if pending++; pending == lineBatch {
			pending = 0
			return flush(lineBatch)
		}
		return nil
	})
	if err == nil {
		err = flush(pending)
	}
	if err != nil {
		return 0, nil, nil, fmt.Errorf("ledger: recording line %d of member %s's %s document: %w", n, d.Member, d.Kind, err)
	}
	what := fmt.Sprintf("ledger: the %s document for member %s (period %s – %s)", d.Kind, d.Member, day(d.Period.From), day(d.Period.To))
	if !total.Equal(d.Total) {
		return 0, nil, nil, fmt.Errorf("%s has total %s but its %d lines sum to %s; nothing recorded", what, d.Total, n, total)
	}
	if d.ByCategory != nil {
		for _, c := range union(byCat, d.ByCategory) {
			if !byCat[c].Equal(d.ByCategory[c]) {
				return 0, nil, nil, fmt.Errorf("%s gives %s for category %q but its lines of that category sum to %s; nothing recorded", what, d.ByCategory[c], c, byCat[c])
			}
		}
		byCat = d.ByCategory
	}
	d.ContentHash = content.contentSum(n)
	e.raw(prev)
	e.docFields(d, true)
	e.raw(h)
	e.end(n, byCat)
	return n, byCat, e.sum(), nil
}

func union(a, b map[string]decimal.Decimal) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// text binds s, and "" as NULL: binding a text costs the driver a C
// string, NULL nothing (most of a line's text fields are empty).
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func insertLines(rows int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO lines (doc, n, key, category, department, clause, date, ref, description, quantity, unit,
		unit_price, extra, amount, status, col, reason, note, file, row, change, old, new, hash) VALUES `)
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", lineCols), ",") + ")"
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(one)
	}
	return b.String()
}

// textCols are the lineText fields the lines table interns in texts, in
// the order of its columns.
var textCols = [...]int{1, 2, 3, 6, 8, 12, 13, 14, 15, 16, 18}

// decArg binds a decimal's text; an integer one as an integer (the
// column's TEXT affinity stores it as the same text), which costs the
// driver no C string.
func decArg(s string) any {
	if len(s) < 16 && !strings.ContainsAny(s, ".eE") {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil && strconv.FormatInt(v, 10) == s {
			return v
		}
	}
	return s
}

// intern is the texts id of s, recording s when new. The first call reads
// the whole texts table (a national year's notes make ~100 000 distinct
// texts, and asking SQLite about each one cost more than recording it).
func (t *Tx) intern(s string) (int64, error) {
	if id, ok := t.texts[s]; ok {
		return id, nil
	}
	if !t.textsLoaded {
		if err := t.loadTexts(); err != nil {
			return 0, err
		}
		if id, ok := t.texts[s]; ok {
			return id, nil
		}
	}
	if t.insText == nil {
		st, err := t.tx.PrepareContext(t.ctx, "INSERT INTO texts (text) VALUES (?)")
		if err != nil {
			return 0, classify(t.path, err)
		}
		t.insText = st
	}
	r, err := t.insText.ExecContext(t.ctx, s)
	var id int64
	if err == nil {
		id, err = r.LastInsertId()
	}
	if err != nil {
		return 0, classify(t.path, err)
	}
	t.texts[s] = id
	return id, nil
}

func (t *Tx) loadTexts() error {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT id, text FROM texts")
	if err != nil {
		return classify(t.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			return classify(t.path, err)
		}
		t.texts[s] = id
	}
	if err := rows.Err(); err != nil {
		return classify(t.path, err)
	}
	t.textsLoaded = true
	return nil
}

// forgetTexts drops what intern knows after a rolled-back Add, whose new
// texts are gone from the table.
func (t *Tx) forgetTexts() {
	t.texts = map[string]int64{}
	t.textsLoaded = false
}

func (t *Tx) addDocument(d *Document, year int, n int64, lines int, byCat map[string]decimal.Decimal, hash []byte) error {
	counts, err := json.Marshal(d.Counts)
	if err != nil {
		return err
	}
	if d.Counts == nil {
		counts = []byte("{}")
	}
	inputs, err := json.Marshal(d.Inputs)
	if err != nil {
		return err
	}
	if d.Inputs == nil {
		inputs = []byte("[]")
	}
	var corrects, inst, insts any
	if d.Corrects != "" {
		corrects = d.Corrects
	}
	if d.Kind == Fee {
		inst, insts = d.Installment, d.Installments
	}
	_, err = t.exec(`INSERT INTO documents (seq, number, year, n, kind, member, period_from, period_to, total, corrects,
		installment, installments, issue_date, due_date, issued_by, reason, counts, inputs, config_hash, content_hash, lines, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.Seq, d.Number, year, n, string(d.Kind), d.Member, day(d.Period.From), day(d.Period.To), d.Total.String(), corrects,
		inst, insts, day(d.IssueDate), day(d.DueDate), d.IssuedBy, d.Reason, string(counts), string(inputs), d.ConfigHash,
		d.ContentHash, lines, hash)
	if err != nil {
		if errors.Is(err, ErrLocked) {
			return err
		}
		return fmt.Errorf("recording document %s for member %s: %w", d.Number, d.Member, err)
	}
	for _, c := range union(byCat, nil) {
		if _, err := t.exec("INSERT INTO document_totals (doc, category, total) VALUES (?, ?, ?)", d.Seq, c, byCat[c].String()); err != nil {
			return err
		}
	}
	return nil
}

// Adopt records an adoption (its Revision is the next for its year) and
// sets a.Revision and a.Hash. Each member's installments must be K = 1 … N
// in order and sum to the fee.
func (t *Tx) Adopt(a *Adoption) error {
	if err := t.canWrite("Adopt"); err != nil {
		return err
	}
	if a.Year < 1 || a.AdoptedBy == "" || a.Date.IsZero() {
		return fmt.Errorf("ledger: an adoption needs a year, a date and who adopted it (year %d, date %q, by %q)", a.Year, day(a.Date), a.AdoptedBy)
	}
	seen := map[string]bool{}
	for _, m := range a.Members {
		if m.Member == "" || seen[m.Member] {
			return fmt.Errorf("ledger: adoption of %d: member %q is empty or adopted twice", a.Year, m.Member)
		}
		seen[m.Member] = true
		sum := decimal.Zero
		for i, in := range m.Installments {
			if in.K != i+1 || in.DueDate.IsZero() {
				return fmt.Errorf("ledger: adoption of %d: member %s's installment %d of %d is numbered %d or has no due date", a.Year, m.Member, i+1, len(m.Installments), in.K)
			}
			sum = sum.Add(in.Amount)
		}
		if !sum.Equal(m.Fee) {
			return fmt.Errorf("ledger: adoption of %d: member %s's installments sum to %s, not the fee %s", a.Year, m.Member, sum, m.Fee)
		}
	}
	var rev int
	if err := t.tx.QueryRowContext(t.ctx, "SELECT coalesce(max(revision), 0) + 1 FROM adoptions WHERE year = ?", a.Year).Scan(&rev); err != nil {
		return classify(t.path, err)
	}
	last, prev, err := t.lastHash("adoptions", "id")
	if err != nil {
		return err
	}
	rec := *a
	rec.Revision = rev
	e := newEnc()
	e.raw(prev)
	e.adoption(&rec)
	h := e.sum()
	id := last + 1
	err = t.savepoint(func() error {
		if _, err := t.exec(`INSERT INTO adoptions (id, year, revision, adopted_by, date, reason, config_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, a.Year, rev, a.AdoptedBy, day(a.Date), a.Reason, a.ConfigHash, h); err != nil {
			return err
		}
		for pos, m := range a.Members {
			if _, err := t.exec("INSERT INTO adopted_fees (adoption, pos, member, name, fee) VALUES (?, ?, ?, ?, ?)",
				id, pos+1, m.Member, m.Name, m.Fee.String()); err != nil {
				return err
			}
			for _, in := range m.Installments {
				if _, err := t.exec("INSERT INTO adopted_installments (adoption, member, k, amount, due_date) VALUES (?, ?, ?, ?, ?)",
					id, m.Member, in.K, in.Amount.String(), day(in.DueDate)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	a.Revision, a.Hash = rev, hex.EncodeToString(h)
	return nil
}

// Approve records an approval and sets ap.Hash.
func (t *Tx) Approve(ap *Approval) error {
	if err := t.canWrite("Approve"); err != nil {
		return err
	}
	if ap.By == "" || ap.ContentHash == "" || ap.Date.IsZero() || ap.Period.From.IsZero() || ap.Period.To.IsZero() {
		return fmt.Errorf("ledger: an approval needs a period, the content hash, a date and who approved (by %q)", ap.By)
	}
	last, prev, err := t.lastHash("approvals", "id")
	if err != nil {
		return err
	}
	e := newEnc()
	e.raw(prev)
	e.approval(ap)
	h := e.sum()
	if _, err := t.exec(`INSERT INTO approvals (id, period_from, period_to, content_hash, approved_by, date, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, last+1, day(ap.Period.From), day(ap.Period.To), ap.ContentHash, ap.By, day(ap.Date), h); err != nil {
		return err
	}
	ap.Hash = hex.EncodeToString(h)
	return nil
}
