package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"memberfee/ledger"
	"memberfee/web"
)

// serveExample is the example with ledger.four_eyes, Anna and Bertil in
// its users file, and the web view over it as memberfee serve makes it.
type serveExample struct {
	cfg, auth, out string
	h              http.Handler
}

func newServeExample(t *testing.T, withUsers bool) *serveExample {
	t.Helper()
	cfg, _ := ledgerExample(t)
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("\nledger:\n  four_eyes: true\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	e := &serveExample{cfg: cfg, out: filepath.Join(t.TempDir(), "out")}
	o := &serveOptions{config: cfg, out: e.out, lang: "sv", date: "2025-04-07"}
	if withUsers {
		e.auth = filepath.Join(t.TempDir(), "users")
		for _, u := range []string{"Anna", "Bertil"} {
			if err := web.AddUser(e.auth, u, u+"-lösenordet"); err != nil {
				t.Fatal(err)
			}
		}
		o.auth = e.auth
	}
	s, _, err := newWebServer(o, "", true)
	if err != nil {
		t.Fatal(err)
	}
	e.h = s
	return e
}

// post sends a form as the browser on the server's page does.
func (e *serveExample) post(path string, form url.Values, session *http.Cookie, origin string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin != "" {
		r.Header.Set("Origin", origin)
	}
	if session != nil {
		r.AddCookie(session)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	return w
}

const self = "http://example.com" // httptest.NewRequest's host

func (e *serveExample) signIn(t *testing.T, name string) *http.Cookie {
	t.Helper()
	w := e.post("/signin", url.Values{"name": {name}, "password": {name + "-lösenordet"}}, nil, self)
	for _, c := range w.Result().Cookies() {
		if c.Name == "memberfee_session" {
			return c
		}
	}
	t.Fatalf("signing in %s: %d\n%s", name, w.Code, w.Body)
	return nil
}

// ledgerList is what memberfee ledger list --json shows.
func ledgerList(t *testing.T, cfg string) []docJSON {
	t.Helper()
	code, stdout, stderr := runCLI(t, "ledger", "list", "--config", cfg, "--json")
	if code != 0 {
		t.Fatalf("ledger list: %d %s", code, stderr)
	}
	var listed struct{ Documents []docJSON }
	if err := json.Unmarshal([]byte(stdout), &listed); err != nil {
		t.Fatal(err)
	}
	return listed.Documents
}

var documentLink = regexp.MustCompile(`class="document" href="/document/([0-9-]+)"`)

// TestServeRecords: through the web view with the real commands behind it,
// four eyes hold (Anna approves, Anna may not issue, Bertil issues), the
// numbers shown are the ledger's, a POST from elsewhere or without a
// session records nothing, and a correction after an input changed shows.
func TestServeRecords(t *testing.T) {
	e := newServeExample(t, true)
	anna, bertil := e.signIn(t, "Anna"), e.signIn(t, "Bertil")
	q1 := "/period/2025-01-01_2025-03-31/"
	issue := url.Values{"allow_rejected": {"on"}}
	for _, c := range []struct {
		name    string
		action  string
		form    url.Values
		session *http.Cookie
		origin  string
		status  int
		want    []string
	}{
		{"issue before any approval", "issue", issue, bertil, self, 409, []string{"nobody has approved it", "Inget registrerades"}},
		{"approve from another site", "approve", nil, anna, "https://evil.example", 403, []string{"Förbjuden"}},
		{"approve naming no origin", "approve", nil, anna, "", 403, []string{"Förbjuden"}},
		{"approve without a session", "approve", nil, nil, self, 403, []string{"Inte inloggad"}},
		{"approve by Anna", "approve", nil, anna, self, 200, []string{"approved 2025-01-01 – 2025-03-31 as rated now", "(by Anna,"}},
		{"issue by Anna, the approver", "issue", issue, anna, self, 409, []string{"only Anna approved it, and four eyes need another", "fyra ögon"}},
		{"issue by Bertil without allowing the rejected rows", "issue", nil, bertil, self, 422, []string{"4 rows rejected: nothing was issued", "licences.csv row 44"}},
		{"issue by Bertil", "issue", issue, bertil, self, 200, []string{"recorded 4 documents", "Utfärdat."}},
		{"issue again", "issue", issue, bertil, self, 409, []string{"already issued as 2025-0001, 2025-0002, 2025-0003, 2025-0004"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := e.post(q1+c.action, c.form, c.session, c.origin)
			body := w.Body.String()
			if w.Code != c.status {
				t.Fatalf("status %d, want %d:\n%s", w.Code, c.status, body)
			}
			for _, want := range c.want {
				if !strings.Contains(body, htmlText(want)) {
					t.Errorf("the page lacks %q:\n%s", want, body)
				}
			}
			if c.status != 200 && c.action == "issue" && !strings.Contains(c.name, "again") {
				if docs := ledgerList(t, e.cfg); len(docs) != 0 {
					t.Fatalf("refused, yet the ledger lists %v", docs)
				}
			}
			if c.name == "issue by Bertil" {
				var shown, listed []string
				for _, m := range documentLink.FindAllStringSubmatch(body, -1) {
					shown = append(shown, m[1])
				}
				for _, d := range ledgerList(t, e.cfg) {
					listed = append(listed, d.Number)
					if d.Kind != "chargeback" {
						t.Errorf("%s is a %s", d.Number, d.Kind)
					}
				}
				if !slices.Equal(shown, listed) || len(shown) != 4 {
					t.Fatalf("the page shows %v, the ledger lists %v", shown, listed)
				}
				if _, err := os.Stat(filepath.Join(e.out, "documents-2025-01-01_2025-03-31.json")); err != nil {
					t.Errorf("issue wrote no documents JSON into --out: %v", err)
				}
			}
		})
	}

	// A support ticket changes: the correction is Hallsberg's, citing its
	// chargeback, and the page shows its number as the ledger lists it.
	changeSupport(t, e.cfg)
	w := e.post(q1+"correct", url.Values{"reason": {"Ärende IT-2025-00069 avslutades 19:23"}, "allow_rejected": {"on"}}, anna, self)
	if w.Code != 200 {
		t.Fatalf("correct: %d\n%s", w.Code, w.Body)
	}
	docs := ledgerList(t, e.cfg)
	last := docs[len(docs)-1]
	if last.Kind != "correction" || last.Corrects == nil || *last.Corrects != "2025-0002" || last.Member != "1861" {
		t.Fatalf("the last document is %+v, want Hallsberg's correction of 2025-0002:\n%s", last, w.Body)
	}
	if body := w.Body.String(); !strings.Contains(body, `href="/document/`+last.Number+`"`) || !strings.Contains(body, "correction "+last.Number+" for member 1861, corrects 2025-0002") {
		t.Fatalf("the page does not show %s:\n%s", last.Number, body)
	}
	if w := e.post(q1+"correct", url.Values{"reason": {"again"}, "allow_rejected": {"on"}}, anna, self); w.Code != 200 || !strings.Contains(w.Body.String(), "nothing to correct") || !strings.Contains(w.Body.String(), "Inget att registrera") {
		t.Fatalf("correcting again: %d\n%s", w.Code, w.Body)
	}
}

// htmlText is s as html/template escapes it.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

// changeSupport changes the support row the walk-through changes:
// Hallsberg's ticket IT-2025-00069 ended two hours later.
func changeSupport(t *testing.T, cfg string) {
	t.Helper()
	support := filepath.Join(filepath.Dir(cfg), "data", "support.csv")
	orig, err := os.ReadFile(support)
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Replace(orig, []byte("2025-02-27 13:58,2025-02-27 17:23"), []byte("2025-02-27 13:58,2025-02-27 19:23"), 1)
	if bytes.Equal(changed, orig) {
		t.Fatal("the example's support.csv no longer has the row this test changes")
	}
	if err := os.WriteFile(support, changed, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestServeDraft: the draft is what approve rates: the same content hash,
// one document per member with its lines in memory, every rejected row.
func TestServeDraft(t *testing.T) {
	cfg, _ := ledgerExample(t)
	b := &serveBackend{config: cfg, out: t.TempDir(), lang: "sv", date: "2025-04-07"}
	p := ledger.Period{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)}
	d, err := b.Draft(background, p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(cfg), "memberfee.db")); err == nil {
		t.Error("the draft made a ledger")
	}
	if len(d.Documents) != 4 || len(d.Rejected) != 4 || d.ContentHash == "" || !d.Period.Equal(p) {
		t.Fatalf("%d documents, %d rejected, content %q", len(d.Documents), len(d.Rejected), d.ContentHash)
	}
	for _, doc := range d.Documents {
		if doc.Stream != nil || len(doc.Lines) == 0 || doc.Number != "" {
			t.Errorf("member %s: stream %v, %d lines, number %q", doc.Member, doc.Stream != nil, len(doc.Lines), doc.Number)
		}
	}
	out, err := b.Approve(background, p, "Anna", "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.Message, "content "+d.ContentHash[:12]) {
		t.Fatalf("the draft's content %s is not what approve recorded:\n%s", d.ContentHash[:12], out.Message)
	}
	again, err := b.Draft(background, p)
	if err != nil || again.ContentHash != d.ContentHash {
		t.Fatalf("the draft over the ledger: %v, content %s, was %s", err, again.ContentHash, d.ContentHash)
	}
	if _, err := b.Draft(background, ledger.Period{From: p.To, To: p.From}); err == nil {
		t.Fatal("a period ending before it begins was rated")
	} else if _, ok := err.(*web.Refusal); !ok {
		t.Fatalf("a bad period is not a refusal: %T %v", err, err)
	}
}

// TestServeDownload: each download is the file the command makes.
func TestServeDownload(t *testing.T) {
	// the downloads' temporary folders in a folder of the test's own, so
	// that what another run left in /tmp is not taken for this one's
	t.Setenv("TMPDIR", t.TempDir())
	before, _ := filepath.Glob(filepath.Join(os.TempDir(), "memberfee-serve-*")) // none: the folder is the test's own
	cfg, _ := ledgerExample(t)
	b := &serveBackend{config: cfg, out: t.TempDir(), lang: "sv", date: "2025-04-07"}
	p := ledger.Period{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)}
	get := func(d web.Download) (*web.File, []byte) {
		t.Helper()
		f, err := b.Download(background, d)
		if err != nil {
			t.Fatalf("%+v: %v", d, err)
		}
		body, _ := io.ReadAll(f.Body)
		return f, body
	}
	f, draft := get(web.Download{Kind: "json", Period: p})
	if f.Name != "utkast-chargeback-2025-01-01_2025-03-31.json" || !bytes.Contains(draft, []byte(`"members"`)) {
		t.Fatalf("%s: %.200s", f.Name, draft)
	}
	// A draft has no document to export: a refusal, never a failure.
	if _, err := b.Download(background, web.Download{Kind: "sie", Period: p}); err == nil {
		t.Error("a draft's SIE download was made")
	} else if ref, ok := errors.AsType[*web.Refusal](err); !ok || !strings.Contains(ref.Message, "has no issued document to export") {
		t.Errorf("a draft's SIE download: %v", err)
	}
	if _, err := b.Issue(background, p, "Eva Lind", "", true); err != nil {
		t.Fatal(err)
	}
	_, issued := get(web.Download{Kind: "json", Period: p, By: "Eva Lind"})
	issuedJSON, err := os.ReadFile(filepath.Join(b.out, "chargeback-2025-01-01_2025-03-31.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(issued, issuedJSON) {
		t.Errorf("the issued period's JSON download differs from what issue wrote")
	}
	for _, c := range []struct {
		d    web.Download
		name string
		has  string
	}{
		{web.Download{Kind: "bill", Period: p, Member: "1861"}, "chargeback-2025-01-01_2025-03-31-1861.xlsx", "PK"},
		{web.Download{Kind: "lines", Period: p}, "chargeback-2025-01-01_2025-03-31-lines.csv", "1861"},
		{web.Download{Kind: "statement", Member: "1861", Year: 2025}, "statement-1861-2025.xlsx", "PK"},
		{web.Download{Kind: "csv", Period: p}, "export-2025-01-01_2025-03-31.csv", "2025-0002"},
		{web.Download{Kind: "sie", Period: p}, "export-2025-01-01_2025-03-31.si", "#VER"},
		{web.Download{Kind: "peppol", Period: p, Member: "1861"}, "2025-0002.xml", "<Invoice"},
		{web.Download{Kind: "peppol", Period: p}, "peppol-2025-01-01_2025-03-31.zip", "2025-0004.xml"},
	} {
		f, body := get(c.d)
		if f.Name != c.name || !bytes.Contains(body, []byte(c.has)) {
			t.Errorf("%+v: %s, want %s with %q", c.d, f.Name, c.name, c.has)
		}
	}
	// The inputs changed after issuing: the issued period's workbooks
	// cannot be made again, and what bill makes now was never issued —
	// refused (409), never bill's output under the issued name.
	changeSupport(t, cfg)
	for _, kind := range []string{"bill", "lines", "json"} {
		f, err := b.Download(background, web.Download{Kind: kind, Period: p, By: "Eva Lind"})
		ref, refused := errors.AsType[*web.Refusal](err)
		if !refused || ref.Reason != web.RefusedConflict || !strings.Contains(ref.Message, "the inputs now give something else") || !strings.Contains(ref.Message, "memberfee correct") {
			t.Errorf("%s of an issued period whose inputs changed: %+v, %v", kind, f, err)
		}
	}
	left, _ := filepath.Glob(filepath.Join(os.TempDir(), "memberfee-serve-*"))
	left = slices.DeleteFunc(left, func(d string) bool { return slices.Contains(before, d) })
	if len(left) > 0 {
		t.Errorf("downloads left %v", left)
	}
}

// TestServeFlags: an address others reach needs --auth (exit 2); the
// loopback ones do not; --add-user writes a hash that verifies.
func TestServeFlags(t *testing.T) {
	cfg, _ := ledgerExample(t)
	for _, addr := range []string{":8080", "0.0.0.0:8080", "[::]:8080", "192.0.2.1:8080"} {
		code, _, stderr := runCLI(t, "serve", "--config", cfg, "--addr", addr)
		if code != 2 || !strings.Contains(stderr, "is reachable from other machines: give --auth FILE") {
			t.Errorf("--addr %s without --auth: exit %d %s", addr, code, stderr)
		}
	}
	for addr, want := range map[string]bool{"127.0.0.1:8080": true, "127.3.4.5:1": true, "[::1]:8080": true, "localhost:8080": true,
		":8080": false, "0.0.0.0:8080": false, "[::]:0": false, "192.0.2.1:80": false} {
		if got, err := loopbackAddr(background, addr); err != nil || got != want {
			t.Errorf("loopbackAddr(%s) = %v, %v; want %v", addr, got, err, want)
		}
	}
	if code, _, stderr := runCLI(t, "serve", "--config", cfg, "--addr", "8080"); code != 2 || !strings.Contains(stderr, "is not HOST:PORT") {
		t.Errorf("--addr 8080: exit %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "serve", "--add-user", "Anna"); code != 2 || !strings.Contains(stderr, "give it with --auth") {
		t.Errorf("--add-user without --auth: exit %d %s", code, stderr)
	}

	auth := filepath.Join(t.TempDir(), "users")
	addUser := func(name, input string) (int, string) {
		var out, errb bytes.Buffer
		root := newRootCmd(&out, &errb)
		checkBeforeRun(root)
		root.SetIn(strings.NewReader(input))
		root.SetArgs([]string{"serve", "--add-user", name, "--auth", auth})
		if err := root.Execute(); err != nil {
			return exitCode(err, true, &errb), err.Error()
		}
		return 0, out.String()
	}
	if code, msg := addUser("Anna Berg", "kort\n"); code != 1 || !strings.Contains(msg, "fewer than 10") {
		t.Errorf("a short password: %d %s", code, msg)
	}
	if code, msg := addUser("Anna Berg", "ett långt lösenord\n"); code != 0 || !strings.Contains(msg, "Anna Berg may sign in") {
		t.Fatalf("--add-user: %d %s", code, msg)
	}
	raw, _ := os.ReadFile(auth)
	if !regexp.MustCompile(`(?m)^Anna Berg:\$2a\$12\$[./A-Za-z0-9]{53}$`).Match(raw) {
		t.Fatalf("the users file:\n%s", raw)
	}
	u, err := web.LoadUsers(auth)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := u.Check("Anna Berg", "ett långt lösenord"); !ok {
		t.Fatal("the hash --add-user wrote does not verify")
	}
	if _, ok := u.Check("Anna Berg", "ett långt lösenord\n"); ok {
		t.Fatal("the line's newline became part of the password")
	}
}

// TestServeSignInCosts: a wrong password is refused and takes longer than
// a right one.
func TestServeSignInCosts(t *testing.T) {
	e := newServeExample(t, true)
	start := time.Now()
	e.signIn(t, "Anna")
	right := time.Since(start)
	start = time.Now()
	w := e.post("/signin", url.Values{"name": {"Bertil"}, "password": {"fel"}}, nil, self)
	wrong := time.Since(start)
	if w.Code != http.StatusUnauthorized || len(w.Result().Cookies()) != 0 {
		t.Fatalf("a wrong password: %d %v", w.Code, w.Result().Cookies())
	}
	if wrong < right+400*time.Millisecond {
		t.Errorf("a wrong password took %v, a right one %v", wrong, right)
	}
	if r := httptest.NewRequest(http.MethodGet, "/period/2025-01-01_2025-03-31/issue", nil); true {
		r.AddCookie(e.signIn(t, "Anna"))
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)
		if w.Code != http.StatusMethodNotAllowed {
			t.Errorf("GET of issue: %d", w.Code)
		}
	}
}

// syncBuffer is a buffer written by a server and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var servingURL = regexp.MustCompile(`memberfee serve: (http://[0-9.:]+)/`)

// waitURL waits for the server to print where it serves.
func waitURL(t *testing.T, out *syncBuffer) string {
	t.Helper()
	for range 200 {
		if m := servingURL.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("the server did not say where it serves:\n%s", out)
	return ""
}

// serveCommand runs memberfee serve over cfg on a free loopback port until
// ctx ends: where it serves, what it prints, and its end.
func serveCommand(t *testing.T, ctx context.Context, cfg string) (base string, out, errb *syncBuffer, ended chan error) {
	t.Helper()
	out, errb, ended = &syncBuffer{}, &syncBuffer{}, make(chan error, 1)
	go func() {
		_, err := execute(ctx, []string{"serve", "--config", cfg, "--addr", "127.0.0.1:0", "--date", "2025-04-07", "--out", t.TempDir()}, out, errb)
		ended <- err
	}()
	return waitURL(t, out), out, errb, ended
}

// TestServeShutdown: stopped while it records, the server finishes the
// recording, answers it, and ends without an error.
func TestServeShutdown(t *testing.T) {
	cfg, _ := ledgerExample(t)
	ctx, cancel := context.WithCancel(background)
	defer cancel()
	base, out, errb, ended := serveCommand(t, ctx, cfg)
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	form := "x=1"
	fmt.Fprintf(conn, "POST /period/2025-01-01_2025-03-31/approve HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		strings.TrimPrefix(base, "http://"), base, len(form), form)
	time.Sleep(100 * time.Millisecond) // the request is read, the rating runs
	cancel()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the recording running when the server stopped got no answer: %v\n%s", err, out.String())
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "approved 2025-01-01 – 2025-03-31") {
		t.Fatalf("%d\n%s", resp.StatusCode, body)
	}
	select {
	case err := <-ended:
		if err != nil || !strings.Contains(out.String(), "memberfee serve: stopped") {
			t.Fatalf("the server ended with %v:\n%s%s", err, out.String(), errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop")
	}
	if _, err := http.Get(base + "/"); err == nil {
		t.Fatal("the stopped server still answers")
	}
}

// TestServeSIGTERM: memberfee serve as a process stops on SIGTERM, exit 0.
func TestServeSIGTERM(t *testing.T) {
	cfg, _ := ledgerExample(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var out syncBuffer
	cmd := &exec.Cmd{Path: exe, Args: []string{childArgv0, "serve", "--config", cfg, "--addr", "127.0.0.1:0"}, Stdout: &out, Stderr: &out}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	base := waitURL(t, &out)
	resp, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil || !strings.Contains(out.String(), "memberfee serve: stopped") {
			t.Fatalf("after SIGTERM: %v\n%s", err, out.String())
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("SIGTERM did not stop the server:\n%s", out.String())
	}
}
