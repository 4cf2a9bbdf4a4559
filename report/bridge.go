package report

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"memberfee/allocation"
	"memberfee/internal/xlsx"
)

// BridgeJSON is the fee bridge in the allocation JSON (SPEC "Why each fee
// changed"): per member last year's fee (as memberfee computes it from last
// year's config), the six steps in their order and this year's fee.
type BridgeJSON struct {
	PreviousYear int                `json:"previous_year"`
	Members      []BridgeMemberJSON `json:"members"`
	Total        BridgeMemberJSON   `json:"total"`
}

// BridgeMemberJSON is one member's bridge, or the total's (without id).
type BridgeMemberJSON struct {
	ID       string           `json:"id,omitempty"`
	Previous string           `json:"previous"`
	Steps    []BridgeStepJSON `json:"steps"`
	Fee      string           `json:"fee"`
	Change   string           `json:"change"`
}

// BridgeStepJSON is one step of a bridge.
type BridgeStepJSON struct {
	ID     string `json:"id"`
	Amount string `json:"amount"`
}

// NewBridgeJSON converts a bridge to its JSON form.
func NewBridgeJSON(b *allocation.Bridge) *BridgeJSON {
	places := bridgePlaces(b)
	one := func(id string, m *allocation.BridgeMember) BridgeMemberJSON {
		j := BridgeMemberJSON{ID: id, Previous: m.Previous.StringFixed(places), Fee: m.Fee.StringFixed(places),
			Change: m.Change().StringFixed(places), Steps: make([]BridgeStepJSON, len(allocation.BridgeSteps))}
		for k, s := range m.Steps {
			j.Steps[k] = BridgeStepJSON{ID: allocation.BridgeSteps[k], Amount: s.StringFixed(places)}
		}
		return j
	}
	j := &BridgeJSON{PreviousYear: b.PreviousYear, Members: []BridgeMemberJSON{}, Total: one("", &b.Total)}
	for i := range b.Members {
		j.Members = append(j.Members, one(b.Members[i].ID, &b.Members[i]))
	}
	return j
}

// bridgePlaces is the decimals of the two years' rounding units, the more.
func bridgePlaces(b *allocation.Bridge) int32 {
	return max(b.Results[0].Places, b.Results[len(b.Results)-1].Places)
}

// AllocationBookWithBridge is AllocationBook with the sheet Förändring
// (Change): the bridge from last year's fee to this year's. A nil bridge
// gives AllocationBook's workbook.
func AllocationBookWithBridge(in *allocation.Input, r *allocation.Result, b *allocation.Bridge, lang Lang, audit *Audit) *xlsx.Book {
	return allocationBook(in, r, b, lang, audit)
}

// Columns of the Förändring sheet.
const (
	bID        = 1
	bName      = 2
	bPrevious  = 3
	bStep1     = 4 // … bStep1+5
	bFee       = bStep1 + len(allocation.BridgeSteps)
	bChange    = bFee + 1
	bCheck     = bFee + 2
	bShare1    = bFee + 3 // … bShare1+5: each step / last year's fee
	bChangePct = bShare1 + len(allocation.BridgeSteps)
)

// bridgeSheet writes the Förändring sheet: a row per member and a totals
// row, each step a figure, this year's fee the summary's cell, the change,
// the check and the shares live formulas; then a waterfall chart of the
// member named in a selector cell.
func (w *feeWriter) bridgeSheet(b *allocation.Bridge) {
	l := w.l
	s := w.b.Sheet(l.tr("br.sheet"))
	widths := []float64{18, 16, 15} // A holds the waterfall's step names too
	for range allocation.BridgeSteps {
		widths = append(widths, 16)
	}
	widths = append(widths, 15, 14, 8)
	for range allocation.BridgeSteps {
		widths = append(widths, 13)
	}
	s.Widths(append(widths, 11)...)
	s.Row(xlsx.Styled(l.trf("br.title", b.PreviousYear, b.Year), xlsx.StyleTitle))
	s.Row(xlsx.Styled(l.trf("br.note", b.PreviousYear), xlsx.StyleNote))
	if b.YearGap() {
		s.Row(xlsx.Styled(l.trf("br.gap", b.PreviousYear, b.Year, b.Year-1), xlsx.StyleNote))
	}
	s.Blank()
	hdr := hdrCells(l, "member", "name")
	hdr = append(hdr, xlsx.Styled(l.trf("br.previous", b.PreviousYear), xlsx.StyleHeader))
	for _, id := range allocation.BridgeSteps {
		hdr = append(hdr, xlsx.Styled(l.tr("br.step."+id), xlsx.StyleHeader))
	}
	hdr = append(hdr, xlsx.Styled(l.trf("br.fee", b.Year), xlsx.StyleHeader), xlsx.Styled(l.tr("change"), xlsx.StyleHeader), xlsx.Styled(l.tr("check"), xlsx.StyleHeader))
	for _, id := range allocation.BridgeSteps {
		hdr = append(hdr, xlsx.Styled(l.tr("br.step."+id)+" %", xlsx.StyleHeader))
	}
	hdr = append(hdr, xlsx.Styled(l.tr("change_pct"), xlsx.StyleHeader))
	s.Freeze(s.Row(hdr...))

	popOnly := len(w.in.Allocation.Keys) == 0 || len(w.in.Allocation.Keys) == 1 && w.in.Allocation.Keys[0].Driver == allocation.DriverPopulation
	first := s.Next()
	row := func(n int, m *allocation.BridgeMember, id, name string, fee string, total bool) []xlsx.Cell {
		money, text := xlsx.StyleMoney, xlsx.StyleText
		if total {
			money, text = xlsx.StyleTotalMoney, xlsx.StyleTotalText
		}
		cells := []xlsx.Cell{xlsx.Styled(id, text), xlsx.Styled(name, text)}
		if total {
			cells = append(cells, xlsx.Formula(fmt.Sprintf("SUM(C%d:C%d)", first, n-1), m.Previous, money))
		} else {
			cells = append(cells, xlsx.Styled(m.Previous, money))
		}
		for k, st := range m.Steps {
			if total {
				col := xlsx.Col(bStep1 + k)
				cells = append(cells, xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", col, first, col, n-1), st, money))
			} else {
				cells = append(cells, xlsx.Styled(st, money))
			}
		}
		steps := fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(bStep1), n, xlsx.Col(bFee-1), n)
		cells = append(cells, xlsx.Formula(fee, m.Fee, money),
			xlsx.Formula(fmt.Sprintf("%s-C%d", xlsx.Ref(bFee, n), n), m.Change(), money),
			xlsx.Formula(fmt.Sprintf("IF(C%d+%s=%s,\"OK\",C%d+%s-%s)", n, steps, xlsx.Ref(bFee, n), n, steps, xlsx.Ref(bFee, n)), "OK", xlsx.StyleCheck))
		for k, st := range m.Steps {
			cells = append(cells, pctCell(fmt.Sprintf("IF(C%d=0,\"\",%s/C%d)", n, xlsx.Ref(bStep1+k, n), n), st, m.Previous))
		}
		cells = append(cells, pctCell(fmt.Sprintf("IF(C%d=0,\"\",%s/C%d)", n, xlsx.Ref(bChange, n), n), m.Change(), m.Previous))
		return cells
	}
	for i := range b.Members {
		m := &b.Members[i]
		n := s.Next()
		fee := w.feeRef[i]
		if w.r.Members[i].ID != m.ID { // the summary is in this year's order, as the bridge is
			fee = m.Fee.String()
		}
		s.Row(row(n, m, m.ID, m.Name, fee, false)...)
	}
	tr := s.Next()
	last := tr - 1
	s.Row(row(tr, &b.Total, l.tr("total"), "", fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(bFee), first, xlsx.Col(bFee), last), true)...)

	w.bridgeCheck = &Check{l.tr("br.c.total"), xlsx.On(s.Name, fmt.Sprintf("C%d", tr)) + "+SUM(" + xlsx.On(s.Name, fmt.Sprintf("%s%d:%s%d", xlsx.Col(bStep1), tr, xlsx.Col(bFee-1), tr)) + ")",
		w.totalFee, b.Total.Fee}

	// A sentence per member, each on its own line across the empty cells
	// to its right.
	s.Blank()
	s.Row(xlsx.Styled(l.tr("br.sentence"), xlsx.StyleHeader))
	for i := range b.Members {
		m := &b.Members[i]
		s.Row(xlsx.Text(m.ID), xlsx.Text(bridgeSentence(l, m, m.Name, false, popOnly, bridgePlaces(b))))
	}
	s.Row(xlsx.Styled(l.tr("total"), xlsx.StyleTotalText), xlsx.Text(bridgeSentence(l, &b.Total, "", true, popOnly, bridgePlaces(b))))

	w.bridgeChart(s, b, first, tr)
}

// bridgeChart writes the selector cell, the waterfall's working (each bar
// the running change before and after a step, drawn as an invisible base
// and the step's rise or fall, split at zero where a bar crosses it) and
// the chart: a stacked column chart, as LibreOffice and Excel both draw it.
func (w *feeWriter) bridgeChart(s *xlsx.Sheet, b *allocation.Bridge, first, tr int) {
	l := w.l
	s.Blank()
	sel := s.Next()
	s.Row(xlsx.Styled(l.tr("br.select"), xlsx.StyleHeader), xlsx.Styled(b.Members[0].ID, xlsx.StyleText), xlsx.Styled(l.tr("br.select_note"), xlsx.StyleNote))
	s.Row(hdrCells(l, "br.w.step", "br.w.amount", "br.w.before", "br.w.after", "br.w.base", "br.w.up", "br.w.up", "br.w.down", "br.w.down", "change")...)
	m := &b.Members[0]
	match := fmt.Sprintf("MATCH($B$%d,$A$%d:$A$%d,0)", sel, first, tr)
	top := s.Next()
	before := decimal.Zero
	for k, id := range allocation.BridgeSteps {
		n := s.Next()
		step := m.Steps[k]
		after := before.Add(step)
		col := xlsx.Col(bStep1 + k)
		beforeF := "0"
		if k > 0 {
			beforeF = fmt.Sprintf("D%d", n-1)
		}
		inv, pos, neg := waterfall(before, after)
		up, down := func(x decimal.Decimal) decimal.Decimal { return x }, func(decimal.Decimal) decimal.Decimal { return decimal.Zero }
		if step.Sign() < 0 {
			up, down = down, up
		}
		p := fmt.Sprintf("IF(C%d*D%d>0,IF(D%d>0,ABS(B%d),0),MAX(C%d,D%d))", n, n, n, n, n, n)
		q := fmt.Sprintf("IF(C%d*D%d>0,IF(D%d>0,0,-ABS(B%d)),MIN(C%d,D%d))", n, n, n, n, n, n)
		s.Row(xlsx.Text(l.tr("br.step."+id)),
			xlsx.Formula(fmt.Sprintf("INDEX($%s$%d:$%s$%d,%s)", col, first, col, tr, match), step, xlsx.StyleMoney),
			xlsx.Formula(beforeF, before, xlsx.StyleMoney),
			xlsx.Formula(fmt.Sprintf("C%d+B%d", n, n), after, xlsx.StyleMoney),
			xlsx.Formula(fmt.Sprintf("IF(C%d*D%d>0,IF(D%d>0,MIN(C%d,D%d),MAX(C%d,D%d)),0)", n, n, n, n, n, n, n), inv, xlsx.StyleMoney),
			xlsx.Formula(fmt.Sprintf("IF(B%d>=0,%s,0)", n, p), up(pos), xlsx.StyleMoney),
			xlsx.Formula(fmt.Sprintf("IF(B%d>=0,%s,0)", n, q), up(neg), xlsx.StyleMoney),
			xlsx.Formula(fmt.Sprintf("IF(B%d<0,%s,0)", n, p), down(pos), xlsx.StyleMoney),
			xlsx.Formula(fmt.Sprintf("IF(B%d<0,%s,0)", n, q), down(neg), xlsx.StyleMoney),
			xlsx.Styled(decimal.Zero, xlsx.StyleMoney))
		before = after
	}
	n := s.Next()
	zero := xlsx.Styled(decimal.Zero, xlsx.StyleMoney)
	s.Row(xlsx.Styled(l.tr("change"), xlsx.StyleTotalText), xlsx.Cell{}, xlsx.Cell{}, xlsx.Cell{}, zero, zero, zero, zero, zero,
		xlsx.Formula(fmt.Sprintf("INDEX($%s$%d:$%s$%d,%s)", xlsx.Col(bChange), first, xlsx.Col(bChange), tr, match), m.Change(), xlsx.StyleTotalMoney))
	sheet := "'" + s.Name + "'"
	colours := []string{"", "2E7D32", "2E7D32", "C62828", "C62828", "1F4E79"}
	var series []excelize.ChartSeries
	for i, c := range colours {
		col := xlsx.Col(5 + i)
		fill := excelize.Fill{Type: "pattern", Pattern: 0} // the invisible base
		if c != "" {
			fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}}
		}
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$%d", sheet, col, top-1),
			Categories: fmt.Sprintf("%s!$A$%d:$A$%d", sheet, top, n),
			Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", sheet, col, top, col, n),
			Fill:       fill,
		})
	}
	s.Chart(xlsx.Ref(2, s.Next()+1), &excelize.Chart{
		Type:      excelize.ColStacked,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: l.trf("br.chart", sel)}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		PlotArea:  excelize.ChartPlotArea{ShowVal: false},
		Dimension: excelize.ChartDimension{Width: 760, Height: 380},
	})
}

// waterfall splits a bar from before to after into the invisible base
// below it and its visible parts above (pos) and below (neg) zero.
func waterfall(before, after decimal.Decimal) (inv, pos, neg decimal.Decimal) {
	switch {
	case before.Sign()*after.Sign() > 0 && after.Sign() > 0:
		return decimal.Min(before, after), after.Sub(before).Abs(), decimal.Zero
	case before.Sign()*after.Sign() > 0:
		return decimal.Max(before, after), decimal.Zero, after.Sub(before).Abs().Neg()
	}
	return decimal.Zero, decimal.Max(before, after), decimal.Min(before, after)
}

// bridgeSentence is a member's change in plain words: "Laxå betalar
// 312 000 kr mer (+3,9 %): indexeringen +254 000, befolkningsandelen
// −18 000 (16,9 % → 16,7 %), …"; steps of zero are left out.
func bridgeSentence(l Lang, m *allocation.BridgeMember, name string, total, popOnly bool, places int32) string {
	who := name
	if total {
		who = l.tr("br.all")
	} else if who == "" {
		who = m.ID
	}
	change := m.Change()
	if change.IsZero() && allZero(m.Steps[:]) {
		return l.trf("br.same", who)
	}
	var sb strings.Builder
	amount := l.number(change.Abs(), places, false)
	less := change.Sign() < 0
	switch {
	case m.Previous.IsZero() && less:
		sb.WriteString(l.trf("br.less", who, amount))
	case m.Previous.IsZero():
		sb.WriteString(l.trf("br.more", who, amount))
	default:
		pct := l.percent(new(big.Rat).Quo(change.Rat(), m.Previous.Rat()), true)
		if less {
			sb.WriteString(l.trf("br.less_pct", who, amount, pct))
		} else {
			sb.WriteString(l.trf("br.more_pct", who, amount, pct))
		}
	}
	var parts []string
	for k, st := range m.Steps {
		if st.IsZero() {
			continue
		}
		word := l.tr("br.word." + allocation.BridgeSteps[k])
		if allocation.BridgeSteps[k] == allocation.StepKey && popOnly {
			word = l.tr("br.word.population")
		}
		part := word + " " + l.number(st, places, true)
		if allocation.BridgeSteps[k] == allocation.StepKey && m.PreviousShare != nil {
			part += fmt.Sprintf(" (%s → %s)", l.percent(m.PreviousShare, false), l.percent(m.Share, false))
		}
		parts = append(parts, part)
	}
	if len(parts) > 0 {
		sb.WriteString(": " + strings.Join(parts, ", "))
	}
	sb.WriteString(".")
	return sb.String()
}

func allZero(ds []decimal.Decimal) bool {
	for _, d := range ds {
		if !d.IsZero() {
			return false
		}
	}
	return true
}

// number writes an amount as the language does: 312 000 and −18 000 in
// Swedish (a no-break space between thousands, a minus sign, a decimal
// comma), 312,000 and -18,000 in English; signed puts + before a positive.
func (l Lang) number(d decimal.Decimal, places int32, signed bool) string {
	sep, dec, minus := "\u00a0", ",", "−"
	if l == English {
		sep, dec, minus = ",", ".", "-"
	}
	str := d.Abs().StringFixed(places)
	whole, frac, _ := strings.Cut(str, ".")
	var sb strings.Builder
	switch {
	case d.Sign() < 0:
		sb.WriteString(minus)
	case signed && d.Sign() > 0:
		sb.WriteString("+")
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			sb.WriteString(sep)
		}
		sb.WriteRune(c)
	}
	if frac != "" {
		sb.WriteString(dec + frac)
	}
	return sb.String()
}

// percent writes a ratio as a percentage with one decimal: 3,9 % in
// Swedish, 3.9% in English; signed puts + or − before it.
func (l Lang) percent(r *big.Rat, signed bool) string {
	p := decimal.NewFromBigRat(new(big.Rat).Mul(r, big.NewRat(100, 1)), 1)
	text := p.Abs().StringFixed(1)
	sign := ""
	switch {
	case signed && p.Sign() > 0:
		sign = "+"
	case p.Sign() < 0:
		sign = "−"
		if l == English {
			sign = "-"
		}
	}
	if l == English {
		return sign + text + "%"
	}
	return sign + strings.Replace(text, ".", ",", 1) + "\u00a0%"
}

// bridgeLabels are the labels of the Förändring sheet.
var bridgeLabels = labelTable{
	"br.sheet":    {"Förändring", "Change"},
	"br.title":    {"Varför medlemsbidraget ändrades %d → %d", "Why each fee changed %d → %d"},
	"br.note":     {"Förra årets avgift är den memberfee räknar fram ur förra årets config (%d). Varje steg är skillnaden mellan två hela fördelningar: förra årets config med stegets avsnitt och de föregående ersatta av årets, och med bara de föregående ersatta. Stegen summerar exakt till förändringen.", "Last year's fee is the one memberfee computes from last year's config (%d). Each step is the difference between two full allocations: last year's config with the step's sections and the earlier ones replaced by this year's, and with only the earlier ones replaced. The steps sum exactly to the change."},
	"br.gap":      {"Obs: förra årets config gäller %d, inte året före %d (%d): ett eller flera år är överhoppade.", "Note: last year's config is of %d, not of the year before %d (%d): one or more years are skipped."},
	"br.previous": {"Avgift %d", "Fee %d"},
	"br.fee":      {"Avgift %d", "Fee %d"},
	"br.sentence": {"Förklaring", "In words"},

	"br.step.base":             {"Bas och indexering", "Base and indexation"},
	"br.step.key":              {"Nyckelandel", "Key share"},
	"br.step.common_additions": {"Gemensamma tillägg", "Common additions"},
	"br.step.member_additions": {"Egna tillägg", "Member additions"},
	"br.step.transfers":        {"Ramväxling", "Transfers"},
	"br.step.volume":           {"Volym", "Volume"},

	"br.word.base":             {"indexeringen", "indexation"},
	"br.word.key":              {"nyckelandelen", "key share"},
	"br.word.population":       {"befolkningsandelen", "population share"},
	"br.word.common_additions": {"gemensamma tillägg", "common additions"},
	"br.word.member_additions": {"egna tillägg", "own additions"},
	"br.word.transfers":        {"ramväxlingen", "transfers"},
	"br.word.volume":           {"volymjusteringen", "volume adjustment"},

	"br.all":      {"Kommunerna tillsammans", "The members together"},
	"br.more":     {"%s betalar %s kr mer", "%s pays %s more"},
	"br.less":     {"%s betalar %s kr mindre", "%s pays %s less"},
	"br.more_pct": {"%s betalar %s kr mer (%s)", "%s pays %s more (%s)"},
	"br.less_pct": {"%s betalar %s kr mindre (%s)", "%s pays %s less (%s)"},
	"br.same":     {"%s betalar lika mycket som förra året.", "%s pays the same as last year."},

	"br.c.total":     {"Förändring: förra årets avgift + stegen = årets avgift (summa)", "Change: last year's fee + the steps = this year's fee (total)"},
	"br.select":      {"Visa kommun", "Show member"},
	"br.select_note": {"Skriv en kommuns nummer (kolumn A) eller Summa i cellen till vänster; diagrammet visar dess förändring steg för steg.", "Type a member's id (column A) or Total in the cell to the left; the chart shows its change step by step."},
	"br.w.step":      {"Steg", "Step"},
	"br.w.amount":    {"Belopp", "Amount"},
	"br.w.before":    {"Före", "Before"},
	"br.w.after":     {"Efter", "After"},
	"br.w.base":      {"Osynlig bas", "Invisible base"},
	"br.w.up":        {"Ökning", "Rise"},
	"br.w.down":      {"Minskning", "Fall"},
	"br.chart":       {"Förändringen steg för steg (kr), kommunen i cell B%d", "The change step by step, the member in cell B%d"},
}
