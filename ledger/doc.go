// Package ledger is memberfee's memory: one SQLite file (modernc.org/sqlite,
// no cgo) that records what was issued — numbered documents (fee
// installments, chargebacks, corrections), adoptions of the annual fee and
// approvals — and never changes it afterwards.
//
// Numbers are gapless per calendar year of issue (<year>-<nnnn>), assigned
// in the transaction that records the document. Triggers refuse every
// UPDATE and DELETE; every row carries the SHA-256 of its content chained
// to the previous row's, so Verify finds an edit made behind memberfee's
// back and names the first document that no longer matches.
//
// The package stores and reads; it computes nothing. What a document holds
// is made by package issuing from billing's and allocation's results.
package ledger
