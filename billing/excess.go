package billing

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"memberfee/internal/msg"
	"memberfee/internal/numtext"
)

// ExcessWarning says that a rejected licence row takes a licence excess
// with it (clause 1.2: the excess is of the member's total count): counted
// for the member it names, or for either member it could name, the row
// would change what that member's excess of its type bills. The summaries
// say so, since the rejected rows' sheet alone would not show it.
type ExcessWarning struct {
	Source        // the rejected row
	Member string // the member whose excess it would change (id)
	Name   string // the member's name
	Type   string // the licence type
	// Now is what the member's excess of the type bills without the row,
	// With what it would bill with it; With is zero and Unread set where
	// the row's count itself was rejected (unreadable, negative), so that
	// it may change it.
	Now, With decimal.Decimal
	Unread    bool
}

// English is the warning in English: "the rejected row licences.csv row 7
// would change member Hallsberg (1861)'s F3 licence excess: 2,280.00
// instead of 0.00".
func (w ExcessWarning) English() string { return w.In("en") }

// Swedish is the warning in Swedish: "den avvisade raden licences.csv rad
// 7 skulle ändra överskottet av F3-licenser för Hallsberg (1861): 2 280,00
// i stället för 0,00".
func (w ExcessWarning) Swedish() string { return w.In("sv") }

// In is the warning in lang ("en", else Swedish), its amounts in that
// language's form.
func (w ExcessWarning) In(lang string) string {
	if lang != "en" {
		lang = "sv"
	}
	f := numtext.Of(lang)
	vals := []string{w.File, strconv.Itoa(w.Row), w.Name, w.Member, w.Type, f.Amount(w.Now), f.Amount(w.With)}
	if w.Unread {
		return msg.In(lang, "licences.excess_may", vals[:6]...)
	}
	return msg.In(lang, "licences.excess_would", vals...)
}

// ExcessWarnings names the rejected licence rows that take an excess with
// them. rows[i] is the row of lines[i]: every licence row of a file, those
// rated by Licences and those rejected as they were read (with Member and
// Type as read, "" where they could not be; a line rejected for its count
// column has an unread count). A rejected row with a licence type and a member
// cell naming one member, or several (ErrAmbiguousMember), is counted for
// each in turn: where what that member's excess bills would change, or
// may where the count cannot be read, it is said, in file order. A row
// naming no member names no excess.
func (r *Rules) ExcessWarnings(rows []LicenceRow, lines []Line) []ExcessWarning {
	if r.LicenceMonths == 0 {
		return nil // every month of the period is issued: nothing to bill
	}
	type key struct{ member, typ string }
	counts := map[key]decimal.Decimal{}
	for i := range lines {
		if l := &lines[i]; l.Status != Rejected && !l.Derived {
			k := key{l.Member, l.Ref}
			counts[k] = counts[k].Add(l.Quantity)
		}
	}
	bills := r.excessBills
	var out []ExcessWarning
	for i, row := range rows {
		if i >= len(lines) || lines[i].Status != Rejected || row.Member == "" {
			continue
		}
		typ := strings.ToUpper(strings.TrimSpace(row.Type))
		if !IsLicenceType(typ) {
			continue
		}
		for _, id := range r.members.lookup(row.Member) {
			count := counts[key{id, typ}]
			w := ExcessWarning{Source: lines[i].Source, Member: id, Name: r.members.names[id], Type: typ, Now: bills(id, typ, count), Unread: lines[i].Column == "count"}
			if !w.Unread {
				w.With = bills(id, typ, count.Add(row.Count))
				if w.With.Equal(w.Now) {
					continue
				}
			}
			out = append(out, w)
		}
	}
	return out
}

// excessBills is what a member's excess of a type bills for its count:
// clause 1.2's amount, zero where the excess is not billed.
func (r *Rules) excessBills(member, typ string, count decimal.Decimal) decimal.Decimal {
	ex, _, billed := r.excess(member, typ, count)
	if !billed {
		return decimal.Zero
	}
	return R2(ex.Mul(r.price(typ)).Mul(decimal.NewFromInt(int64(r.LicenceMonths))))
}
