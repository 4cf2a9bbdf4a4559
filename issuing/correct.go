package issuing

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/ledger"
)

// The changes a correction's line makes (ledger.Line.Change).
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

// Corrections compares an issued period with its re-rating and makes the
// correction documents: one per member with a difference, in the order of
// fresh (the config's), then members only issued, in the order of issued.
//
// issued is the period's chargebacks and the corrections recorded since,
// in order of recording and with their lines (Lines or Stream); fresh is
// Chargebacks of the period rated again (its rejected lines, if any, are
// not compared: they are 0 kr). A member's issued state is its chargeback's
// charged lines with every earlier correction's changes applied; each of
// its keys is then added (not issued), removed (not in fresh) or changed
// (amount or a shown field differs: department, clause, date, ref,
// description, quantity, unit, unit price, extra — not file and row, nor
// the reason and note) when compared with fresh. A correction's lines show
// the fresh line (the issued one for a removed line) with Old, New and
// Amount = New − Old, ordered by category, then as fresh has them, removed
// lines after; its Total is Σ Amount and ByCategory the same per category
// with a line. It cites the member's chargeback (Corrects; "" when the
// member had none in the period), carries fresh's Counts, Inputs and
// ConfigHash (inputs and configHash for a member fresh lacks) and reason.
// Nothing to correct: no documents, no error.
//
// Every document must be of period; an issued correction that does not fit
// the state it corrects (a changed line never issued) is an error: the
// ledger is not what memberfee recorded.
func Corrections(period ledger.Period, issued, fresh []ledger.Document, reason string, inputs []ledger.Input, configHash string, st Stamp) ([]ledger.Document, error) {
	type member struct {
		chargeback string
		issued     []*ledger.Document
		fresh      *ledger.Document
	}
	byMember := map[string]*member{}
	var order []string
	get := func(id string) *member {
		m := byMember[id]
		if m == nil {
			m = &member{}
			byMember[id] = m
			order = append(order, id)
		}
		return m
	}
	for i := range fresh {
		d := &fresh[i]
		if err := samePeriod(d, period, "the re-rating"); err != nil {
			return nil, err
		}
		if d.Kind != ledger.Chargeback {
			return nil, fmt.Errorf("the re-rating of %s has a %s document for member %s: only chargebacks", periodText(period), d.Kind, d.Member)
		}
		m := get(d.Member)
		if m.fresh != nil {
			return nil, fmt.Errorf("the re-rating of %s has two chargebacks for member %s", periodText(period), d.Member)
		}
		m.fresh = d
	}
	for i := range issued {
		d := &issued[i]
		if err := samePeriod(d, period, "document "+d.Number); err != nil {
			return nil, err
		}
		m := get(d.Member)
		switch d.Kind {
		case ledger.Chargeback:
			if m.chargeback != "" {
				return nil, fmt.Errorf("member %s has two chargebacks of %s: %s and %s", d.Member, periodText(period), m.chargeback, d.Number)
			}
			m.chargeback = d.Number
		case ledger.Correction:
		default:
			return nil, fmt.Errorf("document %s is a %s document, not a chargeback or correction of %s", d.Number, d.Kind, periodText(period))
		}
		m.issued = append(m.issued, d)
	}
	var docs []ledger.Document
	for _, id := range order {
		m := byMember[id]
		st0, err := issuedState(m.issued)
		if err != nil {
			return nil, err
		}
		lines, err := compare(st0, m.fresh)
		if err != nil {
			return nil, err
		}
		if len(lines) == 0 {
			continue
		}
		d := ledger.Document{Kind: ledger.Correction, Member: id, Period: period, Total: decimal.Zero, Corrects: m.chargeback,
			IssueDate: st.IssueDate, DueDate: st.DueDate(), IssuedBy: st.IssuedBy, Reason: reason,
			ByCategory: map[string]decimal.Decimal{}, Inputs: inputs, ConfigHash: configHash, Lines: lines}
		if m.fresh != nil {
			d.Counts, d.Inputs, d.ConfigHash = m.fresh.Counts, m.fresh.Inputs, m.fresh.ConfigHash
		}
		for _, l := range lines {
			d.Total = d.Total.Add(l.Amount)
			d.ByCategory[string(l.Category)] = d.ByCategory[string(l.Category)].Add(l.Amount)
		}
		docs = append(docs, d)
	}
	return docs, nil
}

func samePeriod(d *ledger.Document, p ledger.Period, what string) error {
	if !d.Period.From.Equal(p.From) || !d.Period.To.Equal(p.To) {
		return fmt.Errorf("%s (member %s) is of %s, not of %s: correct a period as it was issued", what, d.Member, periodText(d.Period), periodText(p))
	}
	return nil
}

func periodText(p ledger.Period) string {
	return p.From.Format(time.DateOnly) + "–" + p.To.Format(time.DateOnly)
}

// state is a member's issued lines by key, in the order they were issued.
type state struct {
	lines map[string]ledger.Line
	order []string        // keys, once each, a removed one still among them
	known map[string]bool // of order
}

func (s *state) set(l ledger.Line) {
	if !s.known[l.Key] {
		s.known[l.Key] = true
		s.order = append(s.order, l.Key)
	}
	s.lines[l.Key] = l
}

// issuedState applies a member's documents in order: a chargeback's
// charged lines, then each correction's changes.
func issuedState(docs []*ledger.Document) (*state, error) {
	s := &state{lines: map[string]ledger.Line{}, known: map[string]bool{}}
	for _, d := range docs {
		err := d.EachLine(func(l *ledger.Line) error {
			if d.Kind == ledger.Chargeback {
				if l.Status != billing.Charged {
					return nil
				}
				if _, ok := s.lines[l.Key]; ok {
					return fmt.Errorf("document %s has two lines keyed %s", d.Number, l.Key)
				}
				s.set(*l)
				return nil
			}
			cur, ok := s.lines[l.Key]
			switch l.Change {
			case Added:
				if ok {
					return fmt.Errorf("correction %s adds line %s, which was issued already", d.Number, l.Key)
				}
			case Changed, Removed:
				if !ok {
					return fmt.Errorf("correction %s changes line %s, which was not issued", d.Number, l.Key)
				}
				if !cur.Amount.Equal(l.Old) {
					return fmt.Errorf("correction %s changes line %s from %s, but %s was issued", d.Number, l.Key, l.Old, cur.Amount)
				}
			default:
				return fmt.Errorf("correction %s has line %s with change %q: not added, removed nor changed", d.Number, l.Key, l.Change)
			}
			if l.Change == Removed {
				delete(s.lines, l.Key)
				return nil
			}
			n := *l
			n.Amount, n.Change, n.Old, n.New = l.New, "", decimal.Zero, decimal.Zero
			s.set(n)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

// compare returns the correction lines that take the issued state to
// fresh's charged lines.
func compare(s *state, fresh *ledger.Document) ([]ledger.Line, error) {
	var out []ledger.Line
	seen := map[string]bool{}
	if fresh != nil {
		err := fresh.EachLine(func(l *ledger.Line) error {
			if l.Status != billing.Charged {
				return nil
			}
			if seen[l.Key] {
				return fmt.Errorf("the re-rating of member %s has two lines keyed %s", fresh.Member, l.Key)
			}
			seen[l.Key] = true
			old, ok := s.lines[l.Key]
			switch {
			case !ok:
				out = append(out, diffLine(*l, Added, decimal.Zero, l.Amount))
			case !same(&old, l):
				out = append(out, diffLine(*l, Changed, old.Amount, l.Amount))
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, k := range s.order {
		if old, ok := s.lines[k]; ok && !seen[k] {
			out = append(out, diffLine(old, Removed, old.Amount, decimal.Zero))
		}
	}
	rank := map[billing.Category]int{}
	for i, c := range billing.Categories {
		rank[c] = i + 1
	}
	slices.SortStableFunc(out, func(a, b ledger.Line) int { return rank[a.Category] - rank[b.Category] })
	return out, nil
}

func diffLine(l ledger.Line, change string, old, new decimal.Decimal) ledger.Line {
	l.Change, l.Old, l.New, l.Amount = change, old, new, new.Sub(old)
	return l
}

// same reports whether an issued line and a fresh one show the same.
func same(a, b *ledger.Line) bool {
	return a.Category == b.Category && a.Department == b.Department && a.Clause == b.Clause &&
		day(a.Date) == day(b.Date) && a.Ref == b.Ref && a.Description == b.Description &&
		a.Quantity.Equal(b.Quantity) && a.Unit == b.Unit && a.UnitPrice.Equal(b.UnitPrice) &&
		a.Extra.Equal(b.Extra) && a.Amount.Equal(b.Amount)
}
