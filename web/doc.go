// Package web is memberfee's web view (memberfee serve): the year, each
// period's status and totals, a period's members × categories with its
// rejected rows first, drill-down from a member's total to a category, a
// department, a line and the input file row it came from, the year to date
// per member, each document with its lines, and downloads.
//
// Pages render on the server (html/template) from assets embedded in the
// binary; no page references anything outside the server. Every change
// (approve, issue, correct) is a POST behind http.CrossOriginProtection and
// goes through a Backend — in memberfee, the very functions the commands
// run — so the page and the command line keep one set of recording rules.
//
// The server reads the ledger itself, read-only; it never writes it.
package web
