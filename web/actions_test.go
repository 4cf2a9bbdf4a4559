package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"memberfee/config"
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
		{name: "a failure", action: "approve", err: errors.New("memberfee approve: disk full\n/home/x/ledger.db"), status: 500, want: []string{"Misslyckades", "serverns logg"}, notInPage: "disk full", calls: "approve 2025-01-01 by os-user"},
		{name: "approved as shown", action: "approve", form: url.Values{"content": {"0123456789abcdef"}}, out: &Outcome{Message: "approved"}, status: 200,
			want: []string{"Godkänt."}, calls: "approve 2025-01-01 by os-user content 0123456789abcdef"},
		{name: "issued as shown", action: "issue", form: url.Values{"content": {"0123456789abcdef"}}, out: &Outcome{Message: "recorded", Documents: []string{"2025-0005"}}, status: 200,
			want: []string{"Utfärdat."}, calls: "issue 2025-01-01 by os-user content 0123456789abcdef"},
		{name: "changed since shown", action: "approve", form: url.Values{"content": {"0123456789abcdef"}}, err: &Refusal{Reason: RefusedChanged, Message: "rated now has content 89abcdef0123, not 0123456789abcdef as reviewed"}, status: 409,
			want: []string{"indata har ändrats sedan sidan visades", "not 0123456789abcdef as reviewed", "Inget registrerades"}, calls: "approve 2025-01-01 by os-user content 0123456789abcdef"},
		{name: "a correction", action: "correct", form: url.Values{"reason": {"  storage row 4 was wrong "}}, out: &Outcome{Message: "recorded 1 correction document", Documents: []string{"2025-0009"}}, status: 200,
			want: []string{"Rättat.", "2025-0009"}, calls: "correct 2025-01-01 by os-user: storage row 4 was wrong"},
		{name: "a correction without its reason", action: "correct", form: url.Values{"reason": {" "}}, status: 422, want: []string{"behöver sin orsak"}},
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

// TestActionsInEnglish: with --lang en the outcome, sign-in and signed-out
// pages are English, titled in words, and say nothing in Swedish.
func TestActionsInEnglish(t *testing.T) {
	const period = "/period/2025-01-01_2025-03-31/"
	for _, c := range []struct {
		name, method, path string
		form               url.Values
		b                  *recordingBackend
		users              bool
		want               []string
	}{
		{"issued", http.MethodPost, period + "issue", url.Values{}, &recordingBackend{out: &Outcome{Documents: []string{"2025-0005"}}}, false,
			[]string{"<title>Outcome · memberfee</title>", "<h1>Issue 2025-01-01", "Issued.", "Back to the period"}},
		{"refused: changed", http.MethodPost, period + "approve", url.Values{"content": {"0123456789ab"}}, &recordingBackend{err: &Refusal{Reason: RefusedChanged, Message: "x"}}, false,
			[]string{"Refused: the inputs changed since the page was shown", "Nothing was recorded."}},
		{"refused: four eyes", http.MethodPost, period + "issue", url.Values{}, &recordingBackend{err: &Refusal{Reason: RefusedFourEyes, Message: "x"}}, false,
			[]string{"Refused: four eyes"}},
		{"a failure", http.MethodPost, period + "approve", url.Values{}, &recordingBackend{err: errors.New("x")}, false,
			[]string{"Failed: nothing was recorded"}},
		{"a correction without its reason", http.MethodPost, period + "correct", url.Values{}, &recordingBackend{}, false,
			[]string{"A correction needs its reason"}},
		{"the sign-in page", http.MethodGet, "/signin", nil, &recordingBackend{}, true,
			[]string{"<title>Sign in · memberfee</title>", "<h1>Sign in</h1>", "Password"}},
		{"a wrong password", http.MethodPost, "/signin", url.Values{"name": {"Anna"}, "password": {"fel"}}, &recordingBackend{}, true,
			[]string{"Wrong name or password."}},
		{"a change signed out", http.MethodPost, period + "approve", url.Values{}, &recordingBackend{}, true,
			[]string{"<title>Not signed in · memberfee</title>", "Sign in to approve, issue or correct"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var users *Users
			if c.users {
				users = annaBertil(t)
			}
			s, err := New(Options{Config: &config.Config{}, Backend: c.b, Users: users, Anonymous: "os-user", Lang: "en"})
			if err != nil {
				t.Fatal(err)
			}
			s.auth.delay = time.Millisecond
			body := send(s, c.method, c.path, c.form, nil).Body.String()
			for _, w := range c.want {
				if !strings.Contains(body, w) {
					t.Errorf("the page lacks %q:\n%s", w, body)
				}
			}
			for _, sv := range []string{"Inget", "Vägrat", "Logga in", "Lösenord", "Tillbaka", "Utfärda", "Godkänn", "Misslyckades"} {
				if strings.Contains(body, sv) {
					t.Errorf("the English page says %q:\n%s", sv, body)
				}
			}
		})
	}
}

// TestFormsCarryContent: the period page's approve and issue forms carry
// the content the page shows (the draft's ContentHash), which the
// actions pass on: what is recorded is what was reviewed.
func TestFormsCarryContent(t *testing.T) {
	b := newExample(t)
	d, err := b.Draft(context.Background(), q2)
	if err != nil {
		t.Fatal(err)
	}
	body := mustGet(t, b.server(t, "sv"), "/period/"+periodKey(q2))
	hidden := `<input type="hidden" name="content" value="` + d.ContentHash + `">`
	for _, a := range []string{"approve", "issue"} {
		form := `<form method="post" action="/period/` + periodKey(q2) + `/` + a + `">`
		i := strings.Index(body, form)
		if i < 0 {
			t.Fatalf("no %s form on the draft's page", a)
		}
		if !strings.HasPrefix(body[i+len(form):], hidden) {
			t.Errorf("the %s form lacks %s: %.300s", a, hidden, body[i:])
		}
	}
}
