package web

import (
	"context"
	"net/http"
)

// Users are the people who may sign in: names and bcrypt hashes, read from
// the --auth file.
type Users struct{}

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

// authRoutes registers signing in and out.
func (s *Server) authRoutes(mux *http.ServeMux) {}

// authenticate puts the signed-in user on each request; with Users, a
// request without a valid session is sent to the sign-in page.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(withUser(r.Context(), s.o.Anonymous)))
	})
}
