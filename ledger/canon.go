package ledger

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/internal/dectext"
)

// The canonical encoding that every hash in the ledger is taken over.
//
// A record is a sequence of fields, each written as its length in bytes
// (4 bytes, big-endian) followed by its bytes, so no two different
// records encode alike whatever bytes a field holds. A record starts with
// a tag naming what it is ("document", "line", "end", "adoption", …) so a
// line can never pass for a document. Fields are text: strings as they
// are (UTF-8); integers in decimal; dates 'YYYY-MM-DD' ('' for none);
// decimals as decimal.Decimal's String (the exact value, trailing zeros
// dropped: 41220.50 is "41220.5"); maps in sorted key order.
//
// The chains (each a SHA-256 over the previous record's hash and the
// record; the first record's previous hash is 32 zero bytes):
//
//	line(d,0) = the hash of the previous document
//	line(d,i) = SHA-256(line(d,i−1) ‖ line i's fields)
//	d.Hash    = SHA-256(the hash of the previous document ‖ document fields ‖
//	                    line(d,last) ‖ "end", number of lines, total per category)
//	adoption  = SHA-256(hash of the previous adoption ‖ adoption fields ‖
//	                    each fee's fields and its installments')
//	approval  = SHA-256(hash of the previous approval ‖ approval fields)
//
// So every line carries its own chained hash, each document's hash covers
// its lines and everything recorded before it, and Verify tells an edited
// line (its own hash fails) from an edited document row (only the
// document's fails).
//
// A document's content hash (DocumentContent) is a plain SHA-256 (no
// chain) over the fields that do not depend on when or by whom it was
// issued, followed by its lines' fields; ContentHash of several documents
// is a SHA-256 over theirs, in order (CombineContent).

type enc struct {
	h   hash.Hash
	buf []byte
}

func newEnc() *enc { return &enc{h: sha256.New(), buf: make([]byte, 0, 512)} }

func (e *enc) str(s string) *enc {
	e.buf = binary.BigEndian.AppendUint32(e.buf, uint32(len(s)))
	e.buf = append(e.buf, s...)
	if len(e.buf) > 4096 {
		e.flush()
	}
	return e
}

func (e *enc) int(n int64) *enc           { return e.str(strconv.FormatInt(n, 10)) }
func (e *enc) dec(d decimal.Decimal) *enc { return e.str(decText(d)) }
func (e *enc) date(t time.Time) *enc      { return e.str(day(t)) }

func (e *enc) raw(b []byte) *enc {
	e.flush()
	e.h.Write(b)
	return e
}

func (e *enc) flush() {
	e.h.Write(e.buf)
	e.buf = e.buf[:0]
}

// sum returns the hash and starts afresh.
func (e *enc) sum() []byte {
	e.flush()
	s := e.h.Sum(nil)
	e.h.Reset()
	return s
}

// day is a date's text: its calendar day in its own location.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// docFields writes what identifies a document apart from its lines; with
// recorded false only what ContentHash covers.
func (e *enc) docFields(d *Document, recorded bool) {
	e.str("document")
	if recorded {
		e.int(d.Seq).str(d.Number).date(d.IssueDate).date(d.DueDate).str(d.IssuedBy).str(d.Reason)
	}
	e.str(string(d.Kind)).str(d.Member).date(d.Period.From).date(d.Period.To).dec(d.Total).str(d.Corrects)
	e.int(int64(d.Installment)).int(int64(d.Installments)).str(d.ConfigHash)
	if recorded {
		e.str(d.ContentHash)
	}
	cats := make([]string, 0, len(d.Counts))
	for c := range d.Counts {
		cats = append(cats, string(c))
	}
	sort.Strings(cats)
	e.int(int64(len(cats)))
	for _, c := range cats {
		n := d.Counts[billing.Category(c)]
		e.str(c).int(int64(n.Charged)).int(int64(n.Included)).int(int64(n.Rejected))
	}
	e.int(int64(len(d.Inputs)))
	for _, in := range d.Inputs {
		e.str(in.Category).str(in.Name).str(in.SHA256).int(int64(in.Rows))
	}
}

// lineText is a line's fields as the hash and the lines table take them,
// each formatted once.
type lineText [21]string

func textOf(l *Line) lineText {
	return lineText{l.Key, string(l.Category), l.Department, l.Clause, day(l.Date), l.Ref, l.Description,
		decText(l.Quantity), l.Unit, decText(l.UnitPrice), decText(l.Extra), decText(l.Amount), string(l.Status),
		l.Column, l.Reason, l.Note, l.File, strconv.Itoa(l.Row), l.Change, decText(l.Old), decText(l.New)}
}

// decText is d.String(), without its cost (dectext writes the same text
// from an int64 coefficient where there is one).
func decText(d decimal.Decimal) string {
	if d.IsZero() {
		return "0"
	}
	var b [24]byte
	return string(dectext.Append(b[:0], d))
}

func (e *enc) line(n int, x *lineText) {
	e.str("line").int(int64(n))
	for _, f := range x {
		e.str(f)
	}
}

func (e *enc) end(lines int, byCat map[string]decimal.Decimal) {
	e.str("end").int(int64(lines))
	cats := make([]string, 0, len(byCat))
	for c := range byCat {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	e.int(int64(len(cats)))
	for _, c := range cats {
		e.str(c).dec(byCat[c])
	}
}

func (e *enc) adoption(a *Adoption) {
	e.str("adoption").int(int64(a.Year)).int(int64(a.Revision)).str(a.AdoptedBy).date(a.Date).str(a.Reason).str(a.ConfigHash)
	e.int(int64(len(a.Members)))
	for _, m := range a.Members {
		e.str("fee").str(m.Member).str(m.Name).dec(m.Fee).int(int64(len(m.Installments)))
		for _, in := range m.Installments {
			e.int(int64(in.K)).dec(in.Amount).date(in.DueDate)
		}
	}
}

func (e *enc) approval(ap *Approval) {
	e.str("approval").date(ap.Period.From).date(ap.Period.To).str(ap.ContentHash).str(ap.By).date(ap.Date)
}

var zeroHash = make([]byte, sha256.Size)

// ContentHash is the SHA-256 (hex) of what a set of documents records
// apart from numbers, dates and names: members, kinds, periods, totals,
// counts, inputs and every line — each document's own content hash
// (DocumentContent, which Add records on the document in the same pass
// as its lines) combined in order (CombineContent). approve records it;
// issue, with ledger.four_eyes, requires an approval of it by another.
// It is "" when a document's Stream fails (use HashContent to see why);
// "" matches no approval.
func ContentHash(docs []Document) string {
	h, err := HashContent(docs)
	if err != nil {
		return ""
	}
	return h
}

// HashContent is ContentHash with the error of a failing Stream.
func HashContent(docs []Document) (string, error) {
	hashes := make([]string, len(docs))
	for i := range docs {
		h, err := DocumentContent(&docs[i])
		if err != nil {
			return "", err
		}
		hashes[i] = h
	}
	return CombineContent(hashes), nil
}

// DocumentContent is the SHA-256 (hex) of one document's content: its
// fields but for number, dates and names, then its lines.
func DocumentContent(d *Document) (string, error) {
	c := newContent(d)
	n := 0
	if err := d.EachLine(func(l *Line) error {
		n++
		x := textOf(l)
		c.line(n, &x)
		return nil
	}); err != nil {
		return "", err
	}
	return c.contentSum(n), nil
}

// newContent starts a document's content hash; line adds each line and
// contentSum ends it after n lines.
func newContent(d *Document) *enc {
	e := newEnc()
	e.str("content")
	e.docFields(d, false)
	return e
}

func (e *enc) contentSum(n int) string {
	e.str("lines").int(int64(n))
	return hex.EncodeToString(e.sum())
}

// CombineContent is the content hash of documents whose own content hashes
// are hashes, in order.
func CombineContent(hashes []string) string {
	e := newEnc()
	e.str("contents").int(int64(len(hashes)))
	for _, h := range hashes {
		e.str(h)
	}
	return hex.EncodeToString(e.sum())
}
