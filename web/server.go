package web

import (
	"errors"
	"net/http"

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
	s.handler = cop.Handler(s.authenticate(mux))
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }
