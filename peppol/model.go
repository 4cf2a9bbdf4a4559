package peppol

import (
	"time"

	"github.com/shopspring/decimal"
)

// Party is the seller (BG-4) or the buyer (BG-7). The BT numbers are the
// seller's / the buyer's business terms of EN 16931.
type Party struct {
	// Ref is the caller's own name for the party in error messages (e.g.
	// the member's id "1882"); it is not written.
	Ref string
	// Name is the legal registration name, BT-27 / BT-44 (required).
	Name string
	// OrganisationNumber is the Swedish organisation number, nnnnnn-nnnn
	// or 10 digits, checked by Luhn (SE-R-013); BT-30 / BT-47, written as
	// 10 digits (SE-R-003/004). Required for the seller (BR-CO-26).
	OrganisationNumber string
	// EndpointID is the Peppol electronic address, "scheme:id", e.g.
	// "0007:2120001234" (scheme 0007, the organisation number); BT-34 /
	// BT-49, required (PEPPOL-EN16931-R020 / R010).
	EndpointID string
	// Street (BT-35 / BT-50), City (BT-37 / BT-52), PostalCode (BT-38 /
	// BT-53) and Country, ISO 3166-1 alpha-2 (BT-40 / BT-55, required).
	Street, City, PostalCode, Country string
	// VATNumber is the VAT identifier with its country prefix, e.g.
	// "SE212000123401"; BT-31 / BT-48. Left out of an all-O document
	// (BR-O-02); the seller needs it for S, Z, E, AE, K, G (BR-x-02), the
	// buyer for AE and K.
	VATNumber string
	// FSkatt states the seller's "Godkänd för F-skatt" as its tax
	// registration (BT-32, SE-R-005). Seller only.
	FSkatt bool
	// ContactName (BT-41 / BT-56) and ContactEmail (BT-43 / BT-58).
	ContactName, ContactEmail string
}

// Period is an invoicing period (BG-14: BT-73 From, BT-74 To); either may
// be zero, not both.
type Period struct{ From, To time.Time }

// IsZero reports whether the period is absent.
func (p Period) IsZero() bool { return p.From.IsZero() && p.To.IsZero() }

// Document is one invoice or credit note. Dates are written as the
// calendar date in their own location.
type Document struct {
	// Number is the invoice number, BT-1 (required).
	Number string
	// Credit makes the document a CreditNote (type 381): a negative
	// correction, whose Lines carry negative Net amounts and whose total
	// must be negative. Without it the document is an Invoice (type 380)
	// and its total must not be negative.
	Credit bool
	// IssueDate, BT-2 (required), and DueDate, BT-9 (required on an
	// invoice unless PaymentTermsNote says when to pay; on a credit note
	// it is written as PaymentMeans/PaymentDueDate).
	IssueDate, DueDate time.Time
	// Currency is the ISO 4217 code, BT-5, e.g. "SEK" (required).
	Currency string
	// BuyerReference, BT-10, what Swedish receivers route on (required:
	// there is no order reference, PEPPOL-EN16931-R003).
	BuyerReference string
	// Corrects is the number of the invoice this document corrects,
	// BT-25 (BillingReference/InvoiceDocumentReference); required on a
	// credit note. CorrectsDate is that invoice's issue date, BT-26
	// (optional).
	Corrects     string
	CorrectsDate time.Time
	// Seller (BG-4) and Buyer (BG-7).
	Seller, Buyer Party
	// Bankgiro is the seller's Bankgiro number, 7 or 8 digits with a
	// hyphen or not ("5050-1055"), its check digit by Luhn: payment means
	// code 30 with PayeeFinancialAccount BT-84 and branch "SE:BANKGIRO"
	// (SE-R-008/009/011). Required.
	Bankgiro string
	// PaymentReference is the remittance information, BT-83 (optional).
	PaymentReference string
	// PaymentTermsNote is the payment terms, BT-20 (optional).
	PaymentTermsNote string
	// Note is the invoice note, BT-22 (optional; Peppol allows one).
	Note string
	// Period is the invoicing period, BG-14 (optional; required with K).
	Period Period
	// Lines are the invoice lines, BG-25 (at least one, BR-16).
	Lines []Line
}

// Line is an invoice line (BG-25).
type Line struct {
	// ID is the line identifier, BT-126; empty: its position, 1-based.
	ID string
	// Name is the item name, BT-153 (required); Description is the item
	// description, BT-154 (optional).
	Name, Description string
	// Quantity is the invoiced quantity, BT-129, a positive magnitude:
	// the sign lives in Net. Zero means 1.
	Quantity decimal.Decimal
	// UnitCode is the UN/ECE Recommendation 20 unit, BT-130; empty: "EA".
	UnitCode string
	// Net is the line net amount, BT-131, at most 2 decimals, in the
	// document's sign (negative on a credit note).
	Net decimal.Decimal
	// Price is the item net price, BT-146, a positive magnitude; zero:
	// |Net| / Quantity. Quantity × Price must give |Net| to the öre.
	Price decimal.Decimal
	// VATCode is the EN 16931 VAT category, BT-151: S (standard), Z (zero
	// rated), E (exempt), AE (reverse charge), K (intra-community), G
	// (export outside the EU) or O (not subject to VAT).
	VATCode string
	// VATRate is the VAT rate in percent, BT-152: > 0 for S (6, 12 or 25
	// for a Swedish seller, SE-R-006), 0 for Z, E, AE, K, G, and zero
	// (not written) for O.
	VATRate decimal.Decimal
	// ExemptionReason is the VAT exemption reason text, BT-120, of the
	// line's VAT breakdown group (category, rate): required for E; for
	// AE, K, G and O empty means the standard VATEX code (BT-121) and its
	// text; not allowed for S and Z. Lines of one group must agree.
	ExemptionReason string
}
