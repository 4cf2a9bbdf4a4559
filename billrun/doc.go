// Package billrun runs bill over a period: it rates the period with
// package chargeback, the lines waiting on disk (a spill, and the parts of
// the line-detail CSV written as the lines are rated), and then writes the
// outputs — the line-detail CSV, the pack and one workbook per member — on
// every core, each to its staged file as soon as it is made. The command
// (cmd/memberfee) parses the flags, stages and commits through its output
// folder and manifest, and prints; it holds no scheduling of its own.
//
// A run has two steps so that the command can decide between them (--strict
// writes nothing when a row is rejected) and record the inputs read for the
// workbooks' audit sheets: Rate, then Bill.Write. Failures to write (a full
// disk) are *WriteError, whatever step they happen in.
package billrun
