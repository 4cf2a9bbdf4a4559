// Package nofloat is a test helper: it checks that a package's source
// names no floating-point type, so that no float64 comes near an amount
// or a rate in the packages that compute them (allocation, billing,
// chargeback, decsum, dectext).
package nofloat
