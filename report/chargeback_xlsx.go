package report

import (
	"fmt"
	"math/big"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/internal/decsum"
	"memberfee/internal/xlsx"
	"memberfee/policy"
)

// ChargebackInput is what a chargeback workbook shows.
type ChargebackInput struct {
	Organisation string
	From, To     time.Time
	Lines        Lines
	Summary      *billing.Summary
	Files        []ChargebackFile
	Rules        billing.Config
	Months       int
	Matrix       policy.Matrix
	Version      string
	Audit        *Audit
	// LinesFile names the line-detail CSV written beside the workbooks.
	LinesFile string
	// Issued, when set (issue), stamps each member's workbook with its
	// document (number, issue and due date, who issued it), by member; the
	// pack lists the documents on a sheet of their own. A member without
	// an entry had nothing charged and got no document.
	Issued map[string]IssuedStamp
	// DraftOverlaps, when set (bill with a ledger), are the numbers of the
	// issued documents the period overlaps: every title then says the
	// workbook is a draft of a period already issued.
	DraftOverlaps []string
}

// Columns of a category sheet.
const (
	lMember = iota + 1
	lName
	lDept
	lDate
	lRef
	lDesc
	lClause
	lQty
	lUnit
	lPrice
	lExtra
	lAmount
	lStatus
	lReason
	lFile
	lRow
	lCols = lRow
)

// ChargebackBook lays out a chargeback workbook: the pack for IT
// administration when member is empty, otherwise the workbook one member is
// sent, holding only its own lines. Every amount is a live formula over its
// quantity and price; the summaries sum the lines with SUMIFS.
func ChargebackBook(in *ChargebackInput, member string, lang Lang) *xlsx.Book {
	w := &cbWriter{in: in, member: member, l: lang, parts: map[billing.Category][]linePart{}, catTotal: map[billing.Category]string{},
		formulas: map[formulaKey][]string{},
		per60:    map[billing.Category]*decsum.Sum{}, exactDec: map[billing.Category]*decsum.Sum{}, rounded: map[billing.Category]*decsum.Sum{}}
	w.status = map[billing.Status]string{}
	for _, st := range []billing.Status{billing.Charged, billing.Included, billing.Rejected} {
		w.status[st] = lang.tr("status." + string(st))
	}
	from, to := in.From.Format(time.DateOnly), in.To.Format(time.DateOnly)
	title := lang.trf("cb.title", from, to)
	if member != "" {
		title = lang.trf("cb.title.member", from, to, w.memberName(member))
	}
	w.title = w.stampTitle(title)
	w.b = xlsx.NewBook(w.title, 2)
	summary := w.b.Sheet(lang.tr("cb.sheet.summary"))
	var documents *xlsx.Sheet
	if member == "" && in.Issued != nil {
		documents = w.b.Sheet(lang.tr("cb.sheet.documents"))
	}
	for _, c := range billing.Categories {
		w.category(c)
		if c == billing.Licences {
			w.licenceHolders()
		}
	}
	if member == "" {
		w.summary(summary)
		if documents != nil {
			w.documents(documents)
		}
	} else {
		w.memberSummary(summary)
	}
	w.departments()
	if member == "" {
		w.rejected()
	}
	w.matrix()
	w.inputs()
	w.audit()
	return w.b
}

// audit adds the Revision sheet: the summary against the category sheets,
// the row counts, and the rounding of the lines per category.
func (w *cbWriter) audit() {
	l := w.l
	var checks []Check
	total := decimal.Zero
	var parts []string
	for _, c := range billing.Categories {
		sum := w.categoryTotal(c)
		total = total.Add(sum)
		if len(w.parts[c]) == 0 {
			continue
		}
		sheetTotal := w.sheetTotals(c)
		parts = append(parts, sheetTotal)
		if ref, ok := w.catTotal[c]; ok {
			checks = append(checks, Check{l.trf("au.c.category", w.sheetName(c)), ref, sheetTotal, sum})
		}
	}
	lines := "0"
	if len(parts) > 0 {
		lines = strings.Join(parts, "+")
	}
	checks = append(checks, Check{l.tr("au.c.cb_total"), w.grandTotal, lines, total})
	if w.countsRow > 0 {
		k := w.in.Summary.Counts
		terms := make([]string, w.countsOutcomes)
		for i := range terms {
			terms[i] = xlsx.On(w.summaryName, xlsx.Ref(4+i, w.countsRow))
		}
		what := l.tr("au.c.rows")
		if w.in.Summary.CountsOutside {
			what = l.tr("au.c.rows_outside")
		}
		checks = append(checks, Check{what, xlsx.On(w.summaryName, fmt.Sprintf("C%d", w.countsRow)), strings.Join(terms, "+"), k.Rows})
	}
	auditSheet(w.b, w.in.Audit, l, checks, func(s *xlsx.Sheet) {
		s.Row(xlsx.Styled(l.tr("au.rounding"), xlsx.StyleTitle))
		s.Row(hdrCells(l, "cb.category", "au.exact", "au.rounded", "au.diff")...)
		// The sums are taken while the category sheets are written, which
		// comes before this sheet: stream the rows.
		first := s.Next()
		s.Stream(len(billing.Categories), func(emit func(cells ...xlsx.Cell) error) error {
			for i, c := range billing.Categories {
				n := first + i
				exact := new(big.Rat).Quo(w.per60[c].Decimal().Rat(), big.NewRat(60, 1))
				exact.Add(exact, w.exactDec[c].Decimal().Rat())
				rounded := w.rounded[c].Decimal()
				if err := emit(xlsx.Text(w.sheetName(c)), xlsx.Styled(exact, xlsx.StyleExact), xlsx.Styled(rounded, xlsx.StyleMoney2),
					xlsx.Formula(fmt.Sprintf("C%d-B%d", n, n), new(big.Rat).Sub(rounded.Rat(), exact), xlsx.StyleExact)); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// categoryTotal is the sum of a category's lines on this workbook.
func (w *cbWriter) categoryTotal(c billing.Category) decimal.Decimal {
	if w.member != "" {
		return w.in.Summary.Member(w.member).Categories[c]
	}
	sum := decimal.Zero
	for _, m := range w.in.Summary.Members {
		sum = sum.Add(m.Categories[c])
	}
	return sum
}

type cbWriter struct {
	status map[billing.Status]string // the statuses in the workbook's language
	said   map[string]string         // the catalogue's texts in the workbook's language, by canonical text
	row    []xlsx.Cell               // a line's cells, reused from line to line
	// the amount formulas of the line sheets, each made once
	formulas map[formulaKey][]string

	// references for the audit sheet
	catTotal    map[billing.Category]string
	grandTotal  string
	countsRow   int
	summaryName string
	// the count columns after Rows on the summary: charged, included,
	// rejected (and outside)
	countsOutcomes int
	memberFirst    int // the pack summary's first member row

	in     *ChargebackInput
	member string
	names  map[string]string // member names by id, as the line sheets look them up
	// wrapLines: the line sheet being written wraps its long texts
	wrapLines bool
	// exact and rounded sums of the lines, taken as they are written: the
	// exact sum is exactDec + per60/60 (see billing.Exact)
	exactDec map[billing.Category]*decsum.Sum
	per60    map[billing.Category]*decsum.Sum
	rounded  map[billing.Category]*decsum.Sum
	l        Lang
	b        *xlsx.Book
	title    string
	parts    map[billing.Category][]linePart // where each category's lines are
}

// name is a member's name, "" for an id not of the board.
func (w *cbWriter) name(id string) string {
	if n, ok := w.names[id]; ok {
		return n
	}
	if w.names == nil {
		w.names = map[string]string{}
	}
	n := ""
	if m := w.in.Summary.Member(id); m != nil {
		n = m.Name
	}
	w.names[id] = n
	return n
}

func (w *cbWriter) memberName(id string) string {
	if m := w.in.Summary.Member(id); m != nil {
		return m.Name + " (" + id + ")"
	}
	return id
}

// say is a line's canonical text in the workbook's language (Lang.say),
// each text rendered once: a line sheet repeats its reasons.
func (w *cbWriter) say(text string) string {
	if text == "" {
		return ""
	}
	if s, ok := w.said[text]; ok {
		return s
	}
	s := w.l.say(text)
	if w.said == nil {
		w.said = map[string]string{}
	}
	if len(w.said) < maxSaid {
		w.said[text] = s
	}
	return s
}

// maxSaid bounds say's memory: a million distinct storage descriptions
// are rendered each time rather than kept.
const maxSaid = 1 << 14

func (w *cbWriter) sheetName(c billing.Category) string { return w.l.tr("cat." + string(c)) }

func (w *cbWriter) header(s *xlsx.Sheet, keys ...string) int { return s.Row(hdrCells(w.l, keys...)...) }

// heading writes a sheet's title, its note, and an extra note (or a
// draft's warning) or a blank row before the column headings.
func (w *cbWriter) heading(s *xlsx.Sheet, title, extra string) {
	s.Row(xlsx.Styled(title, xlsx.StyleTitle))
	note := w.l.tr("cb.note")
	if w.in.Organisation != "" {
		note = w.in.Organisation + ". " + note
	}
	s.Row(xlsx.Styled(note, xlsx.StyleNote))
	if extra == "" {
		extra = w.draftNote()
	}
	if extra != "" {
		s.Row(xlsx.Styled(extra, xlsx.StyleNote))
	} else {
		s.Blank()
	}
}

// deptLabel is how a line without a department (a licence excess, which
// belongs to the whole member) is shown and summed.
func (w *cbWriter) deptLabel(d string) string {
	if d == "" {
		if w.l == English {
			return "(whole member)"
		}
		return "(hela kommunen)"
	}
	return d
}

// MaxSheetLines is how many lines a category sheet holds before the
// category continues on a new sheet ("Lagring (2)"), well below the
// 1 048 576 rows a spreadsheet allows.
var MaxSheetLines = 1_000_000

// wrapLinesUpTo is the most lines a line sheet holds for its descriptions
// and reasons to wrap.
const wrapLinesUpTo = 5000

// linePart is a run of a category's lines on one sheet; its total row
// follows the last line.
type linePart struct {
	sheet       string
	first, last int
}

// selection is which of a category's lines its sheets list: all of them,
// or only the charged ones where the period has more included lines than
// the config's limit (a region's storage user-months within quota).
func (w *cbWriter) selection(c billing.Category) billing.Selection {
	if k := w.in.Summary.ByCategory[c]; k != nil && k.Included > w.in.Rules.IncludedLinesLimit() {
		return billing.ChargedOnly
	}
	return billing.ChargedAndIncluded
}

func (w *cbWriter) category(c billing.Category) {
	sel := w.selection(c)
	count := w.in.Lines.Count(w.member, c, sel)
	w.per60[c], w.exactDec[c], w.rounded[c] = new(decsum.Sum), new(decsum.Sum), new(decsum.Sum)
	for k, from := 0, 0; k == 0 || from < count; k++ {
		n := min(count-from, MaxSheetLines)
		name := w.sheetName(c)
		if k > 0 {
			name = fmt.Sprintf("%s (%d)", name, k+1)
		}
		w.categorySheet(c, sel, name, from, n)
		from += n
	}
}

// categorySheet writes the selected lines from … from+n−1 of a category,
// and their total, on a sheet of their own.
func (w *cbWriter) categorySheet(c billing.Category, sel billing.Selection, name string, from, n int) {
	s := w.b.Sheet(name)
	// A sheet of a few thousand lines wraps its descriptions and reasons;
	// a longer one keeps each line on one row (wrapping is measured line by
	// line) and shows them cut at the column's width.
	wrap := n <= wrapLinesUpTo
	s.Widths(9, 12, 30, 11, 16, 40, 7, 10, 13, 11, 11, 13, 11, 48, 14, 7)
	if sel == billing.ChargedOnly {
		charged := w.in.Lines.Count(w.member, c, sel)
		included := w.in.Lines.Count(w.member, c, billing.ChargedAndIncluded) - charged
		w.heading(s, name+" – "+w.title, w.l.trf("cb.summarised", w.l.count(charged), w.l.count(included), w.l.count(w.in.Rules.IncludedLinesLimit()),
			w.l.tr("cb.sheet.depts"), w.in.LinesFile))
	} else {
		w.heading(s, name+" – "+w.title, "")
	}
	extra := "cb.extra"
	if _, ok := labels["cb.extra."+string(c)]; ok {
		extra = "cb.extra." + string(c)
	}
	hr := w.header(s, "member", "name", "cb.department", "cb.date", "cb.ref", "cb.description", "cb.clauses", "cb.quantity",
		"cb.unit", "cb.unit_price", extra, "cb.amount", "cb.status", "cb.reason", "cb.file", "cb.row")
	s.Freeze(hr)
	first := s.Next()
	last := first + n - 1
	if n > 0 {
		w.parts[c] = append(w.parts[c], linePart{name, first, last})
	}
	// The lines and then their total, whose sum is known once they are written.
	s.Stream(n+1, func(emit func(cells ...xlsx.Cell) error) error {
		w.wrapLines = wrap // the sheets are written one by one, after they are all laid out
		row, i, sum := first-1, 0, new(decsum.Sum)
		err := w.in.Lines.Sorted(w.member, c, sel, func(l billing.Line) error {
			i++
			if i <= from || i > from+n {
				return nil
			}
			row++
			amount := xlsx.Number(l.Amount, xlsx.StyleMoney2)
			if l.Status == billing.Charged && (c != billing.Licences || l.Derived) {
				exact := c.Exact(&l)
				exact.Base.AddTo(w.exactDec[c])
				if c == billing.Support {
					exact.Per60.AddTo(w.per60[c])
				}
				amount = w.amount(c, l, exact)
			}
			w.rounded[c].Add(l.Amount)
			sum.Add(l.Amount)
			return emit(w.lineRow(c, l, amount)...)
		})
		if err != nil {
			return err
		}
		tot := make([]xlsx.Cell, lCols)
		tot[0] = xlsx.Styled(w.l.tr("total"), xlsx.StyleTotalText)
		if n > 0 {
			tot[lAmount-1] = xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(lAmount), first, xlsx.Col(lAmount), last), sum.Decimal(), xlsx.StyleTotalMoney2)
		} else {
			tot[lAmount-1] = xlsx.Formula("0", sum.Decimal(), xlsx.StyleTotalMoney2)
		}
		return emit(tot...)
	})
}

// sheetTotals is the sum of a category's total rows, "0" without lines.
func (w *cbWriter) sheetTotals(c billing.Category) string {
	var refs []string
	for _, p := range w.parts[c] {
		refs = append(refs, xlsx.On(p.sheet, fmt.Sprintf("%s%d", xlsx.Col(lAmount), p.last+1)))
	}
	if len(refs) == 0 {
		return "0"
	}
	return strings.Join(refs, "+")
}

// lineRow lays out a line of a category sheet with its amount cell.
// The row is reused by the next line: emit it before asking for another.
func (w *cbWriter) lineRow(c billing.Category, l billing.Line, amount xlsx.Cell) []xlsx.Cell {
	if w.row == nil {
		w.row = make([]xlsx.Cell, lCols)
	}
	// A value a line does not have is a blank cell in the column's style,
	// not a missing one: the row's cells then run unbroken from column A
	// and need no references (a tenth of a line sheet's bytes).
	row := w.row
	row[lMember-1] = xlsx.Label(l.Member)
	row[lName-1] = xlsx.Label(w.name(l.Member))
	row[lDept-1] = xlsx.Label(w.deptLabel(l.Department))
	row[lDate-1] = xlsx.Cell{Style: xlsx.StyleDate}
	if !l.Date.IsZero() {
		row[lDate-1] = xlsx.Day(l.Date, xlsx.StyleDate)
	}
	row[lRef-1] = xlsx.Label(l.Ref) // as a label, an empty reference is a blank
	if l.Ref != "" {
		row[lRef-1] = xlsx.Text(w.l.ref(c, l.Ref))
	}
	desc := l.Description
	if ruleText(c, l.Derived) {
		desc = w.say(desc)
	}
	row[lDesc-1] = xlsx.Text(desc)
	row[lClause-1] = xlsx.Label(l.Clause)
	row[lQty-1] = xlsx.Number(l.Quantity, xlsx.StyleNumber)
	row[lUnit-1] = xlsx.Label(w.l.unit(l.Unit))
	row[lPrice-1] = xlsx.Number(l.UnitPrice, xlsx.StyleMoney2)
	st := xlsx.StyleMoney2
	if c == billing.Equipment {
		st = xlsx.StylePercent
	}
	row[lExtra-1] = xlsx.Cell{Style: st}
	if !l.Extra.IsZero() {
		row[lExtra-1] = xlsx.Number(l.Extra, st)
	}
	row[lAmount-1] = amount
	status := w.status[l.Status]
	if l.Status == billing.Charged && c == billing.Licences && !l.Derived {
		status = w.l.tr("status.charged_excess") // 0,00 here: the excess line carries the amount
	}
	row[lStatus-1] = xlsx.Label(status)
	row[lReason-1] = xlsx.Label(w.say(l.Explained())) // repeats for included lines; bounded by the table
	if w.wrapLines {
		// long texts wrap rather than being cut off
		row[lDesc-1].Style, row[lReason-1].Style = xlsx.StyleWrap, xlsx.StyleWrap
	}
	// A row number is shown as a spreadsheet numbers its rows: 2582.
	row[lFile-1], row[lRow-1] = xlsx.Cell{Style: xlsx.StyleText}, xlsx.Cell{Style: xlsx.StyleNumber}
	if !l.Derived {
		row[lFile-1] = xlsx.Label(l.File)
		row[lRow-1] = xlsx.Int(int64(l.Row), xlsx.StyleNumber)
	}
	return row
}

// amount is a charged line's amount as a formula over its quantity, price
// and extra on its row, as its category writes it (Category.Formula),
// pre-rounded by its exact amount. The formulas differ only by category and
// by how the exact value is pre-rounded, so each is made once.
func (w *cbWriter) amount(c billing.Category, l billing.Line, exact billing.Exact) xlsx.Cell {
	key := formulaKey{category: c, places: exact.Places(xlsx.MaxDigits)}
	parts := w.formulas[key]
	if parts == nil {
		parts = strings.Split(amountFormula(key, rowMark), rowMark)
		w.formulas[key] = parts
	}
	return xlsx.RowFormula(parts, l.Amount, xlsx.StyleMoney2)
}

// formulaKey tells the amount formulas of a line sheet apart: the category
// and the decimals the exact amount is pre-rounded to (0 for none; −1 for
// support time that does not terminate).
type formulaKey struct {
	category billing.Category
	places   int
}

// rowMark stands for the row number while an amount formula is made.
const rowMark = "\x00"

// amountFormula is a line's amount formula, row standing for its row.
func amountFormula(k formulaKey, row string) string {
	return k.category.Formula(colQty+row, colPrice+row, colExtra+row, k.places)
}

// The columns a line's amount is computed from.
var colQty, colPrice, colExtra = xlsx.Col(lQty), xlsx.Col(lPrice), xlsx.Col(lExtra)

// sumLines is SUMIFS over a category sheet's amounts for a member (and a
// department), or 0 when the sheet has no lines.
func (w *cbWriter) sumLines(c billing.Category, memberRef, deptRef string) string {
	var terms []string
	for _, p := range w.parts[c] {
		rng := func(col int) string {
			return xlsx.On(p.sheet, fmt.Sprintf("$%s$%d:$%s$%d", xlsx.Col(col), p.first, xlsx.Col(col), p.last))
		}
		f := fmt.Sprintf("SUMIFS(%s,%s,%s", rng(lAmount), rng(lMember), memberRef)
		if deptRef != "" {
			f += fmt.Sprintf(",%s,%s", rng(lDept), deptRef)
		}
		terms = append(terms, f+")")
	}
	if len(terms) == 0 {
		return "0"
	}
	return strings.Join(terms, "+")
}

func (w *cbWriter) summary(s *xlsx.Sheet) {
	s.OnePage()
	nc := len(billing.Categories)
	widths := []float64{10, 16}
	for range billing.Categories {
		widths = append(widths, 14)
	}
	s.Widths(append(widths, 15)...)
	w.heading(s, w.title, "")
	hdr := []xlsx.Cell{xlsx.Styled(w.l.tr("member"), xlsx.StyleHeader), xlsx.Styled(w.l.tr("name"), xlsx.StyleHeader)}
	for _, c := range billing.Categories {
		hdr = append(hdr, xlsx.Styled(w.sheetName(c), xlsx.StyleHeader))
	}
	hdr = append(hdr, xlsx.Styled(w.l.tr("total"), xlsx.StyleHeader))
	s.Freeze(s.Row(hdr...))
	first := s.Next()
	w.memberFirst = first
	for _, m := range w.in.Summary.Members {
		n := s.Next()
		row := []xlsx.Cell{xlsx.Text(m.ID), xlsx.Text(m.Name)}
		for _, c := range billing.Categories {
			row = append(row, xlsx.Formula(w.sumLines(c, "$A"+fmt.Sprint(n), ""), m.Categories[c], xlsx.StyleMoney2))
		}
		row = append(row, xlsx.Formula(fmt.Sprintf("SUM(C%d:%s%d)", n, xlsx.Col(2+nc), n), m.Total, xlsx.StyleMoney2))
		s.Row(row...)
	}
	last := s.Next() - 1
	tot := []xlsx.Cell{xlsx.Styled(w.l.tr("total"), xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText)}
	for i, c := range billing.Categories {
		sum := decimal.Zero
		for _, m := range w.in.Summary.Members {
			sum = sum.Add(m.Categories[c])
		}
		tot = append(tot, xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(3+i), first, xlsx.Col(3+i), last), sum, xlsx.StyleTotalMoney2))
	}
	tot = append(tot, xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(3+nc), first, xlsx.Col(3+nc), last), w.in.Summary.Total, xlsx.StyleTotalMoney2))
	tr := s.Row(tot...)
	w.summaryName = s.Name
	w.grandTotal = xlsx.On(s.Name, xlsx.Ref(3+nc, tr))
	for i, c := range billing.Categories {
		w.catTotal[c] = xlsx.On(s.Name, xlsx.Ref(3+i, tr))
	}
	// Tie-out: the sum of the members equals the sum of every category sheet.
	check := []xlsx.Cell{xlsx.Text(w.l.tr("check") + ": " + w.l.tr("total") + " = Σ " + w.l.tr("cb.amount"))}
	for range nc + 1 {
		check = append(check, xlsx.Cell{})
	}
	var parts []string
	for _, c := range billing.Categories {
		if len(w.parts[c]) > 0 {
			parts = append(parts, w.sheetTotals(c))
		}
	}
	sumSheets := "0"
	if len(parts) > 0 {
		sumSheets = strings.Join(parts, "+")
	}
	check = append(check, xlsx.Formula(fmt.Sprintf("IF(ROUND(%s%d-(%s),2)=0,\"OK\",%s%d-(%s))", xlsx.Col(3+nc), tr, sumSheets, xlsx.Col(3+nc), tr, sumSheets), "OK", xlsx.StyleCheck))
	s.Row(check...)
	s.Blank()

	// What became of the input rows: Rows (C) = the sum of the outcomes
	// (D…), outside the period only where the run can have such rows.
	outside := w.in.Summary.CountsOutside
	title, keys := "cb.counts", []string{"cb.category", "", "cb.rows", "cb.charged", "cb.included", "cb.rejected"}
	if outside {
		title, keys = "cb.counts_outside", append(keys, "cb.outside")
	}
	keys = append(keys, "check")
	outcomes := func(k *billing.Counts) []int {
		v := []int{k.Charged, k.Included, k.Rejected}
		if outside {
			v = append(v, k.Outside)
		}
		return v
	}
	no := len(outcomes(&billing.Counts{}))
	countsCheck := func(n int) xlsx.Cell { // C = D + E + …, or the difference
		var sum, diff strings.Builder
		for i := range no {
			if i > 0 {
				sum.WriteByte('+')
			}
			sum.WriteString(xlsx.Ref(4+i, n))
			diff.WriteString("-" + xlsx.Ref(4+i, n))
		}
		return xlsx.Formula(fmt.Sprintf("IF(C%d=%s,\"OK\",C%d%s)", n, sum.String(), n, diff.String()), "OK", xlsx.StyleCheck)
	}
	s.Row(xlsx.Styled(w.l.tr(title), xlsx.StyleTitle))
	w.header(s, keys...)
	cfirst := s.Next()
	for _, c := range billing.Categories {
		n := s.Next()
		k := w.in.Summary.ByCategory[c]
		row := []xlsx.Cell{xlsx.Text(w.sheetName(c)), {}, xlsx.Styled(k.Rows, xlsx.StyleInt)}
		for _, v := range outcomes(k) {
			row = append(row, xlsx.Styled(v, xlsx.StyleInt))
		}
		s.Row(append(row, countsCheck(n))...)
	}
	clast := s.Next() - 1
	k := w.in.Summary.Counts
	n := s.Next()
	w.countsRow, w.countsOutcomes = n, no
	sum := func(col int, v int) xlsx.Cell {
		return xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(col), cfirst, xlsx.Col(col), clast), v, xlsx.StyleTotalInt)
	}
	row := []xlsx.Cell{xlsx.Styled(w.l.tr("total"), xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText), sum(3, k.Rows)}
	for i, v := range outcomes(&k) {
		row = append(row, sum(4+i, v))
	}
	s.Row(append(row, countsCheck(n))...)
	w.warnings(s)
}

// warnings writes, below a summary, the rejected licence rows that would
// change a licence excess (billing.ExcessWarning), a note row each: the
// pack's all, a member's workbook its own. Nothing where there is none.
// licenceHolders adds, for a licence user list, the sheet of who holds
// the licences: per member, department and type the count clause 1.2
// counts and the users (UPN) behind it, one a row, so that a member that
// disputes its excess sees who holds them. A member's workbook has its own.
func (w *cbWriter) licenceHolders() {
	u := w.in.Summary.LicenceUsers
	if u == nil {
		return
	}
	s := w.listSheet("cb.sheet.holders", "cb.holders_title", []float64{9, 16, 36, 12, 9, 40},
		"member", "name", "cb.department", "cb.licence_type", "cb.count", "cb.user")
	// One row a user, streamed: a national year's list is 80 000 users.
	var hs []billing.Holders
	n := 0
	for _, h := range u.Holders {
		if w.member == "" || h.Member == w.member {
			hs = append(hs, h)
			n += len(h.Users)
		}
	}
	s.Stream(n, func(emit func(cells ...xlsx.Cell) error) error {
		for _, h := range hs {
			m := w.in.Summary.Member(h.Member)
			for i, user := range h.Users {
				var err error
				if i == 0 {
					err = emit(xlsx.Text(h.Member), xlsx.Text(m.Name), xlsx.Text(w.deptLabel(h.Department)), xlsx.Text(h.Type),
						xlsx.Styled(len(h.Users), xlsx.StyleInt), xlsx.Text(user))
				} else {
					err = emit(xlsx.Label(""), xlsx.Label(""), xlsx.Label(""), xlsx.Label(""), xlsx.Cell{Style: xlsx.StyleInt}, xlsx.Text(user))
				}
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func (w *cbWriter) warnings(s *xlsx.Sheet) {
	if u := w.in.Summary.LicenceUsers; u != nil && w.member == "" && len(u.Unbilled) > 0 {
		s.Blank()
		s.Row(xlsx.Styled(w.l.trf("cb.unbilled", u.UnbilledText()), xlsx.StyleNote))
	}
	var notes []string
	for _, x := range w.in.Summary.Warnings {
		if w.member == "" || x.Member == w.member {
			n := x.In(string(w.l))
			r, size := utf8.DecodeRuneInString(n)
			notes = append(notes, string(unicode.ToUpper(r))+n[size:]+".") // a sentence of its own
		}
	}
	if len(notes) == 0 {
		return
	}
	s.Blank()
	s.Row(xlsx.Styled(w.l.tr("cb.warnings"), xlsx.StyleTitle))
	for _, n := range notes {
		s.Row(xlsx.Styled(n, xlsx.StyleNote))
	}
}

// memberSummary is the first sheet of a member's workbook: its total per
// category with the clause behind each.
func (w *cbWriter) memberSummary(s *xlsx.Sheet) {
	s.OnePage()
	s.Widths(22, 16, 60, 16)
	w.heading(s, w.title, "")
	m := w.in.Summary.Member(w.member)
	s.Row(xlsx.Text(w.l.tr("member")), xlsx.Text(m.ID+" "+m.Name))
	w.stamp(s)
	s.Blank()
	s.Freeze(w.header(s, "cb.category", "cb.clauses", "cb.policy_out", "cb.amount"))
	first := s.Next()
	for _, c := range billing.Categories {
		cl, _ := w.in.Matrix.Lookup(string(c))
		f := w.sheetTotals(c)
		s.Row(xlsx.Text(w.sheetName(c)), xlsx.Styled(strings.Join(cl.Clauses, ", "), xlsx.StyleWrap), xlsx.Styled(cl.Charged, xlsx.StyleWrap), xlsx.Formula(f, m.Categories[c], xlsx.StyleMoney2))
	}
	last := s.Next() - 1
	tr := s.Row(xlsx.Styled(w.l.tr("cb.total_all"), xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText),
		xlsx.Formula(fmt.Sprintf("SUM(D%d:D%d)", first, last), m.Total, xlsx.StyleTotalMoney2))
	w.summaryName = s.Name
	w.grandTotal = xlsx.On(s.Name, fmt.Sprintf("D%d", tr))
	w.warnings(s)
}

func (w *cbWriter) departments() {
	s := w.b.Sheet(w.l.tr("cb.sheet.depts"))
	s.Widths(10, 16, 36, 14, 15, 9, 11)
	s.Row(xlsx.Styled(w.l.tr("cb.dept_title"), xlsx.StyleTitle))
	s.Row(xlsx.Styled(w.title, xlsx.StyleNote))
	s.Blank()
	s.Freeze(w.header(s, "member", "name", "cb.department", "cb.category", "cb.amount", "cb.rows", "cb.rows_included"))
	first := s.Next()
	total := decimal.Zero
	for _, d := range w.in.Summary.Departments() {
		if w.member != "" && d.Member != w.member {
			continue
		}
		n := s.Next()
		m := w.in.Summary.Member(d.Member)
		s.Row(xlsx.Text(d.Member), xlsx.Text(m.Name), xlsx.Text(w.deptLabel(d.Department)), xlsx.Text(w.sheetName(d.Category)),
			xlsx.Formula(w.sumLines(d.Category, fmt.Sprintf("A%d", n), fmt.Sprintf("C%d", n)), d.Amount, xlsx.StyleMoney2), xlsx.Styled(d.Lines, xlsx.StyleInt), xlsx.Styled(d.Included, xlsx.StyleInt))
		total = total.Add(d.Amount)
	}
	last := s.Next() - 1
	f := "0"
	if last >= first {
		f = fmt.Sprintf("SUM(E%d:E%d)", first, last)
	}
	s.Row(xlsx.Styled(w.l.tr("total"), xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText),
		xlsx.Formula(f, total, xlsx.StyleTotalMoney2))
}

// listSheet starts a sheet that lists rows under a title, the workbook's
// title and a frozen header.
func (w *cbWriter) listSheet(name, title string, widths []float64, header ...string) *xlsx.Sheet {
	s := w.b.Sheet(w.l.tr(name))
	s.Widths(widths...)
	s.Row(xlsx.Styled(w.l.tr(title), xlsx.StyleTitle))
	s.Row(xlsx.Styled(w.title, xlsx.StyleNote))
	s.Blank()
	s.Freeze(w.header(s, header...))
	return s
}

func (w *cbWriter) rejected() {
	s := w.listSheet("cb.sheet.rejected", "cb.rej_title", []float64{16, 7, 12, 12, 8, 12, 70},
		"cb.file", "cb.row", "cb.column", "cb.category", "member", "name", "cb.reason")
	for _, l := range w.in.Summary.Rejected {
		s.Row(xlsx.Text(l.File), xlsx.Styled(l.Row, xlsx.StyleNumber), xlsx.Text(l.Column), xlsx.Text(w.sheetName(l.Category)), xlsx.Text(l.Member),
			xlsx.Text(w.name(l.Member)), xlsx.Styled(w.l.say(l.Reason), xlsx.StyleWrap))
	}
}

func (w *cbWriter) matrix() {
	m := w.in.Matrix
	s := w.b.Sheet(w.l.tr("cb.sheet.matrix"))
	s.Widths(50, 18, 14, 36, 55, 55)
	s.Row(xlsx.Styled(w.l.tr("cb.matrix_title"), xlsx.StyleTitle))
	s.Row(xlsx.Styled(m.Source, xlsx.StyleNote))
	s.Blank()
	w.header(s, "cb.component", "cb.operation", "cb.management", "cb.development")
	for _, c := range m.Components {
		s.Row(xlsx.Styled(c.Name, xlsx.StyleWrap), xlsx.Text(c.Operation), xlsx.Text(c.Management), xlsx.Text(c.Development))
	}
	s.Blank()
	w.header(s, "cb.task", "cb.responsible")
	for _, t := range m.Tasks {
		s.Row(xlsx.Text(t.Name), xlsx.Text(t.Responsible))
	}
	s.Blank()
	for _, n := range m.Notes {
		s.Row(xlsx.Styled(n, xlsx.StyleNote))
	}
	s.Blank()
	w.header(s, "cb.chargeable", "cb.clauses", "cb.category", "cb.rule", "cb.policy_out", "cb.policy_in")
	for _, c := range m.Categories {
		s.Row(xlsx.Styled(c.Title, xlsx.StyleWrap), xlsx.Text(strings.Join(c.Clauses, ", ")), xlsx.Text(w.sheetName(billing.Category(c.Category))),
			xlsx.Styled(w.l.say(c.Rule), xlsx.StyleWrap), xlsx.Styled(c.Charged, xlsx.StyleWrap), xlsx.Styled(c.Included, xlsx.StyleWrap))
	}
}

func (w *cbWriter) inputs() {
	r := w.in.Rules
	s := w.b.Sheet(w.l.tr("cb.sheet.inputs"))
	s.Widths(44, 40, 12, 40)
	s.Row(xlsx.Styled(w.l.tr("cb.inputs_title"), xlsx.StyleTitle))
	s.Row(xlsx.Styled(w.title, xlsx.StyleNote))
	s.Blank()
	w.header(s, "param", "value")
	s.Row(xlsx.Text(w.l.tr("cb.period")), xlsx.Text(w.in.From.Format(time.DateOnly)+" – "+w.in.To.Format(time.DateOnly)))
	s.Row(xlsx.Text(w.l.tr("cb.months")), xlsx.Styled(w.in.Months, xlsx.StyleInt))
	start, end := r.OfficeHours.Hours()
	s.Row(xlsx.Text(w.l.tr("cb.office")), xlsx.Text(start+"–"+end))
	eves := r.OfficeHours.Eves()
	s.Row(xlsx.Text(w.l.tr("cb.eves")), xlsx.Text(w.yesNo(eves)))
	money := func(key string, d decimal.Decimal) { s.Row(xlsx.Text(w.l.tr(key)), xlsx.Styled(d, xlsx.StyleMoney2)) }
	money("cb.support_hour", r.Prices.SupportHour)
	money("cb.call_out", r.Prices.CallOutFee)
	s.Row(xlsx.Text(w.l.tr("cb.increment")), xlsx.Styled(r.Prices.SupportIncrementMinutes, xlsx.StyleInt))
	money("cb.storage_price", r.Prices.StorageGBMonth)
	s.Row(xlsx.Text(w.l.tr("cb.quota")), xlsx.Styled(r.Storage.QuotaGB, xlsx.StyleExact))
	s.Row(xlsx.Text(w.l.tr("cb.tolerance")), xlsx.Styled(r.Storage.ToleranceGB, xlsx.StyleExact))
	s.Row(xlsx.Text(w.l.tr("cb.markup")), xlsx.Styled(r.Prices.EquipmentMarkup, xlsx.StylePercent))
	money("cb.consulting", r.Prices.ConsultingHour)
	s.Row(xlsx.Text(w.l.tr("cb.negligible")), xlsx.Styled(r.Licences.Negligible, xlsx.StylePercent))
	s.Row(xlsx.Text(w.l.tr("cb.max_included")), xlsx.Styled(r.IncludedLinesLimit(), xlsx.StyleInt))
	for _, p := range r.Licences.PricesMonth {
		s.Row(xlsx.Text(w.l.trf("cb.licence_price", p.Type)), xlsx.Styled(p.Price, xlsx.StyleMoney2))
	}
	for _, a := range r.Licences.Allotments {
		if w.member != "" && a.Member != w.member {
			continue
		}
		s.Row(xlsx.Text(strings.Join(strings.Fields(fmt.Sprintf("%s %s %s %s", w.l.tr("cb.extra.licences"), a.Member, w.name(a.Member), a.Type)), " ")), xlsx.Styled(a.Count, xlsx.StyleInt))
	}
	s.Row(xlsx.Text(w.l.tr("engine")), xlsx.Text("memberfee "+w.in.Version))
	s.Blank()
	w.header(s, "cb.category", "cb.file", "cb.rows", "cb.read")
	for _, f := range w.in.Files {
		s.Row(xlsx.Text(w.sheetName(f.Category)), xlsx.Text(f.Name), xlsx.Styled(f.Rows, xlsx.StyleInt), xlsx.Text(w.l.say(f.Read)))
	}
}

func (w *cbWriter) yesNo(b bool) string { return yesNo(w.l, b) }
