package report

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/internal/xlsx"
	"memberfee/ledger"
)

// CorrectionInput is what a correction workbook shows: one member's
// correction document (correct) and its lines.
type CorrectionInput struct {
	Organisation string
	// Name is the member's name ("" shows the id alone).
	Name string
	// Document is the correction (Kind ledger.Correction): its lines, in
	// Lines or from Stream, each an added, removed or changed line with
	// Old, New and Amount = New − Old.
	Document *ledger.Document
	// Audit is the Revision sheet's; nil lists the document's inputs.
	Audit *Audit
}

// Columns of the correction's line table.
const (
	coCategory = iota + 1
	coDept
	coRef
	coKey
	coDesc
	coChange
	coDate
	coOld
	coNew
	coDiff
)

// CorrectionBook lays out a correction workbook: its header (number, the
// document it corrects or "—", period, issue and due date, who issued it,
// the reason, the amount), then its lines with their old and new amounts
// and the difference as a live formula (new − old), the total as a SUM and
// the difference per category. It fails when the document is not a
// correction or its lines cannot be read.
func CorrectionBook(in *CorrectionInput, lang Lang) (*xlsx.Book, error) {
	d := in.Document
	if d == nil {
		return nil, fmt.Errorf("correction workbook: no document")
	}
	if d.Kind != ledger.Correction {
		return nil, fmt.Errorf("correction workbook: document %s is a %s, not a correction", d.Number, d.Kind)
	}
	// A first reading counts and sums the lines; the second, while the
	// workbook is written, streams them (a correction of a national
	// period can hold many).
	count := 0
	var sumOld, sumNew, sumDiff decimal.Decimal
	byCat := map[billing.Category]decimal.Decimal{}
	err := d.EachLine(func(ln *ledger.Line) error {
		count++
		sumOld, sumNew, sumDiff = sumOld.Add(ln.Old), sumNew.Add(ln.New), sumDiff.Add(ln.Amount)
		byCat[ln.Category] = byCat[ln.Category].Add(ln.Amount)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("correction workbook: the lines of %s: %w", d.Number, err)
	}
	if count > MaxSheetLines {
		return nil, fmt.Errorf("correction workbook: %s has %d lines, more than a sheet holds (%d); its JSON lists every one", d.Number, count, MaxSheetLines)
	}
	l := lang
	title := l.trf("co.title", d.Number, memberLabel(d.Member, in.Name), d.Period.From.Format(time.DateOnly), d.Period.To.Format(time.DateOnly))
	b := xlsx.NewBook(title, 2)
	s := b.Sheet(l.tr("co.sheet"))
	// A date (right-aligned) is followed by amounts, not by text it would touch.
	s.Widths(14, 32, 16, 30, 40, 11, 11, 14, 14, 14)
	documentHeading(s, l, title, in.Organisation, "co.note")

	corrects := l.tr("doc.no_corrects")
	if d.Corrects != "" {
		corrects = d.Corrects
	}
	s.Row(xlsx.Text(l.tr("kind.correction")), xlsx.Text(d.Number))
	s.Row(xlsx.Text(l.tr("doc.corrects")), xlsx.Text(corrects))
	s.Row(xlsx.Text(l.tr("member")), xlsx.Text(d.Member+" "+in.Name))
	s.Row(xlsx.Text(l.tr("doc.period")), xlsx.Text(d.Period.From.Format(time.DateOnly)+" – "+d.Period.To.Format(time.DateOnly)))
	s.Row(xlsx.Text(l.tr("doc.issue_date")), dateCell(d.IssueDate))
	s.Row(xlsx.Text(l.tr("doc.due_date")), dateCell(d.DueDate))
	s.Row(xlsx.Text(l.tr("doc.issued_by")), xlsx.Text(d.IssuedBy))
	s.Row(xlsx.Text(l.tr("doc.reason")), xlsx.Text(d.Reason))
	amountRow := s.Row(xlsx.Text(l.tr("doc.total")), xlsx.Number(d.Total, xlsx.StyleMoney2))
	s.Blank()

	s.Freeze(s.Row(hdrCells(l, "cb.category", "cb.department", "cb.ref", "co.key", "cb.description", "co.change", "cb.date", "co.old", "co.new", "co.diff")...))
	first := s.Next()
	diffFormula := []string{xlsx.Col(coNew), "-" + xlsx.Col(coOld), ""} // H<n>-G<n>
	s.Stream(count, func(emit func(cells ...xlsx.Cell) error) error {
		n := 0
		err := d.EachLine(func(ln *ledger.Line) error {
			if n++; n > count {
				return fmt.Errorf("gave more lines than the %d it gave before", count)
			}
			return emit(xlsx.Text(categoryName(l, ln.Category)), xlsx.Text(ln.Department), xlsx.Text(l.ref(billing.Category(ln.Category), ln.Ref)), xlsx.Text(ln.Key), xlsx.Text(l.say(ln.Description)),
				xlsx.Text(changeName(l, ln.Change)), dateCell(ln.Date), xlsx.Number(ln.Old, xlsx.StyleMoney2), xlsx.Number(ln.New, xlsx.StyleMoney2),
				xlsx.RowFormula(diffFormula, ln.Amount, xlsx.StyleMoney2))
		})
		if err == nil && n != count {
			err = fmt.Errorf("gave %d lines, %d before", n, count)
		}
		if err != nil {
			return fmt.Errorf("correction workbook: the lines of %s: %w", d.Number, err)
		}
		return nil
	})
	last := first + count - 1
	sum := func(col int, v decimal.Decimal) xlsx.Cell {
		if last < first {
			return xlsx.Formula("0", v, xlsx.StyleTotalMoney2)
		}
		return xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(col), first, xlsx.Col(col), last), v, xlsx.StyleTotalMoney2)
	}
	total := make([]xlsx.Cell, coDiff)
	for i := range total {
		total[i] = xlsx.Styled("", xlsx.StyleTotalText)
	}
	total[coCategory-1] = xlsx.Styled(l.tr("total"), xlsx.StyleTotalText)
	total[coOld-1], total[coNew-1], total[coDiff-1] = sum(coOld, sumOld), sum(coNew, sumNew), sum(coDiff, sumDiff)
	tr := s.Row(total...)
	diff, stored := xlsx.Ref(coDiff, tr), xlsx.Ref(2, amountRow)
	check := make([]xlsx.Cell, coDiff)
	check[0] = xlsx.Text(l.tr("co.check"))
	check[coDiff-1] = xlsx.Formula(fmt.Sprintf("IF(ROUND(%s-%s,2)=0,\"OK\",%s-%s)", diff, stored, diff, stored), checkValue(sumDiff.Sub(d.Total)), xlsx.StyleCheck)
	s.Row(check...)
	s.Blank()

	s.Row(xlsx.Styled(l.tr("co.by_category"), xlsx.StyleTitle))
	s.Row(hdrCells(l, "cb.category", "co.diff")...)
	cfirst := s.Next()
	for _, c := range billing.Categories {
		n := s.Next()
		f := "0"
		if last >= first {
			f = fmt.Sprintf("SUMIF($A$%d:$A$%d,A%d,$%s$%d:$%s$%d)", first, last, n, xlsx.Col(coDiff), first, xlsx.Col(coDiff), last)
		}
		s.Row(xlsx.Text(categoryName(l, c)), xlsx.Formula(f, byCat[c], xlsx.StyleMoney2))
	}
	clast := s.Next() - 1
	s.Row(xlsx.Styled(l.tr("total"), xlsx.StyleTotalText), xlsx.Formula(fmt.Sprintf("SUM(B%d:B%d)", cfirst, clast), sumDiff, xlsx.StyleTotalMoney2))

	// The check is on the sheet, where its cached value can be the
	// difference when the lines do not make the amount.
	auditSheet(b, documentAudit(in.Audit, d), l, nil, nil)
	return b, nil
}

// documentHeading writes a document workbook's title, its note (after the
// organisation's name, when there is one) and a blank row.
func documentHeading(s *xlsx.Sheet, l Lang, title, organisation, key string) {
	s.Row(xlsx.Styled(title, xlsx.StyleTitle))
	note := l.tr(key)
	if organisation != "" {
		note = organisation + ". " + note
	}
	s.Row(xlsx.Styled(note, xlsx.StyleNote))
	s.Blank()
}

// memberLabel is a member as a title names it: "Hallsberg (1861)", or the
// id alone without a name.
func memberLabel(id, name string) string {
	if name == "" {
		return id
	}
	return name + " (" + id + ")"
}

// dateCell is a day, or a blank date cell for none (a zero time would be
// a negative serial, which readers show as ####).
func dateCell(t time.Time) xlsx.Cell {
	if t.IsZero() {
		return xlsx.Cell{Style: xlsx.StyleDate}
	}
	return xlsx.Day(t, xlsx.StyleDate)
}

// checkValue is what a check formula shows: OK, or the difference.
func checkValue(diff decimal.Decimal) any {
	if diff.Round(2).IsZero() {
		return "OK"
	}
	return diff
}

// categoryName is a category's name in the language, as its sheet is named.
func categoryName(l Lang, c billing.Category) string { return l.Category(c) }

// Category is a chargeback category as a person calls it in the language
// (Utrustning, Equipment); the web view's pages say it the same way.
func (l Lang) Category(c billing.Category) string { return l.tr("cat." + string(c)) }

// changeName is a correction line's change in the language; a change the
// ledger does not know is shown as it is.
func changeName(l Lang, change string) string {
	switch change {
	case "added":
		return l.tr("co.added")
	case "removed":
		return l.tr("co.removed")
	case "changed":
		return l.tr("co.changed")
	}
	return change
}

// documentAudit is a document workbook's Revision: a, with the document's
// own inputs and their SHA-256 where a lists none.
func documentAudit(a *Audit, d *ledger.Document) *Audit {
	out := &Audit{}
	if a != nil {
		*out = *a
	}
	if len(out.Inputs) > 0 {
		return out
	}
	for _, in := range d.Inputs {
		if in.SHA256 == "" {
			continue // not a file (the currency the document was issued in)
		}
		out.Inputs = append(out.Inputs, AuditFile{Role: in.Category, Name: in.Name, SHA256: in.SHA256, Rows: in.Rows})
	}
	return out
}
