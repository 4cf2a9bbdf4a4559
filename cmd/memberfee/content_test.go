package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"memberfee/ledger"
	"memberfee/web"
)

// TestContentFlag: approve and issue --content HASH record only when the
// period rates to the content reviewed (a prefix of at least 12 hex
// digits, as approve prints it); otherwise they refuse (exit 1, the
// refusal "changed"), recording nothing. A --content that is no hash's
// prefix is a usage error (exit 2).
func TestContentFlag(t *testing.T) {
	cfg, db := ledgerExample(t)
	period := []string{"--config", cfg, "--from", "2025-01-01", "--to", "2025-03-31", "--date", "2025-04-07"}
	approve := func(by string, extra ...string) (int, string, string) {
		return runCLI(t, append(append([]string{"approve", "--by", by}, period...), extra...)...)
	}
	code, out, stderr := approve("Anna")
	m := regexp.MustCompile(`content ([0-9a-f]{12})`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("approve: exit %d %s %s", code, out, stderr)
	}
	shown := m[1]
	b := &serveBackend{config: cfg, out: t.TempDir(), lang: "sv", date: "2025-04-07"}
	p := ledger.Period{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)}
	d, err := b.Draft(background, p)
	if err != nil || !strings.HasPrefix(d.ContentHash, shown) {
		t.Fatalf("the draft's content %v is not the approved %s: %v", d, shown, err)
	}
	full := d.ContentHash
	for _, c := range []struct {
		name    string
		cmd     []string
		code    int
		message string
	}{
		{"too short", []string{"approve", "--by", "Bertil", "--content", "abc"}, 2, `--content "abc" has 3 characters: give 12 to 64 hex digits`},
		{"too long", []string{"approve", "--by", "Bertil", "--content", strings.Repeat("a", 65)}, 2, "has 65 characters"},
		{"not hex", []string{"approve", "--by", "Bertil", "--content", "0123456789xy"}, 2, "is not hex digits"},
		{"with --installment", []string{"issue", "--by", "Bertil", "--installment", "1", "--content", shown}, 2, "--content is a period's rated content"},
		{"the 12 digits approve printed", []string{"approve", "--by", "Bertil", "--content", shown}, 0, "approved 2025-01-01 – 2025-03-31"},
		{"all 64, in capitals", []string{"approve", "--by", "Cecilia", "--content", strings.ToUpper(full)}, 0, "approved 2025-01-01 – 2025-03-31"},
		{"another content", []string{"approve", "--by", "David", "--content", "0123456789ab"}, 1, "not 0123456789ab as reviewed: the inputs changed since; nothing was approved"},
		{"issue, another content", []string{"issue", "--by", "David", "--out", t.TempDir(), "--allow-rejected", "--content", "0123456789ab"}, 1, "nothing was issued"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append(c.cmd, period...)
			if c.cmd[3] == "--installment" {
				args = append(c.cmd, "--config", cfg)
			}
			code, out, stderr := runCLI(t, args...)
			if code != c.code || !strings.Contains(out+stderr, c.message) {
				t.Fatalf("exit %d, want %d with %q:\n%s%s", code, c.code, c.message, out, stderr)
			}
		})
	}
	// The refused approval and issue recorded nothing.
	if got := approvers(t, db, full); got != "Anna, Bertil, Cecilia" {
		t.Errorf("approvals %q, want Anna's, Bertil's and Cecilia's only", got)
	}
	if code, out, _ := runCLI(t, "ledger", "list", "--config", cfg); code != 0 || strings.Contains(out, "2025-0001") {
		t.Errorf("the refused issue recorded something: %d %s", code, out)
	}

	// The inputs change after the page was shown: the web view's approve
	// with the content it showed is refused as "changed".
	changeSupport(t, cfg)
	for _, try := range []func() error{
		func() error { _, err := b.Approve(background, p, "Eva", full); return err },
		func() error { _, err := b.Issue(background, p, "Eva", full, true); return err },
	} {
		ref, ok := try().(*web.Refusal)
		if !ok || ref.Reason != web.RefusedChanged || !strings.Contains(ref.Message, "the inputs changed since") {
			t.Errorf("a changed period: %v", ref)
		}
	}
}

// approvers names who approved content.
func approvers(t *testing.T, db, content string) string {
	t.Helper()
	l, err := ledger.Open(db, ledger.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var by []string
	err = l.View(context.Background(), func(tx *ledger.Tx) error {
		aps, err := tx.Approvals(content)
		for _, a := range aps {
			by = append(by, a.By)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(by, ", ")
}
