package web

import (
	"embed"
	"html/template"
	"net/http"
)

//go:embed templates static
var assets embed.FS

var templates = template.Must(template.New("").ParseFS(assets, "templates/*.html"))

// page is what every template gets: the page's own data in Data.
type page struct {
	Title string
	User  string // who is signed in; "" when no one is
	Auth  bool   // whether signing in is in use
	Data  any
}

// render writes template name inside the layout with status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = templates.ExecuteTemplate(w, name, page{Title: name, User: userOf(r), Auth: s.o.Users != nil, Data: data})
}

// notFound is the 404 page, in the site's design.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "notfound", r.URL.Path)
}

// forbidden is the 403 page of a request that failed the cross-origin check.
func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusForbidden, "forbidden", nil)
}
