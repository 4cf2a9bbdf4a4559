// Package field holds the error of one value of the config file, shared by
// the packages that check a section of it: allocation (the fee
// calculation), billing (the billing section) and config (decoding, the
// clients and scenario sections). An Error names the key path as the file
// spells it, the offending value and the reason:
//
//	billing.office_hours.end: 07:00 is out of range (not after office_hours.start 07:30, the default)
//	members[2].population: -5 is negative
//
// The reasons are the sentinel errors of errors.go; a check adds detail
// with fmt.Errorf("%w (…)", reason), so that callers and tests match the
// reason with errors.Is and the position with errors.As, never the text.
//
// field imports nothing of the module: it is a leaf, so that every package
// that checks a section can use it without importing another's rules.
package field
