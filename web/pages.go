package web

import "net/http"

// pageRoutes registers the pages (GET): the year, periods, members,
// categories, departments, lines, input rows, documents, search, downloads,
// and the embedded assets.
func (s *Server) pageRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, "stub", nil)
	})
	mux.HandleFunc("/", s.notFound)
}
