package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"memberfee/config"
)

// TestSkeleton: the layout renders and an unknown path is a 404 in it.
func TestSkeleton(t *testing.T) {
	s, err := New(Options{Config: &config.Config{}, Backend: struct{ Backend }{}})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/no/such/page", nil))
	if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "Hittades inte") {
		t.Fatalf("got %d %q", w.Code, w.Body.String())
	}
}

// TestHosts: with Options.Hosts, a request for any other Host is 421 in
// the site's design before signing in or recording — a page of another
// name resolving to this server (DNS rebinding) passes the cross-origin
// check, which compares Origin with Host.
func TestHosts(t *testing.T) {
	users := annaBertil(t)
	for _, c := range []struct {
		name, host, method, path string
		status                   int
		calls                    string
	}{
		{"the --addr", "127.0.0.1:8080", http.MethodGet, "/signin", 200, ""},
		{"localhost, in capitals", "LOCALHOST:8080", http.MethodGet, "/signin", 200, ""},
		{"[::1]", "[::1]:8080", http.MethodGet, "/signin", 200, ""},
		{"another name, a page", "evil.example:8080", http.MethodGet, "/signin", 421, ""},
		{"another name, a page behind sign-in", "evil.example:8080", http.MethodGet, "/", 421, ""},
		{"another port", "127.0.0.1:9090", http.MethodGet, "/signin", 421, ""},
		{"no port", "localhost", http.MethodGet, "/signin", 421, ""},
		{"another name, signing in", "evil.example:8080", http.MethodPost, "/signin", 421, ""},
		{"another name, approving", "evil.example:8080", http.MethodPost, "/period/2025-01-01_2025-03-31/approve", 421, ""},
		{"another name, the stylesheet (public: the 421 page's)", "evil.example:8080", http.MethodGet, "/static/style.css", 200, ""},
		{"another name, a folder of assets", "evil.example:8080", http.MethodGet, "/static/", 404, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := &recordingBackend{}
			s, err := New(Options{Config: &config.Config{}, Backend: b, Users: users, Hosts: []string{"127.0.0.1:8080", "localhost:8080", "[::1]:8080"}})
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest(c.method, c.path, strings.NewReader("name=Anna&password=x"))
			r.Host = c.host
			if c.method == http.MethodPost {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				r.Header.Set("Origin", "http://"+c.host)
				r.Header.Set("Sec-Fetch-Site", "same-origin")
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if w.Code != c.status {
				t.Fatalf("status %d, want %d:\n%s", w.Code, c.status, w.Body)
			}
			if c.status == 421 && (!strings.Contains(w.Body.String(), "Fel adress") || !strings.Contains(w.Body.String(), "<html")) {
				t.Errorf("the 421 page is not in the site's design:\n%s", w.Body)
			}
			if got := strings.Join(b.calls, "; "); got != c.calls {
				t.Errorf("the backend was asked %q", got)
			}
		})
	}
}

// TestSecurityHeaders: every response forbids framing, sniffing and
// sending the address elsewhere; pages behind sign-in are not cached.
func TestSecurityHeaders(t *testing.T) {
	s := newAuthServer(t, annaBertil(t), &recordingBackend{})
	for _, path := range []string{"/", "/signin", "/static/style.css", "/no/such/page"} {
		w := send(s, http.MethodGet, path, nil, nil)
		for k, v := range map[string]string{
			"Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
			"X-Frame-Options":         "DENY",
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "same-origin",
		} {
			if got := w.Header().Get(k); got != v {
				t.Errorf("%s: %s %q, want %q", path, k, got, v)
			}
		}
	}
}
