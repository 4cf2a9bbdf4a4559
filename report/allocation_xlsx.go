package report

import (
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"memberfee/allocation"
	"memberfee/internal/numtext"
	"memberfee/internal/xlsx"
)

// AllocationBook lays out the annual fee workbook: a summary per member and
// one sheet per step of the calculation, each calculated column a live
// formula whose cached value is the engine's figure.
func AllocationBook(in *allocation.Input, r *allocation.Result, lang Lang, audit *Audit) *xlsx.Book {
	return allocationBook(in, r, nil, lang, audit)
}

// allocationBook is AllocationBook, with the Förändring sheet when bridge
// is not nil.
func allocationBook(in *allocation.Input, r *allocation.Result, bridge *allocation.Bridge, lang Lang, audit *Audit) *xlsx.Book {
	version := ""
	if audit != nil {
		version = audit.Engine
	}
	w := &feeWriter{in: in, r: r, l: lang, version: version}
	w.b = xlsx.NewBook(lang.trf("title.summary", r.Year), r.Places)
	// Sheets are added in reading order; the steps are laid out first, since
	// the summary refers to their cells.
	summary := w.b.Sheet(lang.tr("sheet.summary"))
	w.indexation()
	w.additions()
	transfers := w.transferList()
	w.allocation()
	w.transferNet(transfers) // refers to the key shares
	w.volume()
	w.summary(summary)
	w.installments() // refers to the fees of the summary
	if bridge != nil {
		w.bridgeSheet(bridge) // refers to the fees of the summary
	}
	w.inputs()
	w.audit(audit)
	w.b.Order(
		lang.tr("sheet.summary"), lang.tr("br.sheet"), lang.tr("sheet.indexation"), lang.tr("sheet.additions"),
		lang.tr("sheet.transfers"), lang.tr("sheet.volume"), lang.tr("sheet.allocation"),
		lang.tr("sheet.installments"), lang.tr("sheet.inputs"), lang.tr("au.sheet"),
	)
	return w.b
}

// audit adds the Revision sheet: the balance checks across the sheets and
// each member's rounding.
func (w *feeWriter) audit(a *Audit) {
	l := w.l
	allocated := decimal.Zero
	for _, m := range w.r.Members {
		allocated = allocated.Add(m.Allocated.Decimal())
	}
	checks := []Check{
		{l.tr("au.c.fees"), w.sumFees, w.totalFee, w.r.Total},
		{l.tr("au.c.parts"), w.sumParts, w.sumFees, w.r.Total},
		{l.tr("au.c.pool"), w.allocTotal, w.pool, w.r.Pool},
		{l.tr("au.c.summary_alloc"), w.sumAllocated, w.pool, allocated},
		{l.tr("au.c.installments"), w.instTotal, w.totalFee, w.r.Total},
	}
	if w.bridgeCheck != nil {
		checks = append(checks, *w.bridgeCheck)
	}
	auditSheet(w.b, a, l, checks, func(s *xlsx.Sheet) {
		s.Row(xlsx.Styled(l.tr("au.rounding"), xlsx.StyleTitle))
		s.Row(hdrCells(l, "member", "quota", "extra", "au.a_exact", "additions", "au.v_exact", "volume")...)
		for _, m := range w.r.Members {
			extra := 0
			if m.Split.Extra {
				extra = 1
			}
			s.Row(xlsx.Text(m.ID+" "+m.Name), xlsx.Styled(m.Split.Quota(), xlsx.StyleExact), xlsx.Styled(extra, xlsx.StyleInt),
				xlsx.Styled(m.AdditionsExact, xlsx.StyleExact), xlsx.Styled(m.Additions.Decimal(), xlsx.StyleMoney), xlsx.Styled(m.VolumeExact(), xlsx.StyleExact), xlsx.Styled(m.Volume.Decimal(), xlsx.StyleMoney))
		}
		s.Row(xlsx.Styled(l.trf("au.pool_rounding", l.exact(decimal.NewFromBigRat(w.r.PoolExact, 4)), l.exact(w.r.Pool), l.exact(w.r.IndexedExact), l.exact(w.r.IndexedBase)), xlsx.StyleNote))
	})
}

// feeWriter remembers where each figure landed, so that later sheets can
// refer to it.
type feeWriter struct {
	in      *allocation.Input
	r       *allocation.Result
	l       Lang
	version string
	b       *xlsx.Book

	// qualified references to totals, for the audit sheet
	sumFees, totalFee, sumParts, allocTotal, sumAllocated, instTotal string

	indexedBase  string // qualified references
	commonTotal  string
	transferSum  string
	pool         string
	transferRows [3]int // first and last amount, total
	permanentSum string
	// per member, by index
	shareRef, allocRef, volRef, carriedRef, reliefRef, netRef []string
	feeRef                                                    []string
	additionsSheet                                            string
	bridgeCheck                                               *Check // the Förändring sheet's, when it is written
	addScopeCol, addMemberCol, addCostCol                     string // full column ranges on the additions sheet
}

func (w *feeWriter) money(d decimal.Decimal) xlsx.Cell { return xlsx.Styled(d, xlsx.StyleMoney) }

// unitStyle is the style of an amount beside the fee (moneyStyle).
func (w *feeWriter) unitStyle(v any, total bool) xlsx.Style { return moneyStyle(v, w.r.Places, total) }

// moneyStyle is the style of an amount beside a fee of places decimals:
// in those places (whole kronor) when it has no more decimals than they,
// to the öre otherwise, so that whole kronor are not shown beside ",00".
func moneyStyle(v any, places int32, total bool) xlsx.Style {
	whole := true
	switch x := v.(type) {
	case decimal.Decimal:
		whole = x.Equal(x.Round(places))
	case *big.Rat:
		p, ok := decimalPlaces(x)
		whole = ok && p <= int(places)
	}
	switch {
	case whole && total:
		return xlsx.StyleTotalMoney
	case whole:
		return xlsx.StyleMoney
	case total:
		return xlsx.StyleTotalMoney2
	}
	return xlsx.StyleMoney2
}

// amountText writes an amount inside text, as unitStyle shows it in a cell.
func (w *feeWriter) amountText(v any) string {
	places := w.r.Places
	if st := w.unitStyle(v, false); st == xlsx.StyleMoney2 {
		places = 2
	}
	return numtext.Of(string(w.l)).Number(ratDecimal(v), places, false) + " " + w.currency()
}

// ratDecimal is an exact figure as a decimal to the öre, for text.
func ratDecimal(v any) decimal.Decimal {
	switch x := v.(type) {
	case decimal.Decimal:
		return x
	case *big.Rat:
		return decimal.NewFromBigRat(x, 2)
	}
	return decimal.Zero
}

// round wraps a formula expression in the spreadsheet rounding that matches
// R(x), given the exact value x the engine computed: ROUND(x, places) when
// the unit is a power of ten, otherwise ROUND(x / unit, 0) * unit.
//
// A spreadsheet computes x in binary floating point, so an exact tie such as
// 62 648 337.5 may arrive as 62 648 337.49999999 and round down. Where the
// exact value has a few more decimals than the unit, the expression is
// first rounded to exactly those decimals, which changes nothing but the
// floating-point noise.
func (w *feeWriter) round(expr string, exact *big.Rat) string {
	u := w.r.Unit
	for k := int32(-18); k <= 18; k++ {
		if u.Equal(decimal.New(1, k)) {
			return fmt.Sprintf("ROUND(%s,%d)", denoise(expr, exact, int(-k)), -k)
		}
	}
	q := new(big.Rat).Quo(exact, u.Rat())
	inner := fmt.Sprintf("(%s)/%s", expr, u.String())
	return fmt.Sprintf("ROUND(%s,0)*%s", denoise(inner, q, 0), u.String())
}

// denoise rounds expr to the decimals of its exact value when it has more
// than places and few enough that a spreadsheet number holds them.
func denoise(expr string, exact *big.Rat, places int) string {
	p, ok := decimalPlaces(exact)
	if !ok || p <= places {
		return expr
	}
	intDigits := len(new(big.Int).Quo(new(big.Int).Abs(exact.Num()), exact.Denom()).String())
	if intDigits+p > xlsx.MaxDigits {
		return expr
	}
	return fmt.Sprintf("ROUND(%s,%d)", expr, p)
}

// roundFormula is ROUND(expr, places) for an expression whose exact value
// the engine knows, robust against floating-point noise at a tie.
func roundFormula(expr string, exact *big.Rat, places int) string {
	return fmt.Sprintf("ROUND(%s,%d)", denoise(expr, exact, places), places)
}

// decimalPlaces returns the number of decimals of x when it is a terminating
// decimal fraction.
func decimalPlaces(x *big.Rat) (int, bool) {
	d := new(big.Int).Set(x.Denom())
	p := 0
	ten, two, five := big.NewInt(10), big.NewInt(2), big.NewInt(5)
	zero := new(big.Int)
	for d.Cmp(big.NewInt(1)) != 0 {
		m := new(big.Int)
		switch {
		case m.Mod(d, ten).Cmp(zero) == 0:
			d.Quo(d, ten)
		case m.Mod(d, two).Cmp(zero) == 0:
			d.Quo(d, two)
		case m.Mod(d, five).Cmp(zero) == 0:
			d.Quo(d, five)
		default:
			return 0, false
		}
		p++
		if p > 40 {
			return 0, false
		}
	}
	return p, true
}

func (w *feeWriter) header(s *xlsx.Sheet, keys ...string) int {
	return s.Row(hdrCells(w.l, keys...)...)
}

func (w *feeWriter) title(s *xlsx.Sheet, key string) {
	s.Row(xlsx.Styled(w.l.trf(key, w.r.Year), xlsx.StyleTitle))
	note := w.l.trf("illustrative", w.currency())
	if w.in.Organisation != "" {
		note = w.in.Organisation + ". " + note
	}
	s.Row(xlsx.Styled(note, xlsx.StyleNote))
	s.Blank()
}

func (w *feeWriter) currency() string {
	if w.in.Currency == "" {
		return "SEK"
	}
	return w.in.Currency
}

func (w *feeWriter) yesNo(b bool) string { return yesNo(w.l, b) }

// memberName is a member's name, "" for none (a common addition's member).
func (w *feeWriter) memberName(id string) string {
	for _, m := range w.in.Members {
		if m.ID == id {
			return m.Name
		}
	}
	return ""
}

func (w *feeWriter) indexation() {
	s := w.b.Sheet(w.l.tr("sheet.indexation"))
	s.Widths(28, 18, 14, 26, 60)
	w.title(s, "title.indexation")
	w.header(s, "component", "share", "rate", "contribution", "source")
	first := s.Next()
	for _, c := range w.r.Indexation {
		n := s.Next()
		s.Row(xlsx.Text(c.Component.Component), xlsx.Styled(c.Share, xlsx.StylePercent), xlsx.Styled(c.Rate, xlsx.StylePercent),
			xlsx.Formula(fmt.Sprintf("B%d*C%d", n, n), c.Contribution, xlsx.StyleFactor), xlsx.Text(c.Source))
	}
	last := s.Next() - 1
	factor := "1"
	if last >= first {
		factor = fmt.Sprintf("1+SUM(D%d:D%d)", first, last)
	}
	s.Blank()
	fr := s.Row(xlsx.Styled(w.l.tr("factor"), xlsx.StyleTotalText), xlsx.Cell{}, xlsx.Cell{}, xlsx.Formula(factor, w.r.Factor, xlsx.StyleFactor))
	pr := s.Row(xlsx.Text(w.l.tr("prev_total")), xlsx.Cell{}, xlsx.Cell{}, w.money(w.in.Fee.PreviousTotal))
	ib := s.Row(xlsx.Styled(w.l.tr("indexed_base"), xlsx.StyleTotalText), xlsx.Cell{}, xlsx.Cell{},
		xlsx.Formula(w.round(fmt.Sprintf("D%d*D%d", pr, fr), w.r.IndexedExact.Rat()), w.r.IndexedBase, xlsx.StyleTotalMoney))
	w.indexedBase = xlsx.On(s.Name, xlsx.AbsRef(4, ib))
}

// Columns of the additions sheet.
const (
	aID = iota + 1
	aName
	aClause
	aScope
	aMember
	aMemberName
	aInvestment
	aYears
	aRate
	aStart
	aEnd
	aPermanent
	aK
	aDepreciation
	aBook
	aInterest
	aCapital
	aOperating
	aOperatingYear
	aCost
)

func (w *feeWriter) additions() {
	s := w.b.Sheet(w.l.tr("sheet.additions"))
	w.additionsSheet = s.Name
	s.Widths(14, 34, 8, 12, 10, 12, 14, 10, 10, 9, 9, 10, 12, 14, 16, 12, 14, 14, 14, 14)
	s.Row(xlsx.Styled(w.l.trf("title.additions", w.r.Year), xlsx.StyleTitle))
	yr := s.Row(xlsx.Text(w.l.tr("year")), xlsx.Styled(w.r.Year, xlsx.StyleText))
	s.Row(xlsx.Styled(w.l.tr("additions_note"), xlsx.StyleNote))
	s.Blank()
	hr := w.header(s, "id", "description", "clause", "scope", "member", "name", "investment", "dep_years", "interest_rate",
		"start_year", "end_year", "permanent", "k", "depreciation", "opening_book", "interest", "capital_cost",
		"operating", "operating_year", "cost_year")
	s.Freeze(hr)
	first := s.Next()
	year := xlsx.AbsRef(2, yr)
	for _, a := range w.r.Additions {
		n := s.Next()
		ref := func(col int) string { return xlsx.Ref(col, n) }
		var k, end xlsx.Cell
		if a.CapitalYear >= 0 {
			k = xlsx.Styled(a.CapitalYear, xlsx.StyleInt)
		}
		if a.EndYear != 0 {
			end = xlsx.Styled(a.EndYear, xlsx.StyleText)
		}
		var start xlsx.Cell
		if a.StartYear != 0 {
			start = xlsx.Styled(a.StartYear, xlsx.StyleText)
		}
		// A blank start compares as 0, alike in every reader (N() of a
		// blank is #NUM! in Gnumeric).
		opYear := fmt.Sprintf("IF(AND(%s<=%s,OR(%s=\"\",%s<=%s)),%s,0)", ref(aStart), year, ref(aEnd), year, ref(aEnd), ref(aOperating))
		s.Row(
			xlsx.Text(a.ID), xlsx.Styled(a.Name, xlsx.StyleWrap), xlsx.Text(a.Clause), xlsx.Text(w.l.tr("scope."+a.Scope)), xlsx.Text(a.Member), xlsx.Text(w.memberName(a.Member)),
			w.money2(a.Investment), xlsx.Styled(a.DepreciationYears, xlsx.StyleInt), xlsx.Styled(a.InterestRate, xlsx.StylePercent),
			start, end, xlsx.Text(w.yesNo(a.Permanent)), k,
			xlsx.Formula(fmt.Sprintf("IF(ISNUMBER(%s),%s/%s,0)", ref(aK), ref(aInvestment), ref(aYears)), a.Depreciation, xlsx.StyleMoney2),
			xlsx.Formula(fmt.Sprintf("IF(ISNUMBER(%s),%s-%s*%s/%s,0)", ref(aK), ref(aInvestment), ref(aK), ref(aInvestment), ref(aYears)), a.OpeningBook, xlsx.StyleMoney2),
			xlsx.Formula(fmt.Sprintf("%s*%s", ref(aRate), ref(aBook)), a.Interest, xlsx.StyleMoney2),
			xlsx.Formula(fmt.Sprintf("%s+%s", ref(aDepreciation), ref(aInterest)), a.CapitalCost, xlsx.StyleMoney2),
			w.money2(a.Addition.OperatingCost),
			xlsx.Formula(opYear, a.OperatingCost, xlsx.StyleMoney2),
			xlsx.Formula(fmt.Sprintf("%s+%s", ref(aCapital), ref(aOperatingYear)), a.Cost, xlsx.StyleMoney2),
		)
	}
	last := s.Next() - 1
	rng := func(col int) string {
		if last < first {
			return ""
		}
		return fmt.Sprintf("%s%d:%s%d", xlsx.Col(col), first, xlsx.Col(col), last)
	}
	w.addScopeCol, w.addMemberCol, w.addCostCol = xlsx.On(s.Name, rng(aScope)), xlsx.On(s.Name, rng(aMember)), xlsx.On(s.Name, rng(aCost))
	sum := func(col int, cached any) xlsx.Cell {
		if last < first {
			return xlsx.Formula("0", cached, xlsx.StyleTotalMoney2)
		}
		return xlsx.Formula("SUM("+rng(col)+")", cached, xlsx.StyleTotalMoney2)
	}
	var inv, dep, intr, capc, op, opy, cost = new(big.Rat), new(big.Rat), new(big.Rat), new(big.Rat), decimal.Zero, decimal.Zero, new(big.Rat)
	member, permanent := new(big.Rat), decimal.Zero
	for _, a := range w.r.Additions {
		inv.Add(inv, a.Investment.Rat())
		dep.Add(dep, a.Depreciation)
		intr.Add(intr, a.Interest)
		capc.Add(capc, a.CapitalCost)
		op = op.Add(a.Addition.OperatingCost)
		opy = opy.Add(a.OperatingCost)
		cost.Add(cost, a.Cost)
		if a.Scope == allocation.ScopeMember {
			member.Add(member, a.Cost)
		}
		if a.Permanent {
			permanent = permanent.Add(a.OperatingCost)
		}
	}
	row := make([]xlsx.Cell, aCost)
	row[aID-1] = xlsx.Styled(w.l.tr("total"), xlsx.StyleTotalText)
	row[aInvestment-1] = sum(aInvestment, inv)
	row[aDepreciation-1] = sum(aDepreciation, dep)
	row[aInterest-1] = sum(aInterest, intr)
	row[aCapital-1] = sum(aCapital, capc)
	row[aOperating-1] = sum(aOperating, op)
	row[aOperatingYear-1] = sum(aOperatingYear, opy)
	row[aCost-1] = sum(aCost, cost)
	s.Row(row...)
	s.Blank()
	sumif := func(critCol int, crit string, cached any) xlsx.Cell {
		if last < first {
			return xlsx.Formula("0", cached, xlsx.StyleTotalMoney2)
		}
		return xlsx.Formula(fmt.Sprintf("SUMIF(%s,\"%s\",%s)", rng(critCol), crit, rng(aCost)), cached, xlsx.StyleTotalMoney2)
	}
	label := func(key string) []xlsx.Cell {
		c := make([]xlsx.Cell, aCost)
		c[aID-1] = xlsx.Styled(w.l.tr(key), xlsx.StyleTotalText)
		return c
	}
	c := label("common_total")
	c[aCost-1] = sumif(aScope, w.l.tr("scope.common"), w.r.Common)
	w.commonTotal = xlsx.On(s.Name, xlsx.AbsRef(aCost, s.Row(c...)))
	c = label("member_total")
	c[aCost-1] = sumif(aScope, w.l.tr("scope.member"), member)
	s.Row(c...)
	c = label("permanent_total")
	if last < first {
		c[aCost-1] = xlsx.Formula("0", permanent, xlsx.StyleTotalMoney2)
	} else {
		c[aCost-1] = xlsx.Formula(fmt.Sprintf("SUMIF(%s,\"%s\",%s)", rng(aPermanent), w.l.tr("yes"), rng(aOperatingYear)), permanent, xlsx.StyleTotalMoney2)
	}
	w.permanentSum = xlsx.On(s.Name, xlsx.AbsRef(aCost, s.Row(c...)))
}

func (w *feeWriter) money2(d decimal.Decimal) xlsx.Cell { return xlsx.Styled(d, xlsx.StyleMoney2) }

// Columns of the allocation sheet's member table: id, name, one per key
// driver, then these.
func (w *feeWriter) allocation() {
	s := w.b.Sheet(w.l.tr("sheet.allocation"))
	nk := len(w.r.Keys)
	widths := []float64{30, 16} // the first column also holds the pool's labels
	for range w.r.Keys {
		widths = append(widths, 14)
	}
	s.Widths(append(widths, 14, 18, 14, 12, 11, 16)...)
	w.title(s, "title.allocation")
	s.Row(xlsx.Styled(w.l.tr("pool_calc"), xlsx.StyleHeader), xlsx.Styled(w.l.tr("amount"), xlsx.StyleHeader))
	ib := s.Row(xlsx.Text(w.l.tr("indexed_base")), xlsx.Formula(w.indexedBase, w.r.IndexedBase, xlsx.StyleMoney))
	ca := s.Row(xlsx.Text(w.l.tr("common_add")), xlsx.Formula(w.commonTotal, w.r.Common, w.unitStyle(w.r.Common, false)))
	tr := s.Row(xlsx.Text(w.l.tr("minus_transf")), xlsx.Formula(w.transferSum, w.r.TransfersSum, xlsx.StyleMoney))
	pr := s.Row(xlsx.Styled(w.l.tr("pool"), xlsx.StyleTotalText),
		xlsx.Formula(w.round(fmt.Sprintf("B%d+B%d-B%d", ib, ca, tr), w.r.PoolExact), w.r.Pool, xlsx.StyleTotalMoney))
	ur := s.Row(xlsx.Text(w.l.tr("unit")), xlsx.Styled(w.r.Unit, xlsx.StyleMoney2))
	w.pool = xlsx.On(s.Name, xlsx.AbsRef(2, pr))
	s.Blank()

	// The key: driver, weight, total of the counts (filled in below).
	s.Row(xlsx.Styled(w.l.tr("keys"), xlsx.StyleHeader), xlsx.Styled(w.l.tr("weight"), xlsx.StyleHeader), xlsx.Styled(w.l.tr("key_total"), xlsx.StyleHeader))
	keyRow := make([]int, nk)
	for i := range w.r.Keys {
		keyRow[i] = s.Row() // placeholder, replaced once the member rows are known
	}
	s.Blank()
	s.Row(xlsx.Styled(w.l.tr("alloc_note"), xlsx.StyleNote))
	hdr := []xlsx.Cell{xlsx.Styled(w.l.tr("member"), xlsx.StyleHeader), xlsx.Styled(w.l.tr("name"), xlsx.StyleHeader)}
	for _, k := range w.r.Keys {
		hdr = append(hdr, xlsx.Styled(k.Driver, xlsx.StyleHeader))
	}
	for _, key := range []string{"key_share", "quota", "floor", "remainder", "extra", "allocated"} {
		hdr = append(hdr, xlsx.Styled(w.l.tr(key), xlsx.StyleHeader))
	}
	s.Row(hdr...)
	cShare, cQuota, cFloor, cExtra, cAlloc := nk+3, nk+4, nk+5, nk+7, nk+8
	first := s.Next()
	last := first + len(w.r.Members) - 1
	for i, k := range w.r.Keys {
		col := xlsx.Col(3 + i)
		s.Set(keyRow[i], xlsx.Text(k.Driver), xlsx.Styled(k.Weight, xlsx.StyleShare),
			xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", col, first, col, last), w.r.KeyTotals[i], xlsx.StyleInt))
	}
	unitRef := xlsx.AbsRef(2, ur)
	poolRef := xlsx.AbsRef(2, pr)
	for _, m := range w.r.Members {
		n := s.Next()
		row := []xlsx.Cell{xlsx.Text(m.ID), xlsx.Text(m.Name)}
		share := ""
		for i := range w.r.Keys {
			row = append(row, xlsx.Styled(m.KeyCounts[i], xlsx.StyleInt))
			if i > 0 {
				share += "+"
			}
			share += fmt.Sprintf("%s*%s/%s", xlsx.AbsRef(2, keyRow[i]), xlsx.Ref(3+i, n), xlsx.AbsRef(3, keyRow[i]))
		}
		extra := 0
		if m.Split.Extra {
			extra = 1
		}
		row = append(row,
			xlsx.Formula(share, m.Share(), xlsx.StyleShareExact),
			xlsx.Formula(fmt.Sprintf("%s*%s/%s", poolRef, xlsx.Ref(cShare, n), unitRef), m.Split.Quota(), xlsx.StyleExact),
			xlsx.Formula(fmt.Sprintf("INT(ROUND(%s,6))", xlsx.Ref(cQuota, n)), decimal.NewFromBigInt(m.Split.Floor, 0), xlsx.StyleInt),
			xlsx.Formula(fmt.Sprintf("%s-%s", xlsx.Ref(cQuota, n), xlsx.Ref(cFloor, n)), m.Split.Remainder(), xlsx.StyleExact),
			xlsx.Styled(extra, xlsx.StyleInt),
			xlsx.Formula(fmt.Sprintf("(%s+%s)*%s", xlsx.Ref(cFloor, n), xlsx.Ref(cExtra, n), unitRef), m.Allocated.Decimal(), xlsx.StyleMoney),
		)
		s.Row(row...)
		w.shareRef = append(w.shareRef, xlsx.On(s.Name, xlsx.AbsRef(cShare, n)))
		w.allocRef = append(w.allocRef, xlsx.On(s.Name, xlsx.AbsRef(cAlloc, n)))
	}
	sum := func(col int, cached any, st xlsx.Style) xlsx.Cell {
		return xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(col), first, xlsx.Col(col), last), cached, st)
	}
	floors, extras, quotas := new(big.Int), 0, new(big.Rat)
	for _, m := range w.r.Members {
		floors.Add(floors, m.Split.Floor)
		quotas.Add(quotas, m.Split.Quota())
		if m.Split.Extra {
			extras++
		}
	}
	tot := make([]xlsx.Cell, cAlloc)
	tot[0] = xlsx.Styled(w.l.tr("total"), xlsx.StyleTotalText)
	for i, kt := range w.r.KeyTotals {
		tot[2+i] = sum(3+i, kt, xlsx.StyleTotalInt)
	}
	tot[cShare-1] = sum(cShare, decimal.NewFromInt(1), xlsx.StyleTotalShare)
	tot[cQuota-1] = sum(cQuota, quotas, xlsx.StyleExact)
	tot[cFloor-1] = sum(cFloor, decimal.NewFromBigInt(floors, 0), xlsx.StyleTotalInt)
	tot[cExtra-1] = sum(cExtra, extras, xlsx.StyleTotalInt)
	tot[cAlloc-1] = sum(cAlloc, w.r.Pool, xlsx.StyleTotalMoney)
	tr2 := s.Row(tot...)
	w.allocTotal = xlsx.On(s.Name, xlsx.Ref(cAlloc, tr2))
	left := make([]xlsx.Cell, cAlloc)
	left[0] = xlsx.Text(w.l.tr("units_left"))
	left[cExtra-1] = xlsx.Formula(fmt.Sprintf("%s/%s-%s", poolRef, unitRef, xlsx.Ref(cFloor, tr2)), extras, xlsx.StyleInt)
	s.Row(left...)
	chk := make([]xlsx.Cell, cAlloc)
	chk[0] = xlsx.Text(w.l.tr("check") + ": " + w.l.tr("allocated") + " = " + w.l.tr("pool"))
	chk[cAlloc-1] = xlsx.Formula(fmt.Sprintf("IF(%s=%s,\"OK\",%s-%s)", xlsx.Ref(cAlloc, tr2), poolRef, xlsx.Ref(cAlloc, tr2), poolRef), "OK", xlsx.StyleCheck)
	s.Row(chk...)
}

// transferList writes the transfers and their total; transferNet then adds
// each member's net effect, once the key shares are known.
func (w *feeWriter) transferList() *xlsx.Sheet {
	s := w.b.Sheet(w.l.tr("sheet.transfers"))
	s.Widths(14, 40, 12, 14, 16, 16, 18, 16) // C to F also head the key share, what a member carries, relief and net effect
	w.title(s, "title.transfers")
	w.header(s, "id", "description", "clause", "member", "name", "amount")
	first := s.Next()
	for _, t := range w.in.Transfers {
		for _, a := range t.Amounts {
			s.Row(xlsx.Text(t.ID), xlsx.Text(t.Name), xlsx.Text(t.Clause), xlsx.Text(a.Member), xlsx.Text(w.memberName(a.Member)), w.money(a.Amount))
		}
	}
	last := s.Next() - 1
	total := xlsx.Formula("0", w.r.TransfersSum, xlsx.StyleTotalMoney)
	if last >= first {
		total = xlsx.Formula(fmt.Sprintf("SUM(F%d:F%d)", first, last), w.r.TransfersSum, xlsx.StyleTotalMoney)
	}
	tr := s.Row(xlsx.Styled(w.l.tr("transfer_total"), xlsx.StyleTotalText), xlsx.Cell{}, xlsx.Cell{}, xlsx.Cell{}, xlsx.Cell{}, total)
	w.transferSum = xlsx.On(s.Name, xlsx.AbsRef(6, tr))
	w.transferRows = [3]int{first, last, tr}
	return s
}

func (w *feeWriter) transferNet(s *xlsx.Sheet) {
	first, last, tr := w.transferRows[0], w.transferRows[1], w.transferRows[2]
	s.Blank()
	s.Row(xlsx.Styled(w.l.tr("transfers_note"), xlsx.StyleNote))
	w.header(s, "member", "name", "key_share", "carried", "relief", "net_effect")
	mfirst := s.Next()
	for i, m := range w.r.Members {
		n := s.Next()
		carried := xlsx.Formula("0", m.TransferCarried, xlsx.StyleMoney)
		if last >= first {
			carried = xlsx.Formula(fmt.Sprintf("SUMIF($D$%d:$D$%d,A%d,$F$%d:$F$%d)", first, last, n, first, last), m.TransferCarried, xlsx.StyleMoney)
		}
		s.Row(xlsx.Text(m.ID), xlsx.Text(m.Name), xlsx.Formula(w.shareRef[i], m.Share(), xlsx.StyleShare), carried,
			xlsx.Formula(w.round(fmt.Sprintf("C%d*$F$%d", n, tr), new(big.Rat).Mul(m.Share(), w.r.TransfersSum.Rat())), m.TransferRelief.Decimal(), xlsx.StyleMoney),
			xlsx.Formula(fmt.Sprintf("D%d-E%d", n, n), m.TransferNet(), xlsx.StyleMoney))
		w.carriedRef = append(w.carriedRef, xlsx.On(s.Name, xlsx.AbsRef(4, n)))
		w.netRef = append(w.netRef, xlsx.On(s.Name, xlsx.AbsRef(6, n)))
	}
	mlast := s.Next() - 1
	var carried, relief, net = decimal.Zero, decimal.Zero, decimal.Zero
	for _, m := range w.r.Members {
		carried, relief, net = carried.Add(m.TransferCarried), relief.Add(m.TransferRelief.Decimal()), net.Add(m.TransferNet())
	}
	s.Row(xlsx.Styled(w.l.tr("total"), xlsx.StyleTotalText), xlsx.Cell{}, xlsx.Cell{},
		xlsx.Formula(fmt.Sprintf("SUM(D%d:D%d)", mfirst, mlast), carried, xlsx.StyleTotalMoney),
		xlsx.Formula(fmt.Sprintf("SUM(E%d:E%d)", mfirst, mlast), relief, xlsx.StyleTotalMoney),
		xlsx.Formula(fmt.Sprintf("SUM(F%d:F%d)", mfirst, mlast), net, xlsx.StyleTotalMoney))
}

func (w *feeWriter) volume() {
	s := w.b.Sheet(w.l.tr("sheet.volume"))
	s.Widths(10, 16, 16, 12, 12, 12, 12, 12, 14, 14) // C also heads the rounded volume per member
	w.title(s, "title.volume")
	th := s.Row(xlsx.Text(w.l.tr("threshold")), xlsx.Styled(w.in.Volume.Threshold, xlsx.StylePercent))
	s.Row(xlsx.Text(w.l.tr("symmetric")), xlsx.Text(w.yesNo(w.in.Volume.Symmetric)))
	s.Blank()
	w.header(s, "member", "name", "driver", "baseline", "current", "vchange", "vchange_pct", "over", "unit_cost", "adjustment")
	names := map[string]string{}
	for _, m := range w.in.Members {
		names[m.ID] = m.Name
	}
	first := s.Next()
	for _, m := range w.r.Members {
		for _, v := range m.VolumeRows {
			n := s.Next()
			measured := fmt.Sprintf("F%d", n)
			if w.in.Volume.Symmetric {
				measured = fmt.Sprintf("ABS(F%d)", n)
			}
			s.Row(xlsx.Text(v.Member), xlsx.Text(names[v.Member]), xlsx.Text(v.Driver), xlsx.Styled(v.Baseline, xlsx.StyleInt), xlsx.Styled(v.Current, xlsx.StyleInt),
				xlsx.Formula(fmt.Sprintf("E%d-D%d", n, n), v.Change(), xlsx.StyleInt),
				xlsx.Formula(fmt.Sprintf("F%d/D%d", n, n), v.Ratio(), xlsx.StylePercent),
				xlsx.Formula(fmt.Sprintf("IF(%s>%s*D%d,\"%s\",\"%s\")", measured, xlsx.AbsRef(2, th), n, w.l.tr("yes"), w.l.tr("no")), w.yesNo(v.Over), xlsx.StyleText),
				w.money2(v.UnitCost),
				xlsx.Formula(fmt.Sprintf("IF(H%d=\"%s\",F%d*I%d,0)", n, w.l.tr("yes"), n, n), v.Adjustment(), xlsx.StyleMoney2))
		}
	}
	last := s.Next() - 1
	s.Blank()
	w.header(s, "member", "name", "volume_per_member")
	mfirst := s.Next()
	total := decimal.Zero
	for _, m := range w.r.Members {
		n := s.Next()
		f := "0"
		if last >= first {
			f = w.round(fmt.Sprintf("SUMIF($A$%d:$A$%d,A%d,$J$%d:$J$%d)", first, last, n, first, last), m.VolumeExact().Rat())
		}
		s.Row(xlsx.Text(m.ID), xlsx.Text(m.Name), xlsx.Formula(f, m.Volume.Decimal(), xlsx.StyleMoney))
		w.volRef = append(w.volRef, xlsx.On(s.Name, xlsx.AbsRef(3, n)))
		total = total.Add(m.Volume.Decimal())
	}
	s.Row(xlsx.Styled(w.l.tr("total"), xlsx.StyleTotalText), xlsx.Cell{},
		xlsx.Formula(fmt.Sprintf("SUM(C%d:C%d)", mfirst, s.Next()-1), total, xlsx.StyleTotalMoney))
}

func (w *feeWriter) installments() {
	s := w.b.Sheet(w.l.tr("sheet.installments"))
	n := w.r.Installments
	widths := []float64{10, 16, 16}
	for range n {
		widths = append(widths, 15)
	}
	s.Widths(append(widths, 16, 10)...)
	w.title(s, "title.installments")
	s.Row(xlsx.Styled(w.l.tr("inst_note"), xlsx.StyleNote))
	hdr := []xlsx.Cell{xlsx.Styled(w.l.tr("member"), xlsx.StyleHeader), xlsx.Styled(w.l.tr("name"), xlsx.StyleHeader), xlsx.Styled(w.l.tr("fee"), xlsx.StyleHeader)}
	for k := 1; k <= n; k++ {
		hdr = append(hdr, xlsx.Styled(w.l.trf("installment_n", k), xlsx.StyleHeader))
	}
	hdr = append(hdr, xlsx.Styled(w.l.tr("total"), xlsx.StyleHeader), xlsx.Styled(w.l.tr("check"), xlsx.StyleHeader))
	s.Row(hdr...)
	unit := w.r.Unit.String()
	first := s.Next()
	for i, m := range w.r.Members {
		r := s.Next()
		row := []xlsx.Cell{xlsx.Text(m.ID), xlsx.Text(m.Name), xlsx.Formula(w.feeRef[i], m.Fee.Decimal(), xlsx.StyleMoney)}
		parts := m.Installments()
		for k := 1; k <= n; k++ {
			f := fmt.Sprintf("SIGN($C%d)*(INT(ROUND(ABS($C%d)/%s/%d,9))+IF(%d<=MOD(ROUND(ABS($C%d)/%s,0),%d),1,0))*%s",
				r, r, unit, n, k, r, unit, n, unit)
			row = append(row, xlsx.Formula(f, parts[k-1], xlsx.StyleMoney))
		}
		sumCol := 4 + n
		row = append(row,
			xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(4), r, xlsx.Col(3+n), r), m.Fee.Decimal(), xlsx.StyleMoney),
			xlsx.Formula(fmt.Sprintf("IF(%s%d=C%d,\"OK\",%s%d-C%d)", xlsx.Col(sumCol), r, r, xlsx.Col(sumCol), r, r), "OK", xlsx.StyleCheck))
		s.Row(row...)
	}
	last := s.Next() - 1
	sums := make([]decimal.Decimal, n) // of each installment
	for k := range sums {
		sums[k] = decimal.Zero
	}
	for _, m := range w.r.Members {
		for k, p := range m.Installments() {
			sums[k] = sums[k].Add(p)
		}
	}
	tot := []xlsx.Cell{xlsx.Styled(w.l.tr("total"), xlsx.StyleTotalText), xlsx.Cell{}}
	for col := 3; col <= 4+n; col++ {
		cached := w.r.Total
		if col > 3 && col < 4+n {
			cached = sums[col-4]
		}
		tot = append(tot, xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(col), first, xlsx.Col(col), last), cached, xlsx.StyleTotalMoney))
	}
	w.instTotal = xlsx.On(s.Name, xlsx.Ref(4+n, s.Row(tot...)))
}

func (w *feeWriter) inputs() {
	s := w.b.Sheet(w.l.tr("sheet.inputs"))
	s.Widths(40, 30, 16, 16)
	w.title(s, "title.inputs")
	w.header(s, "param", "value")
	s.Row(xlsx.Text(w.l.tr("year")), xlsx.Styled(w.r.Year, xlsx.StyleText))
	s.Row(xlsx.Text(w.l.tr("organisation")), xlsx.Text(w.in.Organisation))
	s.Row(xlsx.Text(w.l.tr("currency")), xlsx.Text(w.currency()))
	s.Row(xlsx.Text(w.l.tr("unit")), xlsx.Styled(w.r.Unit, xlsx.StyleMoney2))
	s.Row(xlsx.Text(w.l.tr("installments")), xlsx.Styled(w.r.Installments, xlsx.StyleInt))
	s.Row(xlsx.Text(w.l.tr("population_source")), xlsx.Text(w.in.Allocation.PopulationSource))
	s.Row(xlsx.Text(w.l.tr("prev_total")), w.money(w.in.Fee.PreviousTotal))
	s.Row(xlsx.Text(w.l.tr("threshold")), xlsx.Styled(w.in.Volume.Threshold, xlsx.StylePercent))
	s.Row(xlsx.Text(w.l.tr("permanent_total")), xlsx.Formula(w.permanentSum, w.r.Permanent, w.unitStyle(w.r.Permanent, false)))
	s.Row(xlsx.Styled(w.l.tr("next_base"), xlsx.StyleTotalText),
		xlsx.Formula(fmt.Sprintf("%s+%s-%s", w.indexedBase, w.permanentSum, w.transferSum), w.r.NextBase, w.unitStyle(w.r.NextBase, true)))
	s.Row(xlsx.Text(w.l.tr("engine")), xlsx.Text("memberfee "+w.version))
	s.Blank()
	s.Row(xlsx.Styled(w.l.tr("members"), xlsx.StyleHeader), xlsx.Styled(w.l.tr("name"), xlsx.StyleHeader),
		xlsx.Styled(w.l.tr("population"), xlsx.StyleHeader), xlsx.Styled(w.l.tr("previous"), xlsx.StyleHeader))
	for _, m := range w.in.Members {
		prev := xlsx.Cell{}
		if m.PreviousFee.Valid {
			prev = w.money(m.PreviousFee.Decimal)
		}
		s.Row(xlsx.Text(m.ID), xlsx.Text(m.Name), xlsx.Styled(m.Population, xlsx.StyleInt), prev)
	}
	s.Blank()
	s.Row(xlsx.Styled(w.l.tr("keys"), xlsx.StyleHeader), xlsx.Styled(w.l.tr("weight"), xlsx.StyleHeader))
	for _, k := range w.r.Keys {
		s.Row(xlsx.Text(k.Driver), xlsx.Styled(k.Weight, xlsx.StyleShare))
	}
}

// Columns of the summary sheet.
const (
	sID = iota + 1
	sName
	sPopulation
	sShare
	sAllocated
	sAdditions
	sVolume
	sFee
	sPrevious
	sChange
	sChangePct
	sCarried
	sNet
)

func (w *feeWriter) summary(s *xlsx.Sheet) {
	s.OnePage()
	s.Widths(10, 16, 12, 12, 15, 13, 15, 15, 15, 14, 13, 17, 17)
	w.title(s, "title.summary")
	hr := w.header(s, "member", "name", "population", "key_share", "allocated", "own_additions", "volume", "fee",
		"previous", "change", "change_pct", "carried", "net_effect")
	s.Freeze(hr)
	first := s.Next()
	for i, m := range w.r.Members {
		n := s.Next()
		// The feeRef of the installments sheet is this row's fee.
		add := "0"
		if w.addCostCol != xlsx.On(w.additionsSheet, "") {
			add = w.round(fmt.Sprintf("SUMIFS(%s,%s,\"%s\",%s,A%d)", w.addCostCol, w.addScopeCol, w.l.tr("scope.member"), w.addMemberCol, n), m.AdditionsExact)
		}
		prev, change, pct := xlsx.Cell{}, xlsx.Cell{}, xlsx.Cell{}
		if m.PreviousFee.Valid {
			prev = w.money(m.PreviousFee.Decimal)
			change = xlsx.Formula(fmt.Sprintf("H%d-I%d", n, n), m.Change().Decimal, xlsx.StyleMoney)
			if m.ChangeRatio() != nil {
				pct = xlsx.Formula(fmt.Sprintf("IF(I%d=0,\"\",J%d/I%d)", n, n, n), m.ChangeRatio(), xlsx.StylePercent)
			}
		}
		w.feeRef = append(w.feeRef, xlsx.On(s.Name, xlsx.AbsRef(sFee, n)))
		s.Row(xlsx.Text(m.ID), xlsx.Text(m.Name), xlsx.Styled(m.Population, xlsx.StyleInt), xlsx.Formula(w.shareRef[i], m.Share(), xlsx.StyleShare),
			xlsx.Formula(w.allocRef[i], m.Allocated.Decimal(), xlsx.StyleMoney), xlsx.Formula(add, m.Additions.Decimal(), xlsx.StyleMoney),
			xlsx.Formula(w.volRef[i], m.Volume.Decimal(), xlsx.StyleMoney), xlsx.Formula(fmt.Sprintf("E%d+F%d+G%d", n, n, n), m.Fee.Decimal(), xlsx.StyleMoney),
			prev, change, pct, xlsx.Formula(w.carriedRef[i], m.TransferCarried, xlsx.StyleMoney), xlsx.Formula(w.netRef[i], m.TransferNet(), xlsx.StyleMoney))
	}
	last := s.Next() - 1
	var pop, alloc, adds, vol, prev, change, carried, net = decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero
	allPrev := true
	for _, m := range w.r.Members {
		pop, alloc, adds, vol = pop.Add(m.Population), alloc.Add(m.Allocated.Decimal()), adds.Add(m.Additions.Decimal()), vol.Add(m.Volume.Decimal())
		carried, net = carried.Add(m.TransferCarried), net.Add(m.TransferNet())
		if m.PreviousFee.Valid {
			prev, change = prev.Add(m.PreviousFee.Decimal), change.Add(m.Change().Decimal)
		} else {
			allPrev = false
		}
	}
	sum := func(col int, cached any, st xlsx.Style) xlsx.Cell {
		return xlsx.Formula(fmt.Sprintf("SUM(%s%d:%s%d)", xlsx.Col(col), first, xlsx.Col(col), last), cached, st)
	}
	tot := []xlsx.Cell{xlsx.Styled(w.l.tr("total"), xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText),
		sum(sPopulation, pop, xlsx.StyleTotalInt), sum(sShare, decimal.NewFromInt(1), xlsx.StyleTotalShare),
		sum(sAllocated, alloc, xlsx.StyleTotalMoney), sum(sAdditions, adds, xlsx.StyleTotalMoney),
		sum(sVolume, vol, xlsx.StyleTotalMoney), sum(sFee, w.r.Total, xlsx.StyleTotalMoney)}
	tr := s.Next()
	w.sumFees = fmt.Sprintf("SUM(%s)", xlsx.On(s.Name, fmt.Sprintf("H%d:H%d", first, last)))
	w.totalFee = xlsx.On(s.Name, fmt.Sprintf("H%d", tr))
	w.sumParts = fmt.Sprintf("SUM(%s)+SUM(%s)+SUM(%s)", xlsx.On(s.Name, fmt.Sprintf("E%d:E%d", first, last)),
		xlsx.On(s.Name, fmt.Sprintf("F%d:F%d", first, last)), xlsx.On(s.Name, fmt.Sprintf("G%d:G%d", first, last)))
	w.sumAllocated = xlsx.On(s.Name, fmt.Sprintf("E%d", tr))
	if allPrev {
		tot = append(tot, sum(sPrevious, prev, xlsx.StyleTotalMoney), sum(sChange, change, xlsx.StyleTotalMoney))
		if !prev.IsZero() {
			tot = append(tot, xlsx.Formula(fmt.Sprintf("J%d/I%d", tr, tr), new(big.Rat).Quo(change.Rat(), prev.Rat()), xlsx.StylePercent))
		} else {
			tot = append(tot, xlsx.Styled("", xlsx.StyleTotalText))
		}
	} else {
		tot = append(tot, xlsx.Styled("", xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText), xlsx.Styled("", xlsx.StyleTotalText))
	}
	tot = append(tot, sum(sCarried, carried, xlsx.StyleTotalMoney), sum(sNet, net, xlsx.StyleTotalMoney))
	s.Row(tot...)
	// The common additions are in Allocated, shared by the key: say so, and
	// show the pool's working, so that page 1 shows what the board added.
	s.Row(xlsx.Styled(w.l.trf("common_note", w.amountText(w.r.Common)), xlsx.StyleNote))
	s.Blank()
	s.Row(xlsx.Styled(w.l.tr("pool_calc"), xlsx.StyleHeader), xlsx.Styled("", xlsx.StyleHeader), xlsx.Styled("", xlsx.StyleHeader),
		xlsx.Styled("", xlsx.StyleHeader), xlsx.Styled(w.l.tr("amount"), xlsx.StyleHeader))
	working := func(key string, ref string, cached any, total bool) {
		label := xlsx.Text(w.l.tr(key))
		if total {
			label = xlsx.Styled(w.l.tr(key), xlsx.StyleTotalText)
		}
		s.Row(label, xlsx.Cell{}, xlsx.Cell{}, xlsx.Cell{}, xlsx.Formula(ref, cached, w.unitStyle(cached, total)))
	}
	working("indexed_base", w.indexedBase, w.r.IndexedBase, false)
	working("common_add", w.commonTotal, w.r.Common, false)
	working("minus_transf", w.transferSum, w.r.TransfersSum, false)
	working("pool", w.pool, w.r.Pool, true)
	s.Row(xlsx.Text(w.l.tr("check")+": "+w.l.tr("allocated")+" = "+w.l.tr("pool")), xlsx.Cell{}, xlsx.Cell{}, xlsx.Cell{},
		xlsx.Formula(fmt.Sprintf("IF(E%d=%s,\"OK\",E%d-%s)", tr, w.pool, tr, w.pool), "OK", xlsx.StyleCheck))
	s.Blank()
	working("next_base", fmt.Sprintf("%s+%s-%s", w.indexedBase, w.permanentSum, w.transferSum), w.r.NextBase, false)

	sheet := "'" + s.Name + "'"
	s.Chart(xlsx.Ref(2, s.Next()+1), &excelize.Chart{
		Type: excelize.Pie,
		Series: []excelize.ChartSeries{{
			Name:       w.l.tr("fee"),
			Categories: fmt.Sprintf("%s!$B$%d:$B$%d", sheet, first, last),
			Values:     fmt.Sprintf("%s!$H$%d:$H$%d", sheet, first, last),
		}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: w.l.tr("chart.title")}}},
		PlotArea:  excelize.ChartPlotArea{ShowPercent: true, ShowCatName: true},
		Legend:    excelize.ChartLegend{Position: "right"},
		Dimension: excelize.ChartDimension{Width: 640, Height: 360},
	})
}
