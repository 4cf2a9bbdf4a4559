package web

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestActions: each change is a POST that asks the backend and shows its
// outcome, a refusal as 409 or 422 with the command's words, never a bare
// 500; a GET of it is 405, a POST from another origin or naming none 403.
func TestActions(t *testing.T) {
	const period = "/period/2025-01-01_2025-03-31/"
	for _, c := range []struct {
		name       string
		action     string
		form       url.Values
		out        *Outcome
		err        error
		status     int
		want       []string // in the page
		calls      string
		notInPage  string
		withOrigin string // "" is this server's
	}{
		{name: "approved", action: "approve", out: &Outcome{Message: "approved 2025-01-01 – 2025-03-31 as rated now"}, status: 200,
			want: []string{"Godkänt.", "approved 2025-01-01 – 2025-03-31 as rated now", `href="/period/2025-01-01_2025-03-31"`}, calls: "approve 2025-01-01 by os-user"},
		{name: "issued", action: "issue", form: url.Values{"allow_rejected": {"on"}}, out: &Outcome{Message: "recorded 4 documents", Documents: []string{"2025-0005", "2025-0006"}}, status: 200,
			want: []string{"Utfärdat.", "2025-0005", "2025-0006"}, calls: "issue 2025-01-01 by os-user allow-rejected"},
		{name: "four eyes", action: "issue", err: &Refusal{Reason: RefusedFourEyes, Message: "ledger.four_eyes: only os-user approved it"}, status: 409,
			want: []string{"fyra ögon", "only os-user approved it", "Inget registrerades"}, calls: "issue 2025-01-01 by os-user"},
		{name: "overlap", action: "issue", err: &Refusal{Reason: RefusedOverlap, Message: "overlaps 2025-01-01 – 2025-03-31, already issued as 2025-0001"}, status: 409,
			want: []string{"överlappar", "already issued as 2025-0001"}, calls: "issue 2025-01-01 by os-user"},
		{name: "rejected rows", action: "issue", err: &Refusal{Reason: RefusedRejected, Message: "4 rows rejected: nothing was issued", Details: "storage.csv row 2582 column user: <script>alert(1)</script>"}, status: 422,
			want: []string{"avvisade", "4 rows rejected", "&lt;script&gt;alert(1)&lt;/script&gt;"}, notInPage: "<script>", calls: "issue 2025-01-01 by os-user"},
		{name: "a failure", action: "approve", err: errors.New("disk full"), status: 500, want: []string{"Misslyckades", "disk full"}, calls: "approve 2025-01-01 by os-user"},
		{name: "a correction", action: "correct", form: url.Values{"reason": {"  storage row 4 was wrong "}}, out: &Outcome{Message: "recorded 1 correction document", Documents: []string{"2025-0009"}}, status: 200,
			want: []string{"Rättat.", "2025-0009"}, calls: "correct 2025-01-01 by os-user: storage row 4 was wrong"},
		{name: "a correction without its reason", action: "correct", form: url.Values{"reason": {" "}}, status: 422, want: []string{"needs its reason"}},
		{name: "a foreign origin", action: "approve", withOrigin: "https://evil.example", status: 403, want: []string{"Förbjuden"}},
		{name: "no origin at all", action: "approve", withOrigin: "none", status: 403, want: []string{"Förbjuden"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := &recordingBackend{out: c.out, err: c.err}
			s := newAuthServer(t, nil, b)
			var w *httptest.ResponseRecorder
			if c.withOrigin == "" {
				w = send(s, http.MethodPost, period+c.action, c.form, nil)
			} else {
				r := httptest.NewRequest(http.MethodPost, period+c.action, strings.NewReader(c.form.Encode()))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if c.withOrigin != "none" {
					r.Header.Set("Origin", c.withOrigin)
				}
				w = httptest.NewRecorder()
				s.ServeHTTP(w, r)
			}
			if w.Code != c.status {
				t.Fatalf("status %d, want %d:\n%s", w.Code, c.status, w.Body)
			}
			for _, want := range c.want {
				if !strings.Contains(w.Body.String(), want) {
					t.Errorf("the page lacks %q:\n%s", want, w.Body)
				}
			}
			if c.notInPage != "" && strings.Contains(w.Body.String(), c.notInPage) {
				t.Errorf("the page has %q unescaped", c.notInPage)
			}
			if got := strings.Join(b.calls, "; "); got != c.calls {
				t.Errorf("the backend was asked %q, want %q", got, c.calls)
			}
		})
	}
	s := newAuthServer(t, nil, &recordingBackend{})
	for _, a := range []string{"approve", "issue", "correct"} {
		if w := send(s, http.MethodGet, period+a, nil, nil); w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "POST" {
			t.Errorf("GET %s: %d %v", a, w.Code, w.Header())
		}
	}
	if w := send(s, http.MethodPost, "/period/2025-13-01_2025-03-31/approve", url.Values{}, nil); w.Code != http.StatusNotFound {
		t.Errorf("a period that is none: %d", w.Code)
	}
}
