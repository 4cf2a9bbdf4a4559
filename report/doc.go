// Package report writes what the engine computed for people and machines:
// the workbook layouts (fee, chargeback, comparison, forecast, clients, and
// the Revision sheet each has) a finance officer hands to the board, with
// live formulas whose values equal the engine's figures, and JSON and CSV
// for machines, with money as decimal strings. Labels are Swedish or
// English, one table per area (labels.go and beside each layout).
//
// Outputs are deterministic: the same result gives the same bytes. The
// workbooks are written by internal/xlsx; the commands put the outputs into
// their folder through internal/outdir, which puts a run's outputs in
// place as one set, and print PDFs through internal/pdf.
package report
