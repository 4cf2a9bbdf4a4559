package ledger

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func copyFile(t *testing.T, from string) string {
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	to := filepath.Join(t.TempDir(), filepath.Base(from))
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return to
}

// rawDB makes an SQLite file at path with sqls run in it, without memberfee.
func rawDB(t *testing.T, path string, sqls ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range sqls {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "crm.db")
	rawDB(t, foreign, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO customers (name) VALUES ('Hallsberg')")
	other := filepath.Join(dir, "otherapp.db")
	rawDB(t, other, "PRAGMA application_id = 1234")
	newer := filepath.Join(dir, "newer.db")
	l, err := Open(newer, Options{})
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	rawDB(t, newer, fmt.Sprintf("PRAGMA user_version = %d", SchemaVersion+1))
	tests := []struct {
		name, path string
		o          Options
		is         error
		text       string
	}{
		{"a CSV file", copyFile(t, "testdata/not-a-ledger.csv"), Options{}, ErrNotLedger, "is not an SQLite database"},
		{"a truncated SQLite file", copyFile(t, "testdata/truncated.db"), Options{}, ErrNotLedger, "is not an SQLite database"},
		{"another program's SQLite database", foreign, Options{}, ErrNotLedger, "another program (application_id 0"},
		{"an SQLite database with another application_id", other, Options{}, ErrNotLedger, "application_id 0x4d2"},
		{"a newer schema", newer, Options{}, ErrNewerSchema, fmt.Sprintf("schema version %d and this memberfee reads up to version %d", SchemaVersion+1, SchemaVersion)},
		{"a newer schema, read-only", newer, Options{ReadOnly: true}, ErrNewerSchema, "newer memberfee"},
		{"a directory", dir, Options{}, ErrNotLedger, "is a directory"},
		{"a missing file, read-only", filepath.Join(dir, "none.db"), Options{ReadOnly: true}, fs.ErrNotExist, "nothing has been recorded yet"},
		{"a missing folder", filepath.Join(dir, "no", "such", "memberfee.db"), Options{}, ErrReadOnly, "cannot be created"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(tt.path)
			l, err := Open(tt.path, tt.o)
			if err == nil {
				l.Close()
				t.Fatal("opened")
			}
			if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.text) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("Open = %v; want %v naming the file and %q", err, tt.is, tt.text)
			}
			if after, _ := os.ReadFile(tt.path); !bytes.Equal(before, after) {
				t.Error("the refused file was changed")
			}
			if _, err := os.Stat(tt.path + "-wal"); err == nil && tt.is == ErrNotLedger { // a newer ledger is in WAL mode already
				t.Error("the refused file got a -wal beside it")
			}
		})
	}
}

func TestOpenReadOnly(t *testing.T) {
	l := newLedger(t)
	d := chargeback("1861", "2025-01-01", "2025-03-31", "2025-04-10", 2)
	add(t, l, &d)
	ro, err := Open(l.Path(), Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if rep, err := ro.Verify(context.Background()); err != nil || rep.Documents != 1 {
		t.Errorf("reading a ledger opened read-only: %+v, %v", rep, err)
	}
	if err := ro.Record(context.Background(), func(*Tx) error { return nil }); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Record on a ledger opened read-only: %v", err)
	}
	if os.Geteuid() == 0 {
		t.Skip("running as root, who writes read-only files anyway: the read-only file and folder cases need another user")
	}
	dir := filepath.Dir(l.Path())
	os.Chmod(l.Path(), 0o444)
	defer os.Chmod(l.Path(), 0o644)
	if _, err := Open(l.Path(), Options{}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Open of a read-only file: %v", err)
	}
	os.Chmod(l.Path(), 0o644)
	os.Chmod(dir, 0o555)
	defer os.Chmod(dir, 0o755)
	if _, err := Open(filepath.Join(dir, "new.db"), Options{}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Open of a new ledger in a read-only folder: %v", err)
	}
}

func TestOpenEmptyFileMakesALedger(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	os.WriteFile(path, nil, 0o644)
	l, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var id, v int64
	l.db.QueryRow("PRAGMA application_id").Scan(&id)
	l.db.QueryRow("PRAGMA user_version").Scan(&v)
	if id != ApplicationID || v != int64(SchemaVersion) {
		t.Errorf("application_id %#x, user_version %d", id, v)
	}
}

// A recording waits for another one, up to the busy timeout, then fails
// with ErrLocked; reading goes on meanwhile.
func TestRecordLocked(t *testing.T) {
	l := newLedger(t)
	other, err := Open(l.Path(), Options{BusyTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	inside, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- l.Record(context.Background(), func(tx *Tx) error {
			d := chargeback("1861", "2025-01-01", "2025-03-31", "2025-04-10", 1)
			if err := tx.Add(&d); err != nil {
				return err
			}
			close(inside)
			<-release
			return nil
		})
	}()
	select {
	case <-inside:
	case err := <-done:
		t.Fatalf("the first Record ended before the second began: %v", err)
	}
	err = other.Record(context.Background(), func(*Tx) error { return nil })
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "another memberfee run") {
		t.Errorf("Record while another records: %v; want ErrLocked", err)
	}
	if rep, err := other.Verify(context.Background()); err != nil || rep.Documents != 0 {
		t.Errorf("reading while another records: %+v, %v", rep, err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if rep, err := other.Verify(context.Background()); err != nil || rep.Documents != 1 {
		t.Errorf("after the other recorded: %+v, %v", rep, err)
	}
}

// Every earlier schema version migrates to the current one, to exactly
// the schema a new ledger has, in one transaction.
func TestMigrations(t *testing.T) {
	fresh := newLedger(t)
	want := schemaOf(t, fresh.db)
	for v := 0; v < SchemaVersion; v++ {
		t.Run(fmt.Sprintf("from version %d", v), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			sqls := append([]string{}, migrations[:v]...)
			if v > 0 {
				sqls = append(sqls, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID), fmt.Sprintf("PRAGMA user_version = %d", v))
			}
			rawDB(t, path, sqls...)
			l, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if got := schemaOf(t, l.db); got != want {
				t.Errorf("migrated schema:\n%s\nwant:\n%s", got, want)
			}
		})
	}
	t.Run("a later version slots in", func(t *testing.T) {
		defer func(m []string, v int) { migrations, SchemaVersion = m, v }(migrations, SchemaVersion)
		l := newLedger(t)
		d := chargeback("1861", "2025-01-01", "2025-03-31", "2025-04-10", 2)
		add(t, l, &d)
		l.Close()
		migrations = append(migrations[:len(migrations):len(migrations)], "CREATE TABLE notes (doc INTEGER REFERENCES documents (seq), text TEXT NOT NULL);")
		SchemaVersion = len(migrations)
		l, err := Open(l.Path(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		if !strings.Contains(schemaOf(t, l.db), "CREATE TABLE notes") || version(t, l.db) != SchemaVersion {
			t.Error("the later migration did not run")
		}
		if _, err := l.Verify(context.Background()); err != nil {
			t.Error(err)
		}
	})
	t.Run("a failing migration changes nothing", func(t *testing.T) {
		defer func(m []string, v int) { migrations, SchemaVersion = m, v }(migrations, SchemaVersion)
		l := newLedger(t)
		l.Close()
		migrations = append(migrations[:len(migrations):len(migrations)], "CREATE TABLE half (x); CREATE TABLE half (y);")
		SchemaVersion = len(migrations)
		if _, err := Open(l.Path(), Options{}); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("migrating schema version %d to %d", SchemaVersion-1, SchemaVersion)) {
			t.Fatalf("Open = %v", err)
		}
		db, _ := sql.Open("sqlite", "file:"+l.Path())
		defer db.Close()
		if strings.Contains(schemaOf(t, db), "half") || version(t, db) != SchemaVersion-1 {
			t.Error("a failed migration left part of itself")
		}
	})
}

func schemaOf(t *testing.T, db *sql.DB) string {
	rows, err := db.Query("SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var typ, name, s string
		rows.Scan(&typ, &name, &s)
		fmt.Fprintf(&b, "%s %s: %s\n", typ, name, s)
	}
	return b.String()
}

func version(t *testing.T, db *sql.DB) int {
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// FuzzOpen: whatever bytes a ledger file holds, Open refuses them with
// ErrNotLedger or opens a ledger Verify can check; it never panics.
func FuzzOpen(f *testing.F) {
	for _, name := range []string{"testdata/not-a-ledger.csv", "testdata/truncated.db"} {
		b, _ := os.ReadFile(name)
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add([]byte("SQLite format 3\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(t.TempDir(), "fuzz.db")
		os.WriteFile(path, b, 0o644)
		l, err := Open(path, Options{BusyTimeout: 100 * time.Millisecond})
		if err != nil {
			if !errors.Is(err, ErrNotLedger) && !errors.Is(err, ErrNewerSchema) {
				t.Logf("Open: %v", err) // a damaged file may fail otherwise; it must not panic
			}
			return
		}
		defer l.Close()
		l.Verify(context.Background())
	})
}
