package web

import (
	"errors"
	"net/http"
	"strings"

	"memberfee/config"
)

// Options configure a Server.
type Options struct {
	Config *config.Config // the config the server shows (its members, period, inputs)
	Ledger string         // the ledger file; it may not exist yet (nothing issued)
	// Backend rates drafts and records: memberfee's commands.
	Backend Backend
	// Users are who may sign in; nil serves without signing in (memberfee
	// serve allows that on a loopback address only) and records as
	// Anonymous.
	Users *Users
	// Anonymous is who records when Users is nil (memberfee serve: the
	// operating system's user name).
	Anonymous string
	// Secure marks the session cookie Secure (sent over HTTPS only); it is
	// so anyway on a request that came over TLS. memberfee serve sets it
	// on any address but loopback.
	Secure bool
	Lang   string // "sv" (the default) or "en"
	// Hosts are the Host header values served (host:port, compared without
	// case); any other is answered 421 before anything else, so that a page
	// of another name resolving to this server (DNS rebinding) neither reads
	// a page nor passes the cross-origin check, which compares Origin with
	// Host. memberfee serve sets the --addr, and on loopback localhost,
	// 127.0.0.1 and [::1] with its port. Empty serves any Host (tests).
	Hosts []string
}

// Server is the web view over one config and its ledger.
type Server struct {
	o       Options
	handler http.Handler
	auth    authState   // sessions and failed sign-ins (auth.go)
	actions actionState // one recording at a time (actions.go)
	st      store       // what the pages read and rated, cached (data.go)
}

// New makes the server; it reads nothing until a page is asked for.
func New(o Options) (*Server, error) {
	if o.Config == nil || o.Backend == nil {
		return nil, errors.New("web: a config and a backend are needed")
	}
	if o.Lang == "" {
		o.Lang = "sv"
	}
	s := &Server{o: o}
	mux := http.NewServeMux()
	s.pageRoutes(mux)
	s.actionRoutes(mux)
	s.authRoutes(mux)
	// Every form is protected against cross-site requests: a POST whose
	// Origin (or Sec-Fetch-Site) is not this server's gets 403.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.forbidden))
	s.handler = securityHeaders(s.knownHost(cop.Handler(s.authenticate(mux))))
	return s, nil
}

// knownHost answers a request for a Host not in Options.Hosts with 421
// Misdirected Request, before signing in or the cross-origin check; only
// the public assets are served to any Host.
func (s *Server) knownHost(next http.Handler) http.Handler {
	if len(s.o.Hosts) == 0 {
		return next
	}
	hosts := map[string]bool{}
	for _, h := range s.o.Hosts {
		hosts[strings.ToLower(h)] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The assets are public (served without signing in too): the 421
		// page gets its stylesheet.
		if !hosts[strings.ToLower(r.Host)] && !(safeMethod(r.Method) && strings.HasPrefix(r.URL.Path, "/static/")) {
			s.render(w, r, http.StatusMisdirectedRequest, "misdirected", r.Host)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// securityHeaders puts on every response: no framing by another site
// (frame-ancestors, X-Frame-Options), nothing loaded or posted to another
// origin, no content sniffing, and no address sent to another site.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }
