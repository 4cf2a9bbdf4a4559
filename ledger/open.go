package ledger

import (
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ApplicationID is the SQLite application_id of a memberfee ledger
// ("MFLG"): a SQLite file without it is not one.
const ApplicationID = 0x4D464C47

//go:embed schema.sql
var schemaV1 string

// migrations[v] takes a ledger from schema version v to v+1; a ledger's
// version is its PRAGMA user_version. A later schema appends here (never
// edits an earlier entry): Open runs every pending one in one transaction.
var migrations = []string{
	schemaV1, // 0 → 1
}

// SchemaVersion is the schema this memberfee writes.
var SchemaVersion = len(migrations)

// Open opens the ledger at path, creating it (and its schema) on first
// use unless o.ReadOnly. It refuses a file that is not a memberfee ledger
// (ErrNotLedger), one written by a newer schema (ErrNewerSchema), and
// migrates an older one. A ledger that cannot be written is ErrReadOnly
// unless o.ReadOnly; one another run holds past the busy timeout,
// ErrLocked.
func Open(path string, o Options) (*Ledger, error) {
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 10 * time.Second
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("ledger %s: %w", path, err)
	}
	st, err := os.Stat(abs)
	switch {
	case err == nil && st.IsDir():
		return nil, fmt.Errorf("ledger %s is a directory, not a memberfee ledger: %w", path, ErrNotLedger)
	case errors.Is(err, fs.ErrNotExist) && o.ReadOnly:
		return nil, fmt.Errorf("ledger %s does not exist (nothing has been recorded yet): %w", path, err)
	case errors.Is(err, fs.ErrNotExist):
		if err := writableDir(filepath.Dir(abs)); err != nil {
			return nil, fmt.Errorf("ledger %s cannot be created in %s (%v): %w", path, filepath.Dir(abs), err, ErrReadOnly)
		}
	case err != nil:
		return nil, fmt.Errorf("ledger %s: %w", path, err)
	default:
		if o.ReadOnly && !canWriteBeside(abs) {
			if st, err := os.Stat(abs + "-wal"); err == nil && st.Size() > 0 {
				return nil, fmt.Errorf("ledger %s is being written, or a run writing it was killed (its %s-wal holds what is not yet in the file), and this user may not write beside it to read that safely: open it once as a user who may, or wait: %w", path, filepath.Base(abs), ErrReadOnly)
			}
		}
		// Look at an existing file before the real connection sets WAL
		// mode, so a foreign database is never changed.
		if err := probe(abs, path, o); err != nil {
			return nil, err
		}
		if !o.ReadOnly {
			if !writable(abs) {
				return nil, fmt.Errorf("ledger %s (this user may not write it): %w", path, ErrReadOnly)
			}
			if err := writableDir(filepath.Dir(abs)); err != nil {
				return nil, fmt.Errorf("ledger %s: its folder %s takes no new files (SQLite needs its -wal and -shm beside it: %v): %w", path, filepath.Dir(abs), err, ErrReadOnly)
			}
		}
	}
	db, err := sql.Open("sqlite", dsn(abs, o))
	if err != nil {
		return nil, fmt.Errorf("ledger %s: %w", path, err)
	}
	l := &Ledger{db: db, path: path, readOnly: o.ReadOnly}
	if err := l.prepare(o); err != nil {
		db.Close()
		return nil, err
	}
	return l, nil
}

// dsn is modernc.org/sqlite's data source name for the file at abs: a
// file: URI (the path escaped) whose _pragma parameters every new
// connection runs, and _txlock=immediate so that a recording (a non-read-
// only transaction) takes the write lock at BEGIN and a second recorder
// waits there, under the busy timeout, before it has read anything.
func dsn(abs string, o Options) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", o.BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "cache_size(-8192)") // 8 MiB: a national year records as fast as with 64 MiB, in 30 MB rather than 130
	if o.ReadOnly {
		setReadOnly(q, abs)
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	}
	return "file:" + (&url.URL{Path: filepath.ToSlash(abs)}).EscapedPath() + "?" + q.Encode()
}

// setReadOnly opens the file at abs to read only. A reader who may not
// write beside the file (an auditor given read access alone) cannot make
// the -shm file SQLite's WAL mode reads through: the file is then read as
// immutable, without locks — safe for a ledger at rest, whose WAL was
// checkpointed into it when its last writer closed. (A -wal file with
// content beside it means a writer is at work or was killed: Open then
// refuses, rather than read the file without what the WAL holds.)
func setReadOnly(q url.Values, abs string) {
	q.Set("mode", "ro")
	if canWriteBeside(abs) {
		return
	}
	q.Set("immutable", "1")
}

// canWriteBeside reports whether SQLite could make its -shm file beside
// the file at abs (or it exists and can be written).
func canWriteBeside(abs string) bool {
	if _, err := os.Stat(abs + "-shm"); err == nil && writable(abs+"-shm") {
		return true
	}
	return writableDir(filepath.Dir(abs)) == nil
}

func writableDir(dir string) error {
	f, err := os.CreateTemp(dir, ".memberfee-probe-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// probe opens an existing file read-only, without any pragma that writes,
// and refuses what is not a memberfee ledger this memberfee can read.
func probe(abs, path string, o Options) error {
	q := url.Values{}
	setReadOnly(q, abs)
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", o.BusyTimeout.Milliseconds()))
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: filepath.ToSlash(abs)}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("ledger %s: %w", path, err)
	}
	defer db.Close()
	id, version, objects, err := header(context.Background(), db)
	if err != nil {
		return classify(path, err)
	}
	return check(path, id, version, objects)
}

// querier is what *sql.DB, *sql.Conn and *sql.Tx share.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

func header(ctx context.Context, q querier) (id, version, objects int64, err error) {
	if err = q.QueryRowContext(ctx, "PRAGMA application_id").Scan(&id); err != nil {
		return
	}
	if err = q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return
	}
	err = q.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&objects)
	return
}

// check says whether a file with this header is a ledger this memberfee
// reads: a memberfee one of this or an older schema, or an empty one.
func check(path string, id, version, objects int64) error {
	switch {
	case id == 0 && version == 0 && objects == 0:
		return nil // empty: made on first use
	case id != ApplicationID:
		return fmt.Errorf("ledger %s is an SQLite database of another program (application_id %#x, memberfee's is %#x); name another file with --ledger or ledger.path: %w",
			path, id, ApplicationID, ErrNotLedger)
	case version > int64(SchemaVersion):
		return fmt.Errorf("ledger %s has schema version %d and this memberfee reads up to version %d; use a newer memberfee: %w",
			path, version, SchemaVersion, ErrNewerSchema)
	}
	return nil
}

// prepare checks the header again under the real connection and runs the
// pending migrations in one write transaction.
func (l *Ledger) prepare(o Options) error {
	ctx := context.Background()
	id, version, objects, err := header(ctx, l.db)
	if err != nil {
		return classify(l.path, err)
	}
	if err := check(l.path, id, version, objects); err != nil {
		return err
	}
	if version == int64(SchemaVersion) {
		return nil
	}
	if o.ReadOnly {
		return fmt.Errorf("ledger %s has schema version %d and needs migrating to %d, which a read-only open cannot do; run a recording command once: %w",
			l.path, version, SchemaVersion, ErrReadOnly)
	}
	return l.migrate(ctx, SchemaVersion)
}

// migrate runs migrations up to version `to` in one transaction, reading
// the version again under the write lock (another run may have migrated).
func (l *Ledger) migrate(ctx context.Context, to int) error {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return classify(l.path, err)
	}
	defer tx.Rollback()
	id, version, objects, err := header(ctx, tx)
	if err != nil {
		return classify(l.path, err)
	}
	if err := check(l.path, id, version, objects); err != nil {
		return err
	}
	for v := int(version); v < to; v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return classify(l.path, fmt.Errorf("migrating schema version %d to %d: %w", v, v+1, err))
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
		return classify(l.path, err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", to)); err != nil {
		return classify(l.path, err)
	}
	if err := tx.Commit(); err != nil {
		return classify(l.path, err)
	}
	return nil
}

// classify turns SQLite's result codes into the package's errors, naming
// the file.
func classify(path string, err error) error {
	var se *sqlite.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_NOTADB:
		return fmt.Errorf("ledger %s is not an SQLite database (%v): %w", path, se, ErrNotLedger)
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return fmt.Errorf("ledger %s: another memberfee run is recording and did not finish within the busy timeout; try again when it has: %w", path, ErrLocked)
	case sqlite3.SQLITE_READONLY:
		return fmt.Errorf("ledger %s (%v): %w", path, se, ErrReadOnly)
	case sqlite3.SQLITE_CANTOPEN:
		return fmt.Errorf("ledger %s cannot be opened (%v): %w", path, se, ErrReadOnly)
	}
	return fmt.Errorf("ledger %s: %w", path, err)
}
