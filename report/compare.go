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
	// Bridge is the scenario's bridge from the baseline (compare --bridge).
	Bridge *BridgeJSON `json:"bridge,omitempty"`
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
//
// baseline is what the policy calls the baseline in the language
// (policy.Policy.Baseline: "dagens modell").
func CompareBook(scenarios []ScenarioResult, baseline string, lang Lang, audit *Audit) *xlsx.Book {
	base := scenarios[0]
	title := lang.trf("cmp.title", base.Result.Year, baseline)
	b := xlsx.NewBook(title, base.Result.Places)
	s := b.Sheet(lang.tr("cmp.sheet"))
	widths := []float64{10, 16}
	for range scenarios {
		widths = append(widths, 15, 13, 10, 14)
	}
	s.Widths(widths...)
	s.Row(xlsx.Styled(title, xlsx.StyleTitle))
	s.Row(xlsx.Styled(lang.tr("cmp.note"), xlsx.StyleNote))
	s.Blank()
	// Two heading rows: the scenario over its four columns.
	// The scenario names head merged cells, wrapped.
	top := []xlsx.Cell{xlsx.Styled("", xlsx.StyleHeader), xlsx.Styled("", xlsx.StyleHeader)}
	hdr := []xlsx.Cell{xlsx.Styled(lang.tr("member"), xlsx.StyleHeader), xlsx.Styled(lang.tr("name"), xlsx.StyleHeader)}
	for _, sc := range scenarios {
		name := sc.ID
		if sc.Name != "" {
			name += ": " + sc.Name
		}
		top = append(top, xlsx.Styled(name, xlsx.StyleHeader), xlsx.Styled("", xlsx.StyleHeader), xlsx.Styled("", xlsx.StyleHeader), xlsx.Styled("", xlsx.StyleHeader))
		hdr = append(hdr, xlsx.Styled(lang.tr("fee"), xlsx.StyleHeader), xlsx.Styled(lang.tr("cmp.diff"), xlsx.StyleHeader),
			xlsx.Styled(lang.tr("cmp.diff_pct"), xlsx.StyleHeader), xlsx.Styled(lang.tr("net_effect"), xlsx.StyleHeader))
	}
	tr := s.Row(top...)
	for i := range scenarios {
		c := 3 + 4*i
		s.Merge(xlsx.Ref(c, tr), xlsx.Ref(c+3, tr))
	}
	s.Freeze(s.Row(hdr...))
	first := s.Next()
	for _, m := range base.Result.Members {
		n := s.Next()
		row := []xlsx.Cell{xlsx.Text(m.ID), xlsx.Text(m.Name)}
		for i, sc := range scenarios {
			c := 3 + 4*i
			mf := memberOf(sc.Result, m.ID)
			if mf == nil {
				row = append(row, xlsx.Cell{}, xlsx.Cell{}, xlsx.Cell{}, xlsx.Cell{})
				continue
			}
			diff := mf.Fee.Decimal().Sub(m.Fee.Decimal())
			row = append(row, xlsx.Styled(mf.Fee.Decimal(), xlsx.StyleMoney),
				xlsx.Formula(fmt.Sprintf("%s-$C%d", xlsx.Ref(c, n), n), diff, xlsx.StyleMoney),
				pctCell(fmt.Sprintf("IF($C%d=0,\"\",%s/$C%d)", n, xlsx.Ref(c+1, n), n), diff, m.Fee.Decimal()),
				xlsx.Styled(mf.TransferNet(), xlsx.StyleMoney))
		}
		s.Row(row...)
	}
	last := s.Next() - 1
	tot := []xlsx.Cell{xlsx.Styled(lang.tr("total"), xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText)}
	for i, sc := range scenarios {
		c := 3 + 4*i
		n := s.Next()
		net := decimal.Zero
		for _, m := range sc.Result.Members {
			net = net.Add(m.TransferNet())
		}
		diff := sc.Result.Total.Sub(base.Result.Total)
		tot = append(tot,
			xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(c), first, xlsx.Col(c), last), sc.Result.Total, xlsx.StyleTotalMoney),
			xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(c+1), first, xlsx.Col(c+1), last), diff, xlsx.StyleTotalMoney),
			pctCell(fmt.Sprintf("IF($C%d=0,\"\",%s/$C%d)", n, xlsx.Ref(c+1, n), n), diff, base.Result.Total),
			xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(c+3), first, xlsx.Col(c+3), last), net, xlsx.StyleTotalMoney))
	}
	s.Row(tot...)
	if len(scenarios) > 1 {
		var series []excelize.ChartSeries
		sheet := "'" + s.Name + "'"
		for i := range scenarios[1:] {
			c := 3 + 4*(i+1) + 1
			series = append(series, excelize.ChartSeries{
				Name:       fmt.Sprintf("%s!$%s$%d", sheet, xlsx.Col(c-1), tr),
				Categories: fmt.Sprintf("%s!$B$%d:$B$%d", sheet, first, last),
				Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", sheet, xlsx.Col(c), first, xlsx.Col(c), last),
			})
		}
		s.Chart(xlsx.Ref(2, s.Next()+1), &excelize.Chart{
			Type:      excelize.Col,
			Series:    series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: lang.trf("cmp.chart", baseline)}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 720, Height: 360},
		})
	}
	var checks []Check
	for i, sc := range scenarios {
		ref := scenarioSheet(b, sc, lang)
		checks = append(checks, Check{lang.trf("au.c.scenario", sc.ID), xlsx.On(s.Name, xlsx.Ref(3+4*i, last+1)), ref, sc.Result.Total})
	}
	auditSheet(b, audit, lang, checks, nil)
	return b
}

func pctCell(formula string, part, whole decimal.Decimal) xlsx.Cell {
	if whole.IsZero() {
		return xlsx.Formula(formula, "", xlsx.StylePercent)
	}
	return xlsx.Formula(formula, new(big.Rat).Quo(part.Rat(), whole.Rat()), xlsx.StylePercent)
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
func scenarioSheet(b *xlsx.Book, sc ScenarioResult, lang Lang) string {
	r := sc.Result
	s := b.Sheet(sheetName(sc.ID))
	s.Widths(30, 16, 12, 15, 13, 15, 15, 17, 17)
	title := sc.ID
	if sc.Name != "" {
		title += ": " + sc.Name
	}
	s.Row(xlsx.Styled(title, xlsx.StyleTitle))
	s.Blank()
	s.Row(xlsx.Text(lang.tr("factor")), xlsx.Styled(r.Factor, xlsx.StyleFactor))
	ib := s.Row(xlsx.Text(lang.tr("indexed_base")), xlsx.Styled(r.IndexedBase, xlsx.StyleMoney))
	ca := s.Row(xlsx.Text(lang.tr("common_add")), xlsx.Styled(r.Common, moneyStyle(r.Common, r.Places, false)))
	tr := s.Row(xlsx.Text(lang.tr("minus_transf")), xlsx.Styled(r.TransfersSum, xlsx.StyleMoney))
	pr := s.Row(xlsx.Styled(lang.tr("pool"), xlsx.StyleTotalText), xlsx.Formula(roundFormula(fmt.Sprintf("B%d+B%d-B%d", ib, ca, tr), r.PoolExact, int(r.Places)), r.Pool, xlsx.StyleTotalMoney))
	s.Row(xlsx.Text(lang.tr("next_base")), xlsx.Styled(r.NextBase, moneyStyle(r.NextBase, r.Places, false)))
	s.Blank()
	hr := s.Row(xlsx.Styled(lang.tr("member"), xlsx.StyleHeader), xlsx.Styled(lang.tr("name"), xlsx.StyleHeader), xlsx.Styled(lang.tr("key_share"), xlsx.StyleHeader),
		xlsx.Styled(lang.tr("allocated"), xlsx.StyleHeader), xlsx.Styled(lang.tr("own_additions"), xlsx.StyleHeader), xlsx.Styled(lang.tr("volume"), xlsx.StyleHeader),
		xlsx.Styled(lang.tr("fee"), xlsx.StyleHeader), xlsx.Styled(lang.tr("carried"), xlsx.StyleHeader), xlsx.Styled(lang.tr("net_effect"), xlsx.StyleHeader))
	first := hr + 1
	for _, m := range r.Members {
		n := s.Next()
		s.Row(xlsx.Text(m.ID), xlsx.Text(m.Name), xlsx.Styled(m.Share(), xlsx.StyleShare), xlsx.Styled(m.Allocated.Decimal(), xlsx.StyleMoney), xlsx.Styled(m.Additions.Decimal(), xlsx.StyleMoney),
			xlsx.Styled(m.Volume.Decimal(), xlsx.StyleMoney), xlsx.Formula(fmt.Sprintf("D%d+E%d+F%d", n, n, n), m.Fee.Decimal(), xlsx.StyleMoney),
			xlsx.Styled(m.TransferCarried, xlsx.StyleMoney), xlsx.Styled(m.TransferNet(), xlsx.StyleMoney))
	}
	last := s.Next() - 1
	s.Row(xlsx.Styled(lang.tr("total"), xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText),
		xlsx.Formula(fmt.Sprintf("SUM(C%d:C%d)", first, last), decimal.NewFromInt(1), xlsx.StyleTotalShare),
		xlsx.Formula(fmt.Sprintf("SUM(D%d:D%d)", first, last), r.Pool, xlsx.StyleTotalMoney), xlsx.Styled("", xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText),
		xlsx.Formula(fmt.Sprintf("SUM(G%d:G%d)", first, last), r.Total, xlsx.StyleTotalMoney))
	n := s.Next()
	s.Row(xlsx.Text(lang.tr("check")+": "+lang.tr("allocated")+" = "+lang.tr("pool")), xlsx.Cell{}, xlsx.Cell{},
		xlsx.Formula(fmt.Sprintf("IF(D%d=B%d,\"OK\",D%d-B%d)", n-1, pr, n-1, pr), "OK", xlsx.StyleCheck))
	return xlsx.On(s.Name, fmt.Sprintf("G%d", n-1))
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

// compareLabels are the labels of the comparison workbook.
var compareLabels = labelTable{
	"cmp.sheet":    {"Jämförelse", "Comparison"},
	"cmp.title":    {"Medlemsbidrag %d – scenarier jämförda med %s", "Member fee %d – scenarios against %s"},
	"cmp.note":     {"Skillnad = scenariots avgift − baslinjens (baseline). Nettoeffekt av ramväxling = det kommunen själv bär − dess andel av poolens sänkning.", "Difference = the scenario's fee − the baseline's. Net effect of transfers = what the member carries itself − its share of the pool's reduction."},
	"cmp.diff":     {"Skillnad kr", "Difference"},
	"cmp.diff_pct": {"Skillnad %", "Difference %"},
	"cmp.chart":    {"Skillnad mot %s per kommun (kr)", "Difference to %s per member"},
}
