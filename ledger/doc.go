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
// The schema is schema.sql (embedded; PRAGMA user_version is its version,
// application_id marks the file as memberfee's; migrations in open.go);
// the hashes' canonical encoding is described in canon.go.
//
// Concurrency: Record is one BEGIN IMMEDIATE transaction, so recorders
// queue (up to Options.BusyTimeout, then ErrLocked) and whatever a
// recorder reads through its Tx (Overlapping, Documents, Adoption,
// Approvals) cannot change before it commits: a caller that checks
// Overlapping and then Adds in one Record never records an overlapping
// period. Add itself refuses (ErrConflict) a fee installment already
// issued to the member for that year (a UNIQUE index too) and a chargeback
// overlapping one of the same member. A recorder killed before its commit
// leaves nothing (SQLite's WAL).
//
// The package stores and reads; it computes nothing. What a document holds
// is made by package issuing from billing's and allocation's results.
package ledger
