// Package dectext writes decimals as text fast: exactly as
// shopspring/decimal's String and StringFixed do, without their big-integer
// arithmetic when the coefficient fits in an int64. A national chargeback
// year formats millions of them (issue 6); the tests hold the output to
// the library's own.
package dectext
