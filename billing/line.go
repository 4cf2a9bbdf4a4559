package billing

import (
	"time"

	"github.com/shopspring/decimal"
)

// Category is a kind of chargeable item.
type Category string

// The six categories, in the order the outputs list them.
const (
	Equipment Category = "equipment" // special and workplace equipment, clause 2.1
	Printers  Category = "printers"  // clause 2.2
	Storage   Category = "storage"   // personal folders over quota, clause 4.1
	Support   Category = "support"   // outside office hours, clauses 5.1, 5.1.1
	Licences  Category = "licences"  // Microsoft 365 beyond the allotment, clause 1.2
	Services  Category = "services"  // outside the fee, clauses 1.1, 5.1.2, 5.2–5.5, 5.8
)

// Categories lists every category in output order.
var Categories = []Category{Equipment, Printers, Storage, Support, Licences, Services}

// Status is what became of an input row.
type Status string

// The statuses: every input row ends as exactly one.
const (
	Charged  Status = "charged"  // billed to the department
	Included Status = "included" // in the member fee: 0 kr, with the clause that includes it
	Rejected Status = "rejected" // not billed, with the reason
	// Outside: dated outside the period (billing.outside_period: skip) or
	// in a period already issued (Rules' covered periods): neither billed
	// nor rejected, only counted and listed, with the document covering
	// it where one does.
	Outside Status = "outside"
)

// Source is where a line came from: the file as the config names it and the
// row as a spreadsheet numbers it (the header is row 1).
type Source struct {
	File string
	Row  int
}

// Line is one line of the chargeback: a rated input row, or a line derived
// from several rows (a licence excess).
type Line struct {
	Source
	Category    Category
	Member      string // member id
	Department  string
	Clause      string
	Date        time.Time // the row's day (a ticket's start); zero when it has none
	Ref         string    // a ticket number, a user, a licence type
	Description string
	Quantity    decimal.Decimal // in Unit
	Unit        string
	UnitPrice   decimal.Decimal
	Extra       decimal.Decimal // a call-out fee, a markup rate: see the category
	Amount      decimal.Decimal // rounded to the öre
	Status      Status
	Column      string  // for a rejected row, the column at fault
	Reason      string  // why it is included or rejected
	Why         *Reason // for a row the rules rejected or found outside, the reason's sentinel (see Err)
	// Note is what a reader should know of how the row was read: a time in
	// the hour that occurs twice. A rejected line has it in its Reason.
	Note    string
	Derived bool // not an input row (a licence excess line)
	// Document is, for an outside line in a period already issued, the
	// number of the document that covers it; "" for every other line.
	Document string
}

// Explained is the line's reason followed by its note, as the outputs show
// them in one column.
func (l *Line) Explained() string {
	switch {
	case l.Note == "":
		return l.Reason
	case l.Reason == "":
		return l.Note
	}
	return l.Reason + "; " + l.Note
}

// R2 rounds half away from zero to the öre.
func R2(d decimal.Decimal) decimal.Decimal { return d.Round(2) }

// Reject makes the rejected line of an input row.
func Reject(c Category, src Source, column, reason string) Line {
	return Line{Source: src, Category: c, Status: Rejected, Column: column, Reason: reason, Amount: decimal.Zero}
}

// Selection chooses the lines a reader of the chargeback wants.
type Selection int

// The selections.
const (
	ChargedAndIncluded Selection = iota // the lines that are billed or in the fee
	ChargedOnly                         // the lines that are billed
	NotRejected                         // charged, included and outside: the line-detail CSV's
)

// Has reports whether a line of status s is selected.
func (sel Selection) Has(s Status) bool {
	switch s {
	case Charged:
		return true
	case Included:
		return sel != ChargedOnly
	case Outside:
		return sel == NotRejected
	}
	return false
}

// Exact returns a charged line's amount before rounding to the öre, as the
// rule of its category c makes it (a licence row has none: its excess line
// does).
func (c Category) Exact(l *Line) Exact {
	switch c {
	case Equipment:
		return equipmentExact(l)
	case Printers:
		return printersExact(l)
	case Storage:
		return storageExact(l)
	case Support:
		return supportExact(l)
	case Licences:
		return licencesExact(l)
	}
	return servicesExact(l)
}

// Formula returns the formula of a charged line's amount of category c
// over the cells of its quantity q, unit price p and extra x (a blank extra
// is 0 by plain arithmetic, alike in Excel, LibreOffice and Gnumeric),
// pre-rounded to places decimals (Exact.Places) and rounded to the öre as
// the rule rounds it.
func (c Category) Formula(q, p, x string, places int) string {
	switch c {
	case Equipment:
		return equipmentFormula(q, p, x, places)
	case Printers:
		return printersFormula(q, p, x, places)
	case Storage:
		return storageFormula(q, p, x, places)
	case Support:
		return supportFormula(q, p, x, places)
	case Licences:
		return licencesFormula(q, p, x, places)
	}
	return servicesFormula(q, p, x, places)
}

// zero is a figure of 0, an Exact's Per60 outside support.
var zero = FigureOf(decimal.Zero)
