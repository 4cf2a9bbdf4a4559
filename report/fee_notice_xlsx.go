package report

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/internal/xlsx"
	"memberfee/ledger"
)

// FeeNoticeInput is what a member's fee notice shows (issue --installment
// K): its fee document and the year's adopted fee it is an installment of.
type FeeNoticeInput struct {
	Organisation string
	// Name is the member's name ("" shows the id alone).
	Name string
	// Document is the fee document (Kind ledger.Fee) of installment
	// Document.Installment of Document.Installments.
	Document *ledger.Document
	// Fee is the member's adopted fee of the year.
	Fee decimal.Decimal
	// Installments are every installment of the adopted fee, K = 1 … N,
	// each with the period it covers (issuing.InstallmentPeriod).
	Installments []FeeInstallment
	// Audit is the Revision sheet's; nil lists the document's inputs.
	Audit *Audit
}

// FeeInstallment is one installment of a member's adopted fee as the
// notice lists it.
type FeeInstallment struct {
	K       int
	Period  ledger.Period
	DueDate time.Time
	Amount  decimal.Decimal
}

// FeeNoticeBook lays out a member's fee notice: the document's number,
// the period its installment covers, issue and due date, who issued it
// and its amount; then the year's adopted fee with every installment
// (K, this notice's marked; months, due date, amount), their sum as a SUM formula and two live
// checks: the sum is the adopted fee, and the amount is installment K's.
// It fails when the document is not a fee document or its installment is
// not among Installments.
func FeeNoticeBook(in *FeeNoticeInput, lang Lang) (*xlsx.Book, error) {
	d := in.Document
	if d == nil {
		return nil, fmt.Errorf("fee notice: no document")
	}
	if d.Kind != ledger.Fee {
		return nil, fmt.Errorf("fee notice: document %s is a %s, not a fee document", d.Number, d.Kind)
	}
	mine := -1
	for i, f := range in.Installments {
		if f.K == d.Installment {
			mine = i
		}
	}
	if mine < 0 {
		return nil, fmt.Errorf("fee notice: document %s is installment %d, which member %s's adopted fee does not have (it has %d)",
			d.Number, d.Installment, d.Member, len(in.Installments))
	}
	l := lang
	year := d.Period.From.Year()
	title := l.trf("fn.title", year, d.Installment, d.Installments, memberLabel(d.Member, in.Name))
	// Whole kronor where the fee is in whole kronor, as the fee workbook
	// shows it; to the öre otherwise.
	places := int32(0)
	for _, a := range append([]decimal.Decimal{d.Total, in.Fee}, installmentAmounts(in)...) {
		if !a.Equal(a.Round(0)) {
			places = 2
		}
	}
	b := xlsx.NewBook(title, places)
	s := b.Sheet(l.tr("fn.sheet"))
	s.Widths(40, 22, 14, 15) // A holds "Medlemsbidrag, delbetalning 1 av 4" beside its number
	documentHeading(s, l, title, in.Organisation, "fn.note")

	s.Row(xlsx.Text(kindName(l, d)), xlsx.Text(d.Number))
	s.Row(xlsx.Text(l.tr("member")), xlsx.Text(d.Member+" "+in.Name))
	s.Row(xlsx.Text(l.tr("doc.period")), xlsx.Text(d.Period.From.Format(time.DateOnly)+" – "+d.Period.To.Format(time.DateOnly)))
	s.Row(xlsx.Text(l.tr("doc.issue_date")), dateCell(d.IssueDate))
	s.Row(xlsx.Text(l.tr("doc.due_date")), dateCell(d.DueDate))
	s.Row(xlsx.Text(l.tr("doc.issued_by")), xlsx.Text(d.IssuedBy))
	amountRow := s.Row(xlsx.Text(l.tr("doc.total")), xlsx.Number(d.Total, xlsx.StyleMoney))
	s.Blank()

	s.Row(xlsx.Styled(l.trf("fn.adopted_title", year), xlsx.StyleTitle))
	s.Row(hdrCells(l, "fn.installment", "fn.months", "doc.due_date", "doc.total")...)
	first := s.Next()
	sum := decimal.Zero
	for i, f := range in.Installments {
		k := strconv.Itoa(f.K) // text, left beside the months: a number right-aligned would touch them
		if i == mine {
			k = l.trf("fn.this", f.K)
		}
		s.Row(xlsx.Text(k), xlsx.Text(months(f.Period)), dateCell(f.DueDate), xlsx.Number(f.Amount, xlsx.StyleMoney))
		sum = sum.Add(f.Amount)
	}
	last := s.Next() - 1
	sumF := "0"
	if last >= first {
		sumF = fmt.Sprintf("SUM(D%d:D%d)", first, last)
	}
	total := []xlsx.Cell{xlsx.Styled(l.tr("fn.sum"), xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText)}
	sumRow := s.Row(append(total, xlsx.Formula(sumF, sum, xlsx.StyleTotalMoney))...)
	feeRow := s.Row(xlsx.Text(l.trf("fn.fee", year)), xlsx.Cell{}, xlsx.Cell{}, xlsx.Number(in.Fee, xlsx.StyleMoney))
	check := func(key, a, b string, diff decimal.Decimal) {
		s.Row(xlsx.Text(l.tr(key)), xlsx.Cell{}, xlsx.Cell{},
			xlsx.Formula(fmt.Sprintf("IF(ROUND(%s-%s,2)=0,\"OK\",%s-%s)", a, b, a, b), checkValue(diff), xlsx.StyleCheck))
	}
	check("fn.check_sum", xlsx.Ref(4, sumRow), xlsx.Ref(4, feeRow), sum.Sub(in.Fee))
	check("fn.check_amount", xlsx.Ref(2, amountRow), xlsx.Ref(4, first+mine), d.Total.Sub(in.Installments[mine].Amount))

	auditSheet(b, documentAudit(in.Audit, d), l, nil, nil) // the checks are on the sheet
	return b, nil
}

// months are the months a period covers, as "2025-01 – 2025-03", or
// "2025-01" for one month.
func months(p ledger.Period) string {
	from, to := p.From.Format("2006-01"), p.To.Format("2006-01")
	if from == to {
		return from
	}
	return from + " – " + to
}

// installmentAmounts are the amounts of a fee's installments.
func installmentAmounts(in *FeeNoticeInput) []decimal.Decimal {
	var out []decimal.Decimal
	for _, f := range in.Installments {
		out = append(out, f.Amount)
	}
	return out
}
