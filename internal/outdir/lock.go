package outdir

import (
	"errors"
	"fmt"
	"io/fs"
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
		// Never through a link or into something that is not a file: a
		// lock file planted as a symlink would have the run write its
		// holder's line into whatever file the link names.
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|noFollow, 0o644)
		if err != nil {
			if st, lerr := os.Lstat(path); lerr == nil && !st.Mode().IsRegular() {
				return nil, fmt.Errorf("locking the output folder %s: %w", dir, notOurs(path, st))
			}
			return nil, fmt.Errorf("locking the output folder %s: %w", dir, err)
		}
		if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() || hardLinked(st) {
			f.Close()
			if err == nil {
				err = notOurs(path, st)
			}
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
		if !errors.Is(err, errLocked) {
			f.Close()
			return nil, fmt.Errorf("locking the output folder %s: %w", dir, err)
		}
		left := time.Until(deadline)
		if left <= 0 {
			b := make([]byte, 1024) // the holder's line, from the file the lock is on
			n, _ := f.ReadAt(b, 0)
			f.Close()
			return nil, &LockedError{Dir: dir, Holder: strings.Join(strings.Fields(strings.TrimSpace(string(b[:n]))), " "), Waited: o.Wait}
		}
		f.Close()
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

// notOurs is an entry of memberfee's own name in the output folder (the
// lock file, the staging folder, a run's area) that memberfee did not make:
// a symbolic link, a named pipe, a file where a folder belongs. memberfee
// neither follows nor removes it.
func notOurs(path string, st os.FileInfo) error {
	what := "not what memberfee makes there"
	switch m := st.Mode(); {
	case m&os.ModeSymlink != 0:
		what = "a symbolic link"
	case m&os.ModeNamedPipe != 0:
		what = "a named pipe"
	case m.IsDir():
		what = "a folder"
	case m.IsRegular() && hardLinked(st):
		what = "a file with other names (a hard link)"
	case m.IsRegular():
		what = "a file"
	}
	return fmt.Errorf("%s is %s, not one memberfee made; it is neither followed nor removed: remove it yourself if it is not needed, and run again", path, what)
}

// realDir checks that path, if it exists, is a folder and not a link to
// one; it reports whether it exists.
func realDir(path string) (bool, error) {
	st, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !st.IsDir() {
		return true, notOurs(path, st)
	}
	return true, nil
}
