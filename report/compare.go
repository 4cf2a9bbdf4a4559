package report

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"memberfee/allocation"
)

// ScenarioResult is one scenario's calculation.
type ScenarioResult struct {
	ID, Name string
	Input    *allocation.Input
	Result   *allocation.Result
}

// CompareJSON is `memberfee compare`'s JSON: the scenarios side by side,
// the baseline first, each member's fee and its difference to the baseline.
type CompareJSON struct {
	Year      int                   `json:"year"`
	Currency  string                `json:"currency"`
	Scenarios []CompareScenarioJSON `json:"scenarios"`
}

// CompareScenarioJSON is one scenario.
type CompareScenarioJSON struct {
	ID         string              `json:"id"`
	Name       string              `json:"name,omitempty"`
	Pool       string              `json:"pool"`
	Total      string              `json:"total"`
	Difference string              `json:"difference"`
	Members    []CompareMemberJSON `json:"members"`
}

// CompareMemberJSON is a member's fee in one scenario.
type CompareMemberJSON struct {
	ID                string `json:"id"`
	Name              string `json:"name"`
	Fee               string `json:"fee"`
	Difference        string `json:"difference"`
	DifferencePercent string `json:"difference_percent"`
	TransferCarried   string `json:"transfer_carried"`
	TransferNet       string `json:"transfer_net_effect"`
	// CostToMember is the fee plus what the member carries itself after
	// transfers: what the member pays in all.
	CostToMember   string `json:"cost_to_member"`
	CostDifference string `json:"cost_difference"`
}

// NewCompareJSON lays the scenarios side by side; scenarios[0] is the
// baseline. Members are matched by id; a member missing from the baseline
// has the whole fee as its difference.
func NewCompareJSON(scenarios []ScenarioResult) *CompareJSON {
	base := scenarios[0].Result
	baseFee, baseCost := map[string]decimal.Decimal{}, map[string]decimal.Decimal{}
	for _, m := range base.Members {
		baseFee[m.ID] = m.Fee.Decimal()
		baseCost[m.ID] = m.Fee.Decimal().Add(m.TransferCarried)
	}
	cur := scenarios[0].Input.Currency
	if cur == "" {
		cur = "SEK"
	}
	j := &CompareJSON{Year: base.Year, Currency: cur}
	for _, s := range scenarios {
		r := s.Result
		money := func(d decimal.Decimal) string { return d.StringFixed(r.Places) }
		sj := CompareScenarioJSON{ID: s.ID, Name: s.Name, Pool: money(r.Pool), Total: money(r.Total), Difference: money(r.Total.Sub(base.Total))}
		for _, m := range r.Members {
			diff := m.Fee.Decimal().Sub(baseFee[m.ID])
			cost := m.Fee.Decimal().Add(m.TransferCarried)
			sj.Members = append(sj.Members, CompareMemberJSON{
				ID: m.ID, Name: m.Name, Fee: money(m.Fee.Decimal()), Difference: money(diff),
				DifferencePercent: percent(diff, baseFee[m.ID]),
				TransferCarried:   m.TransferCarried.String(), TransferNet: money(m.TransferNet()),
				CostToMember: cost.String(), CostDifference: cost.Sub(baseCost[m.ID]).String(),
			})
		}
		j.Scenarios = append(j.Scenarios, sj)
	}
	return j
}

// percent is 100 × part / whole to two decimals, "" when whole is zero.
func percent(part, whole decimal.Decimal) string {
	if whole.IsZero() {
		return ""
	}
	r := new(big.Rat).Quo(part.Rat(), whole.Rat())
	r.Mul(r, big.NewRat(100, 1))
	return decimal.NewFromBigRat(r, 2).StringFixed(2)
}

// CompareBook lays out the comparison workbook: members as rows, for each
// scenario its fee and its difference to the baseline in kronor and
// percent, the net effect of transfers, a chart of the differences, and a
// sheet per scenario with its working.
func CompareBook(scenarios []ScenarioResult, lang Lang, audit *Audit) *Book {
	base := scenarios[0]
	title := lang.trf("cmp.title", base.Result.Year)
	b := NewBook(title, base.Result.Places)
	s := b.Sheet(lang.tr("cmp.sheet"))
	widths := []float64{10, 16}
	for range scenarios {
		widths = append(widths, 15, 13, 10, 14)
	}
	s.Widths(widths...)
	s.Row(Styled(title, StyleTitle))
	s.Row(Styled(lang.tr("cmp.note"), StyleNote))
	s.Blank()
	// Two heading rows: the scenario over its four columns.
	// The scenario names head merged cells: bold, not wrapped.
	top := []Cell{Styled("", StyleTotalText), Styled("", StyleTotalText)}
	hdr := []Cell{Styled(lang.tr("member"), StyleHeader), Styled(lang.tr("name"), StyleHeader)}
	for _, sc := range scenarios {
		name := sc.ID
		if sc.Name != "" {
			name += ": " + sc.Name
		}
		top = append(top, Styled(name, StyleTotalText), Styled("", StyleTotalText), Styled("", StyleTotalText), Styled("", StyleTotalText))
		hdr = append(hdr, Styled(lang.tr("fee"), StyleHeader), Styled(lang.tr("cmp.diff"), StyleHeader),
			Styled(lang.tr("cmp.diff_pct"), StyleHeader), Styled(lang.tr("net_effect"), StyleHeader))
	}
	tr := s.Row(top...)
	for i := range scenarios {
		c := 3 + 4*i
		s.Merge(Ref(c, tr), Ref(c+3, tr))
	}
	s.Freeze(s.Row(hdr...))
	first := s.Next()
	for _, m := range base.Result.Members {
		n := s.Next()
		row := []Cell{Text(m.ID), Text(m.Name)}
		for i, sc := range scenarios {
			c := 3 + 4*i
			mf := memberOf(sc.Result, m.ID)
			if mf == nil {
				row = append(row, Cell{}, Cell{}, Cell{}, Cell{})
				continue
			}
			diff := mf.Fee.Decimal().Sub(m.Fee.Decimal())
			row = append(row, Styled(mf.Fee.Decimal(), StyleMoney),
				Formula(fmt.Sprintf("%s-$C%d", Ref(c, n), n), diff, StyleMoney),
				pctCell(fmt.Sprintf("IF($C%d=0,\"\",%s/$C%d)", n, Ref(c+1, n), n), diff, m.Fee.Decimal()),
				Styled(mf.TransferNet(), StyleMoney))
		}
		s.Row(row...)
	}
	last := s.Next() - 1
	tot := []Cell{Styled(lang.tr("total"), StyleTotalText), Styled("", StyleTotalText)}
	for i, sc := range scenarios {
		c := 3 + 4*i
		n := s.Next()
		net := decimal.Zero
		for _, m := range sc.Result.Members {
			net = net.Add(m.TransferNet())
		}
		diff := sc.Result.Total.Sub(base.Result.Total)
		tot = append(tot,
			Formula(fmt.Sprintf("SUM(%s%d:%s%d)", Col(c), first, Col(c), last), sc.Result.Total, StyleTotalMoney),
			Formula(fmt.Sprintf("SUM(%s%d:%s%d)", Col(c+1), first, Col(c+1), last), diff, StyleTotalMoney),
			pctCell(fmt.Sprintf("IF($C%d=0,\"\",%s/$C%d)", n, Ref(c+1, n), n), diff, base.Result.Total),
			Formula(fmt.Sprintf("SUM(%s%d:%s%d)", Col(c+3), first, Col(c+3), last), net, StyleTotalMoney))
	}
	s.Row(tot...)
	if len(scenarios) > 1 {
		var series []excelize.ChartSeries
		sheet := "'" + s.Name + "'"
		for i := range scenarios[1:] {
			c := 3 + 4*(i+1) + 1
			series = append(series, excelize.ChartSeries{
				Name:       fmt.Sprintf("%s!$%s$%d", sheet, Col(c-1), tr),
				Categories: fmt.Sprintf("%s!$B$%d:$B$%d", sheet, first, last),
				Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", sheet, Col(c), first, Col(c), last),
			})
		}
		s.Chart(Ref(2, s.Next()+1), &excelize.Chart{
			Type:      excelize.Col,
			Series:    series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: lang.tr("cmp.chart")}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 720, Height: 360},
		})
	}
	var checks []Check
	for i, sc := range scenarios {
		ref := scenarioSheet(b, sc, lang)
		checks = append(checks, Check{lang.trf("au.c.scenario", sc.ID), On(s.Name, Ref(3+4*i, last+1)), ref, sc.Result.Total})
	}
	auditSheet(b, audit, lang, checks, nil)
	return b
}

func pctCell(formula string, part, whole decimal.Decimal) Cell {
	if whole.IsZero() {
		return Formula(formula, "", StylePercent)
	}
	return Formula(formula, new(big.Rat).Quo(part.Rat(), whole.Rat()), StylePercent)
}

func memberOf(r *allocation.Result, id string) *allocation.MemberFee {
	for i := range r.Members {
		if r.Members[i].ID == id {
			return &r.Members[i]
		}
	}
	return nil
}

// scenarioSheet is one scenario's working: the pool and each member's share,
// allocation, additions, volume adjustment, fee and transfers.
func scenarioSheet(b *Book, sc ScenarioResult, lang Lang) string {
	r := sc.Result
	s := b.Sheet(sheetName(sc.ID))
	s.Widths(30, 16, 12, 15, 13, 15, 15, 17, 17)
	title := sc.ID
	if sc.Name != "" {
		title += ": " + sc.Name
	}
	s.Row(Styled(title, StyleTitle))
	s.Blank()
	s.Row(Text(lang.tr("factor")), Styled(r.Factor, StyleFactor))
	ib := s.Row(Text(lang.tr("indexed_base")), Styled(r.IndexedBase, StyleMoney))
	ca := s.Row(Text(lang.tr("common_add")), Styled(r.Common, StyleMoney2))
	tr := s.Row(Text(lang.tr("minus_transf")), Styled(r.TransfersSum, StyleMoney))
	pr := s.Row(Styled(lang.tr("pool"), StyleTotalText), Formula(roundFormula(fmt.Sprintf("B%d+B%d-B%d", ib, ca, tr), r.PoolExact, int(r.Places)), r.Pool, StyleTotalMoney))
	s.Row(Text(lang.tr("next_base")), Styled(r.NextBase, StyleMoney2))
	s.Blank()
	hr := s.Row(Styled(lang.tr("member"), StyleHeader), Styled(lang.tr("name"), StyleHeader), Styled(lang.tr("key_share"), StyleHeader),
		Styled(lang.tr("allocated"), StyleHeader), Styled(lang.tr("additions"), StyleHeader), Styled(lang.tr("volume"), StyleHeader),
		Styled(lang.tr("fee"), StyleHeader), Styled(lang.tr("carried"), StyleHeader), Styled(lang.tr("net_effect"), StyleHeader))
	first := hr + 1
	for _, m := range r.Members {
		n := s.Next()
		s.Row(Text(m.ID), Text(m.Name), Styled(m.Share(), StyleShare), Styled(m.Allocated.Decimal(), StyleMoney), Styled(m.Additions.Decimal(), StyleMoney),
			Styled(m.Volume.Decimal(), StyleMoney), Formula(fmt.Sprintf("D%d+E%d+F%d", n, n, n), m.Fee.Decimal(), StyleMoney),
			Styled(m.TransferCarried, StyleMoney), Styled(m.TransferNet(), StyleMoney))
	}
	last := s.Next() - 1
	s.Row(Styled(lang.tr("total"), StyleTotalText), Styled("", StyleTotalText),
		Formula(fmt.Sprintf("SUM(C%d:C%d)", first, last), decimal.NewFromInt(1), StyleTotalShare),
		Formula(fmt.Sprintf("SUM(D%d:D%d)", first, last), r.Pool, StyleTotalMoney), Styled("", StyleTotalText), Styled("", StyleTotalText),
		Formula(fmt.Sprintf("SUM(G%d:G%d)", first, last), r.Total, StyleTotalMoney))
	n := s.Next()
	s.Row(Text(lang.tr("check")+": "+lang.tr("allocated")+" = "+lang.tr("pool")), Cell{}, Cell{},
		Formula(fmt.Sprintf("IF(D%d=B%d,\"OK\",D%d-B%d)", n-1, pr, n-1, pr), "OK", StyleCheck))
	return On(s.Name, fmt.Sprintf("G%d", n-1))
}

// sheetName makes a scenario id a valid sheet name: at most 31 characters,
// none of []:*?/\.
func sheetName(id string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, id)
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	return name
}
