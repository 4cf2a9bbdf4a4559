// Package report writes what the engine computed for people and machines:
// workbooks (xlsx) a finance officer hands to the board, with live formulas
// whose values equal the engine's figures, and JSON for machines, with money
// as decimal strings.
//
// Outputs are deterministic: the same result gives the same bytes (zip
// entries in a fixed order with no timestamps, no clock in the document
// properties). The commands write them into their output folder through
// internal/outdir, which puts a run's outputs in place as one set.
//
// A Book is laid out in memory except for its streamed runs of rows (a
// category sheet of a million lines), which are produced while the file is
// written. excelize makes each sheet's shell (page setup, columns, panes,
// merges, charts); the rows are encoded by this package (sheetxml.go)
// straight into the compressed zip entry (zip.go), with a table of shared
// strings for the text that repeats down a sheet.
package report
