package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/internal/dectext"
)

// LinesCSV writes every line of a period — charged, included and rejected,
// and the derived licence lines — as CSV for further processing: ';' as
// Swedish Excel expects, UTF-8 with a BOM, amounts with a decimal point so
// that any program reads them. Text that a spreadsheet would execute
// (starting with =, +, -, @, a tab or a carriage return) is neutralised
// with a leading apostrophe, as OWASP's guidance on CSV injection says.
// Each category's lines come in the order they were rated, then its
// rejected rows.
func LinesCSV(out io.Writer, lines Lines, rejected []billing.Line) error {
	if err := LinesCSVHeader(out); err != nil {
		return err
	}
	e := NewLineCSV(out)
	for _, c := range billing.Categories {
		if err := lines.Each("", c, billing.ChargedAndIncluded, e.Line); err != nil {
			return err
		}
		for _, l := range rejected {
			if l.Category == c {
				if err := e.Line(l); err != nil {
					return err
				}
			}
		}
	}
	return e.Flush()
}

// LinesCSVHeader writes the byte order mark and the heading row of the
// line-detail CSV.
func LinesCSVHeader(out io.Writer) error {
	if _, err := io.WriteString(out, "\ufeff"); err != nil {
		return err
	}
	e := NewLineCSV(out)
	_ = e.w.Write([]string{"category", "member", "department", "date", "reference", "description", "clause",
		"quantity", "unit", "unit_price", "extra", "amount", "status", "column", "reason", "file", "row"})
	return e.Flush()
}

// LineCSV writes lines as rows of the line-detail CSV (see LinesCSV), so
// that a category's rows can be written as its lines are rated.
type LineCSV struct {
	w   *csv.Writer
	num []byte
	rec []string
}

// NewLineCSV writes rows to out.
func NewLineCSV(out io.Writer) *LineCSV {
	w := csv.NewWriter(out)
	w.Comma = ';'
	w.UseCRLF = true
	return &LineCSV{w: w, rec: make([]string, 17)}
}

// Line writes a line's row.
func (e *LineCSV) Line(l billing.Line) error {
	date, row := "", ""
	if !l.Date.IsZero() {
		date = l.Date.Format(time.DateOnly)
	}
	if !l.Derived {
		row = strconv.Itoa(l.Row)
	}
	rec := append(e.rec[:0], string(l.Category), l.Member, l.Department, date, l.Ref, l.Description, l.Clause,
		e.text(l.Quantity, false), l.Unit, e.text(l.UnitPrice, false), e.text(l.Extra, false), e.text(l.Amount, true),
		string(l.Status), l.Column, l.Reason, l.File, row)
	for i := range rec {
		rec[i] = Neutralise(rec[i])
	}
	return e.w.Write(rec)
}

// Flush writes out what is buffered.
func (e *LineCSV) Flush() error {
	e.w.Flush()
	return e.w.Error()
}

// text is a decimal as the CSV writes it: as it is, or to the öre.
func (e *LineCSV) text(d decimal.Decimal, fixed bool) string {
	if fixed {
		e.num = dectext.AppendFixed(e.num[:0], d, 2)
	} else {
		e.num = dectext.Append(e.num[:0], d)
	}
	return string(e.num)
}

// Neutralise makes text that a spreadsheet would execute inert by putting an
// apostrophe before it. Numbers (a leading minus followed by a digit) are
// left alone.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r':
		return "'" + s
	case '-':
		if len(s) > 1 && (s[1] >= '0' && s[1] <= '9' || s[1] == '.') && strings.Trim(s[1:], "0123456789.") == "" {
			return s
		}
		return "'" + s
	}
	return s
}
