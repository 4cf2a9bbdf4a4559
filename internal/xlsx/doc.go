// Package xlsx writes workbooks (Office Open XML spreadsheets): a Book of
// Sheets of Cells (text, shared labels, numbers, dates, formulas with their
// cached values) in a fixed set of Styles, written deterministically — the
// same book gives the same bytes (zip entries in name order, one fixed
// date, no clock in the document properties unless SetCreated gives one).
//
// A Book is laid out in memory except for its streamed runs of rows (a
// category sheet of a million lines), which are produced while the file is
// written. excelize makes each sheet's shell (page setup, columns, panes,
// merges, charts); the rows are encoded by this package (sheetxml.go)
// straight into the compressed zip entry (zip.go), with a table of shared
// strings for the text that repeats down a sheet. The zip writer finds the
// shell of each sheet the way a reader finds a worksheet, by the package's
// relationships (parts.go).
//
// It knows nothing of fees or charges: the workbook layouts are in report,
// which is its only user. It is internal/xlsx rather than a top-level xlsx/
// because it is not part of what memberfee offers: its API follows what the
// layouts need (the styles are theirs), and internal/ keeps it free to
// change with them. Tests need no LibreOffice: a golden copy of a small
// book's parts (testdata/book; go test -update rewrites it) and the same
// book read back through excelize.
package xlsx
