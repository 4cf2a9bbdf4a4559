// Package chargeback runs one billing period (debiteringsperiod): it reads
// every input file the config names through package input, rates each row
// with package billing, and tallies the lines. A row that cannot be read is
// a rejected line with its file, row, column and reason; a file that cannot
// be read at all stops the run, naming the file (and the missing column).
package chargeback
