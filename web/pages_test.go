package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"html"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/internal/numtext"
	"memberfee/ledger"
)

var (
	q1 = ledger.Period{From: day0("2025-01-01"), To: day0("2025-03-31")}
	q2 = ledger.Period{From: day0("2025-04-01"), To: day0("2025-06-30")}
)

// exampleWalkthrough records what the example's README does: the fee
// adopted and installment 1 issued, Q1 issued with its rejected rows, a
// support row changed and one added, Q1 corrected.
func exampleWalkthrough(t *testing.T) *exampleBackend {
	t.Helper()
	b := newExample(t)
	b.adopt()
	b.issue(q1, "2025-04-07")
	changeSupport(t, b)
	b.correct(q1, "Ärende IT-2025-00069 avslutades 19:23", "2025-04-22")
	return b
}

// changeSupport makes the README's change to support.csv.
func changeSupport(t *testing.T, b *exampleBackend) {
	t.Helper()
	path := b.c.Resolve(b.c.Billing.Inputs.Support)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), "2025-02-27 13:58,2025-02-27 17:23", "2025-02-27 13:58,2025-02-27 19:23", 1)
	s += "IT-2025-01001,1861,Socialförvaltningen,2025-03-29 19:05,2025-03-29 20:10,Treserva,nej\r\n"
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	_ = filepath.Base
}

// get fetches path from s.
func get(t *testing.T, s http.Handler, path string) (int, string) {
	t.Helper()
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	return w.Code, w.Body.String()
}

func mustGet(t *testing.T, s http.Handler, path string) string {
	t.Helper()
	code, body := get(t, s, path)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", path, code, body)
	}
	return body
}

// chargebackJSON is what the tests read of bill's JSON.
type chargebackJSON struct {
	Total   string `json:"total"`
	Members []struct {
		ID         string            `json:"id"`
		Total      string            `json:"total"`
		Categories map[string]string `json:"categories"`
	} `json:"members"`
	Rejected []struct {
		File string `json:"file"`
		Row  int    `json:"row"`
	} `json:"rejected"`
	Depts []struct {
		Member, Department, Category, Amount string
	} `json:"departments"`
}

var (
	amountRE = regexp.MustCompile(`[−-]?\d{1,3}(?:[\x{a0},]\d{3})*[,.]\d{2}`)
	tagRE    = regexp.MustCompile(`<[^>]*>`)
	figRE    = regexp.MustCompile(`<strong class="fig" id="total">([^<]*)</strong>`)
)

// sv is an amount of the JSON as a Swedish page writes it.
func sv(t *testing.T, s string) string {
	t.Helper()
	return numtext.Swedish.Amount(decimal.RequireFromString(s))
}

// rowAmounts are the amounts of the member's row of the period page.
func rowAmounts(t *testing.T, body, period, member string) []string {
	t.Helper()
	start := strings.Index(body, `<tr id="member-`+member+`"><td><a href="/period/`+period+`/member/`+member+`">`+member+`</a>`)
	if start < 0 {
		t.Fatalf("no row of member %s", member)
	}
	row := body[start:]
	row = row[:strings.Index(row, "</tr>")]
	return amountRE.FindAllString(html.UnescapeString(tagRE.ReplaceAllString(row, " ")), -1)
}

// firstFig is a page's first headline figure.
func firstFig(t *testing.T, body string) string {
	t.Helper()
	m := figRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no figure on the page")
	}
	return html.UnescapeString(m[1])
}

// TestFiguresEqualJSON: every member's figure on the period, member,
// category and department pages equals bill's chargeback JSON of the same
// rating — an issued quarter (read from the ledger) and a draft one
// (rated through the Backend).
func TestFiguresEqualJSON(t *testing.T) {
	b := newExample(t)
	b.adopt()
	js1 := b.issue(q1, "2025-04-07")
	bill, _ := b.rate(q2)
	js2, err := bill.JSON()
	bill.Remove()
	if err != nil {
		t.Fatal(err)
	}
	s := b.server(t, "sv")
	for _, c := range []struct {
		p      ledger.Period
		js     []byte
		status string
	}{{q1, js1, "fakturerad"}, {q2, js2, "utkast"}} {
		t.Run(periodKey(c.p), func(t *testing.T) {
			var j chargebackJSON
			if err := json.Unmarshal(c.js, &j); err != nil {
				t.Fatal(err)
			}
			key := periodKey(c.p)
			body := mustGet(t, s, "/period/"+key)
			if !strings.Contains(body, `st-`) || !strings.Contains(body, c.status) {
				t.Errorf("period page lacks status %q", c.status)
			}
			if got := firstFig(t, body); got != sv(t, j.Total) {
				t.Errorf("period total %s, JSON %s", got, j.Total)
			}
			for _, m := range j.Members {
				var want []string
				for _, cat := range billing.Categories {
					want = append(want, sv(t, m.Categories[string(cat)]))
				}
				want = append(want, sv(t, m.Total))
				if got := rowAmounts(t, body, key, m.ID); !slices.Equal(got, want) {
					t.Errorf("member %s row %q, JSON %q", m.ID, got, want)
				}
				mp := mustGet(t, s, "/period/"+key+"/member/"+m.ID)
				if got := firstFig(t, mp); got != sv(t, m.Total) {
					t.Errorf("member %s page total %s, JSON %s", m.ID, got, m.Total)
				}
				for _, cat := range billing.Categories {
					cp := mustGet(t, s, "/period/"+key+"/member/"+m.ID+"/"+string(cat))
					if got := firstFig(t, cp); got != sv(t, m.Categories[string(cat)]) {
						t.Errorf("member %s %s page total %s, JSON %s", m.ID, cat, got, m.Categories[string(cat)])
					}
				}
			}
			if c.p == q1 { // the only chargeback of the year: the year's column is the JSON's
				year := mustGet(t, s, "/")
				for _, m := range j.Members {
					start := strings.Index(year, `<tr id="member-`+m.ID+`"><td><a href="/year/2025/member/`+m.ID+`">`)
					row := year[start:]
					row = row[:strings.Index(row, "</tr>")]
					got := amountRE.FindAllString(html.UnescapeString(tagRE.ReplaceAllString(row, " ")), -1)
					if len(got) < 4 || got[2] != sv(t, m.Total) {
						t.Errorf("the year's row of %s: %q, chargeback %s", m.ID, got, m.Total)
					}
				}
			}
			for _, d := range j.Depts {
				if decimal.RequireFromString(d.Amount).IsZero() {
					continue // included rows only: on no document
				}
				dept := d.Department
				if dept == "" {
					dept = noDepartment
				}
				dp := mustGet(t, s, "/period/"+key+"/member/"+d.Member+"/"+d.Category+"/"+url.PathEscape(dept))
				if got := firstFig(t, dp); got != sv(t, d.Amount) {
					t.Errorf("%s %s %s: page %s, JSON %s", d.Member, d.Category, d.Department, got, d.Amount)
				}
			}
			// Rejected rows come first on the page, each of the JSON's
			// that is on a member's document (or, in a draft, all).
			if rej, mem := strings.Index(body, `class="rejected"`), strings.Index(body, `class="figures matrix"`); rej < 0 || rej > mem {
				t.Error("the rejected rows are not before the members")
			}
			for _, r := range j.Rejected {
				if !strings.Contains(body, "<td>"+r.File+"</td>") || !strings.Contains(body, ">"+strconv.Itoa(r.Row)+"<") {
					if c.p == q2 {
						t.Errorf("rejected %s:%d not on the draft's page", r.File, r.Row)
					}
				}
			}
		})
	}
}

var (
	hrefRE = regexp.MustCompile(`(?:href|src|action)="([^"]*)"`)
	// external is any reference that would leave the server.
	externalRE = regexp.MustCompile(`(?i)(?:href|src|action|srcset|poster|data)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|//)|url\(\s*["']?\s*(?:[a-z]+:|//)|@import`)
)

// TestCrawl follows every link from the year (the walk-through's ledger:
// fee, Q1 issued and corrected, the config's year a draft that overlaps
// it) and from a draft quarter: every page answers 200, references nothing
// outside the server, and every link is one of the server's own.
func TestCrawl(t *testing.T) {
	b := exampleWalkthrough(t)
	s := b.server(t, "sv")
	seen := map[string]bool{}
	queue := []string{"/", "/period/" + periodKey(q2), "/documents"}
	kinds := map[string]int{}
	for len(queue) > 0 && len(seen) < 1500 {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		code, body := get(t, s, u)
		if code != http.StatusOK {
			t.Errorf("GET %s: %d", u, code)
			continue
		}
		if strings.HasPrefix(u, "/download/") || strings.HasPrefix(u, "/static/") {
			continue
		}
		if m := externalRE.FindString(body); m != "" {
			t.Errorf("%s references something outside: %q", u, m)
		}
		for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
			h := html.UnescapeString(m[1])
			if !strings.HasPrefix(h, "/") || strings.HasPrefix(h, "//") {
				t.Errorf("%s links %q, not a path of the server", u, h)
				continue
			}
			if strings.Contains(m[0], "action=") {
				continue // a form: POST
			}
			// Each kind of page a few dozen times is enough: the
			// lines and input rows are thousands.
			kind := regexp.MustCompile(`/\d+$|\?.*`).ReplaceAllString(h, "")
			kind = regexp.MustCompile(`/member/[^/]+`).ReplaceAllString(kind, "/member/M")
			if kinds[kind] > 40 {
				continue
			}
			if !seen[h] {
				kinds[kind]++
				queue = append(queue, h)
			}
		}
	}
	for _, must := range []string{"/period/" + periodKey(q1), "/document/2025-0009", "/year/2025/member/1861", "/static/style.css"} {
		if !seen[must] {
			t.Errorf("no page links %s", must)
		}
	}
	var lines, rows int
	for u := range seen {
		if strings.Contains(u, "/line/") {
			lines++
		}
		if strings.Contains(u, "/input/") {
			rows++
		}
	}
	if lines == 0 || rows == 0 {
		t.Errorf("the crawl reached %d line pages and %d input rows", lines, rows)
	}
	t.Logf("%d pages", len(seen))
	css := mustGet(t, s, "/static/style.css")
	if externalRE.MatchString(css) {
		t.Error("the stylesheet references something outside")
	}
}

// TestNotFound: what does not exist is a 404 in the site's design.
func TestNotFound(t *testing.T) {
	b := exampleWalkthrough(t)
	s := b.server(t, "sv")
	k := periodKey(q1)
	for _, path := range []string{
		"/nope",
		"/period/2025-13-01_2025-03-31",
		"/period/2025-03-31_2025-01-01",
		"/period/2025-1-1_2025-03-31",
		"/period/2025-01-01",
		"/period/x",
		"/period/" + k + "/member/9999",
		"/period/" + k + "/member/1861/nosuch",
		"/period/" + k + "/member/1861/storage/Ingen%20s%C3%A5dan",
		"/period/" + k + "/member/1861/line/99999",
		"/period/" + k + "/member/1861/line/0",
		"/period/" + k + "/member/1861/line/x",
		"/period/" + k + "/input/storage/999999",
		"/period/" + k + "/input/storage/1",
		"/period/" + k + "/input/nosuch/2",
		"/period/" + k + "/nosuch",
		"/document/2099-0001",
		"/year/2025/member/9999",
		"/year/x/member/1861",
		"/year/20255",
		"/download/nosuch?period=" + k,
		"/download/json",
		"/download/json?period=2025-02-30_2025-03-31",
		"/download/bill?period=" + k + "&member=9999",
		"/static/nosuch.css",
	} {
		code, body := get(t, s, path)
		if code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, code)
			continue
		}
		if path != "/static/nosuch.css" && !strings.Contains(body, "Hittades inte") {
			t.Errorf("GET %s: the 404 is not the site's page", path)
		}
	}
}

// TestEscaping: a description from an input file is text on every page
// that shows it, never markup.
func TestEscaping(t *testing.T) {
	b := newExample(t)
	path := b.c.Resolve(b.c.Billing.Inputs.Printers)
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	const evil = `<script>alert(1)</script>`
	if _, err := f.WriteString("2025-03-14;1861;<b>Kultur</b>;" + evil + ";expansion;100,00\r\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s := b.server(t, "sv")
	k := periodKey(q1)
	pages := []string{"/period/" + k + "?q=alert", "/period/" + k + "/member/1861/printers"}
	body := mustGet(t, s, pages[1])
	m := regexp.MustCompile(`href="(/period/[^"]*/line/\d+)">\d+</a></td><td>&lt;b&gt;Kultur`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the line with the script is not on the category page")
	}
	pages = append(pages, m[1], "/period/"+k+"/member/1861/printers/"+url.PathEscape("<b>Kultur</b>"))
	in := regexp.MustCompile(`href="(/period/[^"]*/input/printers/\d+[^"]*)"`).FindStringSubmatch(mustGet(t, s, m[1]))
	if in == nil {
		t.Fatal("the line links no input row")
	}
	pages = append(pages, html.UnescapeString(in[1]))
	for _, p := range pages {
		body := mustGet(t, s, p)
		if strings.Contains(body, evil) || strings.Contains(body, "<b>Kultur") {
			t.Errorf("%s: the input's markup is in the page", p)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: the description is not shown as text", p)
		}
	}
}

// TestEnglish: with Lang "en" the labels and numbers are English.
func TestEnglish(t *testing.T) {
	b := exampleWalkthrough(t)
	s := b.server(t, "en")
	body := mustGet(t, s, "/period/"+periodKey(q1))
	for _, want := range []string{"Rejected rows", "Members", `lang="en"`, "corrected", "4,649,188.22", "Correct"} {
		if !strings.Contains(body, want) {
			t.Errorf("the English period page lacks %q", want)
		}
	}
	for _, not := range []string{"Avvisade rader", "4\u00a0649\u00a0188,22"} {
		if strings.Contains(body, not) {
			t.Errorf("the English period page has %q", not)
		}
	}
	if _, body := get(t, s, "/nope"); !strings.Contains(body, "Not found") {
		t.Error("the English 404 is not English")
	}
}

// TestLabels: both languages have every label, and every label a
// template asks for exists.
func TestLabels(t *testing.T) {
	for k, v := range labels {
		if strings.TrimSpace(v[0]) == "" || strings.TrimSpace(v[1]) == "" {
			t.Errorf("label %q: %q", k, v)
		}
	}
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	used := regexp.MustCompile(`\{\{-?\s*t\s+"([a-z_]+)"`)
	for _, f := range files {
		data, _ := fs.ReadFile(assets, f)
		for _, m := range used.FindAllStringSubmatch(string(data), -1) {
			if _, ok := labels[m[1]]; !ok {
				t.Errorf("%s asks for label %q, which is not in labels", f, m[1])
			}
		}
	}
	for _, st := range []string{stDraft, stApproved, stIssued, stCorrected} {
		if _, ok := labels["st_"+st]; !ok {
			t.Errorf("status %s has no label", st)
		}
	}
	for _, c := range billing.Categories {
		for _, lang := range []string{"sv", "en"} {
			if n := categoryName(lang, c); n == "" || n == "cat."+string(c) || n == string(c) {
				t.Errorf("category %s has no name in %s: %q", c, lang, n)
			}
		}
	}
}

// TestDraftCache: a draft is rated once, again when an input file changes
// and after Invalidate (what the actions call after a POST), and an
// approval of its content makes it approved without rating it again.
func TestDraftCache(t *testing.T) {
	b := newExample(t)
	b.issue(q1, "2025-04-07")
	s := b.server(t, "sv")
	k := "/period/" + periodKey(q2)
	mustGet(t, s, k)
	mustGet(t, s, k+"/member/1861")
	if b.drafts != 1 {
		t.Fatalf("rated %d times, want 1", b.drafts)
	}
	support := b.c.Resolve(b.c.Billing.Inputs.Support)
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(support, later, later); err != nil {
		t.Fatal(err)
	}
	mustGet(t, s, k)
	if b.drafts != 2 {
		t.Fatalf("after an input changed: rated %d times, want 2", b.drafts)
	}
	s.Invalidate()
	body := mustGet(t, s, k)
	if b.drafts != 3 {
		t.Fatalf("after Invalidate: rated %d times, want 3", b.drafts)
	}
	if !strings.Contains(body, `st-draft`) || strings.Contains(body, "Godkänd av") {
		t.Fatal("the draft is not a draft")
	}
	d, err := b.Draft(t.Context(), q2)
	if err != nil {
		t.Fatal(err)
	}
	b.record(func(tx *ledger.Tx) error {
		return tx.Approve(&ledger.Approval{Period: q2, ContentHash: d.ContentHash, By: "Anna Berg", Date: day0("2025-07-02")})
	})
	n := b.drafts
	body = mustGet(t, s, k)
	if !strings.Contains(body, `st-approved`) || !strings.Contains(body, "Anna Berg") {
		t.Error("an approval of the draft's content does not make it approved")
	}
	if b.drafts != n {
		t.Errorf("an approval rated the period again")
	}
	// The year lists the period with its status.
	if year := mustGet(t, s, "/"); !strings.Contains(year, `href="`+k+`"`) {
		t.Error("the year does not list the draft period")
	}
}

// TestStatuses: a period's status on its page and the year's.
func TestStatuses(t *testing.T) {
	b := exampleWalkthrough(t)
	s := b.server(t, "en")
	for _, c := range []struct {
		p    ledger.Period
		want string
	}{{q1, "corrected"}, {q2, "draft"}} {
		body := mustGet(t, s, "/period/"+periodKey(c.p))
		if !strings.Contains(body, `class="badge st-`+c.want+`"`) {
			t.Errorf("%s: not %s", periodKey(c.p), c.want)
		}
	}
	body := mustGet(t, s, "/period/"+periodKey(q1))
	if strings.Contains(body, `action="/period/`+periodKey(q1)+`/issue"`) || !strings.Contains(body, `action="/period/`+periodKey(q1)+`/correct"`) || !strings.Contains(body, `name="reason"`) {
		t.Error("an issued period offers issue, or not correct")
	}
	body = mustGet(t, s, "/period/"+periodKey(q2))
	for _, want := range []string{`action="/period/` + periodKey(q2) + `/issue"`, `name="allow_rejected"`, `action="/period/` + periodKey(q2) + `/approve"`, `method="post"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the draft's page lacks %s", want)
		}
	}
	// The config's year overlaps the issued quarter: no forms, a warning.
	body = mustGet(t, s, "/period/2025-01-01_2025-12-31")
	if strings.Contains(body, "/issue\"") || !strings.Contains(body, "overlaps periods already issued") {
		t.Error("an overlapping period offers issue, or does not say why not")
	}
	// The member's year: the installment, the chargeback, its correction.
	body = mustGet(t, s, "/year/2025/member/1861")
	for _, want := range []string{`href="/document/2025-0002"`, `href="/document/2025-0006"`, `href="/document/2025-0009"`, "3,006.25"} {
		if !strings.Contains(body, want) {
			t.Errorf("Hallsberg's year lacks %s", want)
		}
	}
	body = mustGet(t, s, "/document/2025-0009")
	for _, want := range []string{`href="/document/2025-0006"`, "changed", "added", "925.00", "2,775.00", "1,850.00"} {
		if !strings.Contains(body, want) {
			t.Errorf("the correction's page lacks %s", want)
		}
	}
}

// TestInputRow: a line's input row shows the file's header and the row's
// cells, and says when the file changed since the period was issued.
func TestInputRow(t *testing.T) {
	b := exampleWalkthrough(t)
	s := b.server(t, "sv")
	k := periodKey(q1)
	body := mustGet(t, s, "/period/"+k+"/input/support/70")
	for _, want := range []string{"<th>ticket</th><td>IT-2025-00069</td>", "<th>end</th><td>2025-02-27 19:23</td>", "Filen har ändrats sedan perioden fakturerades", `href="/period/` + k + `/member/1861/line/`} {
		if !strings.Contains(body, want) {
			t.Errorf("the input row lacks %q", want)
		}
	}
	body = mustGet(t, s, "/period/"+k+"/input/equipment/2")
	if !strings.Contains(body, "Filen är densamma") {
		t.Error("an unchanged file is not said to be the one issued")
	}
	// A Windows-1252 file reads as rating reads it.
	if !strings.Contains(body, "<th>Förvaltning</th>") {
		t.Error("the Windows-1252 header is not read as such")
	}
}

// TestDownload: a download is the Backend's file, served as an attachment.
func TestDownload(t *testing.T) {
	b := exampleWalkthrough(t)
	s := b.server(t, "sv")
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, "/download/json?period="+periodKey(q1), nil)
	r.Header.Set("Range", "bytes=0-9")
	s.ServeHTTP(w, r)
	if w.Code != http.StatusPartialContent || w.Body.Len() != 10 {
		t.Fatalf("a range of the download: %d, %d bytes", w.Code, w.Body.Len())
	}
	if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename=json.json` {
		t.Errorf("Content-Disposition %q", cd)
	}
	_, body := get(t, s, "/download/statement?member=1861&year=2025")
	if !strings.Contains(body, `"Kind":"statement"`) || !strings.Contains(body, `"Year":2025`) || !strings.Contains(body, `"Member":"1861"`) {
		t.Errorf("the statement's download asked for %s", body)
	}
	if !strings.Contains(mustGet(t, s, "/period/"+periodKey(q1)), `href="/download/sie?period=`+periodKey(q1)+`"`) {
		t.Error("the issued period does not offer its SIE export")
	}
}

// TestSearchSortPage: search within a period, sort by a column, page.
func TestSearchSortPage(t *testing.T) {
	b := exampleWalkthrough(t)
	s := b.server(t, "sv")
	k := "/period/" + periodKey(q1)
	body := mustGet(t, s, k+"?q=it-2025-00069")
	if !strings.Contains(body, "IT-2025-00069") || strings.Contains(body, "IT-2025-00047") {
		t.Error("the search by ticket does not find only that ticket")
	}
	body = mustGet(t, s, k+"?q=IT-2025")
	if !strings.Contains(body, "Nästa") || !strings.Contains(body, "hpage=2") {
		t.Error("many hits are not paged")
	}
	body = mustGet(t, s, k+"?sort=total&desc=1")
	body = body[strings.Index(body, "figures matrix"):]
	at := func(m string) int { return strings.Index(body, `member/`+m+`">`+m+`</a>`) }
	if !(at("1861") < at("1860") && at("1860") < at("1814") && at("1814") < at("1882")) {
		t.Error("the members are not sorted by total, descending")
	}
	docs := mustGet(t, s, "/documents?sort=number&desc=1")
	if strings.Index(docs, `href="/document/2025-0009"`) > strings.Index(docs, `href="/document/2025-0001"`) {
		t.Error("the documents are not in the reverse order of their numbers")
	}
	body = mustGet(t, s, k+"/member/1861/support?sort=amount&desc=1")
	amounts := amountRE.FindAllString(html.UnescapeString(tagRE.ReplaceAllString(body[strings.Index(body, `class="figures lines"`):], " ")), -1)
	var prev decimal.Decimal
	for i, a := range amounts {
		if i%2 == 1 { // unit price, amount
			d := decimal.RequireFromString(strings.NewReplacer("\u00a0", "", ",", ".", "−", "-").Replace(a))
			if i > 1 && d.GreaterThan(prev) {
				t.Fatalf("not sorted by amount: %v", amounts)
			}
			prev = d
		}
	}
}

// FuzzParsePeriod: a period in a URL is two dates written as the pages
// write them, the first not after the second; anything else is refused,
// and what is accepted writes back the same.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2025-01-01_2025-03-31", "2025-03-31_2025-01-01", "2025-02-29_2025-03-01", "2025-1-1_2025-3-31", "_", "", "2025-01-01_2025-01-01", "2025-01-01_2025-03-31_x", "+2025-01-01_2025-03-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := parsePeriod(s)
		if !ok {
			return
		}
		if periodKey(p) != s {
			t.Errorf("%q reads as %s", s, periodKey(p))
		}
		if p.To.Before(p.From) {
			t.Errorf("%q: the period ends before it starts", s)
		}
	})
}

// TestPaginate: pages of a table, and links that keep the other
// parameters.
func TestPaginate(t *testing.T) {
	items := make([]int, 250)
	for i := range items {
		items[i] = i
	}
	for _, c := range []struct {
		query       string
		first, n    int
		prev, next  string
		page, pages int
	}{
		{"", 0, 100, "", "/t?page=2", 1, 3},
		{"?page=2&q=x", 100, 100, "/t?page=1&q=x", "/t?page=3&q=x", 2, 3},
		{"?page=3", 200, 50, "/t?page=2", "", 3, 3},
		{"?page=9", 200, 50, "/t?page=2", "", 3, 3},
		{"?page=-1", 0, 100, "", "/t?page=2", 1, 3},
	} {
		r := httptest.NewRequest(http.MethodGet, "/t"+c.query, nil)
		q := readTable(r, "", "", 100)
		got, p := paginate(items, q)
		if len(got) != c.n || got[0] != c.first || p.Prev != c.prev || p.Next != c.next || p.Page != c.page || p.Pages != c.pages {
			t.Errorf("%s: %d items from %d, %+v", c.query, len(got), got[0], p)
		}
	}
	q := readTable(httptest.NewRequest(http.MethodGet, "/t?sort=amount&page=3&q=x", nil), "", "line", 100)
	if l := q.SortLink("amount"); l != "/t?desc=1&q=x&sort=amount" {
		t.Errorf("sorting again by the column: %s", l)
	}
	if l := q.SortLink("date"); l != "/t?q=x&sort=date" {
		t.Errorf("sorting by another column: %s", l)
	}
	if _, p := paginate([]int{}, q); p.Pages != 1 || p.From != 0 {
		t.Errorf("an empty table: %+v", p)
	}
}

// TestConcurrentPages: pages asked for at once, while the actions
// invalidate what was cached, answer as one at a time would (run with
// -race); a draft's pages (rated again: another time) and the year (which
// lists the drafts rated since) aside.
func TestConcurrentPages(t *testing.T) {
	b := exampleWalkthrough(t)
	s := b.server(t, "sv")
	k := "/period/" + periodKey(q1)
	paths := []string{"/", k, k + "?q=IT-2025", k + "/member/1861", k + "/member/1861/support", k + "/member/1861/line/3",
		"/period/" + periodKey(q2), "/period/" + periodKey(q2) + "/member/1882/storage", "/document/2025-0009", "/year/2025/member/1861", k + "/input/support/70"}
	want := map[string]string{}
	for _, p := range paths {
		want[p] = mustGet(t, s, p)
	}
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			for i := range 20 {
				p := paths[(g+i)%len(paths)]
				if i%7 == 3 {
					s.Invalidate()
				}
				if code, body := get(t, s, p); code != http.StatusOK || body != want[p] && !strings.Contains(p, periodKey(q2)) && p != "/" {
					t.Errorf("GET %s at once: %d, another page", p, code)
				}
			}
		})
	}
	wg.Wait()
}

// TestNoLedger: before anything is recorded (no ledger file) the config's
// period is a draft with its figures, and the server creates no ledger.
func TestNoLedger(t *testing.T) {
	b := newExample(t)
	s := b.server(t, "sv")
	year := mustGet(t, s, "/")
	if !strings.Contains(year, `href="/period/2025-01-01_2025-12-31"`) || !strings.Contains(year, "st-draft") || !strings.Contains(year, "Årets avgift är inte fastställd") {
		t.Error("the year without a ledger does not show the config's period as a draft")
	}
	bill, _ := b.rate(ledger.Period{From: day0("2025-01-01"), To: day0("2025-12-31")})
	js, err := bill.JSON()
	bill.Remove()
	if err != nil {
		t.Fatal(err)
	}
	var j chargebackJSON
	if err := json.Unmarshal(js, &j); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(year, sv(t, j.Total)) {
		t.Errorf("the year does not show the draft's total %s", j.Total)
	}
	if body := mustGet(t, s, "/documents"); !strings.Contains(body, "Inget fakturerat") {
		t.Error("the documents without a ledger are not none")
	}
	if _, err := os.Stat(b.ledger); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the server made a ledger: %v", err)
	}
}

// failingBackend cannot rate: an input file is missing, say.
type failingBackend struct{ *exampleBackend }

func (failingBackend) Draft(context.Context, ledger.Period) (*Draft, error) {
	return nil, errors.New("cannot read data/support.csv: no such file")
}

// TestDraftFails: a period that cannot be rated says why, in the design,
// and is tried again on the next page.
func TestDraftFails(t *testing.T) {
	b := newExample(t)
	s, err := New(Options{Config: b.c, Ledger: b.ledger, Backend: failingBackend{b}})
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	log.SetOutput(&logged)
	defer log.SetOutput(os.Stderr)
	for range 2 {
		code, body := get(t, s, "/period/"+periodKey(q2))
		// The detail (paths, a command's stderr) goes to the server's log,
		// the page says something went wrong.
		if code != http.StatusInternalServerError || strings.Contains(body, "data/support.csv") || !strings.Contains(body, "serverns logg") || !strings.Contains(body, "<h1>Fel</h1>") {
			t.Fatalf("%d %s", code, body)
		}
	}
	if !strings.Contains(logged.String(), "cannot read data/support.csv: no such file") {
		t.Errorf("the detail is not in the log: %q", logged.String())
	}
}

// TestLineTextsInLanguage: the ledger keeps a line's reason in canonical
// English; the pages say it in their language through the catalogue.
func TestLineTextsInLanguage(t *testing.T) {
	b := exampleWalkthrough(t)
	for _, c := range []struct{ lang, want, not string }{
		{"sv", "är ingen licenstyp", "is not a licence type"},
		{"en", "is not a licence type", "är ingen licenstyp"},
	} {
		body := mustGet(t, b.server(t, c.lang), "/period/"+periodKey(q1))
		if !strings.Contains(body, c.want) || strings.Contains(body, c.not) {
			t.Errorf("%s: the period's rejected licence row does not say %q (or says %q)", c.lang, c.want, c.not)
		}
	}
}
