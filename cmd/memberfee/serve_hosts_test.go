package main

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestServedHosts: the server answers to the --addr as given and, on
// loopback, to localhost, 127.0.0.1 and [::1] with the port it is bound
// to, and to each --host.
func TestServedHosts(t *testing.T) {
	for _, c := range []struct {
		addr, port string
		loopback   bool
		extra      []string
		want       []string
	}{
		{"127.0.0.1:8080", "8080", true, nil, []string{"127.0.0.1:8080", "localhost:8080", "127.0.0.1:8080", "[::1]:8080"}},
		{"127.0.0.1:0", "41234", true, nil, []string{"127.0.0.1:41234", "localhost:41234", "127.0.0.1:41234", "[::1]:41234"}},
		{"[::1]:8080", "8080", true, nil, []string{"[::1]:8080", "localhost:8080", "127.0.0.1:8080", "[::1]:8080"}},
		{"memberfee.example.org:8443", "8443", false, []string{"proxy.example.org:443"}, []string{"memberfee.example.org:8443", "proxy.example.org:443"}},
		{":8443", "8443", false, []string{"memberfee.example.org:443"}, []string{"memberfee.example.org:443"}},
		{"0.0.0.0:8443", "8443", false, []string{"memberfee.example.org:443"}, []string{"memberfee.example.org:443"}},
	} {
		if got := servedHosts(c.addr, c.port, c.loopback, c.extra); !slices.Equal(got, c.want) {
			t.Errorf("servedHosts(%s, %s, %v, %v) = %v, want %v", c.addr, c.port, c.loopback, c.extra, got, c.want)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", ":8443", "--auth", "users"}, "listens on every interface: give --host NAME:PORT"},
		{[]string{"--addr", "[::]:8443", "--auth", "users"}, "listens on every interface: give --host NAME:PORT"},
		{[]string{"--host", "memberfee.example.org"}, `--host "memberfee.example.org" is not NAME:PORT`},
	} {
		if code, _, stderr := runCLI(t, append([]string{"serve", "--config", "memberfee.yaml"}, c.args...)...); code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("serve %v: exit %d %s", c.args, code, stderr)
		}
	}
}

// TestServeRebinding: memberfee serve on loopback answers a page or a
// form for another name resolving to it (DNS rebinding: Host and Origin
// agree, so the cross-origin check passes) with 421, recording nothing.
func TestServeRebinding(t *testing.T) {
	cfg, db := ledgerExample(t)
	ctx, cancel := context.WithCancel(background)
	defer cancel()
	base, _, _, ended := serveCommand(t, ctx, cfg)
	defer func() { cancel(); <-ended }()
	u, _ := url.Parse(base)
	port := u.Port()
	for _, c := range []struct {
		name, method, host string
		status             int
	}{
		{"the page, as served", http.MethodGet, u.Host, 200},
		{"the page, by localhost", http.MethodGet, "localhost:" + port, 200},
		{"the page, by another name", http.MethodGet, "evil.example:" + port, 421},
		{"approving, by another name", http.MethodPost, "evil.example:" + port, 421},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := "/"
			var body *strings.Reader = strings.NewReader("")
			if c.method == http.MethodPost {
				path, body = "/period/2025-01-01_2025-03-31/approve", strings.NewReader("x=1")
			}
			r, err := http.NewRequest(c.method, base+path, body)
			if err != nil {
				t.Fatal(err)
			}
			r.Host = c.host
			if c.method == http.MethodPost {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				r.Header.Set("Origin", "http://"+c.host)
				r.Header.Set("Sec-Fetch-Site", "same-origin")
			}
			resp, err := http.DefaultClient.Do(r)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != c.status {
				t.Errorf("status %d, want %d", resp.StatusCode, c.status)
			}
		})
	}
	if fileExists(db) {
		t.Errorf("something was recorded: the ledger %s was made", db)
	}
}
