package report

import (
	"fmt"
	"sort"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"memberfee/clients"
	"memberfee/internal/xlsx"
)

// ClientsInput is what the clients workbook and JSON show.
type ClientsInput struct {
	Result   *clients.Result
	Names    map[string]string                     // member id → name
	Licences map[string]map[string]decimal.Decimal // member → licence type → count; nil without a licence input
	Rate     decimal.Decimal
	Types    []clients.TypeRule
	Version  string
	Clause   string // the policy's clause of the client devices (policy.Policy.ClientsClause); none when empty
}

// ClientsJSON is `memberfee clients`'s JSON (SPEC "Clients").
type ClientsJSON struct {
	Year         int                  `json:"year"`
	Members      []ClientsMemberJSON  `json:"members"`
	LicenceCheck []LicenceCheckJSON   `json:"licence_check"`
	Rejected     []ClientRejectedJSON `json:"rejected"`
}

// ClientsMemberJSON is one member's devices.
type ClientsMemberJSON struct {
	ID                    string `json:"id"`
	Name                  string `json:"name"`
	Devices               int    `json:"devices"`
	Depreciation          string `json:"depreciation"`
	Interest              string `json:"interest"`
	BookValue             string `json:"book_value"`
	Replacements          int    `json:"replacements"`
	ReplacementInvestment string `json:"replacement_investment"`
	Shared                int    `json:"shared_devices"`
	Personal              int    `json:"personal_devices"`
}

// LicenceCheckJSON sets a member's devices against its licences.
type LicenceCheckJSON struct {
	Member          string `json:"member"`
	SharedDevices   int    `json:"shared_devices"`
	F3              string `json:"f3_licences"`
	PersonalDevices int    `json:"personal_devices"`
	E3A3            string `json:"e3_a3_licences"`
	Agrees          bool   `json:"agrees"`
}

// ClientRejectedJSON is a register row not counted.
type ClientRejectedJSON struct {
	File   string `json:"file"`
	Row    int    `json:"row"`
	Column string `json:"column"`
	ReasonJSON
}

// NewClientsJSON converts the clients result.
func NewClientsJSON(in *ClientsInput) *ClientsJSON {
	j := &ClientsJSON{Year: in.Result.Year, Members: []ClientsMemberJSON{}, LicenceCheck: []LicenceCheckJSON{}, Rejected: []ClientRejectedJSON{}}
	for _, m := range in.Result.Members {
		j.Members = append(j.Members, ClientsMemberJSON{ID: m.ID, Name: in.Names[m.ID], Devices: m.Devices,
			Depreciation: m.Depreciation.StringFixed(2), Interest: m.Interest.StringFixed(2), BookValue: m.BookValue.StringFixed(2),
			Replacements: m.Replacements, ReplacementInvestment: m.ReplacementInvestment.StringFixed(2), Shared: m.Shared, Personal: m.Personal})
	}
	j.LicenceCheck = licenceCheck(in)
	for _, r := range in.Result.Rejected {
		j.Rejected = append(j.Rejected, ClientRejectedJSON{r.File, r.Row, r.Column, newReasonJSON(r.Reason, "")})
	}
	return j
}

func licenceCheck(in *ClientsInput) []LicenceCheckJSON {
	out := []LicenceCheckJSON{}
	if in.Licences == nil {
		return out
	}
	for _, m := range in.Result.Members {
		l := in.Licences[m.ID]
		f3, e3a3 := l["F3"], l["E3"].Add(l["A3"])
		out = append(out, LicenceCheckJSON{Member: m.ID, SharedDevices: m.Shared, F3: f3.String(), PersonalDevices: m.Personal, E3A3: e3a3.String(),
			Agrees: f3.Equal(decimal.NewFromInt(int64(m.Shared))) && e3a3.Equal(decimal.NewFromInt(int64(m.Personal)))})
	}
	return out
}

// Columns of the device sheet.
const (
	dID = iota + 1
	dMember
	dName
	dDept
	dType
	dShared
	dPurchased
	dPrice
	dYears
	dMonthly
	dBefore
	dMonths
	dDepreciation
	dInterest
	dBook
	dLast
	dAge
	dDue
	dReplacement
	dCols = dReplacement
)

// ClientsBook lays out the client workbook: a summary per member, the
// devices with their schedule as formulas, a replacement list per member,
// devices by age with a chart, the licence cross-check and rejected rows.
func ClientsBook(in *ClientsInput, lang Lang, audit *Audit) *xlsx.Book {
	r := in.Result
	title := lang.trf("cl.title", r.Year)
	if in.Clause != "" {
		title += lang.trf("cl.title_clause", in.Clause)
	}
	b := xlsx.NewBook(title, 2)
	summary := b.Sheet(lang.tr("sheet.summary"))
	dev := b.Sheet(lang.tr("cl.sheet.devices"))
	dev.Widths(14, 8, 12, 30, 9, 8, 11, 12, 7, 11, 8, 8, 13, 11, 13, 11, 6, 8, 13)
	dev.Row(xlsx.Styled(title, xlsx.StyleTitle))
	rateRow := dev.Row(xlsx.Text(lang.tr("interest_rate")), xlsx.Styled(in.Rate, xlsx.StylePercent))
	dev.Row(xlsx.Styled(lang.tr("cl.note"), xlsx.StyleNote))
	dev.Blank()
	dev.Freeze(dev.Row(hdrCells(lang, "cl.device", "member", "name", "cb.department", "cl.type", "cl.shared", "cl.purchased", "cl.price",
		"dep_years", "cl.monthly", "cl.before", "cl.months", "depreciation", "interest", "cl.book", "cl.last", "cl.age", "cl.due", "cl.replacement")...))
	first := dev.Next()
	rate := xlsx.AbsRef(2, rateRow)
	for _, s := range r.Schedules {
		n := dev.Next()
		ref := func(c int) string { return xlsx.Ref(c, n) }
		row := make([]xlsx.Cell, dCols)
		row[dID-1] = xlsx.Text(s.ID)
		row[dMember-1] = xlsx.Text(s.Member)
		row[dName-1] = xlsx.Text(in.Names[s.Member])
		row[dDept-1] = xlsx.Text(s.Department)
		row[dType-1] = xlsx.Text(s.Type)
		row[dShared-1] = xlsx.Text(yesNo(lang, s.Shared))
		row[dPurchased-1] = xlsx.Styled(s.Purchased, xlsx.StyleDate)
		row[dPrice-1] = xlsx.Styled(s.Price, xlsx.StyleMoney2)
		row[dYears-1] = xlsx.Styled(s.Years, xlsx.StyleInt)
		row[dMonthly-1] = xlsx.Formula(fmt.Sprintf("%s/(%s*12)", ref(dPrice), ref(dYears)), s.Monthly, xlsx.StyleMoney2)
		row[dBefore-1] = xlsx.Styled(s.Before, xlsx.StyleInt)
		row[dMonths-1] = xlsx.Styled(s.Months, xlsx.StyleInt)
		row[dDepreciation-1] = xlsx.Formula(fmt.Sprintf("%s*%s", ref(dMonthly), ref(dMonths)), s.Depreciation, xlsx.StyleMoney2)
		row[dInterest-1] = xlsx.Formula(fmt.Sprintf("%s/12*(%s*%s-%s*(%s*%s+%s*(%s-1)/2))", rate, ref(dMonths), ref(dPrice), ref(dMonthly),
			ref(dMonths), ref(dBefore), ref(dMonths), ref(dMonths)), s.Interest, xlsx.StyleMoney2)
		row[dBook-1] = xlsx.Formula(fmt.Sprintf("%s-%s*(%s+%s)", ref(dPrice), ref(dMonthly), ref(dBefore), ref(dMonths)), s.BookValue, xlsx.StyleMoney2)
		row[dLast-1] = xlsx.Styled(s.LastMonth, xlsx.StyleDate)
		row[dAge-1] = xlsx.Styled(s.AgeYears, xlsx.StyleInt)
		row[dDue-1] = xlsx.Text(yesNo(lang, s.Due))
		if s.Due {
			row[dReplacement-1] = xlsx.Styled(s.ReplacementAt, xlsx.StyleMoney2)
		}
		dev.Row(row...)
	}
	last := dev.Next() - 1
	col := func(c int) string {
		return xlsx.On(dev.Name, fmt.Sprintf("$%s$%d:$%s$%d", xlsx.Col(c), first, xlsx.Col(c), max(last, first)))
	}

	// The summary.
	summary.Widths(10, 16, 10, 15, 13, 15, 15, 13, 17, 10, 10)
	summary.Row(xlsx.Styled(title, xlsx.StyleTitle))
	summary.Row(xlsx.Styled(lang.tr("cl.summary_note"), xlsx.StyleNote))
	summary.Blank()
	summary.Freeze(summary.Row(hdrCells(lang, "member", "name", "cl.devices", "depreciation", "interest", "capital_cost", "cl.book",
		"cl.replacements", "cl.investment", "cl.shared_n", "cl.personal_n")...))
	sfirst := summary.Next()
	for _, m := range r.Members {
		n := summary.Next()
		sumif := func(c int, exact any) xlsx.Cell {
			if last < first {
				return xlsx.Formula("0", exact, xlsx.StyleMoney2)
			}
			return xlsx.Formula(fmt.Sprintf("ROUND(SUMIF(%s,$A%d,%s),2)", col(dMember), n, col(c)), exact, xlsx.StyleMoney2)
		}
		count := func(crit string, v int) xlsx.Cell {
			if last < first {
				return xlsx.Formula("0", v, xlsx.StyleInt)
			}
			return xlsx.Formula(fmt.Sprintf("COUNTIFS(%s,$A%d%s)", col(dMember), n, crit), v, xlsx.StyleInt)
		}
		repl := xlsx.Formula("0", m.ReplacementInvestment, xlsx.StyleMoney2)
		if last >= first {
			repl = xlsx.Formula(fmt.Sprintf("ROUND(SUMIFS(%s,%s,$A%d,%s,\"%s\"),2)", col(dReplacement), col(dMember), n, col(dDue), lang.tr("yes")), m.ReplacementInvestment, xlsx.StyleMoney2)
		}
		summary.Row(xlsx.Text(m.ID), xlsx.Text(in.Names[m.ID]), count("", m.Devices), sumif(dDepreciation, m.Depreciation), sumif(dInterest, m.Interest),
			xlsx.Formula(fmt.Sprintf("D%d+E%d", n, n), m.Depreciation.Add(m.Interest), xlsx.StyleMoney2), sumif(dBook, m.BookValue),
			count(fmt.Sprintf(",%s,\"%s\"", col(dDue), lang.tr("yes")), m.Replacements), repl,
			count(fmt.Sprintf(",%s,\"%s\"", col(dShared), lang.tr("yes")), m.Shared), count(fmt.Sprintf(",%s,\"%s\"", col(dShared), lang.tr("no")), m.Personal))
	}
	slast := summary.Next() - 1
	tot := []xlsx.Cell{xlsx.Styled(lang.tr("total"), xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText)}
	var devices, repls, shared, personal int
	sums := make([]decimal.Decimal, 5)
	for _, m := range r.Members {
		devices, repls, shared, personal = devices+m.Devices, repls+m.Replacements, shared+m.Shared, personal+m.Personal
		for i, v := range []decimal.Decimal{m.Depreciation, m.Interest, m.Depreciation.Add(m.Interest), m.BookValue, m.ReplacementInvestment} {
			sums[i] = sums[i].Add(v)
		}
	}
	sum := func(c int, v any, st xlsx.Style) xlsx.Cell {
		return xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(c), sfirst, xlsx.Col(c), slast), v, st)
	}
	tot = append(tot, sum(3, devices, xlsx.StyleTotalInt), sum(4, sums[0], xlsx.StyleTotalMoney2), sum(5, sums[1], xlsx.StyleTotalMoney2),
		sum(6, sums[2], xlsx.StyleTotalMoney2), sum(7, sums[3], xlsx.StyleTotalMoney2), sum(8, repls, xlsx.StyleTotalInt), sum(9, sums[4], xlsx.StyleTotalMoney2),
		sum(10, shared, xlsx.StyleTotalInt), sum(11, personal, xlsx.StyleTotalInt))
	summary.Row(tot...)

	// Devices by age, for the chart.
	age := b.Sheet(lang.tr("cl.sheet.age"))
	ages := map[int]map[string]int{}
	maxAge := 0
	for _, s := range r.Schedules {
		if ages[s.AgeYears] == nil {
			ages[s.AgeYears] = map[string]int{}
		}
		ages[s.AgeYears][s.Type]++
		maxAge = max(maxAge, s.AgeYears)
	}
	types := typesIn(r)
	age.Widths(12, 10, 10, 10, 10, 10, 10)
	age.Row(xlsx.Styled(lang.tr("cl.age_title"), xlsx.StyleTitle))
	age.Blank()
	ah := age.Row(hdrCells(lang, append([]string{"cl.age"}, types...)...)...)
	afirst := age.Next()
	for a := 0; a <= maxAge; a++ {
		row := []xlsx.Cell{xlsx.Styled(a, xlsx.StyleInt)}
		for _, t := range types {
			row = append(row, xlsx.Styled(ages[a][t], xlsx.StyleInt))
		}
		age.Row(row...)
	}
	alast := age.Next() - 1
	var series []excelize.ChartSeries
	sheet := "'" + age.Name + "'"
	for i := range types {
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$%d", sheet, xlsx.Col(2+i), ah),
			Categories: fmt.Sprintf("%s!$A$%d:$A$%d", sheet, afirst, alast),
			Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", sheet, xlsx.Col(2+i), afirst, xlsx.Col(2+i), alast),
		})
	}
	if len(series) > 0 {
		summary.Chart(xlsx.Ref(2, summary.Next()+1), &excelize.Chart{Type: excelize.Col, Series: series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: lang.tr("cl.chart")}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 640, Height: 320}})
	}
	age.Blank()
	age.Row(hdrCells(lang, "member", "name", "cb.department", "cl.type", "cl.age", "cl.devices")...)
	for _, ac := range deptAges(r) {
		age.Row(xlsx.Text(ac[0].(string)), xlsx.Text(in.Names[ac[0].(string)]), xlsx.Text(ac[1].(string)), xlsx.Text(ac[2].(string)), xlsx.Styled(ac[3], xlsx.StyleInt), xlsx.Styled(ac[4], xlsx.StyleInt))
	}

	// A replacement list per member.
	for _, m := range r.Members {
		s := b.Sheet(sheetName(fmt.Sprintf("%s %s", m.ID, in.Names[m.ID])))
		s.Widths(16, 30, 9, 12, 12, 14)
		s.Row(xlsx.Styled(lang.trf("cl.repl_title", in.Names[m.ID], r.Year+1), xlsx.StyleTitle))
		s.Blank()
		s.Freeze(s.Row(hdrCells(lang, "cl.device", "cb.department", "cl.type", "cl.purchased", "cl.last", "cl.replacement")...))
		f := s.Next()
		for _, d := range r.Schedules {
			if d.Member == m.ID && d.Due {
				s.Row(xlsx.Text(d.ID), xlsx.Text(d.Department), xlsx.Text(d.Type), xlsx.Styled(d.Purchased, xlsx.StyleDate), xlsx.Styled(d.LastMonth, xlsx.StyleDate), xlsx.Styled(d.ReplacementAt, xlsx.StyleMoney2))
			}
		}
		l := s.Next() - 1
		total := xlsx.Formula("0", m.ReplacementInvestment, xlsx.StyleTotalMoney2)
		if l >= f {
			total = xlsx.Formula(fmt.Sprintf("SUM(F%d:F%d)", f, l), m.ReplacementInvestment, xlsx.StyleTotalMoney2)
		}
		s.Row(xlsx.Styled(lang.tr("cl.investment"), xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText), total)
	}

	// The licence cross-check.
	lc := b.Sheet(lang.tr("cl.sheet.licences"))
	lc.Widths(10, 16, 14, 12, 14, 14, 12)
	lc.Row(xlsx.Styled(lang.tr("cl.lic_title"), xlsx.StyleTitle))
	lc.Blank()
	lc.Row(hdrCells(lang, "member", "name", "cl.shared_n", "cl.f3", "cl.personal_n", "cl.e3a3", "check")...)
	for _, c := range licenceCheck(in) {
		n := lc.Next()
		f3, _ := decimal.NewFromString(c.F3)
		e3, _ := decimal.NewFromString(c.E3A3)
		status := "OK"
		if !c.Agrees {
			status = lang.tr("cl.differs")
		}
		lc.Row(xlsx.Text(c.Member), xlsx.Text(in.Names[c.Member]), xlsx.Styled(c.SharedDevices, xlsx.StyleInt), xlsx.Styled(f3, xlsx.StyleInt), xlsx.Styled(c.PersonalDevices, xlsx.StyleInt), xlsx.Styled(e3, xlsx.StyleInt),
			xlsx.Formula(fmt.Sprintf("IF(AND(C%d=D%d,E%d=F%d),\"OK\",\"%s\")", n, n, n, n, lang.tr("cl.differs")), status, xlsx.StyleCheck))
	}

	// Rejected rows.
	rj := b.Sheet(lang.tr("cb.sheet.rejected"))
	rj.Widths(22, 7, 12, 80)
	rj.Row(xlsx.Styled(lang.tr("cl.rej_title"), xlsx.StyleTitle))
	rj.Blank()
	rj.Row(hdrCells(lang, "cb.file", "cb.row", "cb.column", "cb.reason")...)
	for _, x := range r.Rejected {
		rj.Row(xlsx.Text(x.File), xlsx.Styled(x.Row, xlsx.StyleNumber), xlsx.Text(x.Column), xlsx.Styled(lang.say(x.Reason), xlsx.StyleWrap))
	}
	tr := slast + 1
	checks := []Check{
		{lang.tr("au.c.devices"), xlsx.On(summary.Name, fmt.Sprintf("C%d", tr)), fmt.Sprintf("COUNTA(%s)", col(dID)), len(r.Schedules)},
		{lang.tr("au.c.replacements"), xlsx.On(summary.Name, fmt.Sprintf("H%d", tr)), fmt.Sprintf("COUNTIF(%s,\"%s\")", col(dDue), lang.tr("yes")), repls},
	}
	if last < first {
		checks = nil
	}
	auditSheet(b, audit, lang, checks, nil)
	return b
}

func hdrCells(lang Lang, keys ...string) []xlsx.Cell {
	out := make([]xlsx.Cell, len(keys))
	for i, k := range keys {
		out[i] = xlsx.Styled(lang.tr(k), xlsx.StyleHeader)
	}
	return out
}

func yesNo(lang Lang, b bool) string {
	if b {
		return lang.tr("yes")
	}
	return lang.tr("no")
}

func typesIn(r *clients.Result) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range clients.Types {
		for _, s := range r.Schedules {
			if s.Type == t && !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	for _, s := range r.Schedules {
		if !seen[s.Type] {
			seen[s.Type] = true
			out = append(out, s.Type)
		}
	}
	return out
}

// deptAges counts devices by member, department, type and age.
func deptAges(r *clients.Result) [][5]any {
	type key struct {
		m, d, t string
		a       int
	}
	c := map[key]int{}
	for _, s := range r.Schedules {
		c[key{s.Member, s.Department, s.Type, s.AgeYears}]++
	}
	keys := make([]key, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.m != b.m {
			return a.m < b.m
		}
		if a.d != b.d {
			return a.d < b.d
		}
		if a.t != b.t {
			return a.t < b.t
		}
		return a.a < b.a
	})
	out := make([][5]any, len(keys))
	for i, k := range keys {
		out[i] = [5]any{k.m, k.d, k.t, k.a, c[k]}
	}
	return out
}

// clientsLabels are the labels of the clients workbook.
var clientsLabels = labelTable{
	"cl.title":          {"Klienter %d: investeringsbudget, kapitalkostnad och utbytesplan", "Clients %d: investment budget, capital cost and replacement plan"},
	"cl.title_clause":   {" (punkt %s)", " (clause %s)"},
	"cl.sheet.devices":  {"Enheter", "Devices"},
	"cl.sheet.age":      {"Ålder", "Age"},
	"cl.sheet.licences": {"Licenskontroll", "Licence check"},
	"cl.note":           {"Linjär avskrivning per månad från inköpsmånaden; ränta på bokfört värde vid varje månads början.", "Straight-line depreciation by month from the month of purchase; interest on the book value at each month's start."},
	"cl.summary_note":   {"Utbyten: enheter vars sista månad i livslängden infaller senast december nästa år, till nästa års pris.", "Replacements: devices whose last month of life is December next year or earlier, at next year's price."},
	"cl.device":         {"Enhet", "Device"},
	"cl.type":           {"Typ", "Type"},
	"cl.shared":         {"Delad", "Shared"},
	"cl.purchased":      {"Inköpt", "Purchased"},
	"cl.price":          {"Pris", "Price"},
	"cl.monthly":        {"Avskrivning per månad", "Monthly depreciation"},
	"cl.before":         {"Månader före året", "Months before the year"},
	"cl.months":         {"Månader i året", "Months in the year"},
	"cl.book":           {"Bokfört värde vid årets slut", "Book value at year end"},
	"cl.last":           {"Sista månad", "Last month"},
	"cl.age":            {"Ålder (år)", "Age (years)"},
	"cl.due":            {"Byts", "Due"},
	"cl.replacement":    {"Utbytespris", "Replacement price"},
	"cl.devices":        {"Enheter", "Devices"},
	"cl.replacements":   {"Utbyten", "Replacements"},
	"cl.investment":     {"Investeringsbehov", "Replacement investment"},
	"cl.shared_n":       {"Delade enheter", "Shared devices"},
	"cl.personal_n":     {"Personliga enheter", "Personal devices"},
	"cl.f3":             {"F3", "F3"},
	"cl.e3a3":           {"E3 + A3", "E3 + A3"},
	"cl.age_title":      {"Enheter per ålder och typ", "Devices by age and type"},
	"cl.chart":          {"Enheter per ålder (år)", "Devices by age (years)"},
	"cl.repl_title":     {"Utbytesplan %s %d", "Replacement plan %s %d"},
	"cl.lic_title":      {"Enheter mot licenser: delade datorer (F3) och egna (E3/A3)", "Devices against licences: shared computers (F3) and personal (E3/A3)"},
	"cl.differs":        {"Avviker", "Differs"},
}
