// Package input reads the data files of memberfee as Swedish offices produce
// them: CSV with ';', ',' or tab, in UTF-8 (with or without BOM) or
// Windows-1252, and XLSX; numbers with a decimal comma or point and spaces,
// no-break spaces or points between thousands (1 234 567,50); dates
// 2025-03-31 and timestamps 2025-03-31 18:15, Swedish wall-clock time, or
// with an offset (2025-10-26 02:30+01:00, 2025-10-26T00:30:00Z).
//
// Columns are found by their header names, matched case-insensitively with
// surrounding spaces trimmed, and by Swedish aliases (datum, kommun,
// förvaltning …). A file that cannot be read as a table, or lacks a required
// column, is a *FileError; a row that cannot be read is a *CellError naming
// the file, the row as a spreadsheet numbers it (the header is row 1), the
// column, the value and the reason, in the manner of encoding/csv's
// ParseError. Nothing is guessed: an ambiguous number such as 1.234 is an
// error, not a thousand; a wall-clock time the clocks skipped is an error,
// and one in the hour that occurs twice is read as its first occurrence
// and reported so (see ParseTimestamp).
//
// Nothing read is lost. A CSV quote that is never closed, a broken quote
// inside a quoted field that runs across lines, and a quoted field that
// runs across lines holding as many delimiters as a whole row (rows
// swallowed by a stray quote) stop the file with a *FileError naming the row
// where the quote opened. An XLSX part that is cut off, malformed, or whose
// zip entry does not match its declared size or checksum stops the file,
// naming the part; a shared-string index that is not a number or out of
// range rejects its row. A CSV file's encoding is decided from the whole
// file, and text that is not in it rejects its row (see text.go), so that
// every string read is valid UTF-8 that a workbook can hold. What a file may
// make the reader hold is bounded: a CSV record MaxRecordSize, an XLSX cell
// MaxCellChars, a row MaxRowText, the shared strings MaxSharedStrings and
// MaxSharedStringBytes. Messages quote at most 80 characters of a value.
package input
