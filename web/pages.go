package web

import (
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/ledger"
)

// pageRoutes registers the pages (GET): the year, periods, members,
// categories, departments, lines, input rows, documents, search, downloads,
// and the embedded assets.
func (s *Server) pageRoutes(mux *http.ServeMux) {
	s.st.drafts = map[string]*draftEntry{}
	s.st.lines = map[string]*cachedLines{}
	s.st.index = map[string]*periodIndex{}
	s.st.sums = map[string]string{}
	s.st.rejected = map[string]*periodIndex{}
	s.st.rating = make(chan struct{}, maxRatings)
	s.startConfig()
	mux.HandleFunc("GET /{$}", s.page(s.yearPage))
	mux.HandleFunc("GET /year/{year}", s.page(s.yearPage))
	mux.HandleFunc("GET /period/{period}", s.page(s.periodPage))
	mux.HandleFunc("GET /period/{period}/member/{member}", s.page(s.memberPage))
	mux.HandleFunc("GET /period/{period}/member/{member}/{category}", s.page(s.categoryPage))
	mux.HandleFunc("GET /period/{period}/member/{member}/{category}/{department}", s.page(s.categoryPage))
	mux.HandleFunc("GET /period/{period}/member/{member}/line/{n}", s.page(s.linePage))
	mux.HandleFunc("GET /period/{period}/input/{category}/{row}", s.page(s.inputRowPage))
	mux.HandleFunc("GET /year/{year}/member/{member}", s.page(s.memberYearPage))
	mux.HandleFunc("GET /documents", s.page(s.documentsPage))
	mux.HandleFunc("GET /document/{number}", s.page(s.documentPage))
	mux.HandleFunc("GET /download/{kind}", s.page(s.download))
	mux.Handle("GET /static/", staticFiles())
	mux.HandleFunc("/", s.notFound)
}

// Links: every page's address is made here, so that a figure's link and
// the route it reaches stay one.
func periodURL(p ledger.Period) string { return "/period/" + periodKey(p) }
func memberURL(p ledger.Period, m string) string {
	return periodURL(p) + "/member/" + url.PathEscape(m)
}
func categoryURL(p ledger.Period, m string, c billing.Category) string {
	return memberURL(p, m) + "/" + url.PathEscape(string(c))
}
func departmentURL(p ledger.Period, m string, c billing.Category, dept string) string {
	if dept == "" {
		dept = noDepartment
	}
	return categoryURL(p, m, c) + "/" + url.PathEscape(dept)
}

// noDepartment is the path segment of the lines without a department.
const noDepartment = "-"

func lineURL(p ledger.Period, m string, n int) string {
	return memberURL(p, m) + "/line/" + strconv.Itoa(n)
}

// inputURL is an input row's page; member, when known, spares the page
// looking for the row's lines on every member's document.
func inputURL(p ledger.Period, c billing.Category, row int, member string) string {
	u := periodURL(p) + "/input/" + url.PathEscape(string(c)) + "/" + strconv.Itoa(row)
	if member != "" {
		u += "?member=" + url.QueryEscape(member)
	}
	return u
}
func documentURL(n string) string { return "/document/" + url.PathEscape(n) }
func memberYearURL(year int, m string) string {
	return "/year/" + strconv.Itoa(year) + "/member/" + url.PathEscape(m)
}
func downloadURL(kind string, p *ledger.Period, member string, year int) string {
	v := url.Values{}
	if p != nil {
		v.Set("period", periodKey(*p))
	}
	if member != "" {
		v.Set("member", member)
	}
	if year != 0 {
		v.Set("year", strconv.Itoa(year))
	}
	return "/download/" + kind + "?" + v.Encode()
}

// base is what every page's data holds: its title and the way up.
type base struct {
	Title string
	Up    []crumb
}

func (b *base) title() string   { return b.Title }
func (b *base) crumbs() []crumb { return b.Up }

// link is a download or another page offered on a page.
type link struct{ Text, Href string }

// ---- the year

type yearData struct {
	base
	Q         *tableQuery
	Year      int
	Adoption  *ledger.Adoption
	Members   []yearMember
	Periods   []yearPeriod
	Fee       decimal.Decimal
	FeeIssued decimal.Decimal
	Charged   decimal.Decimal
	Corrected decimal.Decimal
}

type yearMember struct {
	ID, Name                      string
	Fee                           decimal.Decimal
	Installments, Of              int
	FeeIssued, Charged, Corrected decimal.Decimal
	Total                         decimal.Decimal
	Href                          string
	HasFee                        bool
}

type yearPeriod struct {
	V       *periodView
	Href    string
	Members int
	Rated   bool
}

func (s *Server) yearPage(w http.ResponseWriter, r *http.Request) {
	year := s.cfg().Year
	if y := r.PathValue("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1900 || n > 9999 {
			s.notFound(w, r)
			return
		}
		year = n
	}
	ctx := r.Context()
	snap, err := s.snapshot(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := &yearData{Year: year}
	d.Title = labelOr(s, "the_year") + " " + strconv.Itoa(year)
	if d.Adoption, err = s.adoption(ctx, snap, year); err != nil {
		s.serverError(w, r, err)
		return
	}
	rows := map[string]*yearMember{}
	var order []string
	member := func(id string) *yearMember {
		if m, ok := rows[id]; ok {
			return m
		}
		m := &yearMember{ID: id, Name: s.memberName(id), Href: memberYearURL(year, id)}
		rows[id] = m
		order = append(order, id)
		return m
	}
	for _, m := range s.cfg().Members {
		member(m.ID)
	}
	if d.Adoption != nil {
		for _, f := range d.Adoption.Members {
			m := member(f.Member)
			m.Fee, m.Of, m.HasFee = f.Fee, len(f.Installments), true
			d.Fee = d.Fee.Add(f.Fee)
		}
	}
	for _, doc := range snap.docs {
		if doc.Period.From.Year() != year {
			continue
		}
		m := member(doc.Member)
		switch doc.Kind {
		case ledger.Fee:
			m.Installments++
			m.FeeIssued = m.FeeIssued.Add(doc.Total)
			d.FeeIssued = d.FeeIssued.Add(doc.Total)
		case ledger.Chargeback:
			m.Charged = m.Charged.Add(doc.Total)
			d.Charged = d.Charged.Add(doc.Total)
		case ledger.Correction:
			m.Corrected = m.Corrected.Add(doc.Total)
			d.Corrected = d.Corrected.Add(doc.Total)
		}
	}
	for _, id := range order {
		m := rows[id]
		m.Total = m.FeeIssued.Add(m.Charged).Add(m.Corrected)
		d.Members = append(d.Members, *m)
	}
	d.Q = readTable(r, "", "member", 1000)
	sortBy(d.Members, d.Q, map[string]func(a, b yearMember) int{
		"name":    func(a, b yearMember) int { return strings.Compare(a.Name, b.Name) },
		"fee":     func(a, b yearMember) int { return a.Fee.Cmp(b.Fee) },
		"charged": func(a, b yearMember) int { return a.Charged.Cmp(b.Charged) },
		"total":   func(a, b yearMember) int { return a.Total.Cmp(b.Total) },
	})
	for _, p := range s.periods(snap) {
		if p.From.Year() != year && p.To.Year() != year {
			continue
		}
		v, err := s.period(ctx, snap, p, ratingFor(r))
		if errors.Is(err, errCrossSite) {
			v, err = s.period(ctx, snap, p, rateNone) // listed without its figures
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		d.Periods = append(d.Periods, yearPeriod{V: v, Href: periodURL(p), Members: len(v.Chargebacks), Rated: v.Issued || v.Draft != nil})
	}
	s.render(w, r, http.StatusOK, "year", d)
}

// labelOr is a label in the server's language (the key itself if missing:
// the label tests keep that from happening).
func labelOr(s *Server, key string) string {
	if v, err := s.lang().t(key); err == nil {
		return v
	}
	return key
}

// ---- a period

// periodOf reads the period of r's path: a 404 for a malformed one.
func (s *Server) periodOf(w http.ResponseWriter, r *http.Request) (*snapshot, *periodView, bool) {
	p, ok := parsePeriod(r.PathValue("period"))
	if !ok {
		s.notFound(w, r)
		return nil, nil, false
	}
	snap, err := s.snapshot(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, false
	}
	v, err := s.period(r.Context(), snap, p, ratingFor(r))
	if err != nil {
		s.pageError(w, r, err)
		return nil, nil, false
	}
	return snap, v, true
}

// pageError is the page of an error reading a period: a 403 for a
// rating a page from another site would start, a 404 for a period not
// rated on demand, else a 500.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errCrossSite):
		s.render(w, r, http.StatusForbidden, "error", labelOr(s, "cross_site_rating"))
	case errors.Is(err, errNotRateable):
		s.notFound(w, r)
	default:
		s.serverError(w, r, err)
	}
}

func (s *Server) periodCrumbs(v *periodView) []crumb {
	return []crumb{{labelOr(s, "the_year") + " " + strconv.Itoa(v.P.From.Year()), "/year/" + strconv.Itoa(v.P.From.Year())}, {periodText(v.P), periodURL(v.P)}}
}

type periodData struct {
	base
	V          *periodView
	Cats       []billing.Category
	Rows       []memberRow
	CatTotals  []cell
	Rejected   []lineRow
	RejPager   pager
	Query      string
	Hits       []lineRow
	HitPager   pager
	Q          *tableQuery
	Downloads  []link
	CanApprove bool
	CanIssue   bool
	CanCorrect bool
	// Issued is the first chargeback of an issued period: when, by whom.
	Issued *ledger.Document
}

type memberRow struct {
	ID, Name    string
	Href        string
	Cells       []cell
	Total       decimal.Decimal
	Corrected   decimal.Decimal
	HasCorr     bool
	Doc         string // number; "" in a draft or with no document
	DocHref     string
	Rejected    int
	HasDocument bool
}

type cell struct {
	Amount decimal.Decimal
	Href   string
	Zero   bool
}

// lineRow is a line in a table with its links.
type lineRow struct {
	indexedLine
	Href      string // the line's page ("" for a row on no document)
	InputHref string // its input row ("" for a derived line)
	MemberURL string
	Name      string
}

func (s *Server) lineRow(v *periodView, l indexedLine) lineRow {
	lr := lineRow{indexedLine: l, Name: s.memberName(l.Member)}
	if l.N > 0 {
		lr.Href = lineURL(v.P, l.Member, l.N)
	}
	if l.Member != "" && (s.memberName(l.Member) != "" || v.chargeback(l.Member) != nil) {
		lr.MemberURL = memberURL(v.P, l.Member)
	}
	if l.Row > 0 && l.Category != "" {
		lr.InputHref = inputURL(v.P, l.Category, l.Row, l.Member)
	}
	return lr
}

func (s *Server) periodPage(w http.ResponseWriter, r *http.Request) {
	snap, v, ok := s.periodOf(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	d := &periodData{V: v, Cats: billing.Categories, Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	d.Title = labelOr(s, "period") + " " + periodText(v.P)
	d.Up = s.periodCrumbs(v)[:1]
	d.Q = readTable(r, "", "member", 1000)
	d.CanApprove = !v.Issued && len(v.Overlap) == 0 && v.Draft != nil
	d.CanIssue = d.CanApprove
	d.CanCorrect = v.Issued
	if v.Issued && len(v.Chargebacks) > 0 {
		d.Issued = &v.Chargebacks[0]
	}
	// members × categories
	catTotals := make([]decimal.Decimal, len(d.Cats))
	seen := map[string]bool{}
	addRow := func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		row := memberRow{ID: id, Name: s.memberName(id), Href: memberURL(v.P, id)}
		doc := v.chargeback(id)
		for i, c := range d.Cats {
			var a decimal.Decimal
			if doc != nil {
				a = doc.ByCategory[string(c)]
			}
			catTotals[i] = catTotals[i].Add(a)
			row.Cells = append(row.Cells, cell{Amount: a, Href: categoryURL(v.P, id, c), Zero: a.IsZero()})
		}
		if doc != nil {
			row.Total, row.Doc, row.HasDocument = doc.Total, doc.Number, true
			if doc.Number != "" {
				row.DocHref = documentURL(doc.Number)
			}
			for _, c := range doc.Counts {
				row.Rejected += c.Rejected
			}
		}
		for _, c := range v.memberCorrections(id) {
			row.Corrected, row.HasCorr = row.Corrected.Add(c.Total), true
		}
		d.Rows = append(d.Rows, row)
	}
	for _, m := range s.cfg().Members {
		addRow(m.ID)
	}
	for _, doc := range v.Chargebacks {
		addRow(doc.Member)
	}
	for _, doc := range v.Corrections {
		addRow(doc.Member)
	}
	for i, t := range catTotals {
		d.CatTotals = append(d.CatTotals, cell{Amount: t, Zero: t.IsZero()})
		_ = i
	}
	sortRows(d.Rows, d.Q)
	// rejected rows first; search
	if v.Rejected > 0 && (v.Issued || v.Draft != nil) {
		all, err := s.rejectedRows(ctx, snap, v)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		rej, pg := paginate(all, readTable(r, "r", "file", 100))
		d.RejPager = pg
		for _, l := range rej {
			d.Rejected = append(d.Rejected, s.lineRow(v, l))
		}
	}
	if d.Query != "" && (v.Issued || v.Draft != nil) {
		ix, err := s.index(ctx, snap, v)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		var hits []indexedLine
		needle := strings.ToLower(d.Query)
		for i := range ix.all {
			if ix.all[i].matches(needle) {
				hits = append(hits, ix.all[i])
			}
		}
		page, pg := paginate(hits, readTable(r, "h", "", 100))
		d.HitPager = pg
		for _, l := range page {
			d.Hits = append(d.Hits, s.lineRow(v, l))
		}
	}
	if v.Issued || v.Draft != nil {
		d.Downloads = []link{
			{labelOr(s, "dl_bill"), downloadURL("bill", &v.P, "", 0)},
			{labelOr(s, "dl_lines"), downloadURL("lines", &v.P, "", 0)},
			{labelOr(s, "dl_json"), downloadURL("json", &v.P, "", 0)},
		}
		if v.Issued {
			d.Downloads = append(d.Downloads, link{labelOr(s, "dl_sie"), downloadURL("sie", &v.P, "", 0)},
				link{labelOr(s, "dl_csv"), downloadURL("csv", &v.P, "", 0)}, link{labelOr(s, "dl_peppol"), downloadURL("peppol", &v.P, "", 0)})
		}
	}
	s.render(w, r, http.StatusOK, "period", d)
}

func sortRows(rows []memberRow, q *tableQuery) {
	by := map[string]func(a, b memberRow) int{
		"total": func(a, b memberRow) int { return a.Total.Cmp(b.Total) },
		"name":  func(a, b memberRow) int { return strings.Compare(a.Name, b.Name) },
	}
	for i, c := range billing.Categories {
		by["cat:"+string(c)] = func(a, b memberRow) int { return a.Cells[i].Amount.Cmp(b.Cells[i].Amount) }
	}
	sortBy(rows, q, by)
}

// ---- a member of a period

type memberData struct {
	base
	V           *periodView
	ID, Name    string
	Doc         *ledger.Document
	Rows        []memberCat
	Corrections []ledger.Document
	Downloads   []link
	YearHref    string
}

type memberCat struct {
	Cat                         billing.Category
	Href                        string
	Amount                      decimal.Decimal
	Charged, Included, Rejected int
	Corrected                   decimal.Decimal
}

// memberOf is the member of r's path, when the config or the period knows it.
func (s *Server) memberOf(w http.ResponseWriter, r *http.Request, v *periodView) (string, bool) {
	m := r.PathValue("member")
	if s.memberName(m) == "" && v.chargeback(m) == nil && len(v.memberCorrections(m)) == 0 {
		s.notFound(w, r)
		return "", false
	}
	return m, true
}

// periodMember reads the period and the member of r's path (a 404 for
// either unknown).
func (s *Server) periodMember(w http.ResponseWriter, r *http.Request) (*periodView, string, bool) {
	_, v, ok := s.periodOf(w, r)
	if !ok {
		return nil, "", false
	}
	m, ok := s.memberOf(w, r, v)
	return v, m, ok
}

func (s *Server) memberCrumbs(v *periodView, m string) []crumb {
	name := s.memberName(m)
	if name == "" {
		name = m
	}
	return append(s.periodCrumbs(v), crumb{name, memberURL(v.P, m)})
}

func (s *Server) memberPage(w http.ResponseWriter, r *http.Request) {
	v, m, ok := s.periodMember(w, r)
	if !ok {
		return
	}
	d := &memberData{V: v, ID: m, Name: s.memberName(m), Doc: v.chargeback(m), Corrections: v.memberCorrections(m), YearHref: memberYearURL(v.P.From.Year(), m)}
	d.Title = cmp.Or(d.Name, m) + " · " + periodText(v.P)
	d.Up = s.periodCrumbs(v)
	for _, c := range billing.Categories {
		row := memberCat{Cat: c, Href: categoryURL(v.P, m, c)}
		if d.Doc != nil {
			row.Amount = d.Doc.ByCategory[string(c)]
			n := d.Doc.Counts[c]
			row.Charged, row.Included, row.Rejected = n.Charged, n.Included, n.Rejected
		}
		for _, k := range d.Corrections {
			row.Corrected = row.Corrected.Add(k.ByCategory[string(c)])
		}
		d.Rows = append(d.Rows, row)
	}
	if v.Issued || v.Draft != nil {
		d.Downloads = []link{{labelOr(s, "dl_member_bill"), downloadURL("bill", &v.P, m, 0)}, {labelOr(s, "dl_statement"), downloadURL("statement", nil, m, v.P.From.Year())}}
	}
	s.render(w, r, http.StatusOK, "member", d)
}

// ---- a member's category, and a department of it

type categoryData struct {
	base
	V         *periodView
	ID, Name  string
	Cat       billing.Category
	Doc       *ledger.Document
	Dept      string // the department page's; "" for all
	Depts     []deptRow
	Lines     []lineRow
	Pager     pager
	Q         *tableQuery
	Total     decimal.Decimal // of the lines shown (all pages)
	Filter    string
	CatHref   string
	Downloads []link
}

type deptRow struct {
	Name   string
	Href   string
	Lines  int
	Amount decimal.Decimal
}

func categoryOf(s string) (billing.Category, bool) {
	c := billing.Category(s)
	return c, slices.Contains(billing.Categories, c)
}

func (s *Server) categoryPage(w http.ResponseWriter, r *http.Request) {
	v, m, ok := s.periodMember(w, r)
	if !ok {
		return
	}
	c, ok := categoryOf(r.PathValue("category"))
	if !ok {
		s.notFound(w, r)
		return
	}
	d := &categoryData{V: v, ID: m, Name: s.memberName(m), Cat: c, Doc: v.chargeback(m), Dept: r.PathValue("department"), CatHref: categoryURL(v.P, m, c)}
	dept, byDept := d.Dept, d.Dept != ""
	if dept == noDepartment {
		dept = ""
	}
	d.Title = cmp.Or(d.Name, m) + " · " + categoryName(s.o.Lang, c)
	d.Up = s.memberCrumbs(v, m)
	var lines []indexedLine
	if d.Doc != nil {
		all, err := s.lines(r.Context(), d.Doc)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for i := range all {
			if all[i].Category == c {
				lines = append(lines, indexedLine{Member: m, Doc: d.Doc.Number, N: i + 1, Line: &all[i]})
			}
		}
	}
	depts := map[string]*deptRow{}
	var names []string
	for _, l := range lines {
		dr, ok := depts[l.Department]
		if !ok {
			dr = &deptRow{Name: cmp.Or(l.Department, labelOr(s, "no_department")), Href: departmentURL(v.P, m, c, l.Department)}
			depts[l.Department] = dr
			names = append(names, l.Department)
		}
		dr.Lines++
		dr.Amount = dr.Amount.Add(l.Amount)
	}
	slices.Sort(names)
	for _, n := range names {
		d.Depts = append(d.Depts, *depts[n])
	}
	if byDept {
		if _, ok := depts[dept]; !ok {
			s.notFound(w, r)
			return
		}
		d.Dept = cmp.Or(dept, labelOr(s, "no_department"))
		d.Title += " · " + d.Dept
		d.Up = append(d.Up, crumb{categoryName(s.o.Lang, c), d.CatHref})
		lines = slices.DeleteFunc(lines, func(l indexedLine) bool { return l.Department != dept })
	}
	d.Q = readTable(r, "", "line", 200)
	d.Filter = strings.TrimSpace(d.Q.Get("q"))
	if d.Filter != "" {
		needle := strings.ToLower(d.Filter)
		lines = slices.DeleteFunc(lines, func(l indexedLine) bool { return !l.matches(needle) })
	}
	for _, l := range lines {
		d.Total = d.Total.Add(l.Amount)
	}
	sortLines(lines, d.Q)
	page, pg := paginate(lines, d.Q)
	d.Pager = pg
	for _, l := range page {
		d.Lines = append(d.Lines, s.lineRow(v, l))
	}
	if v.Issued || v.Draft != nil {
		d.Downloads = []link{{labelOr(s, "dl_member_bill"), downloadURL("bill", &v.P, m, 0)}, {labelOr(s, "dl_lines"), downloadURL("lines", &v.P, "", 0)}}
	}
	s.render(w, r, http.StatusOK, "category", d)
}

// sortLines sorts lines by a column of the lines table.
func sortLines(lines []indexedLine, q *tableQuery) {
	sortBy(lines, q, lineOrders) // "line": the document's order
}

// lineOrders are the columns a table of lines sorts by.
var lineOrders = map[string]func(a, b indexedLine) int{
	"date":        func(a, b indexedLine) int { return a.Date.Compare(b.Date) },
	"ref":         func(a, b indexedLine) int { return strings.Compare(a.Ref, b.Ref) },
	"description": func(a, b indexedLine) int { return strings.Compare(a.Description, b.Description) },
	"department":  func(a, b indexedLine) int { return strings.Compare(a.Department, b.Department) },
	"quantity":    func(a, b indexedLine) int { return a.Quantity.Cmp(b.Quantity) },
	"amount":      func(a, b indexedLine) int { return a.Amount.Cmp(b.Amount) },
	"row":         func(a, b indexedLine) int { return a.Row - b.Row },
}

// ---- a line

type lineData struct {
	base
	V        *periodView
	ID, Name string
	Doc      *ledger.Document
	L        lineRow
	CatHref  string
	DeptHref string
	// Corrected are the correction lines of this line (by its key).
	Corrected []correctedLine
}

type correctedLine struct {
	Number, Href string
	*ledger.Line
}

func (s *Server) linePage(w http.ResponseWriter, r *http.Request) {
	v, m, ok := s.periodMember(w, r)
	if !ok {
		return
	}
	doc := v.chargeback(m)
	n, err := strconv.Atoi(r.PathValue("n"))
	if doc == nil || err != nil || n < 1 {
		s.notFound(w, r)
		return
	}
	lines, err := s.lines(r.Context(), doc)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if n > len(lines) {
		s.notFound(w, r)
		return
	}
	l := indexedLine{Member: m, Doc: doc.Number, N: n, Line: &lines[n-1]}
	d := &lineData{V: v, ID: m, Name: s.memberName(m), Doc: doc, L: s.lineRow(v, l),
		CatHref: categoryURL(v.P, m, l.Category), DeptHref: departmentURL(v.P, m, l.Category, l.Department)}
	for i := range v.Corrections {
		k := &v.Corrections[i]
		if k.Member != m {
			continue
		}
		cl, err := s.docLines(r.Context(), k)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for j := range cl {
			if cl[j].Key == l.Key && l.Key != "" {
				d.Corrected = append(d.Corrected, correctedLine{Number: k.Number, Href: documentURL(k.Number), Line: &cl[j]})
			}
		}
	}
	d.Title = labelOr(s, "line") + " " + strconv.Itoa(n) + " · " + cmp.Or(d.Name, m)
	d.Up = append(s.memberCrumbs(v, m), crumb{categoryName(s.o.Lang, l.Category), d.CatHref}, crumb{cmp.Or(l.Department, labelOr(s, "no_department")), d.DeptHref})
	s.render(w, r, http.StatusOK, "line", d)
}

// ---- documents

type documentsData struct {
	base
	Docs  []docRow
	Pager pager
	Q     *tableQuery
	Kinds []ledger.Kind
	Total decimal.Decimal
}

type docRow struct {
	*ledger.Document
	Href, CorrectsHref, PeriodHref, MemberHref, Name string
}

func (s *Server) docRow(d *ledger.Document) docRow {
	row := docRow{Document: d, Href: documentURL(d.Number), Name: s.memberName(d.Member)}
	if d.Corrects != "" {
		row.CorrectsHref = documentURL(d.Corrects)
	}
	if d.Kind != ledger.Fee {
		row.PeriodHref = periodURL(d.Period)
		row.MemberHref = memberURL(d.Period, d.Member)
	}
	return row
}

func (s *Server) documentsPage(w http.ResponseWriter, r *http.Request) {
	snap, err := s.snapshot(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := &documentsData{Q: readTable(r, "", "number", 100), Kinds: []ledger.Kind{ledger.Fee, ledger.Chargeback, ledger.Correction}}
	d.Title = labelOr(s, "documents")
	kind, member := d.Q.Get("kind"), d.Q.Get("member")
	var docs []*ledger.Document
	for i := range snap.docs {
		doc := &snap.docs[i]
		if (kind == "" || string(doc.Kind) == kind) && (member == "" || doc.Member == member) {
			docs = append(docs, doc)
			d.Total = d.Total.Add(doc.Total)
		}
	}
	sortBy(docs, d.Q, map[string]func(a, b *ledger.Document) int{
		"member": func(a, b *ledger.Document) int { return strings.Compare(a.Member, b.Member) },
		"total":  func(a, b *ledger.Document) int { return a.Total.Cmp(b.Total) },
		"period": func(a, b *ledger.Document) int { return a.Period.From.Compare(b.Period.From) },
		"kind":   func(a, b *ledger.Document) int { return strings.Compare(string(a.Kind), string(b.Kind)) },
	})
	page, pg := paginate(docs, d.Q)
	d.Pager = pg
	for _, doc := range page {
		d.Docs = append(d.Docs, s.docRow(doc))
	}
	s.render(w, r, http.StatusOK, "documents", d)
}

type documentData struct {
	base
	D           docRow
	Cats        []cell
	CatNames    []billing.Category
	Lines       []docLine
	Pager       pager
	Q           *tableQuery
	CorrectedBy []docRow
	Downloads   []link
}

type docLine struct {
	N int
	*ledger.Line
	Href, InputHref string
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request) {
	snap, err := s.snapshot(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	doc, ok := snap.doc(r.PathValue("number"))
	if !ok {
		s.notFound(w, r)
		return
	}
	d := &documentData{D: s.docRow(doc), Q: readTable(r, "", "line", 200)}
	d.Title = labelOr(s, "document") + " " + doc.Number
	d.Up = []crumb{{labelOr(s, "documents"), "/documents"}}
	for _, c := range billing.Categories {
		if a, ok := doc.ByCategory[string(c)]; ok {
			d.CatNames = append(d.CatNames, c)
			d.Cats = append(d.Cats, cell{Amount: a, Href: categoryURL(doc.Period, doc.Member, c)})
		}
	}
	for i := range snap.docs {
		if snap.docs[i].Corrects == doc.Number {
			d.CorrectedBy = append(d.CorrectedBy, s.docRow(&snap.docs[i]))
		}
	}
	lines, err := s.docLines(r.Context(), doc)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ix := make([]indexedLine, len(lines))
	for i := range lines {
		ix[i] = indexedLine{Member: doc.Member, Doc: doc.Number, N: i + 1, Line: &lines[i]}
	}
	sortLines(ix, d.Q)
	page, pg := paginate(ix, d.Q)
	d.Pager = pg
	for _, l := range page {
		dl := docLine{N: l.N, Line: l.Line}
		if doc.Kind == ledger.Chargeback {
			dl.Href = lineURL(doc.Period, doc.Member, l.N)
		}
		if l.Row > 0 && l.Category != "" && doc.Kind != ledger.Fee {
			dl.InputHref = inputURL(doc.Period, l.Category, l.Row, doc.Member)
		}
		d.Lines = append(d.Lines, dl)
	}
	if doc.Kind == ledger.Fee {
		d.Downloads = []link{{labelOr(s, "dl_statement"), downloadURL("statement", nil, doc.Member, doc.Period.From.Year())}}
	} else {
		d.Downloads = []link{{labelOr(s, "dl_member_bill"), downloadURL("bill", &doc.Period, doc.Member, 0)},
			{labelOr(s, "dl_sie"), downloadURL("sie", &doc.Period, "", 0)}, {labelOr(s, "dl_csv"), downloadURL("csv", &doc.Period, "", 0)},
			{labelOr(s, "dl_peppol"), downloadURL("peppol", &doc.Period, "", 0)}, {labelOr(s, "dl_statement"), downloadURL("statement", nil, doc.Member, doc.Period.From.Year())}}
	}
	s.render(w, r, http.StatusOK, "document", d)
}

// ---- a member's year

type memberYearData struct {
	base
	Year                               int
	ID, Name                           string
	Fee                                *ledger.AdoptedFee
	Docs                               []yearDoc
	FeeIssued, Charged, Corrected, Sum decimal.Decimal
	Downloads                          []link
}

type yearDoc struct {
	docRow
	Balance decimal.Decimal
}

func (s *Server) memberYearPage(w http.ResponseWriter, r *http.Request) {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < 1900 || year > 9999 {
		s.notFound(w, r)
		return
	}
	ctx := r.Context()
	snap, err := s.snapshot(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	m := r.PathValue("member")
	d := &memberYearData{Year: year, ID: m, Name: s.memberName(m)}
	known := d.Name != ""
	a, err := s.adoption(ctx, snap, year)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if a != nil {
		for i := range a.Members {
			if a.Members[i].Member == m {
				d.Fee, known = &a.Members[i], true
			}
		}
	}
	for i := range snap.docs {
		doc := &snap.docs[i]
		if doc.Member != m || doc.Period.From.Year() != year {
			continue
		}
		known = true
		switch doc.Kind {
		case ledger.Fee:
			d.FeeIssued = d.FeeIssued.Add(doc.Total)
		case ledger.Chargeback:
			d.Charged = d.Charged.Add(doc.Total)
		case ledger.Correction:
			d.Corrected = d.Corrected.Add(doc.Total)
		}
		d.Sum = d.Sum.Add(doc.Total)
		d.Docs = append(d.Docs, yearDoc{docRow: s.docRow(doc), Balance: d.Sum})
	}
	if !known {
		s.notFound(w, r)
		return
	}
	d.Title = cmp.Or(d.Name, m) + " · " + labelOr(s, "year_to_date") + " " + strconv.Itoa(year)
	d.Up = []crumb{{labelOr(s, "the_year") + " " + strconv.Itoa(year), "/year/" + strconv.Itoa(year)}}
	d.Downloads = []link{{labelOr(s, "dl_statement"), downloadURL("statement", nil, m, year)}}
	s.render(w, r, http.StatusOK, "memberyear", d)
}
