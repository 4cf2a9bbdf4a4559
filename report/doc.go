// Package report writes what the engine computed for people and machines:
// the workbook layouts (fee, chargeback, comparison, forecast, clients, and
// the Revision sheet each has) a finance officer hands to the board, with
// live formulas whose values equal the engine's figures, and JSON and CSV
// for machines, with money as decimal strings. Labels are Swedish or
// English, one table per area (labels.go and beside each layout).
//
// The ledger's documents (package ledger's types) have their layouts here
// too: issue's stamp on the chargeback workbooks (ChargebackInput.Issued)
// and bill's draft warning (DraftOverlaps), the correction workbook
// (CorrectionBook), a member's statement of a year (StatementBook), and
// the documents', corrections' and statement's JSON.
//
// Outputs are deterministic: the same result gives the same bytes. The
// workbooks are written by internal/xlsx; the commands put the outputs into
// their folder through internal/outdir, which puts a run's outputs in
// place as one set, and print PDFs through internal/pdf.
package report
