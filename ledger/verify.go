package ledger

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/shopspring/decimal"
)

// Verify checks every record against its hash and the chain, the numbers'
// series and the order of recording. It returns a *TamperError (which
// Is ErrTampered) naming the first document that no longer matches, and
// the chain's head hash (to write down: a ledger rewritten whole shows
// another head).
//
// The head is SHA-256 over the last document's, adoption's and approval's
// hashes (zeros for none). Deleting the last records of every chain
// leaves a shorter valid chain that only a head written down before shows.
func (l *Ledger) Verify(ctx context.Context) (VerifyReport, error) {
	var rep VerifyReport
	err := l.View(ctx, func(t *Tx) error {
		docHead, err := t.verifyDocuments(&rep)
		if err != nil {
			return err
		}
		adHead, err := t.verifyAdoptions(&rep)
		if err != nil {
			return err
		}
		apHead, err := t.verifyApprovals(&rep)
		if err != nil {
			return err
		}
		// Last, so that an edit (which needs a trigger dropped) is named
		// by its document first.
		if err := t.verifyTriggers(); err != nil {
			return err
		}
		h := sha256.New()
		h.Write(docHead)
		h.Write(adHead)
		h.Write(apHead)
		rep.Head = hex.EncodeToString(h.Sum(nil))
		return nil
	})
	return rep, err
}

func (t *Tx) verifyDocuments(rep *VerifyReport) ([]byte, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT "+docCols+" FROM documents ORDER BY seq")
	if err != nil {
		return nil, classify(t.path, err)
	}
	defer rows.Close()
	var docs []*storedDoc
	for rows.Next() {
		s, err := scanDoc(rows)
		if err != nil {
			return nil, err
		}
		docs = append(docs, s)
	}
	if err := rows.Err(); err != nil {
		return nil, classify(t.path, err)
	}
	rows.Close()
	totals, err := t.storedTotals()
	if err != nil {
		return nil, err
	}
	st, err := t.linesStmt()
	if err != nil {
		return nil, err
	}
	defer st.Close()
	prev := zeroHash
	last := map[int64]int64{} // year → n of its last document
	e := newEnc()
	for i, s := range docs {
		d := &s.Document
		tamper := func(format string, a ...any) error {
			return &TamperError{Number: d.Number, What: fmt.Sprintf(format, a...)}
		}
		// The numbering first: a deleted or moved document shows as a gap.
		if want := last[s.year] + 1; s.n != want {
			missing := Number(int(s.year), want)
			if s.n > want {
				return nil, &TamperError{Number: missing, What: fmt.Sprintf("is missing from the series: %s follows %s (deleted, or moved in the chain)",
					d.Number, prevNumber(s.year, last[s.year]))}
			}
			return nil, tamper("is out of the series' order: it was recorded after %s", prevNumber(s.year, last[s.year]))
		}
		last[s.year] = s.n
		if want := int64(i + 1); d.Seq != want {
			return nil, tamper("is recorded as #%d where #%d was expected: %d document(s) before it were deleted", d.Seq, want, d.Seq-want)
		}
		if d.Number != Number(int(s.year), s.n) || int64(d.IssueDate.Year()) != s.year {
			return nil, tamper("its number does not agree with its series (year %d, place %d) or its issue date %s", s.year, s.n, day(d.IssueDate))
		}
		h := prev
		var n int64
		sum := decimal.Zero
		byCat := map[string]decimal.Decimal{}
		err := t.eachLine(st, d.Seq, func(l *lineScanner) error {
			n++
			if l.n != n {
				return tamper("line %d is missing (the next stored is line %d)", n, l.n)
			}
			e.raw(h)
			x := textOf(&l.l)
			e.line(int(n), &x)
			h = e.sum()
			if !bytes.Equal(h, l.hash) {
				moved := ""
				if n == 1 {
					moved = ", or the document was moved in the chain" // line 1 chains to the previous document
				}
				return tamper("line %d (%s %s, amount %s) is not what was recorded%s", n, l.l.Category, l.l.Ref, l.l.Amount, moved)
			}
			sum = sum.Add(l.l.Amount)
			return nil
		})
		if err != nil {
			if _, ok := err.(*TamperError); ok {
				return nil, err
			}
			return nil, tamper("its lines do not read back: %v", err)
		}
		if n != s.lines {
			return nil, tamper("it has %d lines where %d were recorded", n, s.lines)
		}
		if !sum.Equal(d.Total) {
			return nil, tamper("its lines sum to %s but its total is %s", sum, d.Total)
		}
		if tt, ok := totals[d.Seq]; ok {
			byCat = tt
		}
		e.raw(prev)
		e.docFields(d, true)
		e.raw(h)
		e.end(int(n), byCat)
		h = e.sum()
		if !bytes.Equal(h, s.hash) {
			return nil, tamper("its content (total %s, period %s – %s, member %s, or its totals per category) is not what was recorded, or it was moved in the chain",
				d.Total, day(d.Period.From), day(d.Period.To), d.Member)
		}
		prev = h
		rep.Documents++
		rep.Lines += int(n)
	}
	return prev, nil
}

func prevNumber(year, n int64) string {
	if n == 0 {
		return fmt.Sprintf("the start of %d's series", year)
	}
	return Number(int(year), n)
}

func (t *Tx) storedTotals() (map[int64]map[string]decimal.Decimal, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT doc, category, total FROM document_totals")
	if err != nil {
		return nil, classify(t.path, err)
	}
	defer rows.Close()
	out := map[int64]map[string]decimal.Decimal{}
	for rows.Next() {
		var seq int64
		var cat, total string
		if err := rows.Scan(&seq, &cat, &total); err != nil {
			return nil, classify(t.path, err)
		}
		v, err := parseDec(total)
		if err != nil {
			v = decimal.New(-1, 1000) // not what was hashed: the chain names the document
		}
		if out[seq] == nil {
			out[seq] = map[string]decimal.Decimal{}
		}
		out[seq][cat] = v
	}
	return out, classify(t.path, rows.Err())
}

func (t *Tx) verifyAdoptions(rep *VerifyReport) ([]byte, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT id FROM adoptions ORDER BY id")
	if err != nil {
		return nil, classify(t.path, err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, classify(t.path, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	prev := zeroHash
	e := newEnc()
	for i, id := range ids {
		a, stored, err := t.adoption(id)
		if err != nil {
			return nil, err
		}
		e.raw(prev)
		e.adoption(a)
		h := e.sum()
		if id != int64(i+1) || !bytes.Equal(h, stored) {
			return nil, &TamperError{What: fmt.Sprintf("the adoption of %d, revision %d (recorded by %s on %s), is not what was recorded, or one before it was deleted",
				a.Year, a.Revision, a.AdoptedBy, day(a.Date))}
		}
		prev = h
		rep.Adoptions++
	}
	return prev, nil
}

func (t *Tx) verifyApprovals(rep *VerifyReport) ([]byte, error) {
	aps, stored, err := t.approvals("")
	if err != nil {
		return nil, err
	}
	prev := zeroHash
	e := newEnc()
	for i := range aps {
		e.raw(prev)
		e.approval(&aps[i])
		h := e.sum()
		if !bytes.Equal(h, stored[i]) {
			return nil, &TamperError{What: fmt.Sprintf("the approval by %s on %s of %s – %s is not what was recorded, or one before it was deleted",
				aps[i].By, day(aps[i].Date), day(aps[i].Period.From), day(aps[i].Period.To))}
		}
		prev = h
		rep.Approvals++
	}
	return prev, nil
}
