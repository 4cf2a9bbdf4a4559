package ledger

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"memberfee/billing"
)

// The tests below run the test binary again as a child process (the
// environment variable childRole says which), so that recordings race
// and die as separate memberfee runs do.
const childRole = "MEMBERFEE_LEDGER_TEST_CHILD"

func TestMain(m *testing.M) {
	role := os.Getenv(childRole)
	if role == "" {
		os.Exit(m.Run())
	}
	os.Exit(child(role, os.Getenv("MEMBERFEE_LEDGER_TEST_PATH")))
}

// child records as its role says and exits 0 when it recorded, 3 when
// refused for a conflict, 1 otherwise. It waits for its stdin to close
// before recording, so that two start together.
func child(role, path string) int {
	l, err := Open(path, Options{})
	if err != nil {
		fmt.Println("open:", err)
		return 1
	}
	defer l.Close()
	io.Copy(io.Discard, os.Stdin) // the start signal: the parent closes it
	q1 := Period{date("2025-01-01"), date("2025-03-31")}
	err = l.Record(context.Background(), func(tx *Tx) error {
		switch role {
		case "installment":
			d := fee("1861", 2025, 1, 4, "12500.00")
			return tx.Add(&d)
		case "period":
			// As issue does: refuse a period that overlaps an issued one,
			// checked in the same transaction that records.
			issued, err := tx.Overlapping(q1)
			if err != nil {
				return err
			}
			if len(issued) > 0 {
				return fmt.Errorf("the period 2025-01-01 – 2025-03-31 overlaps issued document %s: %w", issued[0].Number, ErrConflict)
			}
			time.Sleep(200 * time.Millisecond) // the other run starts meanwhile
			for _, m := range []string{"1861", "1880", "1881"} {
				d := chargeback(m, "2025-01-01", "2025-03-31", "2025-04-10", 50)
				if err := tx.Add(&d); err != nil {
					return err
				}
			}
			return nil
		case "killed":
			// Lines half inserted, then the process is killed before it
			// commits.
			d := chargeback("1880", "2025-04-01", "2025-06-30", "2025-07-10", 0)
			d.Stream = func(yield func(*Line) error) error {
				for i := range 20000 {
					l := Line{Key: fmt.Sprint(i), Category: billing.Support, Amount: dec("1.00"), Status: billing.Charged, File: "support.csv", Row: i + 2}
					if err := yield(&l); err != nil {
						return err
					}
					if i == 10000 {
						fmt.Println("inside")
						time.Sleep(time.Hour)
					}
				}
				return nil
			}
			d.Total = dec("20000")
			return tx.Add(&d)
		}
		return fmt.Errorf("no role %q", role)
	})
	switch {
	case err == nil:
		fmt.Println("recorded")
		return 0
	case errors.Is(err, ErrConflict):
		fmt.Println("refused:", err)
		return 3
	}
	fmt.Println("failed:", err)
	return 1
}

type running struct {
	cmd   *exec.Cmd
	start io.WriteCloser
	out   *bufio.Reader
}

func startChild(t *testing.T, role, path string) *running {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), childRole+"="+role, "MEMBERFEE_LEDGER_TEST_PATH="+path)
	start, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return &running{cmd, start, bufio.NewReader(out)}
}

// finish waits for the child and returns its exit code and output.
func (r *running) finish() (int, string) {
	out, _ := io.ReadAll(r.out)
	r.cmd.Wait()
	return r.cmd.ProcessState.ExitCode(), strings.TrimSpace(string(out))
}

// Two runs recording the same installment, or the same period, at once:
// exactly one records, the other is refused naming the conflict, and
// nothing half-recorded remains.
func TestConcurrentRecordingsOneWins(t *testing.T) {
	for _, tt := range []struct {
		role      string
		documents int
		refusal   string
	}{
		{"installment", 1, "installment 1 of 2025's fee for member 1861 was already issued as document 2025-0001"},
		{"period", 3, "overlaps issued document 2025-0001"},
	} {
		t.Run(tt.role, func(t *testing.T) {
			l := newLedger(t) // made before, as a first run would have
			a, b := startChild(t, tt.role, l.Path()), startChild(t, tt.role, l.Path())
			time.Sleep(300 * time.Millisecond) // both have opened the ledger
			a.start.Close()
			b.start.Close()
			ca, oa := a.finish()
			cb, ob := b.finish()
			if (ca != 0 || cb != 3) && (ca != 3 || cb != 0) {
				t.Fatalf("exit codes %d (%s) and %d (%s); want one 0 and one 3", ca, oa, cb, ob)
			}
			refused := ob
			if cb == 0 {
				refused = oa
			}
			if !strings.Contains(refused, tt.refusal) {
				t.Errorf("the refused run says %q; want %q", refused, tt.refusal)
			}
			rep, err := l.Verify(context.Background())
			if err != nil || rep.Documents != tt.documents {
				t.Errorf("after both: %+v, %v; want %d documents", rep, err, tt.documents)
			}
		})
	}
}

// A run killed (SIGKILL) inside Record, its lines half inserted, leaves
// the ledger with none of what it was recording, what was recorded before
// intact, and the numbering going on without a gap.
func TestKilledRecordingLeavesNothing(t *testing.T) {
	l := newLedger(t)
	before := chargeback("1861", "2025-01-01", "2025-03-31", "2025-04-10", 5)
	add(t, l, &before)
	c := startChild(t, "killed", l.Path())
	c.start.Close()
	line, err := c.out.ReadString('\n')
	if strings.TrimSpace(line) != "inside" {
		rest, _ := io.ReadAll(c.out)
		t.Fatalf("the child did not get inside Record: %q %v %s", line, err, rest)
	}
	var lines int
	if err := l.db.QueryRow("SELECT count(*) FROM lines").Scan(&lines); err != nil || lines != 5 {
		t.Errorf("while the child records, a reader sees %d lines (%v); want the 5 committed", lines, err)
	}
	if err := c.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	c.cmd.Wait()
	l.Close()
	l, err = Open(l.Path(), Options{})
	if err != nil {
		t.Fatalf("after the kill: %v", err)
	}
	defer l.Close()
	rep, err := l.Verify(context.Background())
	if err != nil || rep.Documents != 1 || rep.Lines != 5 {
		t.Fatalf("after the kill: %+v, %v; want only the document recorded before", rep, err)
	}
	next := chargeback("1880", "2025-04-01", "2025-06-30", "2025-07-10", 2)
	add(t, l, &next)
	if next.Number != "2025-0002" {
		t.Errorf("the next document is %s, want 2025-0002", next.Number)
	}
}
