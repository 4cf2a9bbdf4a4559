package billing

import (
	"strings"

	"github.com/shopspring/decimal"

	"memberfee/internal/msg"
	"memberfee/internal/quote"
)

// printerEvents maps the events, in English and Swedish, to whether they are
// billed.
var printerEvents = map[string]struct {
	event  string
	billed bool
}{
	"purchase": {"purchase", true}, "inköp": {"purchase", true},
	"replacement": {"replacement", true}, "utbyte": {"replacement", true},
	"expansion": {"expansion", true}, "utökning": {"expansion", true},
	"installation": {"installation", false},
	"connection":   {"connection", false}, "inkoppling": {"connection", false}, "anslutning": {"connection", false},
	"monitoring": {"monitoring", false}, "övervakning": {"monitoring", false},
}

// Printer: purchase, replacement and expansion are billed at their amount;
// installation, connection and monitoring are in the fee (clause 2.2).
func (r *Rules) Printer(row PrinterRow) Line {
	id, rej := r.check(Printers, row.Source, row.Member, row.Date, "date")
	if rej != nil {
		return *rej
	}
	ev, ok := printerEvents[strings.ToLower(strings.TrimSpace(row.Event))]
	if !ok {
		return reject(Printers, row.Source, id, "event", ErrNotPrinterEvent, quote.Value(row.Event))
	}
	l := Line{Source: row.Source, Category: Printers, Member: id, Department: row.Department,
		Date: row.Date, Ref: ev.event, Description: row.Description, Quantity: decimal.NewFromInt(1), Unit: "st"}
	if ev.billed {
		l.UnitPrice, l.Amount, l.Status = R2(row.Amount), R2(row.Amount), Charged
	} else {
		l.Amount, l.Status = decimal.Zero, Included
		l.Reason = msg.Canon("printers.included", ev.event)
	}
	l.Clause = r.cite(Printers, l.Status)
	return l
}

// printersExact is a printer line's: the event's amount (quantity 1), before rounding.
func printersExact(l *Line) Exact { return Exact{Base: Product(l.Quantity, l.UnitPrice), Per60: zero} }

// printersFormula is the amount's formula over the quantity and unit price
// cells.
func printersFormula(q, p, _ string, places int) string { return preRounded(q+"*"+p, places) }
