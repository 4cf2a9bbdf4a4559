package lotest

import "testing"

// SwedishCSV is LibreOffice's CSV import as a Swedish spreadsheet opens a
// file: ';' between fields, '"' around text, UTF-8, from the first line,
// every column standard, and numbers read by the Swedish locale (1053,
// sv-SE: a decimal comma), as Swedish Excel reads them.
const SwedishCSV = "59,34,76,1,,1053"

// ConvertCSV opens each CSV file of paths in LibreOffice with the CSV
// import options filter (SwedishCSV, or LibreOffice's own token string)
// and saves it as format, in one LibreOffice start; it returns the
// converted files' paths, in the order of paths.
func ConvertCSV(t testing.TB, format, filter string, paths ...string) []string {
	t.Helper()
	return convert(t, format, filter, paths...)
}
