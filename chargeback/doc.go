// Package chargeback runs one billing period (debiteringsperiod): it reads
// every input file the config names through package input, rates each row
// with package billing, and tallies the lines. A row that cannot be read is
// a rejected line with its file, row, column and reason; a file that cannot
// be read at all stops the run, naming the file (and the missing column).
//
// For a large period (a region's million storage user-months) Run reads the
// six files concurrently, each into a summary and a spill of its own merged
// in category order, so the result never depends on timing. With
// Options.Spill the lines wait on disk (Spill, in the record format of
// codec.go) rather than in memory; with Options.Detail the line-detail CSV
// is written as the lines are rated; with Options.MaxIncluded a category's
// included rows beyond what the workbooks list are counted, not kept.
package chargeback
