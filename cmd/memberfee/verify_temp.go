package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"memberfee/input"
	"memberfee/manifest"
)

// verify's own temporary folder, os.TempDir()/memberfee-verify-NNN:
//
//	pid            the pid of the verify that made it
//	run-N/out/     a re-run's outputs
//	run-N/spill/   the re-run's TMPDIR (bill's spilled lines)
//	…              excelize's unzipped parts of large workbooks
//
// It is removed when verify ends, on SIGINT and SIGTERM too; one left by a
// verify that was killed (kill -9, a crash) is removed by the next verify.
const (
	verifyPrefix = "memberfee-verify-"
	pidName      = "pid"
	// staleAge is how old a folder without a pid (of a memberfee before
	// pid files) must be to be taken for a killed verify's.
	staleAge = 24 * time.Hour
	// pidReuseAge is how old a folder whose pid is alive must be to be
	// taken for a killed verify's whose pid was given to another process.
	pidReuseAge = 7 * 24 * time.Hour
)

// workspace is a verify's temporary folder and the re-runs in it.
type workspace struct {
	dir  string
	runs map[string]rerunResult // plan → its re-run (copies of a run re-run once)
	n    int

	mu      sync.Mutex
	child   *os.Process
	stopped bool
	sigs    chan os.Signal
	done    chan struct{}
}

type rerunResult struct {
	out string
	err error
}

// newWorkspace removes what killed verifies left, makes verify's
// temporary folder and, until close, removes it on SIGINT or SIGTERM (the
// re-run is killed first) and ends verify with exit 1.
func newWorkspace(stderr io.Writer) (*workspace, error) {
	removeStale(os.TempDir(), time.Now())
	dir, err := os.MkdirTemp("", verifyPrefix)
	if err != nil {
		return nil, &inputError{summary: fmt.Sprintf("making verify's temporary folder: %v", err)}
	}
	if err := os.WriteFile(filepath.Join(dir, pidName), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600); err != nil {
		os.RemoveAll(dir)
		return nil, &inputError{summary: fmt.Sprintf("writing into verify's temporary folder: %v", err)}
	}
	ws := &workspace{dir: dir, runs: map[string]rerunResult{}, sigs: make(chan os.Signal, 1), done: make(chan struct{})}
	signal.Notify(ws.sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case sig := <-ws.sigs:
			ws.mu.Lock()
			ws.stopped = true
			if ws.child != nil {
				ws.child.Kill()
			}
			ws.mu.Unlock()
			removeAllRetry(dir)
			fmt.Fprintf(stderr, "memberfee: verify interrupted (%v); its temporary folder %s is removed\n", sig, dir)
			os.Exit(exitInput)
		case <-ws.done:
		}
	}()
	return ws, nil
}

// close removes the folder.
func (ws *workspace) close() {
	signal.Stop(ws.sigs)
	close(ws.done)
	removeAllRetry(ws.dir)
}

// rerun re-runs a planned run into a folder of its own and returns that
// folder; a run the manifest lists again (under another key, with the same
// command line, environment and inputs) is re-run once.
func (ws *workspace) rerun(mpath, root, key string, plan *rerun) (string, error) {
	sig := strings.Join(append(append(append([]string(nil), plan.args...), plan.positional...), plan.env...), "\x00")
	if r, ok := ws.runs[sig]; ok {
		return r.out, r.err
	}
	ws.n++
	tmp := filepath.Join(ws.dir, fmt.Sprintf("run-%d", ws.n))
	out := filepath.Join(tmp, "out")
	err := os.Mkdir(tmp, 0o700)
	if err == nil {
		err = os.Mkdir(out, 0o700)
	}
	if err == nil {
		err = ws.rerunProcess(tmp, mpath, root, key, plan)
	}
	ws.runs[sig] = rerunResult{out, err}
	return out, err
}

// runChild runs a re-run, so that a signal can kill it; on Linux it dies
// with verify, even by kill -9.
func (ws *workspace) runChild(cmd *exec.Cmd) error {
	// The death signal is sent when the thread that started the child
	// ends: keep this goroutine on its thread until the child has.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	setDeathSignal(cmd)
	ws.mu.Lock()
	if ws.stopped {
		ws.mu.Unlock()
		return errors.New("verify was interrupted")
	}
	if err := cmd.Start(); err != nil {
		ws.mu.Unlock()
		return err
	}
	ws.child = cmd.Process
	ws.mu.Unlock()
	err := cmd.Wait()
	ws.mu.Lock()
	ws.child = nil
	if ws.stopped {
		ws.mu.Unlock()
		select {} // killed by a signal: verify ends there (exit 1)
	}
	ws.mu.Unlock()
	return err
}

// removeStale removes the temporary folders in tmp of verifies that were
// killed: whose pid is no longer running, or (without a pid) older than
// staleAge. Folders of running verifies are left alone.
func removeStale(tmp string, now time.Time) {
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), verifyPrefix) || !e.IsDir() {
			continue
		}
		p := filepath.Join(tmp, e.Name())
		info, err := os.Lstat(p)
		if err != nil || !info.IsDir() || !ownedByMe(info) {
			continue // another user's folder is theirs to clean
		}
		if stale(p, now.Sub(info.ModTime())) {
			os.RemoveAll(p)
		}
	}
}

func stale(dir string, age time.Duration) bool {
	b, err := readPid(filepath.Join(dir, pidName))
	if err != nil {
		return age > staleAge
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return age > staleAge
	}
	return !processAlive(pid) || age > pidReuseAge
}

// readPid reads a pid file: a regular file, not a link, of a few bytes,
// opened non-blocking. Anyone may plant a folder in a shared /tmp: a pid
// that is a named pipe or a link to /dev/zero must not hang verify or fill
// its memory.
func readPid(path string) ([]byte, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() || st.Size() > 32 {
		return nil, fmt.Errorf("%s is not a pid file", path)
	}
	f, err := input.OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 32))
}

// processAlive reports whether a process pid runs (on Unix: signal 0
// reaches it, or it is another user's).
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	if runtime.GOOS == "windows" {
		return true // FindProcess opened it
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

// removeAllRetry removes a folder a killed child may still be writing into.
func removeAllRetry(dir string) {
	for range 20 {
		if err := os.RemoveAll(dir); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// hashCache fingerprints each file once per verify, however often a
// manifest lists it (20 000 copies of one input entry hash it once). A
// file is hashed again if it is no longer the file it was (its identity,
// size or time changed).
type hashCache struct {
	mu       sync.Mutex
	m        map[string]hashed
	computed int // files hashed (for the tests)
}

type hashed struct {
	info os.FileInfo
	file manifest.File
}

// hashes is the running verify's cache (nil: no cache).
var hashes *hashCache

func newHashCache() *hashCache { return &hashCache{m: map[string]hashed{}} }

// hash fingerprints the file at path (resolved: the cache's key).
func (c *hashCache) hash(path string) (manifest.File, error) {
	if c == nil {
		return manifest.Hash("", "", path)
	}
	info, err := os.Stat(path)
	if err != nil {
		return manifest.File{}, err
	}
	c.mu.Lock()
	h, ok := c.m[path]
	c.mu.Unlock()
	if ok && os.SameFile(h.info, info) && h.info.Size() == info.Size() && h.info.ModTime().Equal(info.ModTime()) {
		return h.file, nil
	}
	f, err := manifest.Hash("", "", path)
	if err != nil {
		return f, err
	}
	c.mu.Lock()
	c.computed++
	c.m[path] = hashed{info, f}
	c.mu.Unlock()
	return f, nil
}
