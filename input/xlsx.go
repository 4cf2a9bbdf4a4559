package input

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// openXLSX opens a workbook with bounded unpacking and reads the header of
// its first sheet, or of the sheet named in opts.
func (t *Table) openXLSX(r io.Reader, opts Options) error {
	unzip, xml := opts.MaxUnzipSize, opts.MaxXMLSize
	if unzip == 0 {
		unzip = 1 << 30
	}
	if xml == 0 {
		xml = 256 << 20
	}
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: unzip, UnzipXMLSizeLimit: xml})
	if err != nil {
		if strings.Contains(err.Error(), "size") {
			return &FileError{File: t.File, Err: reason(ErrTooLarge, "%v", err)}
		}
		return &FileError{File: t.File, Err: reason(ErrFormat, "%v", err)}
	}
	sheet := opts.Sheet
	if sheet == "" {
		sheet = f.GetSheetName(0)
	} else if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		f.Close()
		return &FileError{File: t.File, Err: reason(ErrFormat, "it has no sheet %q; it has %s", sheet, strings.Join(f.GetSheetList(), ", "))}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return &FileError{File: t.File, Err: reason(ErrFormat, "%v", err)}
	}
	t.xlsx = true
	t.closer = closers{rows, f}
	row := 0
	next := func() (int, []string, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return 0, nil, &FileError{File: t.File, Err: err}
			}
			return 0, nil, io.EOF
		}
		row++
		vals, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return row, nil, &CellError{File: t.File, Row: row, Err: reason(ErrFormat, "%v", err)}
		}
		return row, vals, nil
	}
	return t.readHeader(next, fmt.Sprintf("sheet %q has no header row", sheet))
}

type closers []io.Closer

func (cs closers) Close() error {
	var first error
	for _, c := range cs {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// rawNumberRE matches a number as an XLSX numeric cell stores it.
var rawNumberRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// rawNumber reads a numeric XLSX cell's stored value, rounded to the 15
// significant digits a spreadsheet shows (Excel stores 0.1 + 0.2 as
// 0.30000000000000004).
func rawNumber(v string) (decimal.Decimal, bool) {
	if !rawNumberRE.MatchString(v) {
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		return decimal.Zero, false
	}
	if d.IsZero() {
		return d, true
	}
	// digits before the point
	intDigits := int32(len(d.Abs().Truncate(0).String()))
	if d.Abs().LessThan(decimal.NewFromInt(1)) {
		intDigits = 0
		for t := d.Abs(); t.LessThan(decimal.New(1, -1)); t = t.Shift(1) {
			intDigits--
		}
	}
	return d.Round(15 - intDigits), true
}
