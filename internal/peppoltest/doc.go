// Package peppoltest runs the official EN 16931 and Peppol BIS Billing 3.0
// rules (compiled XSLT, beside the repository in shared/peppol) over
// e-invoices for the tests, as shared/peppol/validate does, but with one
// Java start per rule set for all the documents at once (Saxon's folder
// mode) rather than two a document: 2 × 3 s instead of 3 s a document.
package peppoltest
