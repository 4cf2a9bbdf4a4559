package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"memberfee/billing"
	"memberfee/ledger"
)

// getFrom fetches path as a page of another site would (an <img>, a link).
func getFrom(t *testing.T, s http.Handler, path, site string) (int, string) {
	t.Helper()
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.Header.Set("Sec-Fetch-Site", site)
	s.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

func month(y, m int) ledger.Period {
	from := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
	return ledger.Period{From: from, To: from.AddDate(0, 1, -1)}
}

// TestDraftsBounded: pages of many made-up periods keep maxDrafts drafts,
// and the year lists none of them — only the ledger's and the config's.
func TestDraftsBounded(t *testing.T) {
	b := newExample(t)
	s := b.server(t, "sv")
	for m := 1; m <= 10; m++ {
		mustGet(t, s, periodURL(month(2025, m)))
	}
	s.st.mu.Lock()
	n, rej := len(s.st.drafts), 0
	for _, ix := range s.st.rejected {
		if ix.draft != nil {
			rej++ // holds its draft's lines
		}
	}
	s.st.mu.Unlock()
	if n > maxDrafts || rej > maxDrafts {
		t.Errorf("%d drafts kept, %d drafts' rejected rows, want at most %d", n, rej, maxDrafts)
	}
	year := mustGet(t, s, "/year/2025")
	for m := 1; m <= 10; m++ {
		if strings.Contains(year, `href="`+periodURL(month(2025, m))+`"`) {
			t.Errorf("the year lists %s, a period only looked at", periodKey(month(2025, m)))
		}
	}
	if !strings.Contains(year, `href="/period/2025-01-01_2025-12-31"`) {
		t.Error("the year does not list the config's period")
	}
	// The one looked at last is still kept: not rated again.
	before := b.drafts
	mustGet(t, s, periodURL(month(2025, 10)))
	if b.drafts != before {
		t.Error("the period looked at last was rated again")
	}
}

// TestYearListsApproved: a period approved shows on the year from the
// ledger: on a server that never rated it, and after a POST (Invalidate).
func TestYearListsApproved(t *testing.T) {
	b := newExample(t)
	b.issue(q1, "2025-04-07")
	d, err := b.Draft(t.Context(), q2)
	if err != nil {
		t.Fatal(err)
	}
	b.record(func(tx *ledger.Tx) error {
		return tx.Approve(&ledger.Approval{Period: q2, ContentHash: d.ContentHash, By: "Anna Berg", Date: day0("2025-07-02")})
	})
	s := b.server(t, "en")
	for _, when := range []string{"at start", "after a POST"} {
		year := mustGet(t, s, "/year/2025")
		i := strings.Index(year, `href="`+periodURL(q2)+`"`)
		if i < 0 {
			t.Fatalf("%s: the year does not list the approved %s", when, periodKey(q2))
		}
		if row := year[i:]; !strings.Contains(row[:strings.Index(row, "</tr>")], "st-approved") {
			t.Errorf("%s: %s is not listed as approved", when, periodKey(q2))
		}
		s.Invalidate()
	}
}

// slowBackend rates slowly and counts how many rate at once.
type slowBackend struct {
	*exampleBackend
	mu       sync.Mutex
	now, max int
	rated    map[string]int
}

func (b *slowBackend) Draft(ctx context.Context, p ledger.Period) (*Draft, error) {
	b.mu.Lock()
	b.now++
	b.max = max(b.max, b.now)
	b.rated[periodKey(p)]++
	b.mu.Unlock()
	time.Sleep(30 * time.Millisecond)
	defer func() { b.mu.Lock(); b.now--; b.mu.Unlock() }()
	return b.exampleBackend.Draft(ctx, p)
}

// TestRatingsOneAtATime: pages of several periods at once rate one at a
// time, and pages of the same period wait for its one rating.
func TestRatingsOneAtATime(t *testing.T) {
	b := &slowBackend{exampleBackend: newExample(t), rated: map[string]int{}}
	s, err := New(Options{Config: b.c, Ledger: b.ledger, Backend: b})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	paths := []string{periodURL(q2), periodURL(month(2025, 7)), periodURL(month(2025, 8)), periodURL(q2), periodURL(q2) + "/member/1861"}
	var wg sync.WaitGroup
	for _, p := range paths {
		wg.Go(func() {
			if code, _ := get(t, s, p); code != http.StatusOK {
				t.Errorf("GET %s: %d", p, code)
			}
		})
	}
	wg.Wait()
	if b.max > maxRatings {
		t.Errorf("%d ratings at once, want at most %d", b.max, maxRatings)
	}
	if n := b.rated[periodKey(q2)]; n != 1 {
		t.Errorf("%s rated %d times by pages at once, want 1", periodKey(q2), n)
	}
}

// TestCrossSiteStartsNoRating: a page opened from another site gets what
// is rated already, never a rating started (403); the year shows the
// period without figures.
func TestCrossSiteStartsNoRating(t *testing.T) {
	b := newExample(t)
	s := b.server(t, "en")
	code, body := getFrom(t, s, periodURL(q2), "cross-site")
	if code != http.StatusForbidden || !strings.Contains(body, "opened from another site rates none") {
		t.Errorf("a cross-site GET of a period not rated: %d\n%s", code, body)
	}
	if code, _ := getFrom(t, s, periodURL(q2)+"/member/1861", "same-site"); code != http.StatusForbidden {
		t.Errorf("a same-site GET (another port) of a period not rated: %d", code)
	}
	if code, _ := getFrom(t, s, "/", "cross-site"); code != http.StatusOK {
		t.Errorf("a cross-site GET of the year: %d", code)
	}
	if b.drafts != 0 {
		t.Fatalf("cross-site GETs rated %d times", b.drafts)
	}
	if code, _ := getFrom(t, s, periodURL(q2), "same-origin"); code != http.StatusOK || b.drafts != 1 {
		t.Fatalf("a same-origin GET: %d, rated %d times", code, b.drafts)
	}
	if code, _ := getFrom(t, s, periodURL(q2)+"/member/1861", "cross-site"); code != http.StatusOK || b.drafts != 1 {
		t.Errorf("a cross-site GET of a period rated: %d, rated %d times", code, b.drafts)
	}
}

// TestPeriodsNotRatedOnDemand: a period far from the config's year, or
// longer than a year, is a 404, not a rating; the year before is rated.
func TestPeriodsNotRatedOnDemand(t *testing.T) {
	b := newExample(t)
	s := b.server(t, "sv")
	for _, p := range []string{"2030-01-01_2030-03-31", "2022-12-01_2022-12-31", "2024-01-01_2025-06-30", "2025-01-01_2026-01-02"} {
		if code, _ := get(t, s, "/period/"+p); code != http.StatusNotFound {
			t.Errorf("GET /period/%s: %d, want 404", p, code)
		}
	}
	if b.drafts != 0 {
		t.Errorf("rated %d times", b.drafts)
	}
	for _, p := range []string{"2024-10-01_2024-12-31", "2026-01-01_2026-12-31"} {
		mustGet(t, s, "/period/"+p)
	}
}

// editConfig rewrites the config file with edit, its time a second later
// (a file system with coarse times sees the change).
func editConfig(t *testing.T, b *exampleBackend, edit func(string) string) {
	t.Helper()
	data, err := os.ReadFile(b.c.Path)
	if err != nil {
		t.Fatal(err)
	}
	touchTo(t, b.c.Path, edit(string(data)))
}

// touchTo writes text to path (unless "") and moves its time on.
func touchTo(t *testing.T, path, text string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if text != "" {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	later := fi.ModTime().Add(time.Second)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
}

// extraInputBackend's drafts record one more input than the config's six
// (as a licences users list does).
type extraInputBackend struct{ *exampleBackend }

func (b extraInputBackend) Draft(ctx context.Context, p ledger.Period) (*Draft, error) {
	d, err := b.exampleBackend.Draft(ctx, p)
	if err == nil {
		d.Inputs = append(d.Inputs, ledger.Input{Category: "licences", Name: "data/users.csv", SHA256: "x"})
	}
	return d, err
}

// TestConfigReloaded: the pages follow the config file: its policy file
// and every input the draft recorded are in the draft's stamp, an input
// pointed at another file is read from that one, and a config that no
// longer loads is said on every page, figures of the one before never.
func TestConfigReloaded(t *testing.T) {
	b := newExample(t)
	dir := filepath.Dir(b.c.Path)
	pol, err := os.ReadFile("../policy/sydnarke-2023.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "policy.yaml"), pol, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{Config: b.c, Ledger: b.ledger, Backend: extraInputBackend{b}, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	k := periodURL(q2)
	rated := func(want int, why string) {
		t.Helper()
		mustGet(t, s, k)
		if b.drafts != want {
			t.Fatalf("%s: rated %d times, want %d", why, b.drafts, want)
		}
	}
	rated(1, "first")
	editConfig(t, b, func(c string) string { return c + "\npolicy: policy.yaml\n" })
	rated(2, "the config changed")
	touchTo(t, filepath.Join(dir, "policy.yaml"), "")
	rated(3, "the policy file changed")
	touchTo(t, filepath.Join(dir, "data", "users.csv"), "")
	rated(4, "an input the draft recorded changed")
	rated(4, "nothing changed")
	configFollowed(t, b, s)
}

// configFollowed: an input pointed at another file is read from that one;
// a config that no longer loads is said on every page.
func configFollowed(t *testing.T, b *exampleBackend, s *Server) {
	dir := filepath.Dir(b.c.Path)
	k := periodURL(q2)
	support, err := os.ReadFile(filepath.Join(dir, "data", "support.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data", "support-v2.csv"), []byte(strings.Replace(string(support), "IT-2025-00069", "IT-2025-09999", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if body := mustGet(t, s, k+"/input/support/70"); !strings.Contains(body, "<td>IT-2025-00069</td>") {
		t.Fatal("the support row is not the example's")
	}
	editConfig(t, b, func(c string) string { return strings.Replace(c, "data/support.csv", "data/support-v2.csv", 1) })
	if body := mustGet(t, s, k+"/input/support/70"); !strings.Contains(body, "<td>IT-2025-09999</td>") {
		t.Error("the input row is read from the file the config named before")
	}
	good, _ := os.ReadFile(b.c.Path)
	editConfig(t, b, func(c string) string { return strings.Replace(c, "year: 2025", "year: [2025", 1) })
	for _, p := range []string{"/", k, k + "/member/1861", "/documents", "/year/2025/member/1861"} {
		code, body := get(t, s, p)
		if code != http.StatusInternalServerError || !strings.Contains(body, "no longer loads") || strings.Contains(body, `class="fig"`) {
			t.Errorf("GET %s with a broken config: %d\n%.300s", p, code, body)
		}
	}
	touchTo(t, b.c.Path, string(good))
	mustGet(t, s, k)
}

// TestConfigFollowedFromStart: the same, on a server that rated nothing.
func TestConfigFollowedFromStart(t *testing.T) {
	b := newExample(t)
	configFollowed(t, b, b.server(t, "en"))
}

// TestOffDocuments: an issued period says how many input rows are on no
// document (a row naming no member of the board is rejected on none).
func TestOffDocuments(t *testing.T) {
	b := newExample(t)
	b.issue(q1, "2025-04-07")
	var rows, on int
	for _, d := range b.issuedDocs() {
		if d.Kind != ledger.Chargeback {
			continue
		}
		for cat, c := range d.Counts {
			if cat != billing.Licences { // counts its derived excess lines too
				on += c.Charged + c.Included + c.Rejected
			}
		}
		if rows == 0 {
			for _, in := range d.Inputs {
				if in.Category != string(billing.Licences) {
					rows += in.Rows
				}
			}
		}
	}
	if rows <= on {
		t.Fatalf("the example's Q1: %d input rows, %d on documents: nothing to show", rows, on)
	}
	body := mustGet(t, b.server(t, "en"), periodURL(q1))
	i := strings.Index(body, `id="off-documents"`)
	if i < 0 || !strings.Contains(body, "naming no member of the board") {
		t.Fatal("the issued period does not say that rows are on no document")
	}
	table := body[i:]
	table = table[:strings.Index(table, "</table>")]
	got := 0
	for _, m := range regexp.MustCompile(`<td class="n">([\d,]+)</td></tr>`).FindAllStringSubmatch(table, -1) {
		n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
		got += n
	}
	if got != rows-on {
		t.Errorf("rows on no document %d, want %d (%d input rows, %d on documents)", got, rows-on, rows, on)
	}
	// A draft lists its rejected rows itself: no such note.
	if body := mustGet(t, b.server(t, "en"), periodURL(q2)); strings.Contains(body, `id="off-documents"`) {
		t.Error("a draft has the issued period's note")
	}
}
