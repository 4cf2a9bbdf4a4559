package issuing

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/ledger"
)

// escape makes a field safe inside a key: "|" separates fields and "#"
// starts an occurrence number.
var escape = strings.NewReplacer(`\`, `\\`, `|`, `\|`, `#`, `\#`)

// Key returns a line's identity for corrections, without its occurrence
// number (Keys and the documents add it). It always begins with the
// category and the member:
//
//	support with a ticket      support|1861|ticket|T-1001
//	storage                    storage|1861|user|anna|2025-01
//	a licence excess           licences|1861|excess|E3
//	a rejected line            equipment|1861|rejected|equipment.csv|7
//	any other line             equipment|1861|row|Soc|2.1|2025-01-15||Skärm|2|st|1990|0
//
// The last is the row's content: department, clause, date, ref,
// description, quantity, unit, unit price and extra (not its amount, so a
// new price shows as a changed line, and not its file and row). A rejected
// line has no content that was read, so only its file and row name it.
func Key(l *billing.Line) string {
	var b strings.Builder
	b.Grow(64 + len(l.Description)) // one allocation for most keys
	field := func(s string) {
		b.WriteByte('|')
		b.WriteString(escape.Replace(s))
	}
	b.WriteString(escape.Replace(string(l.Category)))
	field(l.Member)
	switch {
	case l.Status == billing.Rejected:
		field("rejected")
		field(l.File)
		field(strconv.Itoa(l.Row))
	case l.Category == billing.Support && l.Ref != "":
		field("ticket")
		field(l.Ref)
	case l.Category == billing.Storage:
		field("user")
		field(l.Ref)
		field(month(l.Date))
	case l.Category == billing.Licences && l.Derived:
		field("excess")
		field(l.Ref)
	default:
		field("row")
		for _, s := range []string{l.Department, l.Clause, day(l.Date), l.Ref, l.Description} {
			field(s)
		}
		for _, d := range []decimal.Decimal{l.Quantity, l.UnitPrice, l.Extra} {
			field(d.String()) // 1.50 and 1.5 are one figure
		}
		field(l.Unit)
	}
	return b.String()
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func month(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01")
}

// keyer numbers identical keys within one document: the first is the key
// itself, the second key#2, the third key#3, in the order the lines come.
type keyer map[string]int

func (k keyer) next(key string) string {
	k[key]++
	if n := k[key]; n > 1 {
		return key + "#" + strconv.Itoa(n)
	}
	return key
}

// Keys returns the keys of a document's lines in order, identical ones
// numbered (#2, #3 …) in the order they come.
func Keys(lines []billing.Line) []string {
	k := keyer{}
	out := make([]string, len(lines))
	for i := range lines {
		out[i] = k.next(Key(&lines[i]))
	}
	return out
}

// LineOf returns a billing line as a document's line, its Key set to
// Key(&l) (without an occurrence number: Chargebacks numbers them).
func LineOf(l billing.Line) ledger.Line {
	return ledger.Line{Key: Key(&l), Category: l.Category, Department: l.Department, Clause: l.Clause,
		Date: l.Date, Ref: l.Ref, Description: l.Description, Quantity: l.Quantity, Unit: l.Unit,
		UnitPrice: l.UnitPrice, Extra: l.Extra, Amount: l.Amount, Status: l.Status, Column: l.Column,
		Reason: l.Reason, Note: l.Note, File: l.File, Row: l.Row}
}
