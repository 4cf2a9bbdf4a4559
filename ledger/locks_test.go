package ledger

import (
	"context"
	"strings"
	"testing"
)

// Opening the ledger again in a process that holds it open must not drop
// the locks SQLite holds on it: a reader's lock on the WAL keeps another
// process's checkpoint from truncating what the reader is reading. The
// sqlite3 tool plays the other process; it must find the checkpoint busy
// while the reader reads, however many times the ledger is opened beside it.
func TestOpenKeepsTheLocksHeld(t *testing.T) {
	l := newLedger(t)
	a := chargeback("1861", "2025-01-01", "2025-03-31", "2025-04-10", 4)
	add(t, l, &a)
	reading, done := make(chan struct{}), make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		errc <- l.View(context.Background(), func(tx *Tx) error {
			if _, err := tx.Documents(Filter{}); err != nil {
				return err
			}
			close(reading)
			<-done
			return nil
		})
	}()
	<-reading
	// a recording after the reader's snapshot, so that the WAL holds
	// frames the reader must not see checkpointed away
	b := chargeback("1882", "2025-04-01", "2025-06-30", "2025-07-10", 2)
	add(t, l, &b)
	for _, o := range []Options{{ReadOnly: true}, {}} {
		again, err := Open(l.Path(), o)
		if err != nil {
			t.Fatal(err)
		}
		again.Close()
	}
	out, err := sqliteCLI(t, l.Path(), "PRAGMA wal_checkpoint(TRUNCATE);")
	close(done)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if err != nil {
		t.Fatalf("sqlite3: %v: %s", err, out)
	}
	if !strings.HasPrefix(strings.TrimSpace(out), "1|") {
		t.Errorf("another process checkpointed the WAL away under a reader (wal_checkpoint: %q): opening the ledger again dropped the reader's locks", strings.TrimSpace(out))
	}
}
