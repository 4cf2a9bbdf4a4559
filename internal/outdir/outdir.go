package outdir

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// The names this package makes in an output folder.
const (
	LockName   = ".memberfee.lock"
	AreaName   = ".memberfee-staging"
	runPrefix  = "run-"
	filesDir   = "files"
	commitName = "commit.json"
)

// Options are how Open locks a folder. The zero value fails at once when
// another run holds the folder.
type Options struct {
	// Wait is how long to wait for another run into the same folder.
	Wait time.Duration
	// Holder says what takes the lock (the command line), for the message
	// of a run that finds the folder locked.
	Holder string
}

// Txn is one run's writing into an output folder: the lock, the staged
// outputs and their commit. Create and Add may be called from several
// goroutines; Abort may be called from any goroutine at any time.
type Txn struct {
	dir     string
	lock    *lockFile
	area    string // OUT/.memberfee-staging/run-NNN
	created bool   // Open made OUT

	// Recovered says what Open did with what earlier runs left ("" for
	// nothing), for the run to tell its user.
	Recovered string

	mu     sync.Mutex
	names  map[string]bool
	staged []string // in the order staged
	state  state
}

type state int

const (
	open       state = iota
	committing       // Commit has begun: Abort no longer removes anything
	committed        // the outputs are in place
	stuck            // Commit failed after its commit point: the area is kept for the next run
	aborted
	closed
)

// Open locks the output folder dir (making it if needed), puts in place
// or removes what killed runs left there, and starts a run's staging area.
// A folder held by another run for longer than o.Wait is a *LockedError.
func Open(dir string, o Options) (*Txn, error) {
	t := &Txn{dir: dir, names: map[string]bool{}}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		t.created = true
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("making the output folder %s: %w", dir, err)
	}
	lf, err := acquire(dir, o)
	if err != nil {
		t.removeCreated()
		return nil, err
	}
	t.lock = lf
	if t.Recovered, err = Recover(dir); err != nil {
		t.release()
		return nil, err
	}
	area := filepath.Join(dir, AreaName)
	if err := os.MkdirAll(area, 0o755); err != nil {
		t.release()
		return nil, fmt.Errorf("making the staging folder in %s: %w", dir, err)
	}
	if t.area, err = os.MkdirTemp(area, runPrefix); err == nil {
		err = os.Mkdir(filepath.Join(t.area, filesDir), 0o755)
	}
	if err != nil {
		t.release()
		return nil, fmt.Errorf("making the staging folder in %s: %w", dir, err)
	}
	return t, nil
}

// Dir returns the output folder.
func (t *Txn) Dir() string { return t.dir }

// Scratch returns a folder for the run's own temporary files (bill's
// spilled lines), removed with the staged outputs, on the output folder's
// disk and under its lock.
func (t *Txn) Scratch() string { return t.area }

// Create stages the output name (a file name in the output folder):
// write writes it, and it is staged, complete and synced, when write
// returns nil. On an error nothing of it is kept.
func (t *Txn) Create(name string, write func(w io.Writer) error) error {
	if err := checkName(name); err != nil {
		return err
	}
	t.mu.Lock()
	switch {
	case t.state != open:
		t.mu.Unlock()
		return fmt.Errorf("writing %s: the run is no longer writing", name)
	case t.names[name]:
		t.mu.Unlock()
		return fmt.Errorf("writing %s: written twice", name)
	}
	t.names[name] = true
	t.mu.Unlock()
	p := filepath.Join(t.area, filesDir, name)
	// O_EXCL: after Abort removed the area, nothing is made again.
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err == nil && t.state != open {
		err = errors.New("the run is no longer writing")
	}
	if err != nil {
		os.Remove(p)
		return fmt.Errorf("writing %s: %w", name, err)
	}
	t.staged = append(t.staged, name)
	return nil
}

// Add stages the output name with its whole content.
func (t *Txn) Add(name string, data []byte) error {
	return t.Create(name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// journal is a run's commit record.
type journal struct {
	Outputs []string `json:"outputs"` // in the order they are put in place
}

// Commit puts every staged output in place, in the order staged (stage the
// manifest last), as the package comment describes.
func (t *Txn) Commit() error {
	Pause("staged")
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.state != open {
		return errors.New("the outputs were not written: the run was interrupted")
	}
	t.state = committing
	for _, name := range t.staged {
		if st, err := os.Lstat(filepath.Join(t.dir, name)); err == nil && st.IsDir() {
			t.state = open
			return fmt.Errorf("writing %s: %s is a folder; nothing was written", name, filepath.Join(t.dir, name))
		}
	}
	if err := t.writeJournal(); err != nil {
		t.state = open
		return fmt.Errorf("writing the outputs to %s: %w; nothing was written", t.dir, err)
	}
	Pause("journal")
	t.state = stuck // until every output is in place
	for i, name := range t.staged {
		if err := os.Rename(filepath.Join(t.area, filesDir, name), filepath.Join(t.dir, name)); err != nil {
			return fmt.Errorf("writing %s: %w; %d of %d outputs are in place, the rest wait in %s and the next run into %s puts them in place",
				name, err, i, len(t.staged), t.area, t.dir)
		}
		Pause("renamed:" + name)
	}
	if err := syncDir(t.dir); err != nil {
		return fmt.Errorf("writing the outputs to %s: %w", t.dir, err)
	}
	Pause("committed")
	t.state = committed
	os.RemoveAll(t.area)
	return nil
}

// writeJournal makes the staged files durable and then the record that
// commits them.
func (t *Txn) writeJournal() error {
	if err := syncDir(filepath.Join(t.area, filesDir)); err != nil {
		return err
	}
	b, err := json.Marshal(journal{Outputs: t.staged})
	if err != nil {
		return err
	}
	tmp := filepath.Join(t.area, commitName+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(t.area, commitName))
	}
	if err == nil {
		err = syncDir(t.area)
	}
	return err
}

// Abort drops the staged outputs and the scratch files, and releases the
// folder, unless Commit has begun; it reports whether it did. It is what
// SIGINT and SIGTERM do.
func (t *Txn) Abort() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.state != open {
		return false
	}
	t.state = aborted
	removeAll(t.area)
	t.removeArea()
	t.release()
	t.removeCreated()
	return true
}

// Close ends the run: it removes what was not committed and releases the
// folder. A run that did not commit leaves the folder as it found it.
func (t *Txn) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch t.state {
	case aborted, closed:
		return nil
	case open, committing:
		removeAll(t.area)
	}
	t.removeArea()
	if t.state != committed && t.state != stuck {
		defer t.removeCreated()
	}
	t.state = closed
	return t.release()
}

// removeArea removes the staging folder when no run's area is left in it.
func (t *Txn) removeArea() { os.Remove(filepath.Join(t.dir, AreaName)) }

// removeCreated removes the output folder if Open made it and it is empty.
func (t *Txn) removeCreated() {
	if t.created {
		os.Remove(t.dir)
	}
}

func (t *Txn) release() error {
	if t.lock == nil {
		return nil
	}
	err := t.lock.release()
	t.lock = nil
	return err
}

// removeAll removes a folder that files may still be appearing in (the
// writers of a run that is being interrupted): it tries again while the
// folder is not empty.
func removeAll(dir string) {
	for range 10 {
		if err := os.RemoveAll(dir); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// checkName refuses a name that is not a plain file name: outputs go in
// the output folder itself, and a commit record names nothing outside it.
func checkName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) || name != filepath.Base(name) ||
		name == LockName || name == AreaName {
		return fmt.Errorf("%q is not a file name an output may have", name)
	}
	return nil
}

// legacyTemp is a temporary output of memberfee before this package,
// os.CreateTemp(dir, "."+name+".*.tmp") of one of its outputs' names.
var legacyTemp = regexp.MustCompile(`^\.((allocation|chargeback|compare|forecast|clients)-[^/\\]+\.(xlsx|json|csv)|manifest\.json)\.[0-9]+\.tmp$`)

// Recover puts in place the outputs of runs in dir that were killed after
// their commit point, and removes what other killed runs left: their
// staging areas (staged outputs, spilled lines) and temporary files of
// older memberfee versions. It says what it did ("" for nothing). Call it
// only while holding the folder's lock (Open does).
func Recover(dir string) (string, error) {
	var notes []string
	var freed int64
	area := filepath.Join(dir, AreaName)
	// The staging folder, each run's area and its files folder must be
	// folders memberfee made, not links: removing a run's area or putting
	// its files in place through a planted link would delete or move
	// files outside the output folder.
	if _, err := realDir(area); err != nil {
		return "", err
	}
	entries, err := os.ReadDir(area)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("reading the staging folder %s: %w", area, err)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), runPrefix) {
			continue
		}
		run := filepath.Join(area, e.Name())
		if _, err := realDir(run); err != nil {
			return "", err
		}
		if _, err := realDir(filepath.Join(run, filesDir)); err != nil {
			return "", err
		}
		j, err := readJournal(run)
		if err != nil {
			return "", err
		}
		if j != nil {
			n, err := rollForward(dir, run, j)
			if err != nil {
				return "", err
			}
			if n > 0 {
				notes = append(notes, fmt.Sprintf("put in place %d outputs of a run that was killed while writing them (%s)", n, strings.Join(j.Outputs, ", ")))
			} else {
				notes = append(notes, "removed the commit record of a run that was killed after writing its outputs")
			}
		}
		freed += size(run)
		if err := os.RemoveAll(run); err != nil {
			return "", fmt.Errorf("removing what a killed run left in %s: %w", run, err)
		}
		if j == nil {
			notes = append(notes, "removed the staged outputs of a run that was killed or interrupted")
		}
	}
	os.Remove(area)
	all, err := os.ReadDir(dir)
	if err != nil {
		return "", fmt.Errorf("reading the output folder %s: %w", dir, err)
	}
	tmps := 0
	for _, e := range all {
		if !e.Type().IsRegular() || !legacyTemp.MatchString(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		freed += size(p)
		if err := os.Remove(p); err != nil {
			return "", fmt.Errorf("removing what a killed run left in %s: %w", p, err)
		}
		tmps++
	}
	if tmps > 0 {
		notes = append(notes, fmt.Sprintf("removed %d temporary files killed runs left", tmps))
	}
	if len(notes) == 0 {
		return "", nil
	}
	return fmt.Sprintf("%s: %s (%.1f MB freed)", dir, strings.Join(notes, "; "), float64(freed)/1e6), nil
}

// Pending says whether dir holds the commit record of a run that was
// killed while putting its outputs in place: the folder then holds some of
// that run's outputs and the manifest before it, until the next run into
// dir completes it. It returns the outputs the record names.
func Pending(dir string) ([]string, bool) {
	entries, _ := os.ReadDir(filepath.Join(dir, AreaName))
	var names []string
	for _, e := range entries {
		if j, err := readJournal(filepath.Join(dir, AreaName, e.Name())); err == nil && j != nil {
			names = append(names, j.Outputs...)
		}
	}
	return names, len(names) > 0
}

// readJournal reads a run area's commit record: nil without one.
func readJournal(run string) (*journal, error) {
	b, err := readRecord(filepath.Join(run, commitName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the commit record of a killed run: %w", err)
	}
	var j journal
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("the commit record %s of a killed run cannot be read: %w; memberfee did not write it as it is: remove the folder %s yourself and run again", filepath.Join(run, commitName), err, run)
	}
	for _, n := range j.Outputs {
		if err := checkName(n); err != nil {
			return nil, fmt.Errorf("the commit record %s: %w; memberfee did not write it: remove the folder %s yourself and run again", filepath.Join(run, commitName), err, run)
		}
	}
	return &j, nil
}

// maxRecord bounds a commit record: it names a run's outputs, a few KB.
const maxRecord = 1 << 20

// readRecord reads a commit record that must be a regular file of at most
// maxRecord bytes: a named pipe planted in its place must not hang the run,
// nor a link lead it elsewhere.
func readRecord(path string) ([]byte, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, notOurs(path, st)
	}
	f, err := os.OpenFile(path, os.O_RDONLY|noFollow|nonBlock, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() || st.Size() > maxRecord {
		if err == nil {
			err = fmt.Errorf("%s is not a commit record memberfee wrote (%d bytes)", path, st.Size())
		}
		return nil, err
	}
	return io.ReadAll(io.LimitReader(f, maxRecord))
}

// rollForward completes a committed run's renames; the outputs already in
// place are no longer in its area.
func rollForward(dir, run string, j *journal) (int, error) {
	n := 0
	for _, name := range j.Outputs {
		src := filepath.Join(run, filesDir, name)
		st, err := os.Lstat(src)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err == nil && !st.Mode().IsRegular() {
			return n, fmt.Errorf("putting in place %s, an output of a run that was killed while writing it: %w", name, notOurs(src, st))
		}
		if err := os.Rename(src, filepath.Join(dir, name)); err != nil {
			return n, fmt.Errorf("putting in place %s, an output of a run that was killed while writing it: %w", name, err)
		}
		n++
	}
	if err := syncDir(dir); err != nil {
		return n, fmt.Errorf("writing the outputs to %s: %w", dir, err)
	}
	return n, nil
}

// size is the bytes of the files under p.
func size(p string) int64 {
	var n int64
	filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// PauseEnv is the test-only environment variable that stops a run at a
// named point (see the package comment).
const PauseEnv = "GOTEST_MEMBERFEE_PAUSE"

// Pause stops the run at point when PauseEnv names it, until the process
// is killed; otherwise it does nothing. It is for tests only.
func Pause(point string) {
	if v := os.Getenv(PauseEnv); v == "" || v != point {
		return
	}
	fmt.Fprintf(os.Stderr, "memberfee: paused at %s (pid %d)\n", point, os.Getpid())
	for {
		time.Sleep(time.Hour)
	}
}
