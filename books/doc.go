// Package books turns issued ledger documents into what the host
// municipality books: one voucher (verifikation) per document, balanced to
// exactly 0, and the document's lines as an invoice shows them.
//
// A document's total is net; VAT is added on top. Per document:
//
//	debit   receivable   total + VAT   (objects: the member as counterpart)
//	credit  revenue      net of each category (objects: the fixed ones and the member)
//	credit  VAT out      VAT of each VAT category and rate (no objects)
//
// A credit (a negative correction) has the same lines with their signs
// turned. VAT is reckoned per document, per VAT category code and rate, as
// EN 16931 reckons it (BT-117, the VAT category tax amount): VAT(nets,
// rate) = round(Σ nets × rate / 100, 2), rounded once, half away from zero,
// so that a credit's VAT is exactly the negated VAT of the same amounts.
// The Peppol export uses the same function, so that the voucher's
// receivable equals the e-invoice's payable amount.
//
// The package is pure: no I/O. books/sie writes the vouchers as SIE 4I,
// books/basis the lines as an invoice basis CSV.
package books
