package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// ledgerExample is a copy of the example with the ledger beside its config.
func ledgerExample(t *testing.T) (cfg, db string) {
	t.Helper()
	ex := copyExample(t)
	return filepath.Join(ex, "memberfee.yaml"), filepath.Join(ex, "memberfee.db")
}

// q1 are the flags of the first quarter as the walk-through issues it.
var q1 = []string{"--from", "2025-01-01", "--to", "2025-03-31", "--allow-rejected"}

func issueQ1(t *testing.T, cfg string, extra ...string) (int, string, string) {
	t.Helper()
	args := append([]string{"issue", "--config", cfg, "--by", "Eva Lind", "--date", "2025-04-07", "--out", filepath.Join(t.TempDir(), "q1")}, q1...)
	return runCLI(t, append(args, extra...)...)
}

// TestLedgerRefuses: each refusal exits 1, names what and why, and
// records nothing.
func TestLedgerRefuses(t *testing.T) {
	cfg, db := ledgerExample(t)
	list := func() string {
		_, out, _ := runCLI(t, "ledger", "list", "--config", cfg)
		return out
	}
	if code, out, errs := issueQ1(t, cfg); code != 0 {
		t.Fatalf("issue Q1: %d\n%s%s", code, out, errs)
	}
	before := list()
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"the same period again", []string{"issue", "--config", cfg, "--by", "X", "--from", "2025-01-01", "--to", "2025-03-31", "--allow-rejected"}, "already issued as 2025-0001"},
		{"an overlapping period", []string{"issue", "--config", cfg, "--by", "X", "--from", "2025-03-01", "--to", "2025-04-30", "--allow-rejected"}, "overlaps 2025-01-01 – 2025-03-31"},
		{"rejected rows without --allow-rejected", []string{"issue", "--config", cfg, "--by", "X", "--from", "2025-04-01", "--to", "2025-06-30"}, "rejected: nothing was issued"},
		{"an unadopted year's installment", []string{"issue", "--config", cfg, "--by", "X", "--installment", "1"}, "2025 has not been adopted"},
		{"a correction of a period never issued", []string{"correct", "--config", cfg, "--by", "X", "--reason", "r", "--from", "2025-04-01", "--to", "2025-06-30"}, "has never been issued"},
		{"a correction of part of an issued period", []string{"correct", "--config", cfg, "--by", "X", "--reason", "r", "--from", "2025-01-01", "--to", "2025-01-31"}, "is not the period of"},
		{"a revision of a year never adopted", []string{"adopt", "--config", cfg, "--by", "X", "--revise", "--reason", "r"}, "nothing to revise"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := c.args
			if args[0] != "adopt" {
				args = append(args, "--out", t.TempDir())
			}
			code, out, errs := runCLI(t, args...)
			if code != 1 || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, want 1 with %q:\n%s%s", code, c.want, out, errs)
			}
			if after := list(); after != before {
				t.Errorf("something was recorded:\n%s", after)
			}
		})
	}
	if code, _, errs := runCLI(t, "adopt", "--config", cfg, "--by", "X"); code != 0 {
		t.Fatalf("adopt: %s", errs)
	}
	if code, _, errs := runCLI(t, "adopt", "--config", cfg, "--by", "X"); code != 1 || !strings.Contains(errs, "already adopted") {
		t.Errorf("adopting twice: exit %d %s", code, errs)
	}
	first := t.TempDir()
	if code, _, errs := runCLI(t, "issue", "--config", cfg, "--by", "X", "--installment", "1", "--out", first); code != 0 {
		t.Fatalf("installment 1: %s", errs)
	}
	for _, id := range []string{"1814", "1860", "1861", "1882"} {
		if _, err := os.Stat(filepath.Join(first, "fee-2025-1-"+id+".xlsx")); err != nil {
			t.Errorf("installment 1: member %s's fee notice: %v", id, err)
		}
	}
	again := t.TempDir()
	if code, _, errs := runCLI(t, "issue", "--config", cfg, "--by", "X", "--installment", "1", "--out", again); code != 1 || !strings.Contains(errs, "installment 1 of 2025 is already issued") {
		t.Errorf("installment 1 twice: exit %d %s", code, errs)
	}
	if left, _ := filepath.Glob(filepath.Join(again, "fee-*")); len(left) > 0 {
		t.Errorf("a refused installment wrote %v", left)
	}
	if code, _, errs := runCLI(t, "issue", "--config", cfg, "--by", "X", "--installment", "5", "--out", t.TempDir()); code != 1 || !strings.Contains(errs, "installments 1 to 4") {
		t.Errorf("installment 5: exit %d %s", code, errs)
	}
	_ = db
}

// TestLedgerFiles: a file that is not a memberfee ledger, or one a newer
// memberfee wrote, is refused with exit 1 and left as it was.
func TestLedgerFiles(t *testing.T) {
	cfg, db := ledgerExample(t)
	if err := os.WriteFile(db, []byte("these are not the ledger's bytes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := issueQ1(t, cfg)
	if code != 1 || !strings.Contains(errs, "is not a memberfee ledger") {
		t.Errorf("a text file as ledger: exit %d\n%s", code, errs)
	}
	if b, _ := os.ReadFile(db); string(b) != "these are not the ledger's bytes\n" {
		t.Error("the foreign file was changed")
	}
	sqlite := sqlite3(t)
	other := filepath.Join(t.TempDir(), "other.db")
	if out, err := exec.Command(sqlite, other, "CREATE TABLE t(x); INSERT INTO t VALUES (1);").CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	if code, _, errs := issueQ1(t, cfg, "--ledger", other); code != 1 || !strings.Contains(errs, "is not a memberfee ledger") {
		t.Errorf("another program's SQLite file: exit %d\n%s", code, errs)
	}
	os.Remove(db)
	if code, _, errs := runCLI(t, "adopt", "--config", cfg, "--by", "X"); code != 0 {
		t.Fatal(errs)
	}
	if out, err := exec.Command(sqlite, db, "PRAGMA user_version = 999;").CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	if code, _, errs := issueQ1(t, cfg); code != 1 || !strings.Contains(errs, "newer memberfee") {
		t.Errorf("a newer schema: exit %d\n%s", code, errs)
	}
}

func sqlite3(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("the sqlite3 tool is not installed (apt-get install sqlite3): the tests that change the ledger behind memberfee's back need it")
	}
	return p
}

// TestLedgerTamperedBehindItsBack: an amount changed with the sqlite3 tool
// (dropping the trigger that forbids it) makes ledger verify exit 1 naming
// the document.
func TestLedgerTamperedBehindItsBack(t *testing.T) {
	sqlite := sqlite3(t)
	cfg, db := ledgerExample(t)
	if code, _, errs := issueQ1(t, cfg); code != 0 {
		t.Fatal(errs)
	}
	if code, out, errs := runCLI(t, "ledger", "verify", "--config", cfg); code != 0 || !strings.Contains(out, "intact") {
		t.Fatalf("verify of an untouched ledger: %d %s %s", code, out, errs)
	}
	// The trigger refuses an UPDATE even through sqlite3.
	if out, err := exec.Command(sqlite, db, "UPDATE documents SET total = '1.00' WHERE number = '2025-0002';").CombinedOutput(); err == nil {
		t.Fatalf("the ledger let sqlite3 change an issued document: %s", out)
	}
	triggers, err := exec.Command(sqlite, db, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'documents';").Output()
	if err != nil {
		t.Fatal(err)
	}
	var script strings.Builder
	for _, name := range strings.Fields(string(triggers)) {
		script.WriteString("DROP TRIGGER " + name + ";")
	}
	script.WriteString("UPDATE documents SET total = '1.00' WHERE number = '2025-0002';")
	if out, err := exec.Command(sqlite, db, script.String()).CombinedOutput(); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	code, out, errs := runCLI(t, "ledger", "verify", "--config", cfg)
	if code != 1 || !strings.Contains(errs, "2025-0002") {
		t.Errorf("verify of a changed amount: exit %d\n%s%s", code, out, errs)
	}
	// Nothing is built on it: a correction of the forged line, an issue, an
	// approval, an adoption are refused before they record.
	_, before, _ := runCLI(t, "ledger", "list", "--config", cfg)
	for _, args := range [][]string{
		{"correct", "--config", cfg, "--from", "2025-01-01", "--to", "2025-03-31", "--allow-rejected", "--reason", "r", "--by", "X", "--out", t.TempDir()},
		{"issue", "--config", cfg, "--from", "2025-04-01", "--to", "2025-06-30", "--allow-rejected", "--by", "X", "--out", t.TempDir()},
		{"approve", "--config", cfg, "--from", "2025-04-01", "--to", "2025-06-30", "--by", "X"},
		{"adopt", "--config", cfg, "--by", "X"},
	} {
		code, out, errs := runCLI(t, args...)
		if code != 1 || !strings.Contains(errs, "changed behind memberfee's back") {
			t.Errorf("%s on a tampered ledger: exit %d\n%s%s", args[0], code, out, errs)
		}
	}
	if _, after, _ := runCLI(t, "ledger", "list", "--config", cfg); after != before {
		t.Errorf("something was recorded on a tampered ledger:\n%s", after)
	}
}

// TestLedgerReadOnlyUser: an auditor who may read the ledger but not write
// beside it lists, verifies and exports it (as root, the test runs the
// commands as nobody).
func TestLedgerReadOnlyUser(t *testing.T) {
	t.Parallel() // long and independent: runs beside the other long ones
	runuser, err := exec.LookPath("runuser")
	if err != nil || os.Geteuid() != 0 {
		t.Skip("needs root and runuser to read the ledger as a user who may not write beside it")
	}
	bin := buildMemberfee(t)
	parent, err := os.MkdirTemp("/tmp", "memberfee-ro-") // nobody must reach it: not under a 0700 test folder
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(parent) })
	dir := filepath.Join(parent, "ex")
	copyExampleInto(t, dir)
	cfg := filepath.Join(dir, "memberfee.yaml")
	if code, o := runBin(t, bin, append([]string{"issue", "--config", cfg, "--by", "A", "--date", "2025-04-07", "--out", filepath.Join(dir, "q1"), "--quiet"}, q1...)...); code != 0 {
		t.Fatal(o)
	}
	if err := exec.Command("cp", bin, filepath.Join(parent, "memberfee")).Run(); err != nil {
		t.Fatal(err)
	}
	bin = filepath.Join(parent, "memberfee")
	if err := exec.Command("chmod", "-R", "a+rX,go-w", parent).Run(); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"ledger", "verify"}, {"ledger", "list"}, {"ledger", "export"}} {
		out, err := exec.Command(runuser, append([]string{"-u", "nobody", "--", bin}, append(args, "--config", cfg)...)...).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "2025-0004") && args[1] != "verify" {
			t.Errorf("%s as a reader only: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// TestIssueKilled: issue killed (SIGKILL) inside its transaction, every
// document added but not committed, leaves the ledger with none of the
// period; the period can then be issued whole.
func TestIssueKilled(t *testing.T) {
	bin := buildMemberfee(t)
	cfg, _ := ledgerExample(t)
	out := filepath.Join(t.TempDir(), "q1")
	args := append([]string{"issue", "--config", cfg, "--by", "Eva Lind", "--date", "2025-04-07", "--out", out}, q1...)
	p := start(t, bin, "recording", args...)
	p.waitPaused(t, "recording")
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.wait(t)
	code, listed := runBin(t, bin, "ledger", "list", "--config", cfg)
	if code != 0 || strings.Contains(listed, "2025-0001") {
		t.Fatalf("after a killed issue the ledger lists (exit %d):\n%s", code, listed)
	}
	if code, v := runBin(t, bin, "ledger", "verify", "--config", cfg); code != 0 {
		t.Fatalf("verify after a killed issue: %s", v)
	}
	if _, err := os.Stat(filepath.Join(out, "documents-2025-01-01_2025-03-31.json")); err == nil {
		t.Error("the killed issue left its documents' JSON in the output folder")
	}
	if code, o := runBin(t, bin, args...); code != 0 || !strings.Contains(o, "2025-0004") {
		t.Fatalf("issuing again after the kill: exit %d\n%s", code, o)
	}
}

// TestIssueTwiceAtOnce: two issue runs of the same period started together
// (real processes): exactly one records, the other exits 1 naming the
// conflict.
func TestIssueTwiceAtOnce(t *testing.T) {
	bin := buildMemberfee(t)
	cfg, _ := ledgerExample(t)
	var ps []*proc
	for i := range 2 {
		args := append([]string{"issue", "--config", cfg, "--by", "Eva Lind", "--date", "2025-04-07", "--out", filepath.Join(t.TempDir(), "q1", string(rune('a'+i)))}, q1...)
		ps = append(ps, start(t, bin, "", args...))
	}
	ok, refused := 0, 0
	for _, p := range ps {
		switch code := p.wait(t); {
		case code == 0:
			ok++
		case code == 1 && strings.Contains(p.errors(), "already issued"):
			refused++
		default:
			t.Errorf("exit %d:\n%s", code, p.errors())
		}
	}
	if ok != 1 || refused != 1 {
		t.Errorf("%d recorded and %d refused; want exactly one of each", ok, refused)
	}
	code, listed := runBin(t, bin, "ledger", "list", "--config", cfg)
	if code != 0 || strings.Count(listed, "chargeback") != 4 || strings.Contains(listed, "2025-0005") {
		t.Errorf("the ledger after two issues at once (want 4 chargebacks, 2025-0001 … 0004):\n%s", listed)
	}
}

// TestIssueKilledAfterRecording: issue killed after the ledger committed
// but before its outputs were put in place keeps the documents; issue
// --again writes their outputs, with the recorded numbers, from the same
// inputs, and refuses once the inputs give something else.
func TestIssueKilledAfterRecording(t *testing.T) {
	bin := buildMemberfee(t)
	cfg, _ := ledgerExample(t)
	out := filepath.Join(t.TempDir(), "q1")
	args := append([]string{"issue", "--config", cfg, "--by", "Eva Lind", "--date", "2025-04-07", "--out", out, "--quiet"}, q1...)
	p := start(t, bin, "staged", args...)
	p.waitPaused(t, "staged")
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.wait(t)
	docsJSON := filepath.Join(out, "documents-2025-01-01_2025-03-31.json")
	if _, err := os.Stat(docsJSON); err == nil {
		t.Fatal("the outputs are in place although the run was killed before they were")
	}
	if code, listed := runBin(t, bin, "ledger", "list", "--config", cfg); code != 0 || !strings.Contains(listed, "2025-0004") {
		t.Fatalf("the ledger after the kill (exit %d):\n%s", code, listed)
	}
	if code, o := runBin(t, bin, args...); code != 1 || !strings.Contains(o, "--again") {
		t.Errorf("issuing the period again without --again: exit %d\n%s", code, o)
	}
	again := append(append([]string{}, args...), "--again", "--date", "2026-01-01", "--by", "Someone Else")
	if code, o := runBin(t, bin, again...); code != 0 || !strings.Contains(o, "written again") {
		t.Fatalf("issue --again: exit %d\n%s", code, o)
	}
	raw, err := os.ReadFile(docsJSON)
	if err != nil || !strings.Contains(string(raw), `"number": "2025-0002"`) || !strings.Contains(string(raw), `"issue_date": "2025-04-07"`) || strings.Contains(string(raw), "Someone Else") {
		t.Errorf("the documents written again are not those recorded: %v\n%s", err, raw)
	}
	if _, err := os.Stat(filepath.Join(out, "chargeback-2025-01-01_2025-03-31-1861.xlsx")); err != nil {
		t.Error(err)
	}
	if code, listed := runBin(t, bin, "ledger", "list", "--config", cfg); code != 0 || strings.Contains(listed, "2025-0005") {
		t.Errorf("--again recorded something:\n%s", listed)
	}
	support := filepath.Join(filepath.Dir(cfg), "data", "support.csv")
	b, _ := os.ReadFile(support)
	if err := os.WriteFile(support, []byte(strings.Replace(string(b), "2025-02-27 13:58,2025-02-27 17:23", "2025-02-27 13:58,2025-02-27 19:23", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, o := runBin(t, bin, again...); code != 1 || !strings.Contains(o, "now give something else") {
		t.Errorf("issue --again after an input changed: exit %d\n%s", code, o)
	}
}
