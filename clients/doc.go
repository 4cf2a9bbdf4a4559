// Package clients computes the client devices of clause 2.1 (PC, Mac,
// tablet, phone): each municipality's share of the IT board's investment
// budget, its capital cost, and the replacement plan.
//
// A device depreciates straight-line by month, price / (years × 12) in each
// month from its month of purchase (the first) through its last month of
// life. For a year Y: depreciation is the sum of its months in Y; the book
// value is the price less all depreciation through December of Y; the
// interest is, for each month of Y in its life, the book value at the
// month's start × the interest rate / 12. A device whose last month of life
// is December of Y+1 or earlier is due for replacement at its type's
// replacement price. Per member the figures are exact sums rounded to the
// öre. The package is pure computation.
package clients
