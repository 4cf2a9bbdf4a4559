package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/internal/xlsx"
)

// IssuedStamp is what an issued member's chargeback workbook shows of its
// document (ChargebackInput.Issued).
type IssuedStamp struct {
	Number             string // 2025-0003
	IssueDate, DueDate time.Time
	IssuedBy           string
}

// maxListed is how many document numbers a draft's title names before it
// says how many there are in all.
const maxListed = 5

// numberList names up to maxListed numbers, then how many there are.
func numberList(l Lang, numbers []string) string {
	if len(numbers) <= maxListed {
		return strings.Join(numbers, ", ")
	}
	return l.trf("doc.more", strings.Join(numbers[:maxListed], ", "), len(numbers))
}

// stampTitle is the workbook's title with its document's number (issue)
// or marked as a draft (bill over an issued period); title itself when
// neither is set. The draft's reason is a note under it (draftNote): in
// the title it would make the printed summary shrink to its width.
func (w *cbWriter) stampTitle(title string) string {
	if len(w.in.DraftOverlaps) > 0 {
		title = w.l.trf("cb.draft_title", title)
	}
	if w.member == "" || w.in.Issued == nil {
		return title
	}
	if st, ok := w.in.Issued[w.member]; ok {
		return w.l.trf("cb.title.issued", st.Number, w.memberName(w.member),
			w.in.From.Format(time.DateOnly), w.in.To.Format(time.DateOnly))
	}
	return title
}

// draftNote is why a draft is one: the issued documents its period
// overlaps; "" for a workbook that is not a draft.
func (w *cbWriter) draftNote() string {
	if len(w.in.DraftOverlaps) == 0 {
		return ""
	}
	return w.l.trf("cb.draft", numberList(w.l, w.in.DraftOverlaps))
}

// stamp writes the member's document under its name on the summary: its
// number, issue date, due date and who issued it; or, issued without a
// document (nothing charged), says so.
func (w *cbWriter) stamp(s *xlsx.Sheet) {
	if w.in.Issued == nil {
		return
	}
	l := w.l
	st, ok := w.in.Issued[w.member]
	if !ok {
		s.Row(xlsx.Text(l.tr("doc.chargeback")), xlsx.Text(l.tr("doc.none")))
		return
	}
	s.Row(xlsx.Text(l.tr("doc.chargeback")), xlsx.Text(st.Number))
	s.Row(xlsx.Text(l.tr("doc.issue_date")), dateCell(st.IssueDate))
	s.Row(xlsx.Text(l.tr("doc.due_date")), dateCell(st.DueDate))
	s.Row(xlsx.Text(l.tr("doc.issued_by")), xlsx.Text(st.IssuedBy))
}

// documents is the pack's list of the documents issued: number, member,
// who issued it, issue and due date, total (the summary's), in the order
// of their numbers.
func (w *cbWriter) documents(s *xlsx.Sheet) {
	l := w.l
	s.Widths(12, 10, 24, 24, 12, 12, 15)
	s.Row(xlsx.Styled(l.trf("cb.documents_title", w.in.From.Format(time.DateOnly), w.in.To.Format(time.DateOnly)), xlsx.StyleTitle))
	s.Row(xlsx.Styled(l.tr("cb.documents_note"), xlsx.StyleNote))
	s.Row(xlsx.Styled(l.tr("cb.documents_note2"), xlsx.StyleNote))
	s.Freeze(w.header(s, "doc.number", "member", "name", "doc.issued_by", "doc.issue_date", "doc.due_date", "doc.total"))
	index := map[string]int{}
	for i, m := range w.in.Summary.Members {
		index[m.ID] = i
	}
	ids := make([]string, 0, len(w.in.Issued))
	for id := range w.in.Issued {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := w.in.Issued[ids[i]].Number, w.in.Issued[ids[j]].Number
		return a < b || a == b && ids[i] < ids[j]
	})
	nc := len(billing.Categories)
	first := s.Next()
	total := decimal.Zero
	for _, id := range ids {
		st := w.in.Issued[id]
		name, amount := l.tr("doc.not_in_period"), xlsx.Cell{Style: xlsx.StyleMoney2}
		if i, ok := index[id]; ok {
			m := w.in.Summary.Members[i]
			name = m.Name
			amount = xlsx.Formula(xlsx.On(w.summaryName, xlsx.Ref(3+nc, w.memberFirst+i)), m.Total, xlsx.StyleMoney2)
			total = total.Add(m.Total)
		}
		s.Row(xlsx.Text(st.Number), xlsx.Text(id), xlsx.Text(name), xlsx.Text(st.IssuedBy),
			dateCell(st.IssueDate), dateCell(st.DueDate), amount)
	}
	last := s.Next() - 1
	f := "0"
	if last >= first {
		f = fmt.Sprintf("SUM(G%d:G%d)", first, last)
	}
	tot := []xlsx.Cell{xlsx.Styled(l.tr("total"), xlsx.StyleTotalText)}
	for range 5 {
		tot = append(tot, xlsx.Styled("", xlsx.StyleTotalText))
	}
	s.Row(append(tot, xlsx.Formula(f, total, xlsx.StyleTotalMoney2))...)
}
