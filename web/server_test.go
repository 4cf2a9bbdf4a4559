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
