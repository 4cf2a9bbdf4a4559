package basis

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/books"
	"memberfee/report"
)

// Header is the CSV's heading row.
var Header = []string{"number", "kind", "member", "name", "issue_date", "due_date", "corrects", "category", "account", "objects", "net", "vat_code", "vat_rate", "vat_amount"}

// Writer writes vouchers' lines as rows.
type Writer struct {
	w   *csv.Writer
	row []string
}

// NewWriter writes the byte order mark and the heading row to out.
func NewWriter(out io.Writer) (*Writer, error) {
	if _, err := io.WriteString(out, "\ufeff"); err != nil {
		return nil, err
	}
	w := csv.NewWriter(out)
	w.Comma, w.UseCRLF = ';', true
	return &Writer{w: w, row: make([]string, len(Header))}, w.Write(Header)
}

// Voucher writes v's lines, one row per Revenue line.
func (w *Writer) Voucher(v *books.Voucher) error {
	for _, l := range v.Lines {
		if l.Role != books.Revenue {
			continue
		}
		var objs []string
		for _, o := range l.Objects {
			objs = append(objs, strconv.Itoa(o.Dim)+":"+o.ID)
		}
		r := w.row
		r[0], r[1], r[2], r[3] = text(v.Number), text(string(v.Kind)), text(v.Member), text(v.MemberName)
		r[4], r[5], r[6] = day(v.IssueDate), day(v.DueDate), text(v.Corrects)
		r[7], r[8], r[9] = text(l.Category), text(l.Account), text(strings.Join(objs, " "))
		r[10], r[11], r[12], r[13] = Comma(l.Net, 2), text(l.VATCode), Comma(l.VATRate, -1), Comma(l.VAT, 2)
		if err := w.w.Write(r); err != nil {
			return err
		}
	}
	return nil
}

// Flush writes what is buffered and reports the first error.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

func text(s string) string { return report.Neutralise(s) }

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// Comma writes d with a decimal comma: places decimals, or as few as it
// needs when places < 0 (25, 12,5).
func Comma(d decimal.Decimal, places int32) string {
	s := d.String()
	if places >= 0 {
		s = d.StringFixed(places)
	}
	return strings.Replace(s, ".", ",", 1)
}
