package web

import (
	"bytes"
	"context"
	"errors"
	"log"
	"net/http"
	"os"
	"strings"
	"testing"
)

// refusingBackend answers every download with err, noting what it was asked.
type refusingBackend struct {
	*exampleBackend
	err error
	got []Download
}

func (b *refusingBackend) Download(ctx context.Context, d Download) (*File, error) {
	b.got = append(b.got, d)
	if b.err != nil {
		return nil, b.err
	}
	return b.exampleBackend.Download(ctx, d)
}

// TestDownloadAnswers: a download the rules refuse (a draft has no SIE, an
// issued period's inputs changed) is 422 or 409 with the command's reason;
// a failure is a 500 that says so and logs the detail; a statement needs
// its member; a download is never cached and names who asked for it.
func TestDownloadAnswers(t *testing.T) {
	b := newExample(t)
	const q1 = "2025-01-01_2025-03-31"
	for _, c := range []struct {
		name, path string
		err        error
		status     int
		want, not  string
	}{
		{"a statement without its member", "/download/statement?year=2025", nil, 404, "Hittades inte", ""},
		{"a draft's SIE", "/download/sie?period=" + q1, &Refusal{Reason: RefusedInput, Message: "2025-01-01 – 2025-03-31 has no issued document to export"}, 422, "has no issued document to export", ""},
		{"an issued period whose inputs changed", "/download/bill?period=" + q1, &Refusal{Reason: RefusedConflict, Message: "already issued as 2025-0001, and the inputs now give something else"}, 409, "the inputs now give something else", ""},
		{"a failure", "/download/json?period=" + q1, errors.New("memberfee bill: exit 1\n/home/finance/secret/path: permission denied"), 500, "serverns logg", "/home/finance"},
		{"a download", "/download/json?period=" + q1, nil, 200, `"By":"test"`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			rb := &refusingBackend{exampleBackend: b, err: c.err}
			s, err := New(Options{Config: b.c, Ledger: b.ledger, Backend: rb, Anonymous: "test"})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var logged bytes.Buffer
			log.SetOutput(&logged)
			defer log.SetOutput(os.Stderr)
			w := send(s, http.MethodGet, c.path, nil, nil)
			if w.Code != c.status || !strings.Contains(w.Body.String(), c.want) || (c.not != "" && strings.Contains(w.Body.String(), c.not)) {
				t.Fatalf("status %d, want %d with %q:\n%s", w.Code, c.status, c.want, w.Body)
			}
			if c.status == 500 && !strings.Contains(logged.String(), "/home/finance/secret/path") {
				t.Errorf("the failure's detail is not logged: %q", logged.String())
			}
			if c.status == 200 && w.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("a download may be cached: %q", w.Header().Get("Cache-Control"))
			}
			if c.status == 404 && len(rb.got) != 0 {
				t.Errorf("the backend was asked %+v", rb.got)
			}
		})
	}
}

// TestStaticNoListing: the assets are served, their folder is not listed.
func TestStaticNoListing(t *testing.T) {
	s := newAuthServer(t, nil, &recordingBackend{})
	for path, want := range map[string]int{"/static/style.css": 200, "/static/": 404, "/static/nothing.css": 404} {
		if w := send(s, http.MethodGet, path, nil, nil); w.Code != want {
			t.Errorf("%s: %d, want %d: %s", path, w.Code, want, w.Body)
		}
	}
}
