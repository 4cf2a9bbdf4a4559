package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Sessions: signing in gives the browser a random 32-byte token in the
// cookie sessionCookie (HttpOnly, SameSite=Lax, Path=/, and Secure when
// the server is reached over TLS or Options.Secure says so — memberfee
// serve sets it on any address but loopback, where a browser sends a
// Secure cookie only over HTTPS: a TLS-terminating proxy, or --tls-cert).
// The server keeps only the token's SHA-256, in memory: a restart signs
// everybody out. A session ends after sessionIdle without a request,
// sessionMax after signing in, or on signing out.
const (
	sessionCookie = "memberfee_session"
	sessionIdle   = 8 * time.Hour
	sessionMax    = 12 * time.Hour
)

// A failed sign-in costs time: bcrypt against a hash also for a name that
// does not exist, then failDelay doubled for each failure of the same
// name or address in a row, at most failDelayMax. Each try reserves its
// turn first (reserve): a try of a name or address waits until the one
// before it has served its delay, so parallel tries wait in sequence.
// Failures are forgotten failForget after the last.
const (
	failDelay    = 500 * time.Millisecond
	failDelayMax = 10 * time.Second
	failForget   = 15 * time.Minute
	maxFailures  = 10000 // names and addresses remembered before the stale are swept
)

type userKey struct{}

// userOf returns who is signed in on r ("" for no one).
func userOf(r *http.Request) string {
	u, _ := r.Context().Value(userKey{}).(string)
	return u
}

// withUser returns r's context with the signed-in user.
func withUser(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, userKey{}, name)
}

// authState is the server's sessions and failed sign-ins.
type authState struct {
	mu       sync.Mutex
	sessions map[[32]byte]*session
	failures map[string]*failures
	now      func() time.Time
	delay    time.Duration // failDelay; tests shorten it
	checking chan struct{} // bcrypt comparisons running: at most maxChecking
}

// maxChecking is how many passwords are compared at once: bcrypt is meant
// to be dear, and a flood of sign-ins must not take every core.
const maxChecking = 2

type session struct {
	user          string
	created, seen time.Time
}

type failures struct {
	n       int       // failures in a row
	last    time.Time // of the last failure
	next    time.Time // when the next try may be made (reserve)
	pending int       // tries reserved and not yet failed or succeeded
}

func (a *authState) init() {
	if a.sessions == nil {
		a.sessions = map[[32]byte]*session{}
		a.failures = map[string]*failures{}
		a.now = time.Now
		a.delay = failDelay
		a.checking = make(chan struct{}, maxChecking)
	}
}

// start makes a session for user and returns its token.
func (a *authState) start(user string) (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b[:])
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	for k, s := range a.sessions { // few: each sign-in sweeps the expired
		if a.expired(s, now) {
			delete(a.sessions, k)
		}
	}
	a.sessions[sha256.Sum256([]byte(token))] = &session{user: user, created: now, seen: now}
	return token, nil
}

func (a *authState) expired(s *session, now time.Time) bool {
	return now.Sub(s.seen) > sessionIdle || now.Sub(s.created) > sessionMax
}

// user returns who token's session is of, and keeps it alive; "" when
// there is no such session or it expired.
func (a *authState) user(token string) string {
	if token == "" {
		return ""
	}
	k := sha256.Sum256([]byte(token))
	a.mu.Lock()
	defer a.mu.Unlock()
	s, ok := a.sessions[k]
	if !ok {
		return ""
	}
	now := a.now()
	if a.expired(s, now) {
		delete(a.sessions, k)
		return ""
	}
	s.seen = now
	return s.user
}

func (a *authState) end(token string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.sessions, sha256.Sum256([]byte(token)))
}

// reserve books a try of keys and returns how long it must wait first:
// each key's next allowed time is pushed on by the penalty this try would
// cost if it failed (f.next = max(now, f.next) + penalty), under the lock
// and before the password is compared, so that tries sent in parallel
// wait in sequence, each longer than the one before, as tries one after
// the other do. Each reserve is followed by failed, succeeded or
// abandoned.
func (a *authState) reserve(keys ...string) time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	var w time.Duration
	for _, k := range keys {
		f, ok := a.failures[k]
		if !ok || (f.pending == 0 && now.Sub(f.last) > failForget && !now.Before(f.next)) {
			f = &failures{}
			a.failures[k] = f
		}
		start := now
		if f.next.After(now) {
			start = f.next
		}
		f.pending++
		f.next = start.Add(a.penalty(f.n + f.pending))
		w = max(w, start.Sub(now))
	}
	return w
}

// abandoned gives up a reserved try of keys that was not made (the
// request was given up while it waited).
func (a *authState) abandoned(keys ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, k := range keys {
		if f, ok := a.failures[k]; ok && f.pending > 0 {
			f.pending--
		}
	}
}

func (a *authState) penalty(n int) time.Duration {
	d := a.delay
	for i := 1; i < n && d < failDelayMax; i++ {
		d *= 2
	}
	return min(d, failDelayMax)
}

// failed notes a failed sign-in of keys and returns how long it costs.
func (a *authState) failed(keys ...string) time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	if len(a.failures) > maxFailures { // names made up by the thousand: forget the stale
		for k, f := range a.failures {
			if f.pending == 0 && now.Sub(f.last) > failForget && !now.Before(f.next) {
				delete(a.failures, k)
			}
		}
	}
	var d time.Duration
	for _, k := range keys {
		f, ok := a.failures[k]
		if !ok {
			f = &failures{}
			a.failures[k] = f
		}
		if f.pending > 0 {
			f.pending--
		}
		if now.Sub(f.last) > failForget {
			f.n = 0
		}
		f.n++
		f.last = now
		d = max(d, a.penalty(f.n))
	}
	return d
}

func (a *authState) succeeded(keys ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, k := range keys {
		delete(a.failures, k)
	}
}

// sleep waits d, or until the request is given up.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// authRoutes registers signing in and out.
func (s *Server) authRoutes(mux *http.ServeMux) {
	s.auth.init()
	mux.HandleFunc("GET /signin", s.signinPage)
	mux.HandleFunc("POST /signin", s.signin)
	mux.HandleFunc("POST /signout", s.signout)
	mux.HandleFunc("GET /signout", methodNotAllowed)
}

// methodNotAllowed answers a GET of what only a POST does.
func methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", http.MethodPost)
	http.Error(w, "405 method not allowed: this is done by a form (POST)", http.StatusMethodNotAllowed)
}

// signinData is the sign-in page's.
type signinData struct {
	Next   string
	Name   string
	Failed bool
}

func (s *Server) signinPage(w http.ResponseWriter, r *http.Request) {
	if s.o.Users == nil || userOf(r) != "" {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "signin", signinData{Next: localPath(r.URL.Query().Get("next"))})
}

func (s *Server) signin(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.PostFormValue("next"))
	if s.o.Users == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	name, password := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	keys := []string{"name:" + foldName(name), "addr:" + remoteHost(r)}
	sleep(r.Context(), s.auth.reserve(keys...))
	if r.Context().Err() != nil {
		s.auth.abandoned(keys...)
		return
	}
	select {
	case s.auth.checking <- struct{}{}:
	case <-r.Context().Done():
		s.auth.abandoned(keys...)
		return
	}
	user, ok := s.o.Users.Check(name, password)
	<-s.auth.checking
	if !ok {
		sleep(r.Context(), s.auth.failed(keys...))
		s.render(w, r, http.StatusUnauthorized, "signin", signinData{Next: next, Name: name, Failed: true})
		return
	}
	s.auth.succeeded(keys...)
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.auth.end(c.Value) // a new token on each sign-in: no session fixation
	}
	token, err := s.auth.start(user)
	if err != nil {
		http.Error(w, "no session could be started: "+err.Error(), http.StatusInternalServerError)
		return
	}
	http.SetCookie(w, s.cookie(r, token, int(sessionMax/time.Second)))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.auth.end(c.Value)
	}
	if s.o.Users == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	http.SetCookie(w, s.cookie(r, "", -1))
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

func (s *Server) cookie(r *http.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: sessionCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.o.Secure || r.TLS != nil}
}

// remoteHost is the address a request came from, without its port.
func remoteHost(r *http.Request) string {
	h, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return h
}

// localPath is next when it is a path on this server, else "/": the
// sign-in page sends nobody elsewhere (no open redirect).
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\x00\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") {
		return "/"
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f {
			return "/"
		}
	}
	return next
}

// public are the paths served without a session: the sign-in page and
// the assets it uses.
func public(path string) bool {
	return path == "/signin" || strings.HasPrefix(path, "/static/")
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// authenticate puts the signed-in user on each request; with Users, a
// page asked for without a valid session is sent to the sign-in page, and
// any other request without one is refused (403). A POST that names no
// origin at all is refused too (403), as one from another origin is.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// http.CrossOriginProtection lets a POST through that has neither
		// Origin nor Sec-Fetch-Site (no browser sends one so): here no
		// change is made without them.
		if !safeMethod(r.Method) && r.Header.Get("Origin") == "" && r.Header.Get("Sec-Fetch-Site") == "" {
			s.forbidden(w, r)
			return
		}
		if s.o.Users == nil {
			next.ServeHTTP(w, r.WithContext(withUser(r.Context(), s.o.Anonymous)))
			return
		}
		user := ""
		if c, err := r.Cookie(sessionCookie); err == nil {
			user = s.auth.user(c.Value)
		}
		switch {
		case user != "":
			next.ServeHTTP(w, r.WithContext(withUser(r.Context(), user)))
		case public(r.URL.Path):
			next.ServeHTTP(w, r)
		case safeMethod(r.Method):
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		default:
			s.render(w, r, http.StatusForbidden, "signedout", nil)
		}
	})
}
