package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"memberfee/config"
	"memberfee/ledger"
)

// recordingBackend records what the actions asked of it.
type recordingBackend struct {
	calls []string
	err   error
	out   *Outcome
}

func (f *recordingBackend) Draft(context.Context, ledger.Period) (*Draft, error) { return nil, nil }
func (f *recordingBackend) Approve(_ context.Context, p ledger.Period, by, content string) (*Outcome, error) {
	f.calls = append(f.calls, "approve "+p.From.Format(time.DateOnly)+" by "+by+withContent(content))
	return f.out, f.err
}
func (f *recordingBackend) Issue(_ context.Context, p ledger.Period, by, content string, allow bool) (*Outcome, error) {
	a := ""
	if allow {
		a = " allow-rejected"
	}
	f.calls = append(f.calls, "issue "+p.From.Format(time.DateOnly)+" by "+by+withContent(content)+a)
	return f.out, f.err
}
func (f *recordingBackend) Correct(_ context.Context, p ledger.Period, by, reason string, allow bool) (*Outcome, error) {
	f.calls = append(f.calls, "correct "+p.From.Format(time.DateOnly)+" by "+by+": "+reason)
	return f.out, f.err
}
func withContent(c string) string {
	if c == "" {
		return ""
	}
	return " content " + c
}
func (f *recordingBackend) Download(context.Context, Download) (*File, error) { return nil, nil }

// annaBertil are Anna and Bertil, with cheap hashes.
func annaBertil(t testing.TB) *Users {
	t.Helper()
	u, err := ParseUsers("users", strings.NewReader("# test\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"Anna", "Bertil"} {
		if err := u.Set(n, n+"-lösenord", bcrypt.MinCost); err != nil {
			t.Fatal(err)
		}
	}
	return u
}

func newAuthServer(t testing.TB, users *Users, b Backend) *Server {
	t.Helper()
	s, err := New(Options{Config: &config.Config{}, Backend: b, Users: users, Anonymous: "os-user"})
	if err != nil {
		t.Fatal(err)
	}
	s.auth.delay = 50 * time.Millisecond
	return s
}

// send sends a request as a browser on the server's own origin would.
func send(s http.Handler, method, target string, form url.Values, cookie *http.Cookie) *httptest.ResponseRecorder {
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	r := httptest.NewRequest(method, target, body)
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if method == http.MethodPost {
		r.Header.Set("Origin", "http://example.com") // httptest's Host
		r.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	if cookie != nil {
		r.AddCookie(cookie)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func sessionCookieOf(t *testing.T, w *httptest.ResponseRecorder) *http.Cookie {
	t.Helper()
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie {
			return c
		}
	}
	t.Fatalf("no session cookie: %d %v", w.Code, w.Header())
	return nil
}

func signInAs(t *testing.T, s http.Handler, name, password string) *http.Cookie {
	t.Helper()
	w := send(s, http.MethodPost, "/signin", url.Values{"name": {name}, "password": {password}, "next": {"/"}}, nil)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("signing in %s: %d %s", name, w.Code, w.Body)
	}
	return sessionCookieOf(t, w)
}

func TestParseUsers(t *testing.T) {
	hash, _ := bcrypt.GenerateFromPassword([]byte("secret-secret"), bcrypt.MinCost)
	h := string(hash)
	for _, c := range []struct {
		name, file string
		want       string // an error's text; "" when it parses
		users      int
	}{
		{"users and comments", "# who\n\nAnna Berg:" + h + "\r\nBertil:" + h + "\n", "", 2},
		{"no colon", "Anna\n", "users:1: a user is written NAME:BCRYPT-HASH", 0},
		{"not a hash", "# x\nAnna:secret\n", "users:2: the password of Anna is not a bcrypt hash", 0},
		{"empty name", ":" + h + "\n", "users:1: the user's name is empty", 0},
		{"space around the name", " Anna:" + h + "\n", "users:1: the user's name \" Anna\" begins or ends with a space", 0},
		{"twice, folded", "Anna:" + h + "\nanna:" + h + "\n", "users:2: anna stands already on line 1", 0},
		{"control character", "An\x01na:" + h + "\n", "users:1: the user's name \"An\\x01na\" has a control character", 0},
		{"not UTF-8", "An\xffna:" + h + "\n", "users:1: the user's name is not UTF-8", 0},
		{"too long a name", strings.Repeat("a", maxName+1) + ":" + h + "\n", "users:1: the user's name is longer than 100 characters", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			u, err := ParseUsers("users", strings.NewReader(c.file))
			if c.want != "" {
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("got %v, want %q", err, c.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if u.Len() != c.users {
				t.Fatalf("%d users, want %d", u.Len(), c.users)
			}
			if name, ok := u.Check("anna berg", "secret-secret"); !ok || name != "Anna Berg" {
				t.Fatalf("Check: %q %v", name, ok)
			}
			if _, ok := u.Check("Anna Berg", "wrong"); ok {
				t.Fatal("a wrong password checked")
			}
			if _, ok := u.Check("Nobody", "secret-secret"); ok {
				t.Fatal("an unknown name checked")
			}
		})
	}
}

// FuzzParseUsers: any file parses or is refused with its name, never a
// panic; what parses writes back to a file that parses to the same users.
func FuzzParseUsers(f *testing.F) {
	hash, _ := bcrypt.GenerateFromPassword([]byte("x"), bcrypt.MinCost)
	f.Add("Anna:" + string(hash) + "\n# c\n\n")
	f.Add("Anna\n")
	f.Add(":\n:x:y\n")
	f.Add("Åsa Öberg:$2a$04$" + strings.Repeat("a", 53) + "\r\n")
	f.Fuzz(func(t *testing.T, file string) {
		u, err := ParseUsers("users", strings.NewReader(file))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "users") {
				t.Fatalf("an error not naming the file: %v", err)
			}
			return
		}
		again, err := ParseUsers("users", bytes.NewReader(u.Bytes()))
		if err != nil {
			t.Fatalf("written back, it does not parse: %v\n%q", err, u.Bytes())
		}
		if again.Len() != u.Len() {
			t.Fatalf("%d users, written back %d", u.Len(), again.Len())
		}
		for k, n := range u.names {
			if again.names[k] != n {
				t.Fatalf("user %q lost writing back", n)
			}
		}
	})
}

// TestAddUser: AddUser writes a bcrypt hash that verifies, mode 0600, and
// replaces a user's hash keeping the others; LoadUsers refuses a file
// others may read.
func TestAddUser(t *testing.T) {
	path := filepath.Join(t.TempDir(), "users")
	if err := AddUser(path, "Anna", "första-lösenordet"); err != nil {
		t.Fatal(err)
	}
	if err := AddUser(path, "Bertil", "bertils-lösenord"); err != nil {
		t.Fatal(err)
	}
	if err := AddUser(path, "anna", "andra-lösenordet"); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v", fi.Mode(), err)
	}
	u, err := LoadUsers(path)
	if err != nil {
		t.Fatal(err)
	}
	if u.Len() != 2 {
		t.Fatalf("%d users:\n%s", u.Len(), u.Bytes())
	}
	// The dummy an unknown name is compared against is made by LoadUsers,
	// at the file's cost: the first unknown name is no slower than a
	// known one.
	if cost, err := bcrypt.Cost(u.dummy); err != nil || cost != HashCost {
		t.Errorf("LoadUsers made no dummy hash at cost %d: %v %v", HashCost, cost, err)
	}
	if _, ok := u.Check("Anna", "första-lösenordet"); ok {
		t.Error("the replaced password still checks")
	}
	if n, ok := u.Check("Anna", "andra-lösenordet"); !ok || n != "anna" {
		t.Errorf("the new password: %q %v", n, ok)
	}
	if _, ok := u.Check("Bertil", "bertils-lösenord"); !ok {
		t.Error("Bertil lost his password")
	}
	if hash, _, _ := u.lookup("Bertil"); !strings.HasPrefix(string(hash), "$2a$12$") {
		t.Errorf("the hash is not bcrypt at cost %d: %s", HashCost, hash)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadUsers(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a file others may read: %v", err)
	}
	if err := AddUser(path, "Ce:sar", "lösenordet-igen"); err == nil {
		t.Error("a name with a colon was written")
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"":                                    "/",
		"/":                                   "/",
		"/period/2025-01-01_2025-03-31?x=1#a": "/period/2025-01-01_2025-03-31?x=1#a",
		"//evil.example/":                     "/",
		"https://evil.example/":               "/",
		"/\\evil.example":                     "/",
		"\\\\evil.example":                    "/",
		"evil.example":                        "/",
		"/a\r\nSet-Cookie: x":                 "/",
		"javascript:alert(1)":                 "/",
		"/%2F%2Fevil.example":                 "/%2F%2Fevil.example",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSignIn: pages need a session (303 to the sign-in page with next),
// changes without one are 403; a wrong password is refused and slower,
// growing; a session's cookie is HttpOnly, SameSite=Lax, Secure when asked;
// signing out ends it.
func TestSignIn(t *testing.T) {
	b := &recordingBackend{out: &Outcome{Message: "approved"}}
	s := newAuthServer(t, annaBertil(t), b)
	s.o.Secure = true

	w := send(s, http.MethodGet, "/period/2025-01-01_2025-03-31?sort=member", nil, nil)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/signin?next=%2Fperiod%2F2025-01-01_2025-03-31%3Fsort%3Dmember" {
		t.Fatalf("a page without a session: %d %q", w.Code, w.Header().Get("Location"))
	}
	if w := send(s, http.MethodGet, "/signin?next=%2Fperiod%2F2025-01-01_2025-03-31", nil, nil); w.Code != http.StatusOK ||
		!strings.Contains(w.Body.String(), `name="next" value="/period/2025-01-01_2025-03-31"`) {
		t.Fatalf("the sign-in page: %d %s", w.Code, w.Body)
	}
	if w := send(s, http.MethodGet, "/static/style.css", nil, nil); w.Code == http.StatusSeeOther {
		t.Fatal("the stylesheet needs a session")
	}
	if w := send(s, http.MethodPost, "/period/2025-01-01_2025-03-31/approve", url.Values{}, nil); w.Code != http.StatusForbidden || len(b.calls) != 0 {
		t.Fatalf("a change without a session: %d %v", w.Code, b.calls)
	}

	// Wrong: refused, and each failure in a row costs more.
	var took []time.Duration
	for _, c := range []struct{ name, password string }{{"Anna", "fel"}, {"Anna", "fel igen"}, {"Nobody", "Anna-lösenord"}} {
		start := time.Now()
		w := send(s, http.MethodPost, "/signin", url.Values{"name": {c.name}, "password": {c.password}, "next": {"/x"}}, nil)
		took = append(took, time.Since(start))
		if w.Code != http.StatusUnauthorized || !strings.Contains(w.Body.String(), "Fel namn eller lösenord") || len(w.Result().Cookies()) != 0 {
			t.Fatalf("%s/%s: %d %v", c.name, c.password, w.Code, w.Result().Cookies())
		}
	}
	if took[0] < 50*time.Millisecond || took[1] < 100*time.Millisecond || took[2] < 200*time.Millisecond {
		t.Errorf("failed sign-ins took %v; want ≥ 50 ms, 100 ms, then 200 ms (the address's third failure)", took)
	}

	// Right: a session, and the page asked for.
	s.auth.succeeded("addr:192.0.2.1")
	w = send(s, http.MethodPost, "/signin", url.Values{"name": {"anna"}, "password": {"Anna-lösenord"}, "next": {"https://evil.example/"}}, nil)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/" {
		t.Fatalf("signing in: %d %q", w.Code, w.Header().Get("Location"))
	}
	c := sessionCookieOf(t, w)
	if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || len(c.Value) < 43 {
		t.Fatalf("the session cookie: %+v", c)
	}
	if w := send(s, http.MethodPost, "/period/2025-01-01_2025-03-31/approve", url.Values{}, c); w.Code != http.StatusOK {
		t.Fatalf("approving signed in: %d %s", w.Code, w.Body)
	}
	if len(b.calls) != 1 || b.calls[0] != "approve 2025-01-01 by Anna" {
		t.Fatalf("the backend was asked %v, want approve by Anna (as the users file writes her)", b.calls)
	}
	if w := send(s, http.MethodPost, "/signout", url.Values{}, c); w.Code != http.StatusSeeOther {
		t.Fatalf("signing out: %d", w.Code)
	}
	if w := send(s, http.MethodGet, "/", nil, c); w.Code != http.StatusSeeOther {
		t.Fatalf("a page after signing out: %d", w.Code)
	}
	if w := send(s, http.MethodGet, "/signout", nil, signInAs(t, s, "Bertil", "Bertil-lösenord")); w.Code != http.StatusMethodNotAllowed {
		t.Fatalf("GET /signout: %d", w.Code)
	}
}

// TestSessionExpiry: a session ends 8 hours after its last request, and
// 12 hours after signing in however busy.
func TestSessionExpiry(t *testing.T) {
	s := newAuthServer(t, annaBertil(t), &recordingBackend{})
	now := time.Date(2025, 4, 7, 8, 0, 0, 0, time.UTC)
	s.auth.now = func() time.Time { return now }
	for _, c := range []struct {
		name  string
		steps []time.Duration // each a request after the one before
		valid bool
	}{
		{"used within the idle time", []time.Duration{time.Hour, 7 * time.Hour}, true},
		{"idle too long", []time.Duration{8*time.Hour + time.Second}, false},
		{"busy, but past the absolute limit", []time.Duration{4 * time.Hour, 4 * time.Hour, 4*time.Hour + time.Second}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			cookie := signInAs(t, s, "Bertil", "Bertil-lösenord")
			var w *httptest.ResponseRecorder
			for _, d := range c.steps {
				now = now.Add(d)
				w = send(s, http.MethodGet, "/", nil, cookie)
			}
			if (w.Code == http.StatusOK) != c.valid {
				t.Fatalf("got %d, want valid=%v", w.Code, c.valid)
			}
		})
	}
}

// TestNoUsers: without users everyone is the OS user; the sign-in page
// sends them on.
func TestNoUsers(t *testing.T) {
	b := &recordingBackend{}
	s := newAuthServer(t, nil, b)
	if w := send(s, http.MethodGet, "/signin?next=/x", nil, nil); w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/x" {
		t.Fatalf("%d %q", w.Code, w.Header().Get("Location"))
	}
	send(s, http.MethodPost, "/period/2025-01-01_2025-03-31/issue", url.Values{"allow_rejected": {"on"}}, nil)
	if len(b.calls) != 1 || b.calls[0] != "issue 2025-01-01 by os-user allow-rejected" {
		t.Fatalf("%v", b.calls)
	}
}

// TestParallelSignIns: tries sent at once wait in sequence, each as long
// as it would one after the other: the k-th answer comes no sooner than
// the delays of the k failures before it and its own (50, 100, 200, 400 ms
// → 50, 150, 350, 750 ms). Without reserving the turn first, all four
// were compared at once and answered after 50, 100, 200 and 400 ms.
func TestParallelSignIns(t *testing.T) {
	s := newAuthServer(t, annaBertil(t), &recordingBackend{})
	const n = 4
	took := make(chan time.Duration, n)
	start := time.Now()
	for range n {
		go func() {
			w := send(s, http.MethodPost, "/signin", url.Values{"name": {"Anna"}, "password": {"fel"}, "next": {"/"}}, nil)
			if w.Code != http.StatusUnauthorized {
				t.Errorf("a wrong password: %d", w.Code)
			}
			took <- time.Since(start)
		}()
	}
	var got []time.Duration
	for range n {
		got = append(got, <-took)
	}
	slices.Sort(got)
	var want, penalty time.Duration = 0, 50 * time.Millisecond
	for k, d := range got {
		want += penalty
		penalty *= 2
		if d < want {
			t.Errorf("answer %d of %d parallel tries came after %v, before %v: %v", k+1, n, d, want, got)
		}
	}
	// A try given up while it waits gives its turn back.
	s.auth.succeeded("name:anna", "addr:192.0.2.1")
	keys := []string{"name:x"}
	s.auth.reserve(keys...)
	s.auth.abandoned(keys...)
	if f := s.auth.failures["name:x"]; f != nil && (f.pending != 0 || f.n != 0) {
		t.Errorf("an abandoned try left %+v", f)
	}
}
