// Package issuing turns what billing and allocation rated into the ledger's
// documents, and compares an issued period with its re-rating. It is pure:
// no files, no database — package ledger records what it makes, the
// commands (issue, adopt, correct) call it.
//
//   - Chargebacks makes one chargeback document per member of a rated
//     period, its lines streamed from the run's lines (in memory or spilled),
//     never copied.
//   - Adopt and Revise make a year's adoption of the annual fee; FeeDocuments
//     the fee documents of one installment.
//   - Corrections compares what was issued (a period's chargebacks and the
//     corrections made since) with a re-rating, line by line by Key, and
//     makes one correction document per member with a difference.
//
// A line's Key is its identity across re-ratings (SPEC "Correcting"): a
// support ticket, a storage user-month, a licence member and type, and for
// every other line its row's content with an occurrence number — never its
// file and row, which shift when a row is inserted.
package issuing
