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
func LinesCSV(out io.Writer, lines Lines, rejected []billing.Line) error {
	if _, err := io.WriteString(out, "\ufeff"); err != nil {
		return err
	}
	w := csv.NewWriter(out)
	w.Comma = ';'
	w.UseCRLF = true
	_ = w.Write([]string{"category", "member", "department", "date", "reference", "description", "clause",
		"quantity", "unit", "unit_price", "extra", "amount", "status", "column", "reason", "file", "row"})
	var num []byte
	text := func(d decimal.Decimal, fixed bool) string {
		if fixed {
			num = dectext.AppendFixed(num[:0], d, 2)
		} else {
			num = dectext.Append(num[:0], d)
		}
		return string(num)
	}
	write := func(l billing.Line) error {
		date, row := "", ""
		if !l.Date.IsZero() {
			date = l.Date.Format(time.DateOnly)
		}
		if !l.Derived {
			row = strconv.Itoa(l.Row)
		}
		rec := []string{string(l.Category), l.Member, l.Department, date, l.Ref, l.Description, l.Clause,
			text(l.Quantity, false), l.Unit, text(l.UnitPrice, false), text(l.Extra, false), text(l.Amount, true),
			string(l.Status), l.Column, l.Reason, l.File, row}
		for i := range rec {
			rec[i] = Neutralise(rec[i])
		}
		return w.Write(rec)
	}
	for _, c := range billing.Categories {
		if err := lines.Each("", c, billing.ChargedAndIncluded, write); err != nil {
			return err
		}
		for _, l := range rejected {
			if l.Category == c {
				if err := write(l); err != nil {
					return err
				}
			}
		}
	}
	w.Flush()
	return w.Error()
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
