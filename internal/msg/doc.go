// Package msg is the one catalogue of the texts memberfee writes about a
// row: why a line is included or rejected, the note of a time in the
// repeated hour, the descriptions the rules make (a storage user-month, a
// licence excess), the units and the words a rule names (a printer event).
//
// Every text has a canonical form, the English the machine outputs (JSON,
// the lines CSV, the ledger, the content hashes and correction keys) have
// always carried, kept byte for byte: the rules make it (Canon) and store it
// in the line. A person reads it through Render, which finds the text's
// entry and writes it in Swedish or English, its values in that language's
// form (a Go duration "3h2m0s" as "3 tim 2 min", a size "31.5" as "31,5",
// a list "F3, E3 or A3" as "F3, E3 eller A3"). A text no entry matches (a
// description an office wrote) is shown as it is.
//
// Swedish terms: anledning (reason), anmärkning (note), tilldelning
// (allotment), kontorstid (office hours).
package msg
