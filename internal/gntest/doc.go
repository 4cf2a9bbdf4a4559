// Package gntest opens workbooks in Gnumeric (ssconvert), the second test
// oracle beside LibreOffice (internal/lotest): it recalculates every
// formula and the tests compare every cell it reads with what LibreOffice
// reads. Gnumeric is the strictest of the readers the workbooks are for:
// 1.12.55 (Debian 12) drops a cell without a reference and computes N() of
// a blank cell as #NUM!.
package gntest
