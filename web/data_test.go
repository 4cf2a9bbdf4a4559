package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

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
	n := len(s.st.drafts)
	s.st.mu.Unlock()
	if n > maxDrafts {
		t.Errorf("%d drafts kept, want at most %d", n, maxDrafts)
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
