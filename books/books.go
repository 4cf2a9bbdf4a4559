package books

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/config"
	"memberfee/ledger"
	"memberfee/peppol"
)

// Role is what a voucher line books.
type Role int

// The roles of a voucher's lines.
const (
	Receivable Role = iota // the member owes total + VAT
	Revenue                // a category's net
	VATOut                 // the VAT of one VAT category and rate
)

// Object is an SIE object: a dimension and an object id in it.
type Object struct {
	Dim  int
	ID   string
	Name string // for #OBJEKT
}

// Line is one transaction row of a voucher. Amount is positive for a
// debit and negative for a credit.
type Line struct {
	Role     Role
	Account  string
	Objects  []Object
	Amount   decimal.Decimal
	Category string // a Revenue line's category (fee, equipment …)
	// A Revenue or VATOut line's VAT category code and rate (per cent).
	VATCode string
	VATRate decimal.Decimal
	// A Revenue line's net (−Amount) and its share of the document's VAT
	// (see Voucher.Lines); a VATOut line's VAT is −Amount.
	Net, VAT decimal.Decimal
}

// Voucher is one document as booked.
type Voucher struct {
	Number     string
	Kind       ledger.Kind
	Member     string
	MemberName string
	Corrects   string
	IssueDate  time.Time
	DueDate    time.Time
	Period     ledger.Period
	Text       string          // "<number> <member> <name>"
	Net        decimal.Decimal // the document's total
	VAT        decimal.Decimal // Σ of its VAT breakdown
	Breakdown  []Subtotal
	// Lines: the receivable first, then one Revenue line per category with
	// a non-zero net (every category of the document when all nets are 0,
	// so a correction that nets to 0 keeps its lines; in the order fee, equipment, printers, storage,
	// support, licences, services), then one VATOut line per subtotal with
	// VAT. A Revenue line's VAT is its net × rate rounded to the öre, the
	// subtotal's rounding difference put on the subtotal's line of largest
	// net (the first such): so that Σ of a subtotal's lines' VAT = its VAT.
	Lines []Line
}

// Gross is what the member owes: net + VAT (negative for a credit).
func (v *Voucher) Gross() decimal.Decimal { return v.Net.Add(v.VAT) }

// Sum is Σ of the voucher's line amounts: 0 for every voucher Build makes.
func (v *Voucher) Sum() decimal.Decimal {
	s := decimal.Zero
	for _, l := range v.Lines {
		s = s.Add(l.Amount)
	}
	return s
}

// Subtotal is the VAT of one VAT category and rate of a document (EN
// 16931's VAT breakdown, BG-23).
type Subtotal struct {
	Code    string
	Rate    decimal.Decimal // per cent
	Taxable decimal.Decimal // Σ nets of the category and rate
	VAT     decimal.Decimal // VAT(taxable, rate)
}

// VAT is the VAT of nets that share one VAT category and rate (per cent)
// on one document: round(Σ nets × rate / 100, 2), rounded once, half away
// from zero. EN 16931 reckons the VAT category tax amount (BT-117) the
// same way, from the category's taxable amount (BT-116), not line by line.
//
//	VAT([]{100.10, 0.10}, 25) = 25.05;  VAT([]{0.02}, 25) = 0.01;  VAT([]{-0.02}, 25) = -0.01
func VAT(nets []decimal.Decimal, rate decimal.Decimal) decimal.Decimal {
	sum := decimal.Zero
	for _, n := range nets {
		sum = sum.Add(n)
	}
	return peppol.TaxAmount(sum, rate) // one rule for the voucher and the e-invoice
}

// Chart is what Build needs of the config: the accounting section and the
// members' names.
type Chart struct {
	Accounting   *config.Accounting
	Organisation string            // the board: the name of the fixed objects
	Names        map[string]string // member id → name
}

// NewChart takes the chart from a config that passed ValidateAccounting.
func NewChart(c *config.Config) Chart {
	names := map[string]string{}
	for _, m := range c.Members {
		names[m.ID] = m.Name
	}
	return Chart{Accounting: &c.Accounting, Organisation: c.Organisation, Names: names}
}

// ErrUnbalanced is the reason a document cannot be booked: its categories
// do not sum to its total.
var ErrUnbalanced = errors.New("its categories do not sum to its total")

// ErrNoLines is the reason a document without any category cannot be booked.
var ErrNoLines = errors.New("the document has no category")

// DocumentError names the document that cannot be booked and why.
type DocumentError struct {
	Number string
	Err    error
}

func (e *DocumentError) Error() string { return "document " + e.Number + ": " + e.Err.Error() }
func (e *DocumentError) Unwrap() error { return e.Err }

// Build books one document. d.ByCategory must hold its nets per category
// (fee documents: fee).
func (ch Chart) Build(d *ledger.Document) (Voucher, error) {
	a := ch.Accounting
	fail := func(format string, args ...any) (Voucher, error) {
		return Voucher{}, &DocumentError{Number: d.Number, Err: fmt.Errorf(format, args...)}
	}
	if a.Member(d.Member) == nil {
		return fail("member %s is not in accounting.members", d.Member)
	}
	name := ch.Names[d.Member]
	v := Voucher{Number: d.Number, Kind: d.Kind, Member: d.Member, MemberName: name, Corrects: d.Corrects,
		IssueDate: d.IssueDate, DueDate: d.DueDate, Period: d.Period, Net: d.Total,
		Text: strings.TrimSpace(d.Number + " " + d.Member + " " + name)}
	md := a.MemberDimension()
	member := Object{Dim: md.Dim, ID: d.Member, Name: name}
	var fixed []Object
	for _, dim := range a.Dimensions {
		if dim.Dim == md.Dim {
			continue // the member's own (ValidateAccounting refuses a fixed one on it)
		}
		if !dim.PerMember {
			fixed = append(fixed, Object{Dim: dim.Dim, ID: dim.Object, Name: ch.Organisation})
		}
	}
	revObjects := append(slices.Clip(fixed), member)

	var revenue []Line
	sum := decimal.Zero
	for cat := range d.ByCategory {
		if !slices.Contains(config.AccountingCategories(), cat) {
			return fail("category %q is not one memberfee books", cat)
		}
	}
	// A category whose net is 0 is left out, unless every category's is:
	// a correction that moves a line within one category (−925 +925) is
	// still booked and invoiced, on its category's line of 0.
	keepZero := true
	for _, net := range d.ByCategory {
		if !net.IsZero() {
			keepZero = false
		}
	}
	for _, cat := range config.AccountingCategories() {
		net, ok := d.ByCategory[cat]
		if !ok || (net.IsZero() && !keepZero) {
			continue
		}
		acct := a.Accounts.Account(cat)
		rule, ok := a.VATFor(cat)
		if acct == "" || !ok {
			return fail("category %s has no account or VAT in accounting (accounts.%s, vat)", cat, cat)
		}
		sum = sum.Add(net)
		revenue = append(revenue, Line{Role: Revenue, Account: acct, Objects: revObjects, Amount: net.Neg(),
			Category: cat, VATCode: rule.Code, VATRate: rule.RatePercent(), Net: net})
	}
	if len(revenue) == 0 {
		return fail("%w: it has no line, so there is nothing to book or invoice", ErrNoLines)
	}
	if !sum.Equal(d.Total) {
		return fail("%w (Σ categories %s, total %s)", ErrUnbalanced, sum.StringFixed(2), d.Total.StringFixed(2))
	}

	// The breakdown per VAT category and rate, in order of first use.
	type group struct {
		sub   Subtotal
		lines []int
	}
	var groups []*group
	for i, l := range revenue {
		var g *group
		for _, h := range groups {
			if h.sub.Code == l.VATCode && h.sub.Rate.Equal(l.VATRate) {
				g = h
			}
		}
		if g == nil {
			g = &group{sub: Subtotal{Code: l.VATCode, Rate: l.VATRate, Taxable: decimal.Zero}}
			groups = append(groups, g)
		}
		g.sub.Taxable = g.sub.Taxable.Add(l.Net)
		g.lines = append(g.lines, i)
	}
	var vatLines []Line
	v.VAT = decimal.Zero
	for _, g := range groups {
		g.sub.VAT = VAT([]decimal.Decimal{g.sub.Taxable}, g.sub.Rate)
		v.Breakdown = append(v.Breakdown, g.sub)
		v.VAT = v.VAT.Add(g.sub.VAT)
		// Each line's share, the rounding difference on the largest.
		rest, largest := g.sub.VAT, g.lines[0]
		for _, i := range g.lines {
			revenue[i].VAT = VAT([]decimal.Decimal{revenue[i].Net}, g.sub.Rate)
			rest = rest.Sub(revenue[i].VAT)
			if revenue[i].Net.Abs().GreaterThan(revenue[largest].Net.Abs()) {
				largest = i
			}
		}
		revenue[largest].VAT = revenue[largest].VAT.Add(rest)
		if !g.sub.VAT.IsZero() {
			vatLines = append(vatLines, Line{Role: VATOut, Account: a.Accounts.VATOut, Amount: g.sub.VAT.Neg(),
				VATCode: g.sub.Code, VATRate: g.sub.Rate, VAT: g.sub.VAT})
		}
	}
	v.Lines = append(v.Lines, Line{Role: Receivable, Account: a.Accounts.Receivable, Objects: []Object{member}, Amount: v.Gross()})
	v.Lines = append(v.Lines, revenue...)
	v.Lines = append(v.Lines, vatLines...)
	if !v.Sum().IsZero() {
		return fail("the voucher does not balance (Σ %s)", v.Sum()) // cannot happen: receivable = Σ nets + Σ VAT
	}
	return v, nil
}

// BuildAll books documents in order, stopping at the first that cannot be
// booked.
func (ch Chart) BuildAll(docs []ledger.Document) ([]Voucher, error) {
	vs := make([]Voucher, 0, len(docs))
	for i := range docs {
		v, err := ch.Build(&docs[i])
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, nil
}
