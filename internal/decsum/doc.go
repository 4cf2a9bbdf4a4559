// Package decsum adds decimals exactly without a big integer per term: a
// chargeback workbook sums a million amounts to the öre, and shopspring's
// Add makes a new big.Int each time. Terms it cannot hold in an int64 are
// added as decimals, so the sum is always exact.
package decsum
