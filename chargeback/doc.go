// Package chargeback runs one billing period (debiteringsperiod): it reads
// every input file the config names through package input, rates each row
// with package billing, and tallies the lines. A row that cannot be read is
// a rejected line with its file, row, column and reason; a file that cannot
// be read at all stops the run, naming the file (and the missing column).
//
// Run takes the billing section of the config, the members, where the
// input files are (a resolver) and one Options value. For a large period (a
// region's million storage user-months) it reads the six files
// concurrently, each in a reading of its own — its rater (the state a rule
// keeps from row to row), summary, lines and spill shard — merged in
// category order, so the result never depends on timing; the categories
// share only the read-only billing.Rules. With Options.Spill the lines wait
// on disk (Spill, in the record format of codec.go) rather than in memory;
// with Options.Lines each category's lines are also given to a sink as they
// are rated (bill's line-detail CSV, package billrun); with
// Options.MaxIncluded a category's included rows beyond what the workbooks
// list are counted, not kept; with Options.Covered (the ledger's issued
// periods) their rows are outside, counted and listed, never billed again.
package chargeback
