package ledger

import (
	"context"
	"strings"
	"testing"
)

// Lines in a View reads the texts through the ledger's cache: a View after
// a recording sees the texts that recording added, and Verify still reads
// every text afresh, so a text changed behind memberfee's back is found
// although the cache holds the old one.
func TestLinesTextCache(t *testing.T) {
	ctx := context.Background()
	l := newLedger(t)
	a := chargeback("1861", "2025-01-01", "2025-03-31", "2025-04-10", 4)
	add(t, l, &a)
	lines := func(number string) []Line {
		t.Helper()
		var got []Line
		if err := l.View(ctx, func(tx *Tx) error {
			var err error
			// twice in one View: the query and texts serve both
			if _, err = tx.Lines(number); err == nil {
				got, err = tx.Lines(number)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := lines(a.Number); len(got) != 4 || got[0].Description != "Dockningsstation Dell WD19" || got[1].File != "support.csv" {
		t.Fatalf("first read: %+v", got)
	}
	b := chargeback("1882", "2025-04-01", "2025-06-30", "2025-07-10", 2)
	b.Lines[0].Description, b.Lines[1].Department = "Ny text efter cachen", "Ny förvaltning"
	add(t, l, &b)
	if got := lines(b.Number); got[0].Description != "Ny text efter cachen" || got[1].Department != "Ny förvaltning" {
		t.Fatalf("texts added after the cache was loaded: %+v", got)
	}
	if _, err := l.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	path := l.Path()
	if out, err := sqliteCLI(t, path, dropTriggers()+"UPDATE texts SET text = 'Dockningsstation Dell WD22' WHERE text = 'Dockningsstation Dell WD19';"); err != nil {
		t.Fatalf("sqlite3: %v: %s", err, out)
	}
	_, err := l.Verify(ctx)
	if err == nil || !strings.Contains(err.Error(), a.Number) {
		t.Fatalf("Verify after a text was changed behind its back: %v", err)
	}
}
