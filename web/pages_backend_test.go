package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"memberfee/allocation"
	"memberfee/billing"
	"memberfee/billrun"
	"memberfee/config"
	"memberfee/issuing"
	"memberfee/ledger"
)

// exampleBackend rates the shipped example for real (billrun.Rate and
// issuing.Chargebacks, as the commands do) and records into a real ledger:
// the pages are tested against the figures memberfee computes, not
// against figures made up for the test.
type exampleBackend struct {
	t      *testing.T
	c      *config.Config
	ledger string
	mu     sync.Mutex
	drafts int // how many times Draft rated
}

// newExample copies examples/sydnarke into a temporary folder and loads it.
func newExample(t *testing.T) *exampleBackend {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../examples/sydnarke")); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(filepath.Join(dir, "memberfee.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return &exampleBackend{t: t, c: c, ledger: filepath.Join(dir, "memberfee.db")}
}

func (b *exampleBackend) server(t *testing.T, lang string) *Server {
	t.Helper()
	s, err := New(Options{Config: b.c, Ledger: b.ledger, Backend: b, Lang: lang, Anonymous: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// issuedDocs are the ledger's documents (none without a ledger).
func (b *exampleBackend) issuedDocs() []ledger.Document {
	if _, err := os.Stat(b.ledger); err != nil {
		return nil
	}
	l, err := ledger.Open(b.ledger, ledger.Options{ReadOnly: true})
	if err != nil {
		b.t.Fatal(err)
	}
	defer l.Close()
	var docs []ledger.Document
	if err := l.View(context.Background(), func(tx *ledger.Tx) error {
		var err error
		docs, err = tx.Documents(ledger.Filter{})
		return err
	}); err != nil {
		b.t.Fatal(err)
	}
	return docs
}

// rate rates p as issue does: the periods issued around it covered.
func (b *exampleBackend) rate(p ledger.Period) (*billrun.Bill, []ledger.Input) {
	var covered []billing.Covered
	at := map[string]int{}
	for _, d := range b.issuedDocs() {
		if d.Kind == ledger.Fee || d.Period.Overlaps(p) {
			continue
		}
		k := periodKey(d.Period)
		i, ok := at[k]
		if !ok {
			i = len(covered)
			at[k] = i
			covered = append(covered, billing.Covered{From: d.Period.From, To: d.Period.To, Documents: map[string][]string{}})
		}
		covered[i].Documents[d.Member] = append(covered[i].Documents[d.Member], d.Number)
	}
	bill, err := billrun.Rate(billrun.Input{Billing: b.c.Billing, Members: b.c.BillingMembers(), Resolve: b.c.Resolve,
		From: p.From, To: p.To, Scratch: b.t.TempDir(), Covered: covered})
	if err != nil {
		b.t.Fatal(err)
	}
	var inputs []ledger.Input
	for _, f := range bill.Files {
		sum, err := fileSHA256(f.Path)
		if err != nil {
			b.t.Fatal(err)
		}
		inputs = append(inputs, ledger.Input{Category: string(f.Category), Name: f.Name, SHA256: sum, Rows: f.Rows})
	}
	return bill, inputs
}

func (b *exampleBackend) Draft(_ context.Context, p ledger.Period) (*Draft, error) {
	b.mu.Lock()
	b.drafts++
	b.mu.Unlock()
	bill, inputs := b.rate(p)
	defer bill.Remove()
	docs := issuing.Chargebacks(bill.Result, issuing.Stamp{IssueDate: p.To, IssuedBy: "draft"}, inputs, "", len(bill.Summary.Rejected) > 0)
	content := ledger.ContentHash(docs)
	for i := range docs {
		var lines []ledger.Line
		if err := docs[i].EachLine(func(l *ledger.Line) error { lines = append(lines, *l); return nil }); err != nil {
			return nil, err
		}
		docs[i].Lines, docs[i].Stream = lines, nil
	}
	return &Draft{Period: p, Documents: docs, Rejected: bill.Summary.Rejected, Inputs: inputs, ContentHash: content, RatedAt: time.Now()}, nil
}

func (b *exampleBackend) Approve(context.Context, ledger.Period, string, string) (*Outcome, error) {
	return nil, errors.New("not in these tests")
}
func (b *exampleBackend) Issue(context.Context, ledger.Period, string, string, bool) (*Outcome, error) {
	return nil, errors.New("not in these tests")
}
func (b *exampleBackend) Correct(context.Context, ledger.Period, string, string, bool) (*Outcome, error) {
	return nil, errors.New("not in these tests")
}

func (b *exampleBackend) Download(_ context.Context, d Download) (*File, error) {
	body, _ := json.Marshal(d)
	return &File{Name: d.Kind + ".json", ContentType: "application/json", Body: bytes.NewReader(body), ModTime: time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC)}, nil
}

func (b *exampleBackend) record(fn func(tx *ledger.Tx) error) {
	b.t.Helper()
	l, err := ledger.Open(b.ledger, ledger.Options{})
	if err != nil {
		b.t.Fatal(err)
	}
	defer l.Close()
	if err := l.Record(context.Background(), fn); err != nil {
		b.t.Fatal(err)
	}
}

// adopt adopts the year's fee and issues installment 1, as the example's
// walk-through does.
func (b *exampleBackend) adopt() {
	res, err := allocation.Compute(&b.c.Input)
	if err != nil {
		b.t.Fatal(err)
	}
	a, err := issuing.Adopt(res, b.c.DueDates(), "Eva Lind", day0("2024-12-12"), "")
	if err != nil {
		b.t.Fatal(err)
	}
	b.record(func(tx *ledger.Tx) error {
		if err := tx.Adopt(&a); err != nil {
			return err
		}
		docs, err := issuing.FeeDocuments(&a, 1, issuing.Stamp{IssueDate: day0("2025-01-10"), IssuedBy: "Eva Lind"})
		if err != nil {
			return err
		}
		for i := range docs {
			if err := tx.Add(&docs[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

// issue issues p with its rejected rows, and returns the chargeback JSON
// the same rating writes (bill's JSON).
func (b *exampleBackend) issue(p ledger.Period, date string) []byte {
	bill, inputs := b.rate(p)
	defer bill.Remove()
	js, err := bill.JSON()
	if err != nil {
		b.t.Fatal(err)
	}
	docs := issuing.Chargebacks(bill.Result, issuing.Stamp{IssueDate: day0(date), IssuedBy: "Eva Lind"}, inputs, "", true)
	b.record(func(tx *ledger.Tx) error {
		for i := range docs {
			if err := tx.Add(&docs[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return js
}

// correct records p's corrections against the files as they are now.
func (b *exampleBackend) correct(p ledger.Period, reason, date string) {
	bill, inputs := b.rate(p)
	defer bill.Remove()
	st := issuing.Stamp{IssueDate: day0(date), IssuedBy: "Eva Lind"}
	fresh := issuing.Chargebacks(bill.Result, st, inputs, "", true)
	b.record(func(tx *ledger.Tx) error {
		var issued []ledger.Document
		docs, err := tx.Overlapping(p)
		if err != nil {
			return err
		}
		for _, d := range docs {
			if d.Lines, err = tx.Lines(d.Number); err != nil {
				return err
			}
			issued = append(issued, d)
		}
		corr, err := issuing.Corrections(p, issued, fresh, reason, inputs, "", st)
		if err != nil {
			return err
		}
		if len(corr) == 0 {
			return errors.New("nothing to correct")
		}
		for i := range corr {
			if err := tx.Add(&corr[i]); err != nil {
				return err
			}
		}
		return nil
	})
}

func day0(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func sha(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
