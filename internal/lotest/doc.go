// Package lotest opens workbooks in LibreOffice headless, the test oracle for
// the formulas the engine writes: it forces a full recalculation on load and
// compares every formula cell's cached value with the recalculated one.
package lotest
