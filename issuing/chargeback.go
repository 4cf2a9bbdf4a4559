package issuing

import (
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/chargeback"
	"memberfee/ledger"
)

// DefaultPaymentTermsDays is the payment terms when none are configured
// (accounting.payment_terms_days).
const DefaultPaymentTermsDays = 30

// Stamp is what every document of one recording shares: when, by whom, and
// the payment terms that make a chargeback's or correction's due date.
type Stamp struct {
	IssueDate        time.Time
	IssuedBy         string
	PaymentTermsDays int // 0: DefaultPaymentTermsDays
}

// DueDate is the issue date plus the payment terms.
func (s Stamp) DueDate() time.Time {
	days := s.PaymentTermsDays
	if days == 0 {
		days = DefaultPaymentTermsDays
	}
	return s.IssueDate.AddDate(0, 0, days)
}

// Chargebacks makes the chargeback documents of a rated period: one per
// member (in the config's order) that has charged lines, or, withRejected,
// charged or rejected ones. A document's lines are the member's charged
// lines, category by category in the order they were rated, then (with
// withRejected) its rejected lines of that category; they are not copied
// but streamed (Document.Stream) from res.Lines or res.Spill, so res (and
// its spill) must live until the documents are recorded. Total and
// ByCategory come from res.Summary (ByCategory lists the categories with
// charged lines), Counts per category with any row of the member's: its
// charged lines as streamed, its included rows, its rejected rows (listed as lines withRejected
// only), Period is
// res.From–res.To; ContentHash, Seq, Number and Hash are left to ledger.
//
// A rejected line that names no member of the board (an unknown member, an
// unreadable member cell) belongs to no document: Unattributed lists them.
func Chargebacks(res *chargeback.Result, st Stamp, inputs []ledger.Input, configHash string, withRejected bool) []ledger.Document {
	counts := memberCounts(res)
	// member → category → index in Summary.Rejected: counted always,
	// listed withRejected.
	rejected := map[string]map[billing.Category][]int{}
	for i, l := range res.Summary.Rejected {
		if res.Summary.Member(l.Member) == nil {
			continue
		}
		if rejected[l.Member] == nil {
			rejected[l.Member] = map[billing.Category][]int{}
		}
		rejected[l.Member][l.Category] = append(rejected[l.Member][l.Category], i)
	}
	var index map[string]map[billing.Category][]int // in memory: member → category → index in res.Lines[category]
	if res.Spill == nil {
		index = map[string]map[billing.Category][]int{}
		for _, c := range billing.Categories {
			for i, l := range res.Lines[c] {
				if l.Status != billing.Charged {
					continue
				}
				if index[l.Member] == nil {
					index[l.Member] = map[billing.Category][]int{}
				}
				index[l.Member][c] = append(index[l.Member][c], i)
			}
		}
	}
	var docs []ledger.Document
	for _, mt := range res.Summary.Members {
		id := mt.ID
		charged, nrej := 0, 0
		for _, c := range billing.Categories {
			charged += counts[id][c].Charged
			nrej += len(rejected[id][c])
		}
		if !withRejected {
			nrej = 0 // counted, not listed
		}
		if charged == 0 && nrej == 0 {
			continue
		}
		d := ledger.Document{Kind: ledger.Chargeback, Member: id, Period: ledger.Period{From: res.From, To: res.To},
			Total: mt.Total, IssueDate: st.IssueDate, DueDate: st.DueDate(), IssuedBy: st.IssuedBy,
			ByCategory: map[string]decimal.Decimal{}, Counts: map[billing.Category]ledger.CategoryCounts{},
			Inputs: inputs, ConfigHash: configHash}
		for _, c := range billing.Categories {
			k := counts[id][c]
			k.Rejected = len(rejected[id][c])
			if k != (ledger.CategoryCounts{}) {
				d.Counts[c] = k
			}
			if k.Charged > 0 {
				d.ByCategory[string(c)] = mt.Categories[c]
			}
		}
		listed := rejected[id]
		if !withRejected {
			listed = nil
		}
		d.Stream = stream(res, id, index[id], listed)
		docs = append(docs, d)
	}
	return docs
}

// Unattributed returns the rejected lines of a period that name no member of
// the board: issued with --allow-rejected they are in no member's
// document, so the command must show them.
func Unattributed(res *chargeback.Result) []billing.Line {
	var out []billing.Line
	for _, l := range res.Summary.Rejected {
		if res.Summary.Member(l.Member) == nil {
			out = append(out, l)
		}
	}
	return out
}

// memberCounts returns each member's charged and included lines per
// category (licence excess lines among them) as the documents stream them:
// counted from res.Lines in memory, by the spill when spilled. Rejected is
// left to the caller.
func memberCounts(res *chargeback.Result) map[string]map[billing.Category]ledger.CategoryCounts {
	out := map[string]map[billing.Category]ledger.CategoryCounts{}
	for _, mt := range res.Summary.Members {
		out[mt.ID] = map[billing.Category]ledger.CategoryCounts{}
	}
	for _, c := range billing.Categories {
		if res.Spill != nil {
			for id, m := range out {
				charged := res.Spill.Count(id, c, billing.ChargedOnly)
				m[c] = ledger.CategoryCounts{Charged: charged, Included: res.Spill.Count(id, c, billing.ChargedAndIncluded) - charged}
			}
			continue
		}
		for _, l := range res.Lines[c] {
			m := out[l.Member]
			if m == nil {
				continue // a rejected row of no member
			}
			k := m[c]
			switch l.Status {
			case billing.Charged:
				k.Charged++
			case billing.Included:
				k.Included++
			}
			m[c] = k
		}
	}
	return out
}

// stream gives a member's lines, numbering identical keys afresh on every
// pass so that each pass gives the same keys.
func stream(res *chargeback.Result, member string, index map[billing.Category][]int, rejected map[billing.Category][]int) func(func(*ledger.Line) error) error {
	return func(yield func(*ledger.Line) error) error {
		keys := keyer{}
		emit := func(l billing.Line) error {
			ll := LineOf(l)
			ll.Key = keys.next(ll.Key)
			return yield(&ll)
		}
		for _, c := range billing.Categories {
			if res.Spill != nil {
				if err := res.Spill.Each(member, c, billing.ChargedOnly, emit); err != nil {
					return err
				}
			} else {
				for _, i := range index[c] {
					if err := emit(res.Lines[c][i]); err != nil {
						return err
					}
				}
			}
			for _, i := range rejected[c] {
				if err := emit(res.Summary.Rejected[i]); err != nil {
					return err
				}
			}
		}
		return nil
	}
}
