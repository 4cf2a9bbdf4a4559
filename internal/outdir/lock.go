package outdir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LockedError is an output folder another run is writing.
type LockedError struct {
	Dir    string
	Holder string // who holds it, as the holder wrote it: pid, command, since
	Waited time.Duration
}

func (e *LockedError) Error() string {
	holder := e.Holder
	if holder == "" {
		holder = "a run that has not said who it is yet"
	}
	return fmt.Sprintf("the output folder %s is being written by another run (%s); waited %s for it. Wait until it ends, or write to another folder with --out",
		e.Dir, holder, e.Waited)
}

// errLocked is a lock another open file holds.
var errLocked = errors.New("locked")

// lockFile is a held lock.
type lockFile struct {
	path string
	f    *os.File
}

// acquire takes the folder's lock, waiting up to o.Wait for another run.
func acquire(dir string, o Options) (*lockFile, error) {
	path := filepath.Join(dir, LockName)
	deadline := time.Now().Add(o.Wait)
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("locking the output folder %s: %w", dir, err)
		}
		err = tryLock(f)
		if err == nil {
			// The run that held the lock removes the file before it lets
			// go: a file locked after that is no longer the one at path.
			if same(f, path) {
				l := &lockFile{path: path, f: f}
				if err := l.write(o.Holder); err != nil {
					l.release()
					return nil, fmt.Errorf("locking the output folder %s: %w", dir, err)
				}
				return l, nil
			}
			f.Close()
			continue
		}
		f.Close()
		if !errors.Is(err, errLocked) {
			return nil, fmt.Errorf("locking the output folder %s: %w", dir, err)
		}
		left := time.Until(deadline)
		if left <= 0 {
			b, _ := os.ReadFile(path)
			return nil, &LockedError{Dir: dir, Holder: strings.Join(strings.Fields(strings.TrimSpace(string(b))), " "), Waited: o.Wait}
		}
		time.Sleep(min(left, 50*time.Millisecond))
	}
}

// same says whether f is still the file at path.
func same(f *os.File, path string) bool {
	a, err1 := f.Stat()
	b, err2 := os.Stat(path)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

// write says who holds the lock, for a run that finds it held.
func (l *lockFile) write(holder string) error {
	if holder == "" {
		holder = "memberfee"
	}
	s := fmt.Sprintf("pid %d, %s, since %s\n", os.Getpid(), holder, time.Now().UTC().Format(time.RFC3339))
	if err := l.f.Truncate(0); err != nil {
		return err
	}
	_, err := l.f.WriteAt([]byte(s), 0)
	return err
}

// release removes the lock file and lets go of the lock (in that order: see
// acquire).
func (l *lockFile) release() error {
	removeLocked(l.path)
	return l.f.Close() // closing the last descriptor lets go of the lock
}
