package issuing

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/chargeback"
	"memberfee/config"
	"memberfee/ledger"
)

var stamp = Stamp{IssueDate: time.Date(2025, 4, 10, 0, 0, 0, 0, time.UTC), IssuedBy: "Ekonomi"}

// rate runs the example's period in memory or spilled.
func rate(t *testing.T, spill bool) *chargeback.Result {
	t.Helper()
	c, err := config.Load("../examples/sydnarke/memberfee.yaml")
	if err != nil {
		t.Fatal(err)
	}
	from, to, err := chargeback.Period(c.Billing.Period, "", "")
	if err != nil {
		t.Fatal(err)
	}
	o := chargeback.Options{}
	if spill {
		o.Spill = t.TempDir()
	}
	res, err := chargeback.Run(c.Billing, c.BillingMembers(), c.Resolve, from, to, o)
	if err != nil {
		t.Fatal(err)
	}
	if spill {
		t.Cleanup(func() { res.Spill.Remove() })
	}
	return res
}

// materialize reads a document's stream into its Lines, as the ledger
// gives them back.
func materialize(t *testing.T, d ledger.Document) ledger.Document {
	t.Helper()
	var lines []ledger.Line
	if err := d.EachLine(func(l *ledger.Line) error { lines = append(lines, *l); return nil }); err != nil {
		t.Fatal(err)
	}
	d.Stream, d.Lines = nil, lines
	return d
}

// TestChargebacksSpillEqualsMemory: the example's year gives the same
// documents, line for line and key for key, spilled or in memory; each
// document's lines sum to its total and its categories, and count as its
// Counts say; a second pass of the stream gives the same keys.
func TestChargebacksSpillEqualsMemory(t *testing.T) {
	mem, spilled := rate(t, false), rate(t, true)
	a := Chargebacks(mem, stamp, nil, "cfg", false)
	b := Chargebacks(spilled, stamp, nil, "cfg", false)
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d documents in memory, %d spilled", len(a), len(b))
	}
	for i := range a {
		da, db := materialize(t, a[i]), materialize(t, b[i])
		if da.Member != db.Member || !da.Total.Equal(db.Total) || len(da.Lines) != len(db.Lines) {
			t.Fatalf("member %s: %s with %d lines in memory, member %s: %s with %d spilled", da.Member, da.Total, len(da.Lines), db.Member, db.Total, len(db.Lines))
		}
		sum, byCat := decimal.Zero, map[string]decimal.Decimal{}
		charged := map[billing.Category]int{}
		keys := map[string]bool{}
		for j, l := range da.Lines {
			if l != db.Lines[j] && (l.Key != db.Lines[j].Key || !l.Amount.Equal(db.Lines[j].Amount) || l.Description != db.Lines[j].Description) {
				t.Fatalf("member %s line %d: %+v in memory, %+v spilled", da.Member, j, l, db.Lines[j])
			}
			if keys[l.Key] {
				t.Fatalf("member %s: key %s twice", da.Member, l.Key)
			}
			keys[l.Key] = true
			sum = sum.Add(l.Amount)
			byCat[string(l.Category)] = byCat[string(l.Category)].Add(l.Amount)
			charged[l.Category]++
		}
		if !sum.Equal(da.Total) {
			t.Errorf("member %s: lines sum to %s, total %s", da.Member, sum, da.Total)
		}
		for c, v := range da.ByCategory {
			if !byCat[c].Equal(v) {
				t.Errorf("member %s %s: lines %s, ByCategory %s", da.Member, c, byCat[c], v)
			}
		}
		for c, k := range da.Counts {
			if k.Charged != charged[c] || db.Counts[c] != k {
				t.Errorf("member %s %s: counts %+v (spilled %+v), %d lines", da.Member, c, k, db.Counts[c], charged[c])
			}
		}
		if da.DueDate != time.Date(2025, 5, 10, 0, 0, 0, 0, time.UTC) || da.Kind != ledger.Chargeback || da.Period.From != mem.From {
			t.Errorf("member %s: %+v", da.Member, da)
		}
		again := materialize(t, a[i])
		for j := range again.Lines {
			if again.Lines[j].Key != da.Lines[j].Key {
				t.Fatalf("second pass: key %s, first %s", again.Lines[j].Key, da.Lines[j].Key)
			}
		}
	}
}

// small is a period of hand-made lines, rated as chargeback.Run keeps them
// in memory.
func small(lines []billing.Line) *chargeback.Result {
	members := []billing.Member{{ID: "1882", Name: "Askersund"}, {ID: "1861", Name: "Hallsberg"}, {ID: "1860", Name: "Laxå"}}
	res := &chargeback.Result{From: q1.From, To: q1.To, Lines: map[billing.Category][]billing.Line{}, Summary: billing.NewSummary(members)}
	for _, l := range lines {
		res.Summary.Add(l)
		res.Lines[l.Category] = append(res.Lines[l.Category], l)
	}
	res.Summary.Settle() // a Summary's decimal totals are current after Settle, as chargeback.Run leaves them
	return res
}

var q1 = ledger.Period{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)}

// TestChargebacksRejected: only members with charged lines get a
// document, their rejected rows counted; withRejected a member's rejected rows join its document (and
// make one for a member with nothing charged), and a rejected row of no
// member is left to Unattributed.
func TestChargebacksRejected(t *testing.T) {
	src := func(r int) billing.Source { return billing.Source{File: "e.csv", Row: r} }
	lines := []billing.Line{
		{Source: src(2), Category: billing.Equipment, Member: "1882", Description: "Skärm", Quantity: dec("1"), UnitPrice: dec("100"), Amount: dec("100"), Status: billing.Charged},
		{Source: src(3), Category: billing.Equipment, Member: "1882", Amount: decimal.Zero, Status: billing.Included},
		{Source: src(4), Category: billing.Equipment, Member: "1861", Amount: decimal.Zero, Status: billing.Rejected, Column: "date"},
		{Source: src(5), Category: billing.Equipment, Member: "9999", Amount: decimal.Zero, Status: billing.Rejected, Column: "member"},
		{Source: src(6), Category: billing.Equipment, Member: "1882", Amount: decimal.Zero, Status: billing.Rejected, Column: "quantity"},
	}
	res := small(lines)
	docs := Chargebacks(res, stamp, nil, "", false)
	if len(docs) != 1 || docs[0].Member != "1882" {
		t.Fatalf("without rejected: %+v", docs)
	}
	if k := docs[0].Counts[billing.Equipment]; k != (ledger.CategoryCounts{Charged: 1, Included: 1, Rejected: 1}) {
		t.Errorf("counts %+v: the rejected row is counted, not listed", k)
	}
	if n := len(materialize(t, docs[0]).Lines); n != 1 {
		t.Errorf("%d lines, want the charged one", n)
	}
	docs = Chargebacks(res, stamp, nil, "", true)
	if len(docs) != 2 || docs[0].Member != "1882" || docs[1].Member != "1861" {
		t.Fatalf("with rejected: %+v", docs)
	}
	if k := docs[0].Counts[billing.Equipment]; k != (ledger.CategoryCounts{Charged: 1, Included: 1, Rejected: 1}) {
		t.Errorf("counts %+v", k)
	}
	if d := materialize(t, docs[1]); len(d.Lines) != 1 || d.Lines[0].Status != billing.Rejected || !d.Total.IsZero() {
		t.Errorf("1861: %+v", d)
	}
	if u := Unattributed(res); len(u) != 1 || u[0].Row != 5 {
		t.Errorf("unattributed %+v", u)
	}
}
