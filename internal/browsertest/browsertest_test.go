package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// TestTab: the harness sees what the web view's tests rely on — a request
// to another origin, a dialog that a script opened, a click that leads to a
// page, two tabs that do not share cookies, and a screenshot written only
// when asked for.
func TestTab(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer other.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><h1>start</h1><a id="next" href="/next">next</a>`)
	})
	mux.HandleFunc("/next", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><h1>next</h1><img src="%s/pixel.png"><script>alert("hello")</script>`, other.URL)
	})
	mux.HandleFunc("/set", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "who", Value: "a"})
	})
	mux.HandleFunc("/who", func(w http.ResponseWriter, r *http.Request) {
		c, _ := r.Cookie("who")
		fmt.Fprintf(w, `<!doctype html><p id="who">%v</p>`, c != nil)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	b := Start(t)
	tab := b.Tab(t)
	if st := tab.Open(srv.URL + "/"); st != 200 {
		t.Fatalf("status %d", st)
	}
	if got := tab.Text("h1"); got != "start" {
		t.Errorf("h1 %q", got)
	}
	if len(tab.Foreign(srv.URL)) != 0 {
		t.Errorf("foreign before the image: %v", tab.Foreign(srv.URL))
	}
	if st := tab.Click("#next"); st != 200 {
		t.Fatalf("click: status %d", st)
	}
	if got := tab.Text("h1"); got != "next" {
		t.Errorf("after the click h1 %q", got)
	}
	if f := tab.Foreign(srv.URL); !slices.Contains(f, other.URL+"/pixel.png") {
		t.Errorf("the other origin's image is not among the foreign requests %v", f)
	}
	if d := tab.Dialogs(); !slices.Equal(d, []string{"alert: hello"}) {
		t.Errorf("dialogs %v", d)
	}

	tab.Open(srv.URL + "/set")
	tab.Open(srv.URL + "/who")
	second := b.Tab(t)
	second.Open(srv.URL + "/who")
	if a, b := tab.Text("#who"), second.Text("#who"); a != "true" || b != "false" {
		t.Errorf("cookies: first tab %s, second tab %s; want true, false", a, b)
	}

	out := filepath.Join(t.TempDir(), "shot.png")
	t.Setenv(ScreenshotEnv, "")
	if png := tab.Screenshot(out); len(png) < 8 || string(png[1:4]) != "PNG" {
		t.Errorf("not a PNG: %q", png[:min(8, len(png))])
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("screenshot written without %s=1: %v", ScreenshotEnv, err)
	}
	t.Setenv(ScreenshotEnv, "1")
	tab.Screenshot(out)
	if _, err := os.Stat(out); err != nil {
		t.Errorf("screenshot not written with %s=1: %v", ScreenshotEnv, err)
	}
}

// TestStartWithoutChromium: no chromium skips, or fails under CI=true.
func TestStartWithoutChromium(t *testing.T) {
	t.Setenv("CHROMIUM", filepath.Join(t.TempDir(), "no-such-chromium"))
	if _, err := ExecPath(); err == nil {
		t.Fatal("ExecPath found a chromium that is not there")
	}
	for _, ci := range []string{"", "true"} {
		t.Run("CI="+ci, func(t *testing.T) {
			t.Setenv("CI", ci)
			ft := &fakeT{TB: t}
			done := make(chan struct{})
			go func() { defer close(done); Start(ft) }() // Skip/Fatal end the goroutine
			<-done
			if ci == "true" && (!ft.failed || ft.skipped) {
				t.Errorf("CI=true: failed %v, skipped %v; want a failure", ft.failed, ft.skipped)
			}
			if ci == "" && (!ft.skipped || ft.failed) {
				t.Errorf("no CI: failed %v, skipped %v; want a skip", ft.failed, ft.skipped)
			}
		})
	}
}

// fakeT records Skip and Fatal instead of ending the test.
type fakeT struct {
	testing.TB
	failed, skipped bool
}

func (f *fakeT) Helper()               {}
func (f *fakeT) Fatalf(string, ...any) { f.failed = true; runtimeGoexit() }
func (f *fakeT) Skipf(string, ...any)  { f.skipped = true; runtimeGoexit() }

func runtimeGoexit() { runtime.Goexit() }
