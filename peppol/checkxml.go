package peppol

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/shopspring/decimal"
)

// ubl is the part of an Invoice or CreditNote CheckXML reads; the element
// names match in any namespace.
type ubl struct {
	XMLName xml.Name
	ID      string `xml:"ID"`
	Tax     []struct {
		Amount    decimal.Decimal `xml:"TaxAmount"`
		Subtotals []struct {
			Taxable decimal.Decimal `xml:"TaxableAmount"`
			Amount  decimal.Decimal `xml:"TaxAmount"`
			Code    string          `xml:"TaxCategory>ID"`
			Percent decimal.Decimal `xml:"TaxCategory>Percent"`
		} `xml:"TaxSubtotal"`
	} `xml:"TaxTotal"`
	Total struct {
		LineExtension decimal.Decimal `xml:"LineExtensionAmount"`
		TaxExclusive  decimal.Decimal `xml:"TaxExclusiveAmount"`
		TaxInclusive  decimal.Decimal `xml:"TaxInclusiveAmount"`
		Payable       decimal.Decimal `xml:"PayableAmount"`
	} `xml:"LegalMonetaryTotal"`
	Lines []ublLine `xml:"InvoiceLine"`
	Notes []ublLine `xml:"CreditNoteLine"`
}

type ublLine struct {
	Net     decimal.Decimal `xml:"LineExtensionAmount"`
	Code    string          `xml:"Item>ClassifiedTaxCategory>ID"`
	Percent decimal.Decimal `xml:"Item>ClassifiedTaxCategory>Percent"`
}

// CheckXML reads a UBL Invoice or CreditNote (as Write writes them) and
// holds its sums to EN 16931: Σ line nets = LineExtensionAmount (BR-CO-10),
// TaxExclusiveAmount = LineExtensionAmount, there being no allowances or
// charges (BR-CO-13), TaxAmount = Σ subtotals (BR-CO-14), TaxInclusive =
// TaxExclusive + TaxAmount (BR-CO-15), PayableAmount = TaxInclusive
// (BR-CO-16), each subtotal's taxable amount = Σ its lines' nets and its
// tax = TaxAmount(taxable, rate) (BR-S-08, BR-CO-17). It reports malformed
// XML as an error too.
func CheckXML(r io.Reader) error {
	var u ubl
	if err := xml.NewDecoder(r).Decode(&u); err != nil {
		return fmt.Errorf("peppol: not a well-formed UBL document: %w", err)
	}
	if u.XMLName.Local != "Invoice" && u.XMLName.Local != "CreditNote" {
		return fmt.Errorf("peppol: the root element is %s, not Invoice or CreditNote", u.XMLName.Local)
	}
	fail := func(field, rule string, got, want decimal.Decimal) error {
		return &Error{Document: u.ID, Field: field, Value: got.StringFixed(2), Rule: rule,
			Err: fmt.Errorf("%w: expected %s", ErrSum, want.StringFixed(2))}
	}
	lines := append(u.Lines, u.Notes...)
	var sum decimal.Decimal
	for _, l := range lines {
		sum = sum.Add(l.Net)
	}
	t := u.Total
	if !t.LineExtension.Equal(sum) {
		return fail("LineExtensionAmount", "BR-CO-10", t.LineExtension, sum)
	}
	if !t.TaxExclusive.Equal(t.LineExtension) {
		return fail("TaxExclusiveAmount", "BR-CO-13", t.TaxExclusive, t.LineExtension)
	}
	if len(u.Tax) != 1 {
		return &Error{Document: u.ID, Field: "TaxTotal", Value: fmt.Sprint(len(u.Tax)), Rule: "PEPPOL-EN16931-R053", Err: fmt.Errorf("%w: exactly one", ErrSum)}
	}
	var vat decimal.Decimal
	for i, s := range u.Tax[0].Subtotals {
		var taxable decimal.Decimal
		for _, l := range lines {
			if l.Code == s.Code && l.Percent.Equal(s.Percent) {
				taxable = taxable.Add(l.Net)
			}
		}
		if !s.Taxable.Equal(taxable) {
			return fail(fmt.Sprintf("TaxSubtotal[%d].TaxableAmount", i), "BR-S-08", s.Taxable, taxable)
		}
		if want := TaxAmount(s.Taxable, s.Percent); !s.Amount.Equal(want) {
			return fail(fmt.Sprintf("TaxSubtotal[%d].TaxAmount", i), "BR-CO-17", s.Amount, want)
		}
		vat = vat.Add(s.Amount)
	}
	if !u.Tax[0].Amount.Equal(vat) {
		return fail("TaxTotal.TaxAmount", "BR-CO-14", u.Tax[0].Amount, vat)
	}
	if want := t.TaxExclusive.Add(vat); !t.TaxInclusive.Equal(want) {
		return fail("TaxInclusiveAmount", "BR-CO-15", t.TaxInclusive, want)
	}
	if !t.Payable.Equal(t.TaxInclusive) {
		return fail("PayableAmount", "BR-CO-16", t.Payable, t.TaxInclusive)
	}
	return nil
}
