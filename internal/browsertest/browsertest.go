package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Install is what to run to get the browser these tests drive.
const Install = "apt-get install -y --no-install-recommends chromium"

// ExecPath returns the chromium to run: $CHROMIUM when set, else
// /usr/bin/chromium, else chromium or chromium-browser on the PATH.
func ExecPath() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium: not at $CHROMIUM, /usr/bin/chromium or on the PATH")
}

// Browser is one running headless chromium.
type Browser struct {
	ctx context.Context // the browser's first tab; every Tab is made from it
}

// Start starts chromium for t and stops it when t ends. Without chromium it
// skips t, or fails it when the environment says CI=true.
func Start(t testing.TB) *Browser {
	t.Helper()
	path, err := ExecPath()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v; CI=true needs the browser tests to run (%s)", err, Install)
		}
		t.Skipf("%v; the browser tests need it (%s, or set CHROMIUM)", err, Install)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()), // a fresh profile: no cookies, no cache
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("no-sandbox", true), // as root (CI, containers) chromium refuses to start otherwise
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("lang", "sv-SE"),
	}
	// The defaults: headless, no first run, no background networking, no
	// sync, no extensions, and the rest of Puppeteer's quiet settings.
	opts = append(chromedp.DefaultExecAllocatorOptions[:], opts...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	// The first Run starts the browser; it must have no deadline (that would
	// stop the browser), so a start that hangs is bounded by a timer instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("starting %s: %v", path, err)
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("starting %s: no answer in 60 s", path)
	}
	return &Browser{ctx: bctx}
}

// Tab is one tab with its own cookies, and what it has seen. Its methods
// fail the test it was opened or bound to (For).
type Tab struct {
	t   testing.TB
	ctx context.Context
	// Timeout bounds each action (default 20 s).
	Timeout time.Duration
	seen    *seen
}

// seen is what a tab has asked for and shown, shared by its bindings.
type seen struct {
	mu       sync.Mutex
	requests []string // every request's URL, in order
	dialogs  []string // every JavaScript dialog's message
}

// For is the same tab failing t instead: a subtest's (a subtest may not
// fail its parent with Fatal).
func (tab *Tab) For(t testing.TB) *Tab {
	c := *tab
	c.t = t
	return &c
}

// Tab opens a new tab in a browser context of its own (its own cookies and
// storage), closed when t ends. It records every request and dialog; a
// dialog is dismissed so that the page does not hang.
func (b *Browser) Tab(t testing.TB) *Tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	tab := &Tab{t: t, ctx: ctx, Timeout: 20 * time.Second, seen: &seen{}}
	sn := tab.seen
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			sn.mu.Lock()
			sn.requests = append(sn.requests, ev.Request.URL)
			sn.mu.Unlock()
		case *page.EventJavascriptDialogOpening:
			sn.mu.Lock()
			sn.dialogs = append(sn.dialogs, string(ev.Type)+": "+ev.Message)
			sn.mu.Unlock()
			// Listen's func may not run a command itself.
			go chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	})
	if err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return tab
}

// Context is the tab's chromedp context, for actions the helpers lack.
func (tab *Tab) Context() context.Context { return tab.ctx }

// Do runs actions in the tab, each run bounded by Timeout; an error fails
// the test, naming what was done.
func (tab *Tab) Do(what string, steps ...chromedp.Action[chromedp.Void]) {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, tab.Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tab.t.Fatalf("%s: %v", what, err)
	}
}

// Run runs one action that returns a value; an error fails the test.
func Run[T any](tab *Tab, what string, a chromedp.Action[T]) T {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, tab.Timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tab.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// Open loads url and waits for it; it returns the HTTP status.
func (tab *Tab) Open(url string) int64 {
	tab.t.Helper()
	resp := Run(tab, "opening "+url, chromedp.NavigateResponse(url))
	if resp == nil {
		tab.t.Fatalf("opening %s: no response", url)
	}
	return resp.Status
}

// Click clicks the first element matching the CSS selector and waits for
// the page it leads to (a link or a form's button); it returns the status.
// An element that is not on the page fails at once (a page is loaded
// whole before Open or Click return).
func (tab *Tab) Click(css string) int64 {
	tab.t.Helper()
	if !tab.Has(css) {
		tab.t.Fatalf("clicking %s: not on %s", css, tab.Location())
	}
	ctx, cancel := context.WithTimeout(tab.ctx, tab.Timeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(css), chromedp.NodeVisible))
	if err != nil {
		tab.t.Fatalf("clicking %s on %s: %v", css, tab.Location(), err)
	}
	if resp == nil {
		tab.t.Fatalf("clicking %s on %s: no page followed", css, tab.Location())
	}
	return resp.Status
}

// Location is the tab's URL.
func (tab *Tab) Location() string {
	tab.t.Helper()
	return Run(tab, "reading the location", chromedp.Location())
}

// Text is the visible text of the first element matching the CSS selector.
func (tab *Tab) Text(css string) string {
	tab.t.Helper()
	return Run(tab, "reading "+css+" on "+tab.Location(), chromedp.Text(chromedp.CSS(css)))
}

// Has says whether an element matches the CSS selector now (no waiting).
func (tab *Tab) Has(css string) bool {
	tab.t.Helper()
	return Run(tab, "looking for "+css, chromedp.Evaluate[bool](fmt.Sprintf("document.querySelector(%q) !== null", css)))
}

// Texts is the visible text of every element matching the CSS selector
// (none: an empty slice, no waiting).
func (tab *Tab) Texts(css string) []string {
	tab.t.Helper()
	return Run(tab, "reading every "+css, chromedp.Evaluate[[]string](fmt.Sprintf(
		"Array.from(document.querySelectorAll(%q), e => e.innerText)", css)))
}

// Attrs is attribute name of every element matching the CSS selector.
func (tab *Tab) Attrs(css, name string) []string {
	tab.t.Helper()
	return Run(tab, "reading "+name+" of every "+css, chromedp.Evaluate[[]string](fmt.Sprintf(
		"Array.from(document.querySelectorAll(%q), e => e.getAttribute(%q) ?? '')", css, name)))
}

// Fill sets a form field's value (an input, a textarea or a select).
func (tab *Tab) Fill(css, value string) {
	tab.t.Helper()
	tab.Do("filling "+css, chromedp.SetValue(chromedp.CSS(css), value))
}

// Requests returns every URL the tab has asked for so far.
func (tab *Tab) Requests() []string {
	tab.seen.mu.Lock()
	defer tab.seen.mu.Unlock()
	return slices.Clone(tab.seen.requests)
}

// Foreign returns the URLs the tab asked for that do not start with origin
// (scheme://host:port), but for data: and about: URLs, which load nothing.
func (tab *Tab) Foreign(origin string) []string {
	var out []string
	for _, u := range tab.Requests() {
		if u == origin || strings.HasPrefix(u, origin+"/") || strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "about:") {
			continue
		}
		out = append(out, u)
	}
	return out
}

// Dialogs returns every JavaScript dialog (alert, confirm, prompt) that
// opened in the tab: type and message.
func (tab *Tab) Dialogs() []string {
	tab.seen.mu.Lock()
	defer tab.seen.mu.Unlock()
	return slices.Clone(tab.seen.dialogs)
}

// ScreenshotEnv is the variable that lets Screenshot write: tests must not
// change the tree unless asked to.
const ScreenshotEnv = "MEMBERFEE_SCREENSHOTS"

// Screenshot takes a full-page PNG of the tab. It always takes it (so the
// test proves it can); it writes it to path only when MEMBERFEE_SCREENSHOTS=1.
// It returns the PNG.
func (tab *Tab) Screenshot(path string) []byte {
	tab.t.Helper()
	png := Run(tab, "screenshot of "+tab.Location(), chromedp.FullScreenshot(100))
	if os.Getenv(ScreenshotEnv) != "1" {
		return png
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tab.t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tab.t.Fatal(err)
	}
	return png
}
