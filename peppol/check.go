package peppol

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"memberfee/internal/luhn"
)

// Check holds d to the rules of EN 16931, Peppol BIS 3 and Sweden that
// Write relies on most, and returns every problem it finds (errors.Join of
// *Error, each naming the field and, where there is one, the official
// rule). It never modifies d. Write calls it first.
func Check(d *Document) error {
	c := &checker{d: d}
	c.document()
	return errors.Join(c.errs...)
}

type checker struct {
	d    *Document
	errs []error
}

func (c *checker) fail(field, value, rule string, err error) {
	c.errs = append(c.errs, &Error{Document: c.d.Number, Field: field, Value: value, Rule: rule, Err: err})
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// text checks that s can be written as XML text (PEPPOL-EN16931-R008 asks
// for no empty elements: a blank optional field is left out).
func (c *checker) text(field, s string, required bool, rule string) {
	if blank(s) {
		if required {
			c.fail(field, "", rule, ErrRequired)
		}
		return
	}
	if !utf8.ValidString(s) {
		c.fail(field, s, "", fmt.Errorf("%w: not UTF-8", ErrFormat))
		return
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF || r >= 0xD800 && r < 0xE000 {
			c.fail(field, s, "", fmt.Errorf("%w: holds the control character %U, which XML cannot", ErrFormat, r))
			return
		}
	}
}

func (c *checker) document() {
	d := c.d
	c.text("Number", d.Number, true, "BR-02")
	if d.IssueDate.IsZero() {
		c.fail("IssueDate", "", "BR-03", ErrRequired)
	}
	if !d.DueDate.IsZero() && !d.IssueDate.IsZero() && dateBefore(d.DueDate, d.IssueDate) {
		c.fail("DueDate", day(d.DueDate), "", fmt.Errorf("%w: before the issue date %s", ErrDate, day(d.IssueDate)))
	}
	for _, t := range []struct {
		name string
		at   time.Time
	}{{"IssueDate", d.IssueDate}, {"DueDate", d.DueDate}, {"CorrectsDate", d.CorrectsDate}, {"Period.From", d.Period.From}, {"Period.To", d.Period.To}} {
		if y := t.at.Year(); y != 1 && (y < 1000 || y > 9999) {
			c.fail(t.name, fmt.Sprint(y), "PEPPOL-EN16931-F001", fmt.Errorf("%w: a date must be YYYY-MM-DD", ErrFormat))
		}
	}
	if !d.Period.From.IsZero() && !d.Period.To.IsZero() && dateBefore(d.Period.To, d.Period.From) {
		c.fail("Period.To", day(d.Period.To), "BR-29", fmt.Errorf("%w: before Period.From %s", ErrDate, day(d.Period.From)))
	}
	if !knownCurrency(d.Currency) {
		if d.Currency == "" {
			c.fail("Currency", "", "BR-05", ErrRequired)
		} else {
			c.fail("Currency", d.Currency, "PEPPOL-EN16931-CL007", fmt.Errorf("%w: not an ISO 4217 currency code", ErrFormat))
		}
	}
	c.text("BuyerReference", d.BuyerReference, true, "PEPPOL-EN16931-R003")
	c.text("Corrects", d.Corrects, d.Credit, "BR-55")
	c.text("PaymentReference", d.PaymentReference, false, "")
	c.text("PaymentTermsNote", d.PaymentTermsNote, false, "")
	c.text("Note", d.Note, false, "")
	c.party("Seller", &d.Seller, true)
	c.party("Buyer", &d.Buyer, false)
	if bg, ok := digits(d.Bankgiro); d.Bankgiro == "" {
		c.fail("Bankgiro", "", "BR-61", ErrRequired)
	} else if !ok || len(bg) < 7 || len(bg) > 8 {
		c.fail("Bankgiro", d.Bankgiro, "SE-R-008/009", fmt.Errorf("%w: a Bankgiro number is 7 or 8 digits", ErrFormat))
	} else if !luhn.Valid(bg) {
		c.fail("Bankgiro", d.Bankgiro, "", ErrCheck)
	}
	c.lines()
}

func (c *checker) party(name string, p *Party, seller bool) {
	who := name
	if p.Ref != "" {
		who = fmt.Sprintf("%s (member %s)", name, p.Ref)
		if seller {
			who = fmt.Sprintf("%s (%s)", name, p.Ref)
		}
	}
	c.text(who+".Name", p.Name, true, map[bool]string{true: "BR-06", false: "BR-07"}[seller])
	switch {
	case p.OrganisationNumber == "" && seller:
		c.fail(who+".OrganisationNumber", "", "BR-CO-26", ErrRequired)
	case p.OrganisationNumber != "":
		if d, ok := orgnr(p.OrganisationNumber); !ok {
			if ok2 := len(d) == 10; ok2 && !luhn.Valid(d) {
				c.fail(who+".OrganisationNumber", p.OrganisationNumber, "SE-R-013", ErrCheck)
			} else {
				c.fail(who+".OrganisationNumber", p.OrganisationNumber, "SE-R-003/004", fmt.Errorf("%w: nnnnnn-nnnn", ErrFormat))
			}
		}
	}
	if p.EndpointID == "" {
		if seller {
			c.fail(who+".EndpointID", "", "PEPPOL-EN16931-R020", ErrRequired)
		} else {
			ref := p.Ref
			if ref == "" {
				ref = p.Name
			}
			c.fail(who+".EndpointID", "", "PEPPOL-EN16931-R010", fmt.Errorf("member %s %w", ref, ErrNoPeppolID))
		}
	} else if _, _, ok := endpoint(p.EndpointID); !ok {
		c.fail(who+".EndpointID", p.EndpointID, "PEPPOL-COMMON-R049", fmt.Errorf("%w: \"0007:\" and a 10-digit organisation number (or 0088:GLN, 9955:VAT number)", ErrFormat))
	}
	c.text(who+".Street", p.Street, false, "")
	c.text(who+".City", p.City, false, "")
	c.text(who+".PostalCode", p.PostalCode, false, "")
	if len(p.Country) != 2 || p.Country[0] < 'A' || p.Country[0] > 'Z' || p.Country[1] < 'A' || p.Country[1] > 'Z' {
		if p.Country == "" {
			c.fail(who+".Country", "", map[bool]string{true: "BR-09", false: "BR-11"}[seller], ErrRequired)
		} else {
			c.fail(who+".Country", p.Country, "BR-CL-14", fmt.Errorf("%w: an ISO 3166 code like SE", ErrFormat))
		}
	}
	if v := p.VATNumber; v != "" {
		if len(v) < 3 || v[0] < 'A' || v[0] > 'Z' || v[1] < 'A' || v[1] > 'Z' {
			c.fail(who+".VATNumber", v, "BR-CO-09", fmt.Errorf("%w: starts with its country code, e.g. SE", ErrFormat))
		} else if v[:2] == "SE" && !swedishVAT(v) {
			c.fail(who+".VATNumber", v, "SE-R-001/002", fmt.Errorf("%w: SE and 12 digits", ErrFormat))
		} else if org, ok := orgnr(p.OrganisationNumber); v[:2] == "SE" && ok && v != "SE"+org+"01" {
			c.fail(who+".VATNumber", v, "", fmt.Errorf("%w: a Swedish legal entity's VAT number is SE%s01, from its organisation number", ErrFormat, org))
		}
		c.text(who+".VATNumber", v, false, "")
	}
	if p.FSkatt && !seller {
		c.fail(who+".FSkatt", "true", "", fmt.Errorf("%w: only the seller states F-skatt", ErrFormat))
	}
	c.text(who+".ContactName", p.ContactName, false, "")
	c.text(who+".ContactEmail", p.ContactEmail, false, "")
}

// categories are the VAT categories Write supports (BT-151).
var categories = map[string]bool{"S": true, "Z": true, "E": true, "AE": true, "K": true, "G": true, "O": true}

func (c *checker) lines() {
	d := c.d
	if len(d.Lines) == 0 {
		c.fail("Lines", "", "BR-16", ErrRequired)
		return
	}
	ids := map[string]int{}
	var hasO, hasOther, sellerVAT, buyerVAT bool
	var other string
	for i, l := range d.Lines {
		f := fmt.Sprintf("Lines[%d]", i)
		id := lineID(i, l)
		c.text(f+".ID", l.ID, false, "")
		if j, dup := ids[id]; dup {
			c.fail(f+".ID", id, "", fmt.Errorf("%w (Lines[%d])", ErrDuplicate, j))
		}
		ids[id] = i
		c.text(f+".Name", l.Name, true, "BR-25")
		c.text(f+".Description", l.Description, false, "")
		if u := l.UnitCode; u != "" && (len(u) < 2 || len(u) > 3 || strings.IndexFunc(u, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') }) >= 0) {
			c.fail(f+".UnitCode", u, "BR-CL-23", fmt.Errorf("%w: a UN/ECE Rec 20 code such as EA or C62", ErrFormat))
		}
		if l.Quantity.IsNegative() {
			c.fail(f+".Quantity", l.Quantity.String(), "", fmt.Errorf("%w: a magnitude; the sign is the Net's", ErrSign))
		}
		if l.Price.IsNegative() {
			c.fail(f+".Price", l.Price.String(), "BR-27", fmt.Errorf("%w: a magnitude; the sign is the Net's", ErrSign))
		}
		if l.Net.Exponent() < -2 && !l.Net.Equal(l.Net.Round(2)) {
			c.fail(f+".Net", l.Net.String(), "BR-DEC-23", ErrDecimals)
		} else if q, p := quantity(l), price(l); !q.IsNegative() && !p.IsNegative() && q.Mul(p).Sub(l.Net.Abs()).Abs().GreaterThan(decimal.New(1, -2)) {
			c.fail(f+".Price", p.String(), "PEPPOL-EN16931-R120", fmt.Errorf("%w: Quantity %s × Price %s is not |Net| %s", ErrSum, q, p, l.Net.Abs().StringFixed(2)))
		}
		code := l.VATCode
		if !categories[code] {
			if code == "" {
				c.fail(f+".VATCode", "", "BR-CO-04", ErrRequired)
			} else {
				c.fail(f+".VATCode", code, "BR-CL-18", fmt.Errorf("%w: one of S, Z, E, AE, K, G, O", ErrFormat))
			}
			continue
		}
		c.text(f+".ExemptionReason", l.ExemptionReason, code == "E", "BR-E-10")
		if code == "O" {
			hasO = true
		} else {
			hasOther, other = true, code
			sellerVAT = true
		}
		if code == "AE" || code == "K" {
			buyerVAT = true
		}
		rule := ruleOf(code)
		switch {
		case code == "S" && !l.VATRate.IsPositive():
			c.fail(f+".VATRate", l.VATRate.String(), "BR-S-05", fmt.Errorf("%w: S needs a rate above 0", ErrVAT))
		case code == "S" && d.Seller.Country == "SE" && strings.HasPrefix(d.Seller.VATNumber, "SE") &&
			!l.VATRate.Equal(decimal.NewFromInt(25)) && !l.VATRate.Equal(decimal.NewFromInt(12)) && !l.VATRate.Equal(decimal.NewFromInt(6)):
			c.fail(f+".VATRate", l.VATRate.String(), "SE-R-006", fmt.Errorf("%w: a Swedish seller's S rate is 25, 12 or 6", ErrVAT))
		case code != "S" && !l.VATRate.IsZero():
			c.fail(f+".VATRate", l.VATRate.String(), rule+"-05", fmt.Errorf("%w: %s has rate 0", ErrVAT, code))
		}
		if (code == "S" || code == "Z") && !blank(l.ExemptionReason) {
			c.fail(f+".ExemptionReason", l.ExemptionReason, rule+"-10", fmt.Errorf("%w: %s has no exemption reason", ErrVAT, code))
		}
	}
	if hasO && hasOther {
		c.fail("Lines", "", "BR-O-11/12", fmt.Errorf("%w: O (not subject to VAT) and %s on one document: issue them apart", ErrVAT, other))
	}
	if sellerVAT && d.Seller.VATNumber == "" {
		c.fail("Seller.VATNumber", "", ruleOf(other)+"-02", fmt.Errorf("%w: category %s needs the seller's VAT number", ErrRequired, other))
	}
	if buyerVAT && d.Buyer.VATNumber == "" {
		c.fail("Buyer.VATNumber", "", "BR-AE-02/BR-IC-02", fmt.Errorf("%w: categories AE and K need the buyer's VAT number", ErrRequired))
	}
	for _, g := range Breakdown(d) {
		if g.Code == "K" && d.Period.IsZero() {
			c.fail("Period", "", "BR-IC-11", fmt.Errorf("%w: category K needs the invoicing period", ErrRequired))
		}
	}
	c.groupReasons()
	_, _, payable := Totals(d)
	switch {
	case d.Credit && !payable.IsNegative():
		c.fail("Lines", payable.StringFixed(2), "", fmt.Errorf("%w: a credit note's total is negative; a positive correction is an invoice", ErrSign))
	case !d.Credit && payable.IsNegative():
		c.fail("Lines", payable.StringFixed(2), "", fmt.Errorf("%w: an invoice's total must not be negative; write it as a credit note (Credit)", ErrSign))
	case !d.Credit && payable.IsPositive() && d.DueDate.IsZero() && blank(d.PaymentTermsNote):
		c.fail("DueDate", "", "BR-CO-25", fmt.Errorf("%w: an amount due needs a due date or payment terms", ErrRequired))
	}
}

// ruleOf is the prefix of EN 16931's rules for a VAT category: BR-S,
// BR-AE, BR-IC for K.
func ruleOf(code string) string {
	if code == "K" {
		return "BR-IC"
	}
	return "BR-" + code
}

// groupReasons: the lines of one VAT group must give one exemption reason.
func (c *checker) groupReasons() {
	seen := map[string]string{}
	for i, l := range c.d.Lines {
		if blank(l.ExemptionReason) {
			continue
		}
		k := l.VATCode + "/" + l.VATRate.String()
		if r, ok := seen[k]; ok && r != l.ExemptionReason {
			c.fail(fmt.Sprintf("Lines[%d].ExemptionReason", i), l.ExemptionReason, "", fmt.Errorf("%w: another line of %s %s%% gives %q", ErrVAT, l.VATCode, l.VATRate, r))
		}
		seen[k] = l.ExemptionReason
	}
}
