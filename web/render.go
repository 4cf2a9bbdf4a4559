package web

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log"
	"net/http"
	"strings"
)

//go:embed templates static
var assets embed.FS

// templateSets are the templates in each language: the same files, parsed
// with that language's labels and number form ({{t "key"}}, {{amount …}}).
var templateSets = map[string]*template.Template{}

// templates are the Swedish ones.
var templates *template.Template

func init() {
	for code, l := range langs {
		templateSets[code] = template.Must(template.New("").Funcs(l.funcs()).ParseFS(assets, "templates/*.html"))
	}
	templates = templateSets["sv"]
}

// page is what every template gets: the page's own data in Data.
type page struct {
	Title  string
	User   string // who is signed in; "" when no one is
	Auth   bool   // whether signing in is in use
	Data   any
	Lang   string  // "sv" or "en"
	Crumbs []crumb // the way up: the year, the period, the member …
}

// crumb is one step of the way up to a page.
type crumb struct{ Text, Href string }

// titled is page data that names its page and the way up to it.
type titled interface {
	title() string
	crumbs() []crumb
}

// render writes template name inside the layout with status. The page is
// made in full first: a template that fails gives a 500, never half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	p := page{Title: name, User: userOf(r), Auth: s.o.Users != nil, Data: data, Lang: s.lang().code}
	if t, ok := data.(titled); ok {
		p.Title, p.Crumbs = t.title(), t.crumbs()
	} else if l, err := s.lang().t(strings.ReplaceAll(name, "notfound", "not_found")); err == nil {
		p.Title = l
	}
	var buf bytes.Buffer
	set := templateSets[s.lang().code]
	if err := set.ExecuteTemplate(&buf, name, p); err != nil {
		log.Printf("web: page %s: %v", r.URL.Path, err)
		buf.Reset()
		status = http.StatusInternalServerError
		p.Title, p.Crumbs = "error", nil
		p.Data, _ = s.lang().t("error_logged")
		if err := set.ExecuteTemplate(&buf, "error", p); err != nil {
			http.Error(w, "memberfee: "+err.Error(), http.StatusInternalServerError)
			return
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) lang() *lang { return langOf(s.o.Lang) }

// notFound is the 404 page, in the site's design.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "notfound", r.URL.Path)
}

// forbidden is the 403 page of a request that failed the cross-origin check.
func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusForbidden, "forbidden", nil)
}

// serverError is the 500 page: a short message for a person; the detail
// (a command's stderr, paths) goes to the server's log only.
// A refusal (bad input: the command's own words for a person) is shown
// as it is, without what the command printed beside.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	log.Printf("web: %s: %v", r.URL.RequestURI(), err)
	msg, _ := s.lang().t("error_logged")
	if ref, ok := errors.AsType[*Refusal](err); ok {
		msg = ref.Message
	}
	s.render(w, r, http.StatusInternalServerError, "error", msg)
}

// failed answers err of the Backend: a refusal (a draft has nothing to
// export, an issued period's inputs changed) as 409 or 422 with the
// command's reason, any other error as serverError.
func (s *Server) failed(w http.ResponseWriter, r *http.Request, err error) {
	ref, ok := errors.AsType[*Refusal](err)
	if !ok {
		s.serverError(w, r, err)
		return
	}
	status := http.StatusUnprocessableEntity
	if ref.Reason == RefusedFourEyes || ref.Reason == RefusedOverlap || ref.Reason == RefusedConflict || ref.Reason == RefusedChanged {
		status = http.StatusConflict
	}
	s.render(w, r, status, "refused", ref.Message)
}

// staticFiles are the embedded stylesheet (and any other asset).
func staticFiles() http.Handler {
	sub, err := fs.Sub(assets, "static")
	if err != nil {
		panic(err)
	}
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// No listing of a folder: only the files themselves.
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if fi, err := fs.Stat(sub, strings.TrimSuffix(name, "/")); name == "" || err != nil || fi.IsDir() {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}
