package ledger

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"memberfee/billing"
)

func TestAddNumbersAndReadsBack(t *testing.T) {
	l := newLedger(t)
	ctx := context.Background()
	a := chargeback("1861", "2025-01-01", "2025-03-31", "2025-04-10", 5)
	b := chargeback("1880", "2025-01-01", "2025-03-31", "2025-04-10", 3)
	f := fee("1861", 2025, 1, 4, "12500.00")
	c := chargeback("1861", "2025-04-01", "2025-06-30", "2026-01-05", 2) // a new year: a new series
	add(t, l, &a, &b)
	add(t, l, &f, &c)
	for _, tt := range []struct {
		d   *Document
		seq int64
		num string
	}{{&a, 1, "2025-0001"}, {&b, 2, "2025-0002"}, {&f, 3, "2025-0003"}, {&c, 4, "2026-0001"}} {
		if tt.d.Seq != tt.seq || tt.d.Number != tt.num || len(tt.d.Hash) != 64 {
			t.Errorf("recorded as #%d %s (hash %q), want #%d %s", tt.d.Seq, tt.d.Number, tt.d.Hash, tt.seq, tt.num)
		}
	}
	err := l.View(ctx, func(tx *Tx) error {
		docs, err := tx.Documents(Filter{Member: "1861", Year: 2025})
		if err != nil {
			return err
		}
		if len(docs) != 2 || docs[0].Number != "2025-0001" || docs[1].Number != "2025-0003" {
			t.Fatalf("1861's 2025 documents: %+v", docs)
		}
		got := docs[0]
		if !got.Total.Equal(a.Total) || got.Kind != Chargeback || got.Period != a.Period || !got.IssueDate.Equal(a.IssueDate) ||
			got.IssuedBy != a.IssuedBy || got.Hash != a.Hash || !reflect.DeepEqual(got.Counts, a.Counts) || !reflect.DeepEqual(got.Inputs, a.Inputs) {
			t.Errorf("read back %+v\nrecorded %+v", got, a)
		}
		if want := a.Lines[0].Amount.Add(a.Lines[2].Amount).Add(a.Lines[4].Amount); !got.ByCategory["equipment"].Equal(want) {
			t.Errorf("equipment total %s, want %s", got.ByCategory["equipment"], want)
		}
		if docs[1].Installment != 1 || docs[1].Installments != 4 || !docs[1].ByCategory["fee"].Equal(dec("12500")) {
			t.Errorf("fee document read back %+v", docs[1])
		}
		lines, err := tx.Lines("2025-0001")
		if err != nil {
			return err
		}
		if len(lines) != len(a.Lines) {
			t.Fatalf("%d lines, want %d", len(lines), len(a.Lines))
		}
		for i := range lines {
			if !sameLine(lines[i], a.Lines[i]) {
				t.Errorf("line %d read back %+v, recorded %+v", i+1, lines[i], a.Lines[i])
			}
		}
		for _, tt := range []struct {
			f    Filter
			want []string
		}{
			{Filter{}, []string{"2025-0001", "2025-0002", "2025-0003", "2026-0001"}},
			{Filter{Year: 2026}, []string{"2026-0001"}},
			{Filter{Kind: Fee}, []string{"2025-0003"}},
			{Filter{Number: "2025-0002"}, []string{"2025-0002"}},
			{Filter{From: date("2025-04-10"), To: date("2025-04-10")}, []string{"2025-0001", "2025-0002"}},
			{Filter{From: date("2025-04-11")}, []string{"2026-0001"}},
			{Filter{Member: "nobody"}, nil},
		} {
			docs, err := tx.Documents(tt.f)
			if err != nil {
				return err
			}
			if got := numbers(docs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Documents(%+v) = %v, want %v", tt.f, got, tt.want)
			}
		}
		for _, tt := range []struct {
			p    Period
			want []string
		}{
			{Period{date("2025-03-31"), date("2025-04-01")}, []string{"2025-0001", "2025-0002", "2026-0001"}},
			{Period{date("2025-02-01"), date("2025-02-28")}, []string{"2025-0001", "2025-0002"}},
			{Period{date("2025-07-01"), date("2025-12-31")}, nil}, // the fee's months are no chargeback period
		} {
			docs, err := tx.Overlapping(tt.p)
			if err != nil {
				return err
			}
			if got := numbers(docs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Overlapping(%s – %s) = %v, want %v", day(tt.p.From), day(tt.p.To), got, tt.want)
			}
		}
		if _, err := tx.Lines("2025-9999"); err == nil {
			t.Error("Lines of a document never issued: no error")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := l.Verify(ctx)
	if err != nil || rep.Documents != 4 || rep.Lines != 11 || len(rep.Head) != 64 {
		t.Errorf("Verify = %+v, %v", rep, err)
	}
}

func sameLine(a, b Line) bool {
	decs := [][2]decimal.Decimal{{a.Quantity, b.Quantity}, {a.UnitPrice, b.UnitPrice}, {a.Extra, b.Extra}, {a.Amount, b.Amount}, {a.Old, b.Old}, {a.New, b.New}}
	for _, d := range decs {
		if !d[0].Equal(d[1]) {
			return false
		}
	}
	a.Quantity, a.UnitPrice, a.Extra, a.Amount, a.Old, a.New = b.Quantity, b.UnitPrice, b.Extra, b.Amount, b.Old, b.New
	return a.Date.Equal(b.Date) && reflect.DeepEqual(func() Line { a.Date = b.Date; return a }(), b)
}

func numbers(docs []Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Number)
	}
	return out
}

// Each refusal records nothing of the refused document, even when the
// recording goes on and commits what else it added.
func TestAddRefuses(t *testing.T) {
	base := func() []*Document {
		a := chargeback("1861", "2025-01-01", "2025-03-31", "2025-04-10", 3)
		f := fee("1861", 2025, 1, 4, "100.00")
		return []*Document{&a, &f}
	}
	tests := []struct {
		name string
		doc  func() Document
		is   error  // errors.Is, or nil
		text string // in the message
	}{
		{"installment twice", func() Document { return fee("1861", 2025, 1, 4, "100.00") }, ErrConflict, "already issued as document 2025-0002"},
		{"overlapping chargeback of the member", func() Document { return chargeback("1861", "2025-03-01", "2025-05-31", "2025-06-10", 1) }, ErrConflict, "overlaps chargeback 2025-0001"},
		{"total is not the lines' sum", func() Document {
			d := chargeback("1880", "2025-01-01", "2025-03-31", "2025-04-10", 3)
			d.Total = d.Total.Add(dec("0.01"))
			return d
		}, nil, "its 3 lines sum to"},
		{"by category is not the lines'", func() Document {
			d := chargeback("1880", "2025-01-01", "2025-03-31", "2025-04-10", 2)
			d.ByCategory = map[string]decimal.Decimal{"equipment": d.Total}
			return d
		}, nil, `category "equipment"`},
		{"corrects a document never issued", func() Document {
			d := chargeback("1861", "2025-01-01", "2025-03-31", "2025-05-10", 1)
			d.Kind, d.Corrects = Correction, "2025-0042"
			return d
		}, nil, "does not hold"},
		{"corrects another member's document", func() Document {
			d := chargeback("1880", "2025-01-01", "2025-03-31", "2025-05-10", 1)
			d.Kind, d.Corrects = Correction, "2025-0001"
			return d
		}, nil, "member 1861's"},
		{"unknown kind", func() Document {
			d := chargeback("1880", "2025-01-01", "2025-03-31", "2025-04-10", 1)
			d.Kind = "invoice"
			return d
		}, nil, "none of fee"},
		{"no member", func() Document { d := chargeback("", "2025-01-01", "2025-03-31", "2025-04-10", 1); return d }, nil, "names no member"},
		{"period backwards", func() Document { return chargeback("1880", "2025-03-31", "2025-01-01", "2025-04-10", 1) }, nil, "not a span of days"},
		{"installment 5 of 4", func() Document { return fee("1880", 2025, 5, 4, "1") }, nil, "1 ≤ K ≤ N"},
		{"a stream that fails", func() Document {
			d := chargeback("1880", "2025-01-01", "2025-03-31", "2025-04-10", 0)
			d.Stream = func(yield func(*Line) error) error {
				l := Line{Key: "x", Amount: dec("1"), Status: billing.Charged}
				if err := yield(&l); err != nil {
					return err
				}
				return errors.New("input file vanished")
			}
			return d
		}, nil, "input file vanished"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLedger(t)
			add(t, l, base()...)
			ok := chargeback("1990", "2025-01-01", "2025-03-31", "2025-04-10", 2)
			var addErr error
			err := l.Record(context.Background(), func(tx *Tx) error {
				d := tt.doc()
				addErr = tx.Add(&d)
				if d.Number != "" || d.Seq != 0 {
					t.Errorf("a refused document got number %q, seq %d", d.Number, d.Seq)
				}
				return tx.Add(&ok) // the caller ignores the refusal and commits
			})
			if err != nil {
				t.Fatal(err)
			}
			if addErr == nil || (tt.is != nil && !errors.Is(addErr, tt.is)) || !strings.Contains(addErr.Error(), tt.text) {
				t.Fatalf("Add: %v; want %v containing %q", addErr, tt.is, tt.text)
			}
			if ok.Number != "2025-0003" {
				t.Errorf("the next document is %s, want 2025-0003 (no gap)", ok.Number)
			}
			rep, err := l.Verify(context.Background())
			if err != nil || rep.Documents != 3 || rep.Lines != 3+1+2 {
				t.Errorf("after the refusal: %+v, %v; want only the 3 documents and their 6 lines", rep, err)
			}
		})
	}
}

func TestRecordFailingRecordsNothing(t *testing.T) {
	l := newLedger(t)
	a := chargeback("1861", "2025-01-01", "2025-03-31", "2025-04-10", 3)
	stop := errors.New("the workbook could not be written")
	err := l.Record(context.Background(), func(tx *Tx) error {
		if err := tx.Add(&a); err != nil {
			return err
		}
		return stop
	})
	if !errors.Is(err, stop) {
		t.Fatalf("Record = %v, want the function's error", err)
	}
	if rep, err := l.Verify(context.Background()); err != nil || rep.Documents != 0 || rep.Lines != 0 {
		t.Errorf("after a failed Record: %+v, %v", rep, err)
	}
	if err := l.View(context.Background(), func(tx *Tx) error { return tx.Add(&a) }); err == nil || !strings.Contains(err.Error(), "inside Record") {
		t.Errorf("Add inside View: %v", err)
	}
}

// A Record whose function panics records nothing and leaves the ledger
// able to record.
func TestRecordPanicking(t *testing.T) {
	l := newLedger(t)
	func() {
		defer func() { recover() }()
		l.Record(context.Background(), func(tx *Tx) error {
			d := chargeback("1861", "2025-01-01", "2025-03-31", "2025-04-10", 100)
			tx.Add(&d)
			panic("a bug in the caller")
		})
	}()
	d := chargeback("1880", "2025-01-01", "2025-03-31", "2025-04-10", 2)
	add(t, l, &d)
	if rep, err := l.Verify(context.Background()); err != nil || rep.Documents != 1 || d.Number != "2025-0001" {
		t.Errorf("after a panicking Record: %+v, %v, %s", rep, err, d.Number)
	}
}

func TestAdoptAndApprove(t *testing.T) {
	l := newLedger(t)
	ctx := context.Background()
	inst := func(amounts ...string) []Installment {
		var out []Installment
		for i, a := range amounts {
			out = append(out, Installment{K: i + 1, Amount: dec(a), DueDate: date("2025-01-31").AddDate(0, 3*i, 0)})
		}
		return out
	}
	a1 := Adoption{Year: 2025, AdoptedBy: "Styrelsen", Date: date("2024-12-10"), ConfigHash: "c1",
		Members: []AdoptedFee{{Member: "1880", Name: "Örebro", Fee: dec("100.01"), Installments: inst("25.01", "25", "25", "25")},
			{Member: "1861", Name: "Hallsberg", Fee: dec("40"), Installments: inst("10", "10", "10", "10")}}}
	a2 := a1
	a2.Date, a2.Reason = date("2025-03-01"), "ny befolkning"
	a2.Members = []AdoptedFee{{Member: "1880", Name: "Örebro", Fee: dec("120.01"), Installments: inst("25.01", "31.67", "31.67", "31.66")}}
	ap := Approval{Period: Period{date("2025-01-01"), date("2025-03-31")}, ContentHash: "abc", By: "Bo Granskare", Date: date("2025-04-09")}
	err := l.Record(ctx, func(tx *Tx) error {
		for _, a := range []*Adoption{&a1, &a2} {
			if err := tx.Adopt(a); err != nil {
				return err
			}
		}
		return tx.Approve(&ap)
	})
	if err != nil {
		t.Fatal(err)
	}
	if a1.Revision != 1 || a2.Revision != 2 || len(a2.Hash) != 64 || len(ap.Hash) != 64 {
		t.Errorf("revisions %d, %d; hashes %q %q", a1.Revision, a2.Revision, a2.Hash, ap.Hash)
	}
	err = l.View(ctx, func(tx *Tx) error {
		got, err := tx.Adoption(2025)
		if err != nil {
			return err
		}
		if got == nil || got.Revision != 2 || got.Reason != "ny befolkning" || len(got.Members) != 1 ||
			!got.Members[0].Fee.Equal(dec("120.01")) || len(got.Members[0].Installments) != 4 || !got.Members[0].Installments[3].DueDate.Equal(date("2025-10-31")) {
			t.Errorf("latest adoption %+v", got)
		}
		if none, err := tx.Adoption(2026); none != nil || err != nil {
			t.Errorf("Adoption(2026) = %+v, %v; want nil, nil", none, err)
		}
		aps, err := tx.Approvals("abc")
		if err != nil || len(aps) != 1 || aps[0].By != "Bo Granskare" || aps[0].Period != ap.Period {
			t.Errorf("Approvals = %+v, %v", aps, err)
		}
		if aps, _ := tx.Approvals("other"); len(aps) != 0 {
			t.Errorf("Approvals of another hash: %+v", aps)
		}
		if all, err := tx.AllApprovals(); err != nil || len(all) != 1 || all[0].Period != ap.Period || all[0].Hash != ap.Hash {
			t.Errorf("AllApprovals = %+v, %v", all, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	bad := a1
	bad.Members = []AdoptedFee{{Member: "1880", Fee: dec("100"), Installments: inst("50", "49.99")}}
	err = l.Record(ctx, func(tx *Tx) error { return tx.Adopt(&bad) })
	if err == nil || !strings.Contains(err.Error(), "sum to 99.99, not the fee 100") {
		t.Errorf("installments not summing to the fee: %v", err)
	}
	if rep, err := l.Verify(ctx); err != nil || rep.Adoptions != 2 || rep.Approvals != 1 {
		t.Errorf("Verify = %+v, %v", rep, err)
	}
}

func TestContentHash(t *testing.T) {
	a := chargeback("1861", "2025-01-01", "2025-03-31", "2025-04-10", 4)
	h := ContentHash([]Document{a})
	same := a
	same.Number, same.Seq, same.IssueDate, same.DueDate, same.IssuedBy, same.Hash = "2025-0009", 9, date("2025-05-01"), date("2025-06-01"), "Någon Annan", "x"
	streamed := a
	streamed.Lines = nil
	streamed.Stream = func(yield func(*Line) error) error {
		for i := range a.Lines {
			if err := yield(&a.Lines[i]); err != nil {
				return err
			}
		}
		return nil
	}
	if got := ContentHash([]Document{same}); got != h {
		t.Error("the content hash depends on number, dates or who issued")
	}
	if got := ContentHash([]Document{streamed}); got != h {
		t.Error("the content hash of streamed lines differs from the same lines in Lines")
	}
	changed := chargeback("1861", "2025-01-01", "2025-03-31", "2025-04-10", 4)
	changed.Lines[2].Amount = changed.Lines[2].Amount.Add(dec("0.01"))
	other := chargeback("1880", "2025-01-01", "2025-03-31", "2025-04-10", 4)
	b := chargeback("1880", "2025-01-01", "2025-03-31", "2025-04-10", 1)
	for name, docs := range map[string][]Document{
		"a line's amount": {changed}, "the member": {other}, "another document": {a, b}, "the order": {b, a}, "none": nil,
	} {
		if ContentHash(docs) == h {
			t.Errorf("changing %s leaves the content hash", name)
		}
	}
	failing := a
	failing.Stream = func(func(*Line) error) error { return errors.New("gone") }
	if _, err := HashContent([]Document{failing}); err == nil || ContentHash([]Document{failing}) != "" {
		t.Error("a failing stream gives a content hash")
	}
}
