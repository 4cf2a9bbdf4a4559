package peppol

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// The identifiers every document carries (BT-24, BT-23).
const (
	CustomizationID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
	ProfileID       = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
)

// Write checks d (Check) and writes it as a UBL 2.1 Invoice (type code
// 380) or, with Credit, a CreditNote (381) whose amounts are d's negated,
// citing d.Corrects in BillingReference. Nothing is written when d fails
// Check. The same d always gives the same bytes.
func Write(w io.Writer, d *Document) error {
	if err := Check(d); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	x := &xw{w: bw}
	x.document(d)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("peppol: writing document %s: %w", d.Number, err)
	}
	return nil
}

// xw writes indented XML elements; an element whose text is blank is left
// out (PEPPOL-EN16931-R008).
type xw struct {
	w     *bufio.Writer
	depth int
}

func (x *xw) indent() {
	for i := 0; i < x.depth; i++ {
		x.w.WriteString("  ")
	}
}

func (x *xw) open(name string) {
	x.indent()
	x.w.WriteString("<" + name + ">\n")
	x.depth++
}

func (x *xw) close(name string) {
	x.depth--
	x.indent()
	x.w.WriteString("</" + name + ">\n")
}

// leaf writes <name attr="val"…>text</name>; attrs are name, value pairs.
func (x *xw) leaf(name, text string, attrs ...string) {
	if blank(text) {
		return
	}
	x.indent()
	x.w.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		x.w.WriteString(" " + attrs[i] + `="`)
		xml.EscapeText(x.w, []byte(attrs[i+1]))
		x.w.WriteString(`"`)
	}
	x.w.WriteString(">")
	xml.EscapeText(x.w, []byte(text))
	x.w.WriteString("</" + name + ">\n")
}

func (x *xw) amount(name string, v decimal.Decimal, currency string) {
	x.leaf(name, v.StringFixed(2), "currencyID", currency)
}

// day is t's calendar date in its own location, YYYY-MM-DD.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// dateBefore compares calendar dates, each in its own location.
func dateBefore(a, b time.Time) bool { return day(a) < day(b) }

func lineID(i int, l Line) string {
	if blank(l.ID) {
		return strconv.Itoa(i + 1)
	}
	return l.ID
}

func quantity(l Line) decimal.Decimal {
	if l.Quantity.IsZero() {
		return decimal.NewFromInt(1)
	}
	return l.Quantity
}

// price is the line's item net price (BT-146), a magnitude.
func price(l Line) decimal.Decimal {
	if !l.Price.IsZero() {
		return l.Price
	}
	q := quantity(l)
	if q.Equal(decimal.NewFromInt(1)) {
		return l.Net.Abs()
	}
	return l.Net.Abs().DivRound(q, 6)
}

// priceText writes at least 2 decimals and no needless trailing zeros.
func priceText(p decimal.Decimal) string {
	if p.Exponent() >= -2 || p.Equal(p.Round(2)) {
		return p.StringFixed(2)
	}
	return p.String()
}

func (x *xw) document(d *Document) {
	root, typeCode, lineName, qtyName := "Invoice", "InvoiceTypeCode", "cac:InvoiceLine", "cbc:InvoicedQuantity"
	sign := decimal.NewFromInt(1)
	if d.Credit {
		root, typeCode, lineName, qtyName = "CreditNote", "CreditNoteTypeCode", "cac:CreditNoteLine", "cbc:CreditedQuantity"
		sign = decimal.NewFromInt(-1)
	}
	groups := Breakdown(d)
	allO := len(groups) > 0 && groups[0].Code == "O"
	cur := d.Currency

	x.w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	x.w.WriteString(`<` + root + ` xmlns="urn:oasis:names:specification:ubl:schema:xsd:` + root + `-2"` +
		` xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"` +
		` xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">` + "\n")
	x.depth = 1
	x.leaf("cbc:CustomizationID", CustomizationID)
	x.leaf("cbc:ProfileID", ProfileID)
	x.leaf("cbc:ID", d.Number)
	x.leaf("cbc:IssueDate", day(d.IssueDate))
	if d.Credit {
		x.leaf("cbc:"+typeCode, "381")
	} else {
		x.leaf("cbc:DueDate", day(d.DueDate))
		x.leaf("cbc:"+typeCode, "380")
	}
	x.leaf("cbc:Note", d.Note)
	x.leaf("cbc:DocumentCurrencyCode", cur)
	x.leaf("cbc:BuyerReference", d.BuyerReference)
	if !d.Period.IsZero() {
		x.open("cac:InvoicePeriod")
		x.leaf("cbc:StartDate", day(d.Period.From))
		x.leaf("cbc:EndDate", day(d.Period.To))
		x.close("cac:InvoicePeriod")
	}
	if !blank(d.Corrects) {
		x.open("cac:BillingReference")
		x.open("cac:InvoiceDocumentReference")
		x.leaf("cbc:ID", d.Corrects)
		x.leaf("cbc:IssueDate", day(d.CorrectsDate))
		x.close("cac:InvoiceDocumentReference")
		x.close("cac:BillingReference")
	}
	x.open("cac:AccountingSupplierParty")
	x.party(&d.Seller, !allO, true)
	x.close("cac:AccountingSupplierParty")
	x.open("cac:AccountingCustomerParty")
	x.party(&d.Buyer, !allO, false)
	x.close("cac:AccountingCustomerParty")
	for _, g := range groups {
		if g.Code == "K" {
			x.open("cac:Delivery")
			x.open("cac:DeliveryLocation")
			x.open("cac:Address")
			x.open("cac:Country")
			x.leaf("cbc:IdentificationCode", d.Buyer.Country)
			x.close("cac:Country")
			x.close("cac:Address")
			x.close("cac:DeliveryLocation")
			x.close("cac:Delivery")
			break
		}
	}
	bg, _ := digits(d.Bankgiro)
	x.open("cac:PaymentMeans")
	x.leaf("cbc:PaymentMeansCode", "30", "name", "Credit transfer")
	if d.Credit {
		x.leaf("cbc:PaymentDueDate", day(d.DueDate))
	}
	x.leaf("cbc:PaymentID", d.PaymentReference)
	x.open("cac:PayeeFinancialAccount")
	x.leaf("cbc:ID", bg)
	x.open("cac:FinancialInstitutionBranch")
	x.leaf("cbc:ID", "SE:BANKGIRO")
	x.close("cac:FinancialInstitutionBranch")
	x.close("cac:PayeeFinancialAccount")
	x.close("cac:PaymentMeans")
	if !blank(d.PaymentTermsNote) {
		x.open("cac:PaymentTerms")
		x.leaf("cbc:Note", d.PaymentTermsNote)
		x.close("cac:PaymentTerms")
	}

	net, vat, payable := Totals(d)
	x.open("cac:TaxTotal")
	x.amount("cbc:TaxAmount", vat.Mul(sign), cur)
	for _, g := range groups {
		x.open("cac:TaxSubtotal")
		x.amount("cbc:TaxableAmount", g.Taxable.Mul(sign), cur)
		x.amount("cbc:TaxAmount", g.Tax.Mul(sign), cur)
		x.open("cac:TaxCategory")
		x.leaf("cbc:ID", g.Code)
		if g.Code != "O" {
			x.leaf("cbc:Percent", g.Rate.String())
		}
		x.leaf("cbc:TaxExemptionReasonCode", g.ExemptionReasonCode)
		x.leaf("cbc:TaxExemptionReason", g.ExemptionReason)
		x.taxScheme()
		x.close("cac:TaxCategory")
		x.close("cac:TaxSubtotal")
	}
	x.close("cac:TaxTotal")
	x.open("cac:LegalMonetaryTotal")
	x.amount("cbc:LineExtensionAmount", net.Mul(sign), cur)
	x.amount("cbc:TaxExclusiveAmount", net.Mul(sign), cur)
	x.amount("cbc:TaxInclusiveAmount", payable.Mul(sign), cur)
	x.amount("cbc:PayableAmount", payable.Mul(sign), cur)
	x.close("cac:LegalMonetaryTotal")

	for i, l := range d.Lines {
		n := l.Net.Mul(sign)
		q := quantity(l)
		if n.IsNegative() {
			q = q.Neg()
		}
		unit := l.UnitCode
		if unit == "" {
			unit = "EA"
		}
		x.open(lineName)
		x.leaf("cbc:ID", lineID(i, l))
		x.leaf(qtyName, q.String(), "unitCode", unit)
		x.amount("cbc:LineExtensionAmount", n, cur)
		x.open("cac:Item")
		x.leaf("cbc:Description", l.Description)
		x.leaf("cbc:Name", l.Name)
		x.open("cac:ClassifiedTaxCategory")
		x.leaf("cbc:ID", l.VATCode)
		if l.VATCode != "O" {
			x.leaf("cbc:Percent", l.VATRate.String())
		}
		x.taxScheme()
		x.close("cac:ClassifiedTaxCategory")
		x.close("cac:Item")
		x.open("cac:Price")
		x.leaf("cbc:PriceAmount", priceText(price(l)), "currencyID", cur)
		x.close("cac:Price")
		x.close(lineName)
	}
	x.w.WriteString("</" + root + ">\n")
}

func (x *xw) taxScheme() {
	x.open("cac:TaxScheme")
	x.leaf("cbc:ID", "VAT")
	x.close("cac:TaxScheme")
}

// party writes a Party (BG-4 / BG-7); withVAT is false on an all-O
// document (BR-O-02).
func (x *xw) party(p *Party, withVAT, seller bool) {
	scheme, id, _ := endpoint(p.EndpointID)
	x.open("cac:Party")
	x.leaf("cbc:EndpointID", id, "schemeID", scheme)
	x.open("cac:PostalAddress")
	x.leaf("cbc:StreetName", p.Street)
	x.leaf("cbc:CityName", p.City)
	x.leaf("cbc:PostalZone", p.PostalCode)
	x.open("cac:Country")
	x.leaf("cbc:IdentificationCode", p.Country)
	x.close("cac:Country")
	x.close("cac:PostalAddress")
	if withVAT && !blank(p.VATNumber) {
		x.open("cac:PartyTaxScheme")
		x.leaf("cbc:CompanyID", p.VATNumber)
		x.taxScheme()
		x.close("cac:PartyTaxScheme")
	}
	if seller && p.FSkatt {
		x.open("cac:PartyTaxScheme")
		x.leaf("cbc:CompanyID", "Godkänd för F-skatt")
		x.open("cac:TaxScheme")
		x.leaf("cbc:ID", "TAX")
		x.close("cac:TaxScheme")
		x.close("cac:PartyTaxScheme")
	}
	x.open("cac:PartyLegalEntity")
	x.leaf("cbc:RegistrationName", p.Name)
	if org, ok := orgnr(p.OrganisationNumber); ok {
		x.leaf("cbc:CompanyID", org, "schemeID", "0007")
	}
	x.close("cac:PartyLegalEntity")
	if !blank(p.ContactName) || !blank(p.ContactEmail) {
		x.open("cac:Contact")
		x.leaf("cbc:Name", p.ContactName)
		x.leaf("cbc:ElectronicMail", p.ContactEmail)
		x.close("cac:Contact")
	}
	x.close("cac:Party")
}
