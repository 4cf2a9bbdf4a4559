package report

import (
	"fmt"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/internal/xlsx"
	"memberfee/ledger"
)

// StatementInput is what a member's statement of a year shows (ledger
// statement): every document issued to it in the year.
type StatementInput struct {
	Organisation string
	Member       string
	Name         string // the member's name ("" shows the id alone)
	Year         int
	// Documents are the member's documents issued in Year (by issue
	// date), in the order they are listed: by number.
	Documents []ledger.Document
	Audit     *Audit
}

// StatementCategories are a statement's categories, in the order it lists
// them: the member fee, then billing's six.
var StatementCategories = func() []string {
	out := []string{string(ledger.Fee)}
	for _, c := range billing.Categories {
		out = append(out, string(c))
	}
	return out
}()

// documentCategories is a document's amount per statement category: its
// ByCategory, or, for a fee document recorded without one, its total as
// the fee.
func documentCategories(d *ledger.Document) map[string]decimal.Decimal {
	if len(d.ByCategory) == 0 && d.Kind == ledger.Fee {
		return map[string]decimal.Decimal{string(ledger.Fee): d.Total}
	}
	return d.ByCategory
}

// statementTotals are the year's total (Σ the documents' totals) and its
// total per category, every category present.
func statementTotals(docs []ledger.Document) (decimal.Decimal, map[string]decimal.Decimal) {
	total := decimal.Zero
	by := map[string]decimal.Decimal{}
	for _, c := range StatementCategories {
		by[c] = decimal.Zero
	}
	for i := range docs {
		total = total.Add(docs[i].Total)
		for c, v := range documentCategories(&docs[i]) {
			by[c] = by[c].Add(v)
		}
	}
	return total, by
}

// statementCategoryName is a statement category's name in the language.
func statementCategoryName(l Lang, c string) string {
	if c == string(ledger.Fee) {
		return l.tr("fee")
	}
	return categoryName(l, billing.Category(c))
}

// kindName is a document's kind in the language; a fee document's says
// which installment it is.
func kindName(l Lang, d *ledger.Document) string {
	switch d.Kind {
	case ledger.Fee:
		return l.trf("kind.fee", d.Installment, d.Installments)
	case ledger.Chargeback:
		return l.tr("kind.chargeback")
	case ledger.Correction:
		return l.tr("kind.correction")
	}
	return string(d.Kind)
}

// StatementBook lays out a member's statement of a year: every document
// (number, kind, the document it corrects, period, issue and due date,
// its amount per category and in all, and a check that they agree), the
// year's total per category and in all as SUM formulas, and the same
// totals as a list by category.
func StatementBook(in *StatementInput, lang Lang) *xlsx.Book {
	l := lang
	title := l.trf("st.title", in.Year, memberLabel(in.Member, in.Name))
	b := xlsx.NewBook(title, 2)
	s := b.Sheet(l.tr("st.sheet"))
	nc := len(StatementCategories)
	widths := []float64{16, 30, 11, 11, 11, 11, 12} // A holds the names of the categories below
	for range nc {
		widths = append(widths, 14)
	}
	s.Widths(append(widths, 15, 10)...)
	documentHeading(s, l, title, in.Organisation, "st.note")
	if len(in.Documents) == 0 {
		s.Row(xlsx.Text(l.tr("st.no_documents")))
		s.Blank()
	}

	hdr := hdrCells(l, "doc.number", "doc.kind", "doc.corrects", "doc.from", "doc.to", "doc.issue_date", "doc.due_date")
	for _, c := range StatementCategories {
		hdr = append(hdr, xlsx.Styled(statementCategoryName(l, c), xlsx.StyleHeader))
	}
	hdr = append(hdr, hdrCells(l, "doc.total", "check")...)
	s.Freeze(s.Row(hdr...))
	const catCol = 8 // the first category's column (H)
	totCol := catCol + nc
	catRange := func(n int) string { return fmt.Sprintf("%s%d:%s%d", xlsx.Col(catCol), n, xlsx.Col(catCol+nc-1), n) }
	check := func(n int, diff decimal.Decimal) xlsx.Cell {
		t := xlsx.Ref(totCol, n)
		return xlsx.Formula(fmt.Sprintf("IF(ROUND(%s-SUM(%s),2)=0,\"OK\",%s-SUM(%s))", t, catRange(n), t, catRange(n)), checkValue(diff), xlsx.StyleCheck)
	}
	first := s.Next()
	for i := range in.Documents {
		d := &in.Documents[i]
		n := s.Next()
		row := []xlsx.Cell{xlsx.Text(d.Number), xlsx.Text(kindName(l, d)), xlsx.Text(d.Corrects), dateCell(d.Period.From),
			dateCell(d.Period.To), dateCell(d.IssueDate), dateCell(d.DueDate)}
		by := documentCategories(d)
		sum := decimal.Zero
		for _, c := range StatementCategories {
			v, ok := by[c]
			if !ok { // a category the document has nothing of: blank, not 0.00 in every row
				row = append(row, xlsx.Cell{Style: xlsx.StyleMoney2})
				continue
			}
			row = append(row, xlsx.Number(v, xlsx.StyleMoney2))
			sum = sum.Add(v)
		}
		s.Row(append(row, xlsx.Number(d.Total, xlsx.StyleMoney2), check(n, d.Total.Sub(sum)))...)
	}
	last := s.Next() - 1
	total, by := statementTotals(in.Documents)
	colSum := func(col int, v decimal.Decimal) xlsx.Cell {
		if last < first {
			return xlsx.Formula("0", v, xlsx.StyleTotalMoney2)
		}
		return xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(col), first, xlsx.Col(col), last), v, xlsx.StyleTotalMoney2)
	}
	tot := []xlsx.Cell{xlsx.Styled(l.tr("st.year_total"), xlsx.StyleTotalText)}
	for range catCol - 2 {
		tot = append(tot, xlsx.Styled("", xlsx.StyleTotalText))
	}
	sumCats := decimal.Zero
	for i, c := range StatementCategories {
		tot = append(tot, colSum(catCol+i, by[c]))
		sumCats = sumCats.Add(by[c])
	}
	tr := s.Next()
	s.Row(append(tot, colSum(totCol, total), check(tr, total.Sub(sumCats)))...)
	s.Blank()

	s.Row(xlsx.Styled(l.tr("st.by_category"), xlsx.StyleTitle))
	s.Row(hdrCells(l, "cb.category", "doc.total")...)
	for i, c := range StatementCategories {
		s.Row(xlsx.Text(statementCategoryName(l, c)), xlsx.Formula(xlsx.Ref(catCol+i, tr), by[c], xlsx.StyleMoney2))
	}
	s.Row(xlsx.Styled(l.tr("st.year_total"), xlsx.StyleTotalText), xlsx.Formula(xlsx.Ref(totCol, tr), total, xlsx.StyleTotalMoney2))

	auditSheet(b, in.Audit, l, nil, nil) // the checks are on the sheet, beside each document
	return b
}
