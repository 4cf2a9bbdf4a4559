package report

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"memberfee/allocation"
	"memberfee/internal/xlsx"
)

// ForecastJSON is `memberfee forecast`'s JSON: the fee per member year by
// year; the first year is the allocation of the config's year.
type ForecastJSON struct {
	Years []ForecastYearJSON `json:"years"`
}

// ForecastYearJSON is one year of a forecast.
type ForecastYearJSON struct {
	Year        int                  `json:"year"`
	IndexFactor string               `json:"index_factor"`
	IndexedBase string               `json:"indexed_base"`
	Pool        string               `json:"pool"`
	Total       string               `json:"total"`
	NextBase    string               `json:"next_base"`
	Members     []ForecastMemberJSON `json:"members"`
	// Bridge is the year's bridge from the year before (forecast
	// --bridge; none in the first year).
	Bridge *BridgeJSON `json:"bridge,omitempty"`
}

// ForecastMemberJSON is a member's fee in a year.
type ForecastMemberJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Population string `json:"population"`
	Fee        string `json:"fee"`
	Change     string `json:"change,omitempty"`
}

// NewForecastJSON converts a forecast.
func NewForecastJSON(rs []*allocation.Result) *ForecastJSON {
	j := &ForecastJSON{}
	for _, r := range rs {
		money := func(d decimal.Decimal) string { return d.StringFixed(r.Places) }
		y := ForecastYearJSON{Year: r.Year, IndexFactor: r.Factor.String(), IndexedBase: money(r.IndexedBase), Pool: money(r.Pool),
			Total: money(r.Total), NextBase: r.NextBase.String()}
		for _, m := range r.Members {
			mj := ForecastMemberJSON{ID: m.ID, Name: m.Name, Population: m.Population.String(), Fee: money(m.Fee.Decimal())}
			if change := m.Change(); change.Valid {
				mj.Change = money(change.Decimal)
			}
			y.Members = append(y.Members, mj)
		}
		j.Years = append(j.Years, y)
	}
	return j
}

// ForecastBook lays out a forecast: the fee per member (rows) and year
// (columns) with the pool's working above, and a line chart.
func ForecastBook(rs []*allocation.Result, lang Lang, audit *Audit) *xlsx.Book {
	first := rs[0]
	title := lang.trf("fc.title", first.Year, rs[len(rs)-1].Year)
	b := xlsx.NewBook(title, first.Places)
	s := b.Sheet(lang.tr("fc.sheet"))
	widths := []float64{34, 16}
	for range rs {
		widths = append(widths, 15)
	}
	s.Widths(widths...)
	s.Row(xlsx.Styled(title, xlsx.StyleTitle))
	s.Row(xlsx.Styled(lang.tr("fc.note"), xlsx.StyleNote))
	s.Blank()
	hdr := []xlsx.Cell{xlsx.Styled(lang.tr("year"), xlsx.StyleHeader), xlsx.Styled("", xlsx.StyleHeader)}
	for _, r := range rs {
		hdr = append(hdr, xlsx.Styled(fmt.Sprint(r.Year), xlsx.StyleHeader))
	}
	hr := s.Row(hdr...)
	row := func(label string, st xlsx.Style, f func(r *allocation.Result) any) {
		cells := []xlsx.Cell{xlsx.Text(label), xlsx.Cell{}}
		for _, r := range rs {
			cells = append(cells, xlsx.Styled(f(r), st))
		}
		s.Row(cells...)
	}
	// The next base in whole kronor when every year's is, as the fees are.
	nextStyle := xlsx.StyleMoney
	for _, r := range rs {
		if moneyStyle(r.NextBase, first.Places, false) != xlsx.StyleMoney {
			nextStyle = xlsx.StyleMoney2
		}
	}
	row(lang.tr("factor"), xlsx.StyleFactor, func(r *allocation.Result) any { return r.Factor })
	row(lang.tr("indexed_base"), xlsx.StyleMoney, func(r *allocation.Result) any { return r.IndexedBase })
	row(lang.tr("pool"), xlsx.StyleMoney, func(r *allocation.Result) any { return r.Pool })
	row(lang.tr("next_base"), nextStyle, func(r *allocation.Result) any { return r.NextBase })
	s.Blank()
	mh := s.Row(append([]xlsx.Cell{xlsx.Styled(lang.tr("member"), xlsx.StyleHeader), xlsx.Styled(lang.tr("name"), xlsx.StyleHeader)}, hdr[2:]...)...)
	mfirst := s.Next()
	for i, m := range first.Members {
		cells := []xlsx.Cell{xlsx.Text(m.ID), xlsx.Text(m.Name)}
		for _, r := range rs {
			cells = append(cells, xlsx.Styled(r.Members[i].Fee.Decimal(), xlsx.StyleMoney))
		}
		s.Row(cells...)
	}
	mlast := s.Next() - 1
	tot := []xlsx.Cell{xlsx.Styled(lang.tr("total"), xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText)}
	for k, r := range rs {
		c := xlsx.Col(3 + k)
		tot = append(tot, xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", c, mfirst, c, mlast), r.Total, xlsx.StyleTotalMoney))
	}
	s.Row(tot...)
	s.Freeze(hr)
	sheet := "'" + s.Name + "'"
	var series []excelize.ChartSeries
	for i := range first.Members {
		n := mfirst + i
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$B$%d", sheet, n),
			Categories: fmt.Sprintf("%s!$C$%d:$%s$%d", sheet, mh, xlsx.Col(2+len(rs)), mh),
			Values:     fmt.Sprintf("%s!$C$%d:$%s$%d", sheet, n, xlsx.Col(2+len(rs)), n),
		})
	}
	s.Chart(xlsx.Ref(2, s.Next()+1), &excelize.Chart{
		Type: excelize.Line, Series: series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: lang.tr("fc.chart")}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		Dimension: excelize.ChartDimension{Width: 720, Height: 360},
	})
	var checks []Check
	for k, r := range rs {
		c := xlsx.Col(3 + k)
		checks = append(checks, Check{lang.trf("au.c.year", r.Year), xlsx.On(s.Name, fmt.Sprintf("%s%d", c, mlast+1)), r.Total.String(), r.Total})
	}
	auditSheet(b, audit, lang, checks, nil)
	return b
}

// forecastLabels are the labels of the forecast workbook.
var forecastLabels = labelTable{
	"fc.sheet": {"Prognos", "Forecast"},
	"fc.title": {"Medlemsbidrag – prognos %d–%d", "Member fee – forecast %d–%d"},
	"fc.note": {"Varje år utgår från föregående års bas (next_base): ramväxlingen och permanenta tillägg ligger då redan i basen; volymjusteringar gäller bara första året. Antaganden: forecast.indexation och forecast.population i konfigurationen.",
		"Each year starts from the previous year's base (next_base): transfers and permanent additions are then in the base; volume adjustments apply to the first year only. Assumptions: forecast.indexation and forecast.population in the config."},
	"fc.chart": {"Medlemsbidrag per kommun och år", "Fee per member and year"},
}
