// Package pdf prints a workbook to PDF by running LibreOffice headless
// (soffice --convert-to pdf) in a profile of its own. It is the one place
// memberfee runs another program to make an output; the commands call it for
// allocate --pdf. A PDF is for reading, not part of a run's manifest:
// LibreOffice stamps it with the time.
package pdf
