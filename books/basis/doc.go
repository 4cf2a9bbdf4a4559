// Package basis writes the invoice basis (fakturaunderlag): the booked
// documents' lines as CSV in the Swedish Excel dialect, for a finance
// officer who opens it or imports it where no SIE or Peppol path exists.
//
// One row per document line (one per category with a non-zero net):
//
//	number;kind;member;name;issue_date;due_date;corrects;category;account;objects;net;vat_code;vat_rate;vat_amount
//	2025-0006;chargeback;1861;Hallsberg;2025-04-07;2025-05-07;;support;3560;1:4100 8:1861;1250,00;S;25;312,50
//
// ';' between fields, a decimal comma, UTF-8 with a byte order mark, CRLF,
// quoting as encoding/csv quotes; text a spreadsheet would execute is
// neutralised as report.Neutralise does (OWASP's CSV injection advice).
// A line's vat_amount is its share of the document's VAT (books.Voucher):
// the rows of a document and VAT code sum to its VAT exactly.
package basis
