package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"os/user"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"memberfee/report"
	"memberfee/web"
)

// shutdownWait is how long a stopped server waits for what it is doing
// (a recording, a download) to finish before it ends anyway.
const shutdownWait = 2 * time.Minute

// minPassword is the shortest password --add-user takes.
const minPassword = 10

type serveOptions struct {
	config, addr, auth, ledger, out, lang, date string
	addUser, tlsCert, tlsKey                    string
	hosts                                       []string // --host: more names the server answers to
	served                                      []string // the Host values served (servedHosts), set by runServe
}

func newServeCmd() *cobra.Command {
	o := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve --config FILE [--addr 127.0.0.1:8080] [--host NAME:PORT] [--auth FILE] [--ledger FILE] [--out DIR] [--lang sv|en]",
		Short: "Serve the web view: the year, each period to review, approve, issue and correct, every figure down to its input row",
		Long: `serve serves a local web application over the config, its inputs and the
ledger (see the SPEC's "The web view"). It binds 127.0.0.1:8080 unless --addr
says otherwise; any address but loopback needs --auth FILE, the users who may
sign in (NAME:BCRYPT-HASH a line, the file readable by its owner only), and is
meant to be reached over HTTPS (--tls-cert and --tls-key, or a proxy that
keeps the Host header): the session cookie is then Secure. Without --auth,
what is recorded from the page is recorded by the operating system's user.

Approving, issuing and correcting from the page run approve, issue and
correct exactly as on the command line (--by: the signed-in user; outputs
into --out). SIGINT or SIGTERM stops the server after what it is doing.

The server answers only to the Host it is reached by: the --addr as given
(and on loopback localhost, 127.0.0.1 and [::1] with its port), and each
--host NAME:PORT (the name a proxy or the users reach it by); any other
Host gets 421, a guard against a page of another name that resolves here
(DNS rebinding). An --addr without a host (":8080", every interface)
needs --host.

serve --add-user NAME --auth FILE sets NAME's password in FILE (made when
missing, mode 0600), read from the terminal without echo (twice), or as one
line from standard input; then it ends.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.addUser != "" {
				if o.auth == "" {
					return usage(errors.New("--add-user writes into the users file: give it with --auth FILE"))
				}
				return addUser(cmd, o.auth, o.addUser)
			}
			if o.config == "" {
				return usage(errors.New(`required flag(s) "config" not set`))
			}
			if (o.tlsCert == "") != (o.tlsKey == "") {
				return usage(errors.New("give both --tls-cert and --tls-key, or neither"))
			}
			loopback, err := loopbackAddr(cmd.Context(), o.addr)
			if err != nil {
				return usage(err)
			}
			if !loopback && o.auth == "" {
				return usage(fmt.Errorf("--addr %s is reachable from other machines: give --auth FILE with who may sign in (memberfee serve --add-user NAME --auth FILE writes one), or serve on 127.0.0.1", o.addr))
			}
			if h, _, _ := net.SplitHostPort(o.addr); unspecifiedHost(h) && len(o.hosts) == 0 {
				return usage(fmt.Errorf("--addr %s listens on every interface: give --host NAME:PORT, the name browsers reach the server by (it answers to no other, against DNS rebinding)", o.addr))
			}
			for _, h := range o.hosts {
				if _, port, err := net.SplitHostPort(h); err != nil || port == "" {
					return usage(fmt.Errorf("--host %q is not NAME:PORT (the Host header browsers send, memberfee.example.org:443)", h))
				}
			}
			if _, err := report.ParseLang(o.lang); err != nil {
				return err
			}
			if _, err := (&ledgerFlags{date: o.date}).issueDate(); err != nil {
				return err
			}
			return runServe(cmd, o, loopback)
		},
	}
	cmd.Flags().StringVar(&o.config, "config", "", "the config file (YAML)")
	cmd.Flags().StringVar(&o.addr, "addr", "127.0.0.1:8080", "the address to serve on; any but loopback needs --auth")
	cmd.Flags().StringVar(&o.auth, "auth", "", "the users who may sign in: NAME:BCRYPT-HASH a line (--add-user writes one)")
	cmd.Flags().StringVar(&o.ledger, "ledger", "", "the ledger file (default ledger.path, or memberfee.db beside the config)")
	cmd.Flags().StringVar(&o.out, "out", ".", "the folder issue and correct write their outputs to")
	cmd.Flags().StringVar(&o.lang, "lang", "sv", "the language of the pages and workbooks: sv or en")
	cmd.Flags().StringVar(&o.date, "date", "", "the date of issue of what is recorded, 2025-04-05 (default today in Europe/Stockholm)")
	cmd.Flags().StringSliceVar(&o.hosts, "host", nil, "another NAME:PORT the server answers to (the Host a proxy or the users reach it by); repeatable")
	cmd.Flags().StringVar(&o.addUser, "add-user", "", "set this user's password in the --auth file, then end")
	cmd.Flags().StringVar(&o.tlsCert, "tls-cert", "", "serve HTTPS with this certificate (PEM; with --tls-key)")
	cmd.Flags().StringVar(&o.tlsKey, "tls-key", "", "the certificate's private key (PEM)")
	return cmd
}

// loopbackAddr reports whether every address addr's host resolves to is a
// loopback one; an empty host (":8080") is every interface, and so not.
func loopbackAddr(ctx context.Context, addr string) (bool, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return false, fmt.Errorf("--addr %q is not HOST:PORT (127.0.0.1:8080): %v", addr, err)
	}
	if port == "" {
		return false, fmt.Errorf("--addr %q has no port (127.0.0.1:8080)", addr)
	}
	if host == "" {
		return false, nil
	}
	if ip := net.ParseIP(strings.Trim(host, "[]")); ip != nil {
		return ip.IsLoopback(), nil
	}
	if ctx == nil {
		ctx = background
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ips, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		return false, fmt.Errorf("--addr %s: %v", addr, err)
	}
	for _, ip := range ips {
		if !ip.IP.IsLoopback() {
			return false, nil
		}
	}
	return len(ips) > 0, nil
}

// unspecifiedHost reports whether host (of --addr) is every interface.
func unspecifiedHost(host string) bool {
	if host == "" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsUnspecified()
}

// servedHosts are the Host values the server answers to when it listens
// on addr (as --addr gives it) and is bound to port: addr's host with the
// port, on loopback also localhost, 127.0.0.1 and [::1], and extra.
func servedHosts(addr, port string, loopback bool, extra []string) []string {
	var hosts []string
	if h, _, err := net.SplitHostPort(addr); err == nil && !unspecifiedHost(h) {
		hosts = append(hosts, net.JoinHostPort(strings.Trim(h, "[]"), port))
	}
	if loopback {
		for _, h := range []string{"localhost", "127.0.0.1", "::1"} {
			hosts = append(hosts, net.JoinHostPort(h, port))
		}
	}
	return append(hosts, extra...)
}

// osUser is who records when nobody signs in: the operating system's user.
func osUser() string {
	if u, err := user.Current(); err == nil && strings.TrimSpace(u.Username) != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); strings.TrimSpace(u) != "" {
		return u
	}
	return "memberfee serve"
}

// newWebServer makes the web view o asks for, over the commands; generated
// is the root's --generated, which what is recorded carries on.
func newWebServer(o *serveOptions, generated string, loopback bool) (*web.Server, *web.Users, error) {
	c, err := loadForBilling(o.config)
	if err != nil {
		return nil, nil, err
	}
	var users *web.Users
	if o.auth != "" {
		if users, err = web.LoadUsers(o.auth); err != nil {
			return nil, nil, &inputError{summary: err.Error()}
		}
	}
	b := &serveBackend{config: o.config, ledger: o.ledger, out: o.out, lang: o.lang, date: o.date, generated: generated}
	s, err := web.New(web.Options{Config: c, Ledger: c.LedgerPath(o.ledger), Backend: b, Users: users,
		Anonymous: osUser(), Lang: o.lang, Secure: !loopback || o.tlsCert != "", Hosts: o.served})
	return s, users, err
}

func runServe(cmd *cobra.Command, o *serveOptions, loopback bool) error {
	stdout := cmd.OutOrStdout()
	generated := ""
	if g := cmd.Root().PersistentFlags().Lookup("generated"); g != nil {
		generated = g.Value.String()
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return &inputError{summary: fmt.Sprintf("--addr %s: %v", o.addr, err)}
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	o.served = servedHosts(o.addr, port, loopback, o.hosts)
	s, users, err := newWebServer(o, generated, loopback)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           http.MaxBytesHandler(s, 1<<20),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      15 * time.Minute, // a national year's recording or download
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	ctx := cmd.Context()
	if ctx == nil {
		ctx = background
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	scheme := "http"
	if o.tlsCert != "" {
		scheme = "https"
	}
	who := "without signing in; what is recorded is recorded by " + osUser()
	if users != nil {
		who = fmt.Sprintf("%s may sign in", plural(users.Len(), "user"))
	}
	fmt.Fprintf(stdout, "memberfee serve: %s://%s/ (%s); Ctrl-C stops it\n", scheme, ln.Addr(), who)
	if !loopback && o.tlsCert == "" {
		fmt.Fprintln(stdout, "memberfee serve: the session cookie is Secure on this address: browsers send it over HTTPS only, so reach the server through a proxy that terminates TLS (and keeps the Host header), or give --tls-cert and --tls-key")
	}
	served := make(chan error, 1)
	go func() {
		if o.tlsCert != "" {
			served <- srv.ServeTLS(ln, o.tlsCert, o.tlsKey)
		} else {
			served <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-served:
		return &inputError{summary: fmt.Sprintf("serving %s: %v", ln.Addr(), err)}
	case <-ctx.Done():
	}
	stop()
	fmt.Fprintln(stdout, "memberfee serve: stopping after what it is doing")
	sctx, cancel := context.WithTimeout(background, shutdownWait)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return &inputError{summary: fmt.Sprintf("stopping the server: %v (waited %s for the requests running)", err, shutdownWait)}
	}
	fmt.Fprintln(stdout, "memberfee serve: stopped")
	return nil
}

// addUser sets name's password in the users file path.
func addUser(cmd *cobra.Command, path, name string) error {
	password, err := readPassword(cmd, name)
	if err != nil {
		return err
	}
	if n := len([]rune(password)); n < minPassword {
		return &inputError{summary: fmt.Sprintf("the password has %d characters, fewer than %d: nothing was written", n, minPassword)}
	}
	if err := web.AddUser(path, name, password); err != nil {
		return &inputError{summary: err.Error() + "; nothing was written"}
	}
	fmt.Fprintf(cmd.OutOrStdout(), "%s may sign in: the password's bcrypt hash is in %s\n", name, path)
	return nil
}

// readPassword reads a password from the terminal without echo, twice, or
// as one line from standard input.
func readPassword(cmd *cobra.Command, name string) (string, error) {
	in := cmd.InOrStdin()
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		stderr := cmd.ErrOrStderr()
		fmt.Fprintf(stderr, "password for %s: ", name)
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", &inputError{summary: fmt.Sprintf("reading the password: %v", err)}
		}
		fmt.Fprintf(stderr, "the same again: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", &inputError{summary: fmt.Sprintf("reading the password: %v", err)}
		}
		if string(p1) != string(p2) {
			return "", &inputError{summary: "the two passwords differ: nothing was written"}
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(io.LimitReader(in, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", &inputError{summary: fmt.Sprintf("reading the password from standard input: %v", err)}
	}
	return strings.TrimRight(line, "\r\n"), nil
}
