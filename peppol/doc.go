// Package peppol writes Peppol BIS Billing 3.0 e-invoices: UBL 2.1
// Invoice and CreditNote documents that meet the European norm EN 16931
// (rules BR-*), Peppol's own rules (PEPPOL-EN16931-R*) and Sweden's
// (SE-R-001…013).
//
// It is a pure package with its own neutral model (Document, Party, Line):
// it knows nothing of the config or the ledger, which the caller maps onto
// the model. Amounts carry the document's sign: a negative correction is a
// Document with Credit set and negative line amounts, written as a
// CreditNote whose amounts are positive, as UBL requires, citing the
// invoice it corrects.
//
//	d := &peppol.Document{Number: "2026-0001", IssueDate: …, Lines: []peppol.Line{{Name: "Medlemsavgift Q1", Net: decimal.RequireFromString("125000.00"), VATCode: "O"}}, …}
//	if err := peppol.Write(w, d); err != nil { … } // Check first, then the bytes
//
// Check holds a document to the rules Write relies on most, so that a
// broken document fails fast without Java; CheckXML re-reads what Write
// wrote and holds its sums to BR-CO-10/13/14/15/16 and BR-CO-17. The
// official rules stay the judge: the tests run every document they make
// through ../shared/peppol/validate.
//
// VAT is computed per VAT breakdown group (category, rate) at document
// level: TaxAmount(Σ net of the group, rate) = round(Σ net × rate/100, 2),
// half away from zero. The same function must make the SIE voucher's VAT.
//
// Output is deterministic: the same Document always gives the same bytes.
package peppol
