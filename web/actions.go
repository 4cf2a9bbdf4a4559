package web

import "net/http"

// actionRoutes registers the changes (POST only): approve, issue, correct.
func (s *Server) actionRoutes(mux *http.ServeMux) {}
