package report

import (
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"memberfee/allocation"
)

// AllocationBook lays out the annual fee workbook: a summary per member and
// one sheet per step of the calculation, each calculated column a live
// formula whose cached value is the engine's figure.
func AllocationBook(in *allocation.Input, r *allocation.Result, lang Lang, audit *Audit) *Book {
	version := ""
	if audit != nil {
		version = audit.Engine
	}
	w := &feeWriter{in: in, r: r, l: lang, version: version}
	w.b = NewBook(lang.trf("title.summary", r.Year), r.Places)
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
	w.inputs()
	w.audit(audit)
	w.b.sheets = reorder(w.b.sheets, []string{
		lang.tr("sheet.summary"), lang.tr("sheet.indexation"), lang.tr("sheet.additions"),
		lang.tr("sheet.transfers"), lang.tr("sheet.volume"), lang.tr("sheet.allocation"),
		lang.tr("sheet.installments"), lang.tr("sheet.inputs"), lang.tr("au.sheet"),
	})
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
	auditSheet(w.b, a, l, checks, func(s *Sheet) {
		s.Row(Styled(l.tr("au.rounding"), StyleTitle))
		s.Row(hdrCells(l, "member", "quota", "extra", "au.a_exact", "additions", "au.v_exact", "volume")...)
		for _, m := range w.r.Members {
			extra := 0
			if m.Split.Extra {
				extra = 1
			}
			s.Row(Text(m.ID+" "+m.Name), Styled(m.Split.Quota(), StyleExact), Styled(extra, StyleInt),
				Styled(m.AdditionsExact, StyleExact), Styled(m.Additions.Decimal(), StyleMoney), Styled(m.VolumeExact(), StyleExact), Styled(m.Volume.Decimal(), StyleMoney))
		}
		s.Row(Styled(l.trf("au.pool_rounding", w.r.PoolExact.FloatString(4), w.r.Pool.String(), w.r.IndexedExact.String(), w.r.IndexedBase.String()), StyleNote))
	})
}

func reorder(sheets []*Sheet, names []string) []*Sheet {
	out := make([]*Sheet, 0, len(sheets))
	for _, n := range names {
		for _, s := range sheets {
			if s.Name == n {
				out = append(out, s)
			}
		}
	}
	return out
}

// feeWriter remembers where each figure landed, so that later sheets can
// refer to it.
type feeWriter struct {
	in      *allocation.Input
	r       *allocation.Result
	l       Lang
	version string
	b       *Book

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
	addScopeCol, addMemberCol, addCostCol                     string // full column ranges on the additions sheet
}

func (w *feeWriter) money(d decimal.Decimal) Cell { return Styled(d, StyleMoney) }

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
	if intDigits+p > maxDigits {
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

func (w *feeWriter) header(s *Sheet, keys ...string) int { return s.Row(hdrCells(w.l, keys...)...) }

func (w *feeWriter) title(s *Sheet, key string) {
	s.Row(Styled(w.l.trf(key, w.r.Year), StyleTitle))
	note := w.l.trf("illustrative", w.currency())
	if w.in.Organisation != "" {
		note = w.in.Organisation + ". " + note
	}
	s.Row(Styled(note, StyleNote))
	s.Blank()
}

func (w *feeWriter) currency() string {
	if w.in.Currency == "" {
		return "SEK"
	}
	return w.in.Currency
}

func (w *feeWriter) yesNo(b bool) string { return yesNo(w.l, b) }

func (w *feeWriter) indexation() {
	s := w.b.Sheet(w.l.tr("sheet.indexation"))
	s.Widths(28, 18, 14, 26, 60)
	w.title(s, "title.indexation")
	w.header(s, "component", "share", "rate", "contribution", "source")
	first := s.Next()
	for _, c := range w.r.Indexation {
		n := s.Next()
		s.Row(Text(c.Component.Component), Styled(c.Share, StylePercent), Styled(c.Rate, StylePercent),
			Formula(fmt.Sprintf("B%d*C%d", n, n), c.Contribution, StyleFactor), Text(c.Source))
	}
	last := s.Next() - 1
	factor := "1"
	if last >= first {
		factor = fmt.Sprintf("1+SUM(D%d:D%d)", first, last)
	}
	s.Blank()
	fr := s.Row(Styled(w.l.tr("factor"), StyleTotalText), Cell{}, Cell{}, Formula(factor, w.r.Factor, StyleFactor))
	pr := s.Row(Text(w.l.tr("prev_total")), Cell{}, Cell{}, w.money(w.in.Fee.PreviousTotal))
	ib := s.Row(Styled(w.l.tr("indexed_base"), StyleTotalText), Cell{}, Cell{},
		Formula(w.round(fmt.Sprintf("D%d*D%d", pr, fr), w.r.IndexedExact.Rat()), w.r.IndexedBase, StyleTotalMoney))
	w.indexedBase = On(s.Name, AbsRef(4, ib))
}

// Columns of the additions sheet.
const (
	aID = iota + 1
	aName
	aClause
	aScope
	aMember
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
	s.Widths(14, 34, 8, 12, 10, 14, 10, 10, 9, 9, 10, 12, 14, 16, 12, 14, 14, 14, 14)
	s.Row(Styled(w.l.trf("title.additions", w.r.Year), StyleTitle))
	yr := s.Row(Text(w.l.tr("year")), Styled(w.r.Year, StyleText))
	s.Row(Styled(w.l.tr("additions_note"), StyleNote))
	s.Blank()
	hr := w.header(s, "id", "description", "clause", "scope", "member", "investment", "dep_years", "interest_rate",
		"start_year", "end_year", "permanent", "k", "depreciation", "opening_book", "interest", "capital_cost",
		"operating", "operating_year", "cost_year")
	s.Freeze(hr)
	first := s.Next()
	year := AbsRef(2, yr)
	for _, a := range w.r.Additions {
		n := s.Next()
		ref := func(col int) string { return Ref(col, n) }
		var k, end Cell
		if a.CapitalYear >= 0 {
			k = Styled(a.CapitalYear, StyleInt)
		}
		if a.EndYear != 0 {
			end = Styled(a.EndYear, StyleText)
		}
		var start Cell
		if a.StartYear != 0 {
			start = Styled(a.StartYear, StyleText)
		}
		// A blank start compares as 0, alike in every reader (N() of a
		// blank is #NUM! in Gnumeric).
		opYear := fmt.Sprintf("IF(AND(%s<=%s,OR(%s=\"\",%s<=%s)),%s,0)", ref(aStart), year, ref(aEnd), year, ref(aEnd), ref(aOperating))
		s.Row(
			Text(a.ID), Text(a.Name), Text(a.Clause), Text(w.l.tr("scope."+a.Scope)), Text(a.Member),
			w.money2(a.Investment), Styled(a.DepreciationYears, StyleInt), Styled(a.InterestRate, StylePercent),
			start, end, Text(w.yesNo(a.Permanent)), k,
			Formula(fmt.Sprintf("IF(ISNUMBER(%s),%s/%s,0)", ref(aK), ref(aInvestment), ref(aYears)), a.Depreciation, StyleMoney2),
			Formula(fmt.Sprintf("IF(ISNUMBER(%s),%s-%s*%s/%s,0)", ref(aK), ref(aInvestment), ref(aK), ref(aInvestment), ref(aYears)), a.OpeningBook, StyleMoney2),
			Formula(fmt.Sprintf("%s*%s", ref(aRate), ref(aBook)), a.Interest, StyleMoney2),
			Formula(fmt.Sprintf("%s+%s", ref(aDepreciation), ref(aInterest)), a.CapitalCost, StyleMoney2),
			w.money2(a.Addition.OperatingCost),
			Formula(opYear, a.OperatingCost, StyleMoney2),
			Formula(fmt.Sprintf("%s+%s", ref(aCapital), ref(aOperatingYear)), a.Cost, StyleMoney2),
		)
	}
	last := s.Next() - 1
	rng := func(col int) string {
		if last < first {
			return ""
		}
		return fmt.Sprintf("%s%d:%s%d", Col(col), first, Col(col), last)
	}
	w.addScopeCol, w.addMemberCol, w.addCostCol = On(s.Name, rng(aScope)), On(s.Name, rng(aMember)), On(s.Name, rng(aCost))
	sum := func(col int, cached any) Cell {
		if last < first {
			return Formula("0", cached, StyleTotalMoney2)
		}
		return Formula("SUM("+rng(col)+")", cached, StyleTotalMoney2)
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
	row := make([]Cell, aCost)
	row[aID-1] = Styled(w.l.tr("total"), StyleTotalText)
	row[aInvestment-1] = sum(aInvestment, inv)
	row[aDepreciation-1] = sum(aDepreciation, dep)
	row[aInterest-1] = sum(aInterest, intr)
	row[aCapital-1] = sum(aCapital, capc)
	row[aOperating-1] = sum(aOperating, op)
	row[aOperatingYear-1] = sum(aOperatingYear, opy)
	row[aCost-1] = sum(aCost, cost)
	s.Row(row...)
	s.Blank()
	sumif := func(critCol int, crit string, cached any) Cell {
		if last < first {
			return Formula("0", cached, StyleTotalMoney2)
		}
		return Formula(fmt.Sprintf("SUMIF(%s,\"%s\",%s)", rng(critCol), crit, rng(aCost)), cached, StyleTotalMoney2)
	}
	label := func(key string) []Cell {
		c := make([]Cell, aCost)
		c[aID-1] = Styled(w.l.tr(key), StyleTotalText)
		return c
	}
	c := label("common_total")
	c[aCost-1] = sumif(aScope, w.l.tr("scope.common"), w.r.Common)
	w.commonTotal = On(s.Name, AbsRef(aCost, s.Row(c...)))
	c = label("member_total")
	c[aCost-1] = sumif(aScope, w.l.tr("scope.member"), member)
	s.Row(c...)
	c = label("permanent_total")
	if last < first {
		c[aCost-1] = Formula("0", permanent, StyleTotalMoney2)
	} else {
		c[aCost-1] = Formula(fmt.Sprintf("SUMIF(%s,\"%s\",%s)", rng(aPermanent), w.l.tr("yes"), rng(aOperatingYear)), permanent, StyleTotalMoney2)
	}
	w.permanentSum = On(s.Name, AbsRef(aCost, s.Row(c...)))
}

func (w *feeWriter) money2(d decimal.Decimal) Cell { return Styled(d, StyleMoney2) }

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
	s.Row(Styled(w.l.tr("pool_calc"), StyleHeader), Styled(w.l.tr("amount"), StyleHeader))
	ib := s.Row(Text(w.l.tr("indexed_base")), Formula(w.indexedBase, w.r.IndexedBase, StyleMoney))
	ca := s.Row(Text(w.l.tr("common_add")), Formula(w.commonTotal, w.r.Common, StyleMoney2))
	tr := s.Row(Text(w.l.tr("minus_transf")), Formula(w.transferSum, w.r.TransfersSum, StyleMoney))
	pr := s.Row(Styled(w.l.tr("pool"), StyleTotalText),
		Formula(w.round(fmt.Sprintf("B%d+B%d-B%d", ib, ca, tr), w.r.PoolExact), w.r.Pool, StyleTotalMoney))
	ur := s.Row(Text(w.l.tr("unit")), Styled(w.r.Unit, StyleMoney2))
	w.pool = On(s.Name, AbsRef(2, pr))
	s.Blank()

	// The key: driver, weight, total of the counts (filled in below).
	s.Row(Styled(w.l.tr("keys"), StyleHeader), Styled(w.l.tr("weight"), StyleHeader), Styled(w.l.tr("key_total"), StyleHeader))
	keyRow := make([]int, nk)
	for i := range w.r.Keys {
		keyRow[i] = s.Row() // placeholder, replaced once the member rows are known
	}
	s.Blank()
	s.Row(Styled(w.l.tr("alloc_note"), StyleNote))
	hdr := []Cell{Styled(w.l.tr("member"), StyleHeader), Styled(w.l.tr("name"), StyleHeader)}
	for _, k := range w.r.Keys {
		hdr = append(hdr, Styled(k.Driver, StyleHeader))
	}
	for _, key := range []string{"key_share", "quota", "floor", "remainder", "extra", "allocated"} {
		hdr = append(hdr, Styled(w.l.tr(key), StyleHeader))
	}
	s.Row(hdr...)
	cShare, cQuota, cFloor, cExtra, cAlloc := nk+3, nk+4, nk+5, nk+7, nk+8
	first := s.Next()
	last := first + len(w.r.Members) - 1
	for i, k := range w.r.Keys {
		col := Col(3 + i)
		s.Set(keyRow[i], Text(k.Driver), Styled(k.Weight, StyleShare),
			Formula(fmt.Sprintf("SUM(%s%d:%s%d)", col, first, col, last), w.r.KeyTotals[i], StyleInt))
	}
	unitRef := AbsRef(2, ur)
	poolRef := AbsRef(2, pr)
	for _, m := range w.r.Members {
		n := s.Next()
		row := []Cell{Text(m.ID), Text(m.Name)}
		share := ""
		for i := range w.r.Keys {
			row = append(row, Styled(m.KeyCounts[i], StyleInt))
			if i > 0 {
				share += "+"
			}
			share += fmt.Sprintf("%s*%s/%s", AbsRef(2, keyRow[i]), Ref(3+i, n), AbsRef(3, keyRow[i]))
		}
		extra := 0
		if m.Split.Extra {
			extra = 1
		}
		row = append(row,
			Formula(share, m.Share(), StyleShare),
			Formula(fmt.Sprintf("%s*%s/%s", poolRef, Ref(cShare, n), unitRef), m.Split.Quota(), StyleExact),
			Formula(fmt.Sprintf("INT(ROUND(%s,6))", Ref(cQuota, n)), decimal.NewFromBigInt(m.Split.Floor, 0), StyleInt),
			Formula(fmt.Sprintf("%s-%s", Ref(cQuota, n), Ref(cFloor, n)), m.Split.Remainder(), StyleExact),
			Styled(extra, StyleInt),
			Formula(fmt.Sprintf("(%s+%s)*%s", Ref(cFloor, n), Ref(cExtra, n), unitRef), m.Allocated.Decimal(), StyleMoney),
		)
		s.Row(row...)
		w.shareRef = append(w.shareRef, On(s.Name, AbsRef(cShare, n)))
		w.allocRef = append(w.allocRef, On(s.Name, AbsRef(cAlloc, n)))
	}
	sum := func(col int, cached any, st Style) Cell {
		return Formula(fmt.Sprintf("SUM(%s%d:%s%d)", Col(col), first, Col(col), last), cached, st)
	}
	floors, extras, quotas := new(big.Int), 0, new(big.Rat)
	for _, m := range w.r.Members {
		floors.Add(floors, m.Split.Floor)
		quotas.Add(quotas, m.Split.Quota())
		if m.Split.Extra {
			extras++
		}
	}
	tot := make([]Cell, cAlloc)
	tot[0] = Styled(w.l.tr("total"), StyleTotalText)
	for i, kt := range w.r.KeyTotals {
		tot[2+i] = sum(3+i, kt, StyleTotalInt)
	}
	tot[cShare-1] = sum(cShare, decimal.NewFromInt(1), StyleTotalShare)
	tot[cQuota-1] = sum(cQuota, quotas, StyleExact)
	tot[cFloor-1] = sum(cFloor, decimal.NewFromBigInt(floors, 0), StyleTotalInt)
	tot[cExtra-1] = sum(cExtra, extras, StyleTotalInt)
	tot[cAlloc-1] = sum(cAlloc, w.r.Pool, StyleTotalMoney)
	tr2 := s.Row(tot...)
	w.allocTotal = On(s.Name, Ref(cAlloc, tr2))
	left := make([]Cell, cAlloc)
	left[0] = Text(w.l.tr("units_left"))
	left[cExtra-1] = Formula(fmt.Sprintf("%s/%s-%s", poolRef, unitRef, Ref(cFloor, tr2)), extras, StyleInt)
	s.Row(left...)
	chk := make([]Cell, cAlloc)
	chk[0] = Text(w.l.tr("check") + ": " + w.l.tr("allocated") + " = " + w.l.tr("pool"))
	chk[cAlloc-1] = Formula(fmt.Sprintf("IF(%s=%s,\"OK\",%s-%s)", Ref(cAlloc, tr2), poolRef, Ref(cAlloc, tr2), poolRef), "OK", StyleCheck)
	s.Row(chk...)
}

// transferList writes the transfers and their total; transferNet then adds
// each member's net effect, once the key shares are known.
func (w *feeWriter) transferList() *Sheet {
	s := w.b.Sheet(w.l.tr("sheet.transfers"))
	s.Widths(14, 40, 12, 14, 16, 16, 18, 16) // C and D also head the key share and what a member carries
	w.title(s, "title.transfers")
	w.header(s, "id", "description", "clause", "member", "amount")
	first := s.Next()
	for _, t := range w.in.Transfers {
		for _, a := range t.Amounts {
			s.Row(Text(t.ID), Text(t.Name), Text(t.Clause), Text(a.Member), w.money(a.Amount))
		}
	}
	last := s.Next() - 1
	total := Formula("0", w.r.TransfersSum, StyleTotalMoney)
	if last >= first {
		total = Formula(fmt.Sprintf("SUM(E%d:E%d)", first, last), w.r.TransfersSum, StyleTotalMoney)
	}
	tr := s.Row(Styled(w.l.tr("transfer_total"), StyleTotalText), Cell{}, Cell{}, Cell{}, total)
	w.transferSum = On(s.Name, AbsRef(5, tr))
	w.transferRows = [3]int{first, last, tr}
	return s
}

func (w *feeWriter) transferNet(s *Sheet) {
	first, last, tr := w.transferRows[0], w.transferRows[1], w.transferRows[2]
	s.Blank()
	s.Row(Styled(w.l.tr("transfers_note"), StyleNote))
	w.header(s, "member", "name", "key_share", "carried", "relief", "net_effect")
	mfirst := s.Next()
	for i, m := range w.r.Members {
		n := s.Next()
		carried := Formula("0", m.TransferCarried, StyleMoney)
		if last >= first {
			carried = Formula(fmt.Sprintf("SUMIF($D$%d:$D$%d,A%d,$E$%d:$E$%d)", first, last, n, first, last), m.TransferCarried, StyleMoney)
		}
		s.Row(Text(m.ID), Text(m.Name), Formula(w.shareRef[i], m.Share(), StyleShare), carried,
			Formula(w.round(fmt.Sprintf("C%d*$E$%d", n, tr), new(big.Rat).Mul(m.Share(), w.r.TransfersSum.Rat())), m.TransferRelief.Decimal(), StyleMoney),
			Formula(fmt.Sprintf("D%d-E%d", n, n), m.TransferNet(), StyleMoney))
		w.carriedRef = append(w.carriedRef, On(s.Name, AbsRef(4, n)))
		w.netRef = append(w.netRef, On(s.Name, AbsRef(6, n)))
	}
	mlast := s.Next() - 1
	var carried, relief, net = decimal.Zero, decimal.Zero, decimal.Zero
	for _, m := range w.r.Members {
		carried, relief, net = carried.Add(m.TransferCarried), relief.Add(m.TransferRelief.Decimal()), net.Add(m.TransferNet())
	}
	s.Row(Styled(w.l.tr("total"), StyleTotalText), Cell{}, Cell{},
		Formula(fmt.Sprintf("SUM(D%d:D%d)", mfirst, mlast), carried, StyleTotalMoney),
		Formula(fmt.Sprintf("SUM(E%d:E%d)", mfirst, mlast), relief, StyleTotalMoney),
		Formula(fmt.Sprintf("SUM(F%d:F%d)", mfirst, mlast), net, StyleTotalMoney))
}

func (w *feeWriter) volume() {
	s := w.b.Sheet(w.l.tr("sheet.volume"))
	s.Widths(10, 16, 16, 12, 12, 12, 12, 12, 14, 14) // C also heads the rounded volume per member
	w.title(s, "title.volume")
	th := s.Row(Text(w.l.tr("threshold")), Styled(w.in.Volume.Threshold, StylePercent))
	s.Row(Text(w.l.tr("symmetric")), Text(w.yesNo(w.in.Volume.Symmetric)))
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
			s.Row(Text(v.Member), Text(names[v.Member]), Text(v.Driver), Styled(v.Baseline, StyleInt), Styled(v.Current, StyleInt),
				Formula(fmt.Sprintf("E%d-D%d", n, n), v.Change(), StyleInt),
				Formula(fmt.Sprintf("F%d/D%d", n, n), v.Ratio(), StylePercent),
				Formula(fmt.Sprintf("IF(%s>%s*D%d,\"%s\",\"%s\")", measured, AbsRef(2, th), n, w.l.tr("yes"), w.l.tr("no")), w.yesNo(v.Over), StyleText),
				w.money2(v.UnitCost),
				Formula(fmt.Sprintf("IF(H%d=\"%s\",F%d*I%d,0)", n, w.l.tr("yes"), n, n), v.Adjustment(), StyleMoney2))
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
		s.Row(Text(m.ID), Text(m.Name), Formula(f, m.Volume.Decimal(), StyleMoney))
		w.volRef = append(w.volRef, On(s.Name, AbsRef(3, n)))
		total = total.Add(m.Volume.Decimal())
	}
	s.Row(Styled(w.l.tr("total"), StyleTotalText), Cell{},
		Formula(fmt.Sprintf("SUM(C%d:C%d)", mfirst, s.Next()-1), total, StyleTotalMoney))
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
	s.Row(Styled(w.l.tr("inst_note"), StyleNote))
	hdr := []Cell{Styled(w.l.tr("member"), StyleHeader), Styled(w.l.tr("name"), StyleHeader), Styled(w.l.tr("fee"), StyleHeader)}
	for k := 1; k <= n; k++ {
		hdr = append(hdr, Styled(w.l.trf("installment_n", k), StyleHeader))
	}
	hdr = append(hdr, Styled(w.l.tr("total"), StyleHeader), Styled(w.l.tr("check"), StyleHeader))
	s.Row(hdr...)
	unit := w.r.Unit.String()
	first := s.Next()
	for i, m := range w.r.Members {
		r := s.Next()
		row := []Cell{Text(m.ID), Text(m.Name), Formula(w.feeRef[i], m.Fee.Decimal(), StyleMoney)}
		parts := m.Installments()
		for k := 1; k <= n; k++ {
			f := fmt.Sprintf("SIGN($C%d)*(INT(ROUND(ABS($C%d)/%s/%d,9))+IF(%d<=MOD(ROUND(ABS($C%d)/%s,0),%d),1,0))*%s",
				r, r, unit, n, k, r, unit, n, unit)
			row = append(row, Formula(f, parts[k-1], StyleMoney))
		}
		sumCol := 4 + n
		row = append(row,
			Formula(fmt.Sprintf("SUM(%s%d:%s%d)", Col(4), r, Col(3+n), r), m.Fee.Decimal(), StyleMoney),
			Formula(fmt.Sprintf("IF(%s%d=C%d,\"OK\",%s%d-C%d)", Col(sumCol), r, r, Col(sumCol), r, r), "OK", StyleCheck))
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
	tot := []Cell{Styled(w.l.tr("total"), StyleTotalText), Cell{}}
	for col := 3; col <= 4+n; col++ {
		cached := w.r.Total
		if col > 3 && col < 4+n {
			cached = sums[col-4]
		}
		tot = append(tot, Formula(fmt.Sprintf("SUM(%s%d:%s%d)", Col(col), first, Col(col), last), cached, StyleTotalMoney))
	}
	w.instTotal = On(s.Name, Ref(4+n, s.Row(tot...)))
}

func (w *feeWriter) inputs() {
	s := w.b.Sheet(w.l.tr("sheet.inputs"))
	s.Widths(40, 30, 16, 16)
	w.title(s, "title.inputs")
	w.header(s, "param", "value")
	s.Row(Text(w.l.tr("year")), Styled(w.r.Year, StyleText))
	s.Row(Text(w.l.tr("organisation")), Text(w.in.Organisation))
	s.Row(Text(w.l.tr("currency")), Text(w.currency()))
	s.Row(Text(w.l.tr("unit")), Styled(w.r.Unit, StyleMoney2))
	s.Row(Text(w.l.tr("installments")), Styled(w.r.Installments, StyleInt))
	s.Row(Text(w.l.tr("population_source")), Text(w.in.Allocation.PopulationSource))
	s.Row(Text(w.l.tr("prev_total")), w.money(w.in.Fee.PreviousTotal))
	s.Row(Text(w.l.tr("threshold")), Styled(w.in.Volume.Threshold, StylePercent))
	s.Row(Text(w.l.tr("permanent_total")), Formula(w.permanentSum, w.r.Permanent, StyleMoney2))
	s.Row(Styled(w.l.tr("next_base"), StyleTotalText),
		Formula(fmt.Sprintf("%s+%s-%s", w.indexedBase, w.permanentSum, w.transferSum), w.r.NextBase, StyleTotalMoney2))
	s.Row(Text(w.l.tr("engine")), Text("memberfee "+w.version))
	s.Blank()
	s.Row(Styled(w.l.tr("members"), StyleHeader), Styled(w.l.tr("name"), StyleHeader),
		Styled(w.l.tr("population"), StyleHeader), Styled(w.l.tr("previous"), StyleHeader))
	for _, m := range w.in.Members {
		prev := Cell{}
		if m.PreviousFee.Valid {
			prev = w.money(m.PreviousFee.Decimal)
		}
		s.Row(Text(m.ID), Text(m.Name), Styled(m.Population, StyleInt), prev)
	}
	s.Blank()
	s.Row(Styled(w.l.tr("keys"), StyleHeader), Styled(w.l.tr("weight"), StyleHeader))
	for _, k := range w.r.Keys {
		s.Row(Text(k.Driver), Styled(k.Weight, StyleShare))
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

func (w *feeWriter) summary(s *Sheet) {
	s.OnePage()
	s.Widths(10, 16, 12, 12, 15, 13, 15, 15, 15, 14, 13, 17, 17)
	w.title(s, "title.summary")
	hr := w.header(s, "member", "name", "population", "key_share", "allocated", "additions", "volume", "fee",
		"previous", "change", "change_pct", "carried", "net_effect")
	s.Freeze(hr)
	first := s.Next()
	for i, m := range w.r.Members {
		n := s.Next()
		// The feeRef of the installments sheet is this row's fee.
		add := "0"
		if w.addCostCol != On(w.additionsSheet, "") {
			add = w.round(fmt.Sprintf("SUMIFS(%s,%s,\"%s\",%s,A%d)", w.addCostCol, w.addScopeCol, w.l.tr("scope.member"), w.addMemberCol, n), m.AdditionsExact)
		}
		prev, change, pct := Cell{}, Cell{}, Cell{}
		if m.PreviousFee.Valid {
			prev = w.money(m.PreviousFee.Decimal)
			change = Formula(fmt.Sprintf("H%d-I%d", n, n), m.Change().Decimal, StyleMoney)
			if m.ChangeRatio() != nil {
				pct = Formula(fmt.Sprintf("IF(I%d=0,\"\",J%d/I%d)", n, n, n), m.ChangeRatio(), StylePercent)
			}
		}
		w.feeRef = append(w.feeRef, On(s.Name, AbsRef(sFee, n)))
		s.Row(Text(m.ID), Text(m.Name), Styled(m.Population, StyleInt), Formula(w.shareRef[i], m.Share(), StyleShare),
			Formula(w.allocRef[i], m.Allocated.Decimal(), StyleMoney), Formula(add, m.Additions.Decimal(), StyleMoney),
			Formula(w.volRef[i], m.Volume.Decimal(), StyleMoney), Formula(fmt.Sprintf("E%d+F%d+G%d", n, n, n), m.Fee.Decimal(), StyleMoney),
			prev, change, pct, Formula(w.carriedRef[i], m.TransferCarried, StyleMoney), Formula(w.netRef[i], m.TransferNet(), StyleMoney))
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
	sum := func(col int, cached any, st Style) Cell {
		return Formula(fmt.Sprintf("SUM(%s%d:%s%d)", Col(col), first, Col(col), last), cached, st)
	}
	tot := []Cell{Styled(w.l.tr("total"), StyleTotalText), Styled("", StyleTotalText),
		sum(sPopulation, pop, StyleTotalInt), sum(sShare, decimal.NewFromInt(1), StyleTotalShare),
		sum(sAllocated, alloc, StyleTotalMoney), sum(sAdditions, adds, StyleTotalMoney),
		sum(sVolume, vol, StyleTotalMoney), sum(sFee, w.r.Total, StyleTotalMoney)}
	tr := s.Next()
	w.sumFees = fmt.Sprintf("SUM(%s)", On(s.Name, fmt.Sprintf("H%d:H%d", first, last)))
	w.totalFee = On(s.Name, fmt.Sprintf("H%d", tr))
	w.sumParts = fmt.Sprintf("SUM(%s)+SUM(%s)+SUM(%s)", On(s.Name, fmt.Sprintf("E%d:E%d", first, last)),
		On(s.Name, fmt.Sprintf("F%d:F%d", first, last)), On(s.Name, fmt.Sprintf("G%d:G%d", first, last)))
	w.sumAllocated = On(s.Name, fmt.Sprintf("E%d", tr))
	if allPrev {
		tot = append(tot, sum(sPrevious, prev, StyleTotalMoney), sum(sChange, change, StyleTotalMoney))
		if !prev.IsZero() {
			tot = append(tot, Formula(fmt.Sprintf("J%d/I%d", tr, tr), new(big.Rat).Quo(change.Rat(), prev.Rat()), StylePercent))
		} else {
			tot = append(tot, Styled("", StyleTotalText))
		}
	} else {
		tot = append(tot, Styled("", StyleTotalText), Styled("", StyleTotalText), Styled("", StyleTotalText))
	}
	tot = append(tot, sum(sCarried, carried, StyleTotalMoney), sum(sNet, net, StyleTotalMoney))
	s.Row(tot...)
	s.Blank()
	s.Row(Text(w.l.tr("pool")), Cell{}, Cell{}, Cell{}, Formula(w.pool, w.r.Pool, StyleMoney))
	s.Row(Text(w.l.tr("check")+": "+w.l.tr("allocated")+" = "+w.l.tr("pool")), Cell{}, Cell{}, Cell{},
		Formula(fmt.Sprintf("IF(E%d=%s,\"OK\",E%d-%s)", tr, w.pool, tr, w.pool), "OK", StyleCheck))
	s.Row(Text(w.l.tr("next_base")), Cell{}, Cell{}, Cell{},
		Formula(fmt.Sprintf("%s+%s-%s", w.indexedBase, w.permanentSum, w.transferSum), w.r.NextBase, StyleMoney2))

	sheet := "'" + s.Name + "'"
	s.Chart(Ref(2, s.Next()+1), &excelize.Chart{
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
