package peppol

import (
	"errors"
	"fmt"
)

// Error is one problem of a Document: which document, which field of the
// model (e.g. "Buyer.EndpointID", "Lines[2].VATRate", indexes from 0),
// the value, the official rule it would break if any, and the reason.
type Error struct {
	Document string // the document's Number
	Field    string // the model's field path
	Value    string // as given; empty when missing
	Rule     string // e.g. "BR-O-02", "SE-R-013"; empty for the package's own
	Err      error  // one of the Err values below, or one wrapping it
}

func (e *Error) Error() string {
	s := fmt.Sprintf("document %s: %s", e.Document, e.Field)
	if e.Value != "" {
		s += fmt.Sprintf(" %q", e.Value)
	}
	s += ": " + e.Err.Error()
	if e.Rule != "" {
		s += " (" + e.Rule + ")"
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// The reasons an Error wraps; match them with errors.Is.
var (
	ErrRequired  = errors.New("is required")
	ErrFormat    = errors.New("is not in the required format")
	ErrCheck     = errors.New("fails its check digit")
	ErrVAT       = errors.New("breaks the VAT rules")
	ErrSign      = errors.New("has the wrong sign")
	ErrDecimals  = errors.New("has more than 2 decimals")
	ErrDate      = errors.New("is out of order")
	ErrDuplicate = errors.New("is used twice")
	// ErrNoPeppolID: the buyer has no Peppol endpoint; its message names
	// the member by Party.Ref.
	ErrNoPeppolID = errors.New("has no peppol_id: it cannot receive a Peppol invoice")
	// ErrSum: CheckXML found a total that is not the sum it must be.
	ErrSum = errors.New("does not sum as required")
)
