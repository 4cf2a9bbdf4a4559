package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"memberfee/internal/outdir"
)

// These tests run the real binary, built for the test, and kill it. The
// variable GOTEST_MEMBERFEE_BIN runs them against another build (an older
// memberfee, to see them fail there).

// built is the command built once for every test that runs it (a link
// costs seconds on a busy machine): its folder goes when the tests end
// (TestMain).
var built struct {
	once     sync.Once
	dir, bin string
	err      error
}

// binBase is where the command is built: the temporary folder as the
// tests start (a test may point TMPDIR at a folder of its own).
var binBase = os.TempDir()

// buildMemberfee builds the command, once, and returns its path.
func buildMemberfee(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("GOTEST_MEMBERFEE_BIN"); p != "" {
		return p
	}
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp(binBase, "memberfee-test-bin-"); built.err != nil {
			return
		}
		bin := filepath.Join(built.dir, "memberfee")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("%v\n%s", err, out)
			return
		}
		built.bin = bin
	})
	if built.err != nil {
		t.Fatalf("building memberfee: %v", built.err)
	}
	return built.bin
}

// removeBuilt removes the command buildMemberfee built.
func removeBuilt() {
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
}

// proc is a memberfee process.
type proc struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stderr strings.Builder
	stdout strings.Builder // read once it has ended
	paused chan string     // the point it paused at
	done   chan struct{}
	code   int
}

// start starts memberfee with args; pause, when not empty, is the point
// it stops at (outdir.PauseEnv).
func start(t *testing.T, bin, pause string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), paused: make(chan string, 1), done: make(chan struct{})}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MEMBERFEE_") && !strings.HasPrefix(kv, outdir.PauseEnv+"=") {
			p.cmd.Env = append(p.cmd.Env, kv)
		}
	}
	if pause != "" {
		p.cmd.Env = append(p.cmd.Env, outdir.PauseEnv+"="+pause)
	}
	p.cmd.Stdout = &p.stdout
	pipe, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.stderr.WriteString(line + "\n")
			p.mu.Unlock()
			if at, ok := strings.CutPrefix(line, "memberfee: paused at "); ok {
				p.paused <- strings.Fields(at)[0]
			}
		}
		err := p.cmd.Wait()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			p.code = ee.ExitCode()
		} else if err != nil {
			p.code = -2
		}
		close(p.done)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// waitPaused waits until p pauses; a run that ends instead fails the test.
func (p *proc) waitPaused(t *testing.T, point string) {
	t.Helper()
	select {
	case at := <-p.paused:
		if at != point {
			t.Fatalf("paused at %s, want %s", at, point)
		}
	case <-p.done:
		t.Fatalf("the run ended (exit %d) without pausing at %s:\n%s", p.code, point, p.errors())
	case <-time.After(60 * time.Second):
		t.Fatalf("no pause at %s in 60 s:\n%s", point, p.errors())
	}
}

// wait waits for p to end and returns its exit status.
func (p *proc) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(120 * time.Second):
		t.Fatalf("the run did not end:\n%s", p.errors())
	}
	return p.code
}

func (p *proc) errors() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// runBin runs memberfee to its end and returns its exit status, stdout
// and stderr.
func runBin(t *testing.T, bin string, args ...string) (int, string) {
	t.Helper()
	p := start(t, bin, "", args...)
	code := p.wait(t)
	return code, p.stdout.String() + p.errors()
}

// visible returns the SHA-256 of every file in dir, and the names of
// everything that is not a file of an output set (staging, lock,
// temporary files and spill folders), with their size.
func visible(t *testing.T, dir string) (set map[string]string, leftovers []string) {
	t.Helper()
	set = map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if strings.HasPrefix(e.Name(), ".") || strings.HasSuffix(e.Name(), ".tmp") || strings.HasPrefix(e.Name(), "memberfee-lines-") {
			var size int64
			filepath.WalkDir(p, func(_ string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					if info, err := d.Info(); err == nil {
						size += info.Size()
					}
				}
				return nil
			})
			leftovers = append(leftovers, e.Name()+" ("+itoa(int(size))+" bytes)")
			continue
		}
		if !e.Type().IsRegular() {
			continue // a folder the test made
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		set[e.Name()] = hex.EncodeToString(sum[:])
	}
	return set, leftovers
}

// sameSet says whether two folders' outputs are the same files with the
// same content.
func sameSet(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for n, h := range a {
		if b[n] != h {
			return false
		}
	}
	return true
}

func setNames(m map[string]string) string {
	var ns []string
	for n := range m {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return strings.Join(ns, " ")
}

func copyFiles(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(from)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const billStem = "chargeback-2025-01-01_2025-12-31"

// TestKilledRun kills a bill (SIGKILL) at each point of its writing and
// proves that the folder then holds the old set or the new one, each of
// which verify passes — or, killed while renaming, a set verify refuses
// and the next run completes — and that after the next run into the
// folder nothing is left but outputs.
func TestKilledRun(t *testing.T) {
	t.Parallel() // long and independent: runs beside the other long ones
	bin := buildMemberfee(t)
	root := t.TempDir()
	cfg, _ := filepath.Abs(exampleConfig)
	// The old and the new run differ in every workbook (the language, the
	// time the audit sheet gives).
	oldArgs := []string{"bill", "--config", cfg, "--lang", "en", "--generated", "2025-01-01", "--quiet"}
	newArgs := []string{"bill", "--config", cfg, "--lang", "sv", "--generated", "2025-06-01", "--quiet"}
	reference := func(name string, args []string) map[string]string {
		out := filepath.Join(root, name)
		if code, stderr := runBin(t, bin, append(args, "--out", out)...); code != 0 {
			t.Fatalf("%s: exit %d\n%s", name, code, stderr)
		}
		set, left := visible(t, out)
		if len(left) > 0 {
			t.Fatalf("a run that ended left %v", left)
		}
		return set
	}
	oldSet, newSet := reference("old", oldArgs), reference("new", newArgs)
	if len(oldSet) != 8 || oldSet[billStem+".xlsx"] == newSet[billStem+".xlsx"] || oldSet["manifest.json"] == newSet["manifest.json"] {
		t.Fatalf("the reference sets do not differ: %s", setNames(oldSet))
	}
	verify := func(out string) (int, string) {
		return runBin(t, bin, "verify", "--manifest", filepath.Join(out, "manifest.json"))
	}
	tests := []struct {
		point    string
		after    string // the set the folder holds after the next run: old or new
		leftover bool   // the killed run leaves files only the next run removes
	}{
		{"locked", "old", true},
		{"spilled", "old", true},
		{"staged", "old", true},
		{"journal", "new", true},
		{"renamed:" + billStem + ".xlsx", "new", true},
		{"renamed:" + billStem + ".json", "new", true},
		{"renamed:manifest.json", "new", true},
		{"committed", "new", true},
	}
	for i, tt := range tests {
		t.Run(tt.point, func(t *testing.T) {
			out := filepath.Join(root, "case"+itoa(i))
			copyFiles(t, filepath.Join(root, "old"), out)
			p := start(t, bin, tt.point, append(newArgs, "--out", out)...)
			p.waitPaused(t, tt.point)
			if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			p.wait(t)
			set, left := visible(t, out)
			if tt.leftover && len(left) == 0 {
				t.Errorf("killed at %s, the run left nothing: the test does not reach its point", tt.point)
			}
			t.Logf("killed at %s: leftovers %v", tt.point, left)
			code, msg := verify(out)
			switch {
			case sameSet(set, oldSet):
				t.Logf("killed at %s, the folder holds the old set", tt.point)
				if code != 0 {
					t.Fatalf("the old set does not verify (exit %d):\n%s", code, msg)
				}
			case sameSet(set, newSet):
				t.Logf("killed at %s, the folder holds the new set", tt.point)
				if code != 0 {
					t.Fatalf("the new set does not verify (exit %d):\n%s", code, msg)
				}
			default:
				// Killed while renaming: verify must refuse the mixed set,
				// and the commit record says the next run completes it.
				t.Logf("killed at %s, the folder holds a half-renamed set", tt.point)
				if !strings.HasPrefix(tt.point, "renamed:") || tt.point == "renamed:manifest.json" {
					t.Fatalf("killed at %s, the folder holds neither set: %s", tt.point, setNames(set))
				}
				if code != 1 || !strings.Contains(msg, "has changed since the run") {
					t.Fatalf("verify of a half-renamed set: exit %d\n%s", code, msg)
				}
				if _, ok := outdir.Pending(out); !ok {
					t.Fatal("a half-renamed set without a commit record")
				}
			}
			// The next run into the folder (another command) puts in place
			// or removes what the killed one left, and what a killed
			// memberfee before the staging area left.
			legacy := filepath.Join(out, "."+billStem+".xlsx.2619775135.tmp")
			if err := os.WriteFile(legacy, []byte("half a workbook"), 0o600); err != nil {
				t.Fatal(err)
			}
			code, msg = runBin(t, bin, "allocate", "--config", cfg, "--out", out, "--generated", "2025-01-01")
			if code != 0 {
				t.Fatalf("the next run: exit %d\n%s", code, msg)
			}
			if !strings.Contains(msg, "memberfee: "+out+": ") {
				t.Errorf("the next run does not say what it cleaned:\n%s", msg)
			}
			set, left = visible(t, out)
			if len(left) > 0 {
				t.Errorf("after the next run the folder holds %v", left)
			}
			ref := map[string]map[string]string{"old": oldSet, "new": newSet}[tt.after]
			for n, h := range ref {
				if n != "manifest.json" && set[n] != h {
					t.Errorf("%s is not the %s set's", n, tt.after)
				}
			}
			if code, msg := verify(out); code != 0 || !strings.Contains(msg, billStem+": every input and output verified") || !strings.Contains(msg, "allocation-2025: every") {
				t.Fatalf("after the next run verify exits %d:\n%s", code, msg)
			}
		})
	}
}

// TestInterruptedRun sends SIGTERM and SIGINT to a bill while it writes:
// it ends with exit 1 and leaves the folder as it was, without a
// temporary file or spilled line.
func TestInterruptedRun(t *testing.T) {
	t.Parallel() // long and independent: runs beside the other long ones
	bin := buildMemberfee(t)
	root := t.TempDir()
	cfg, _ := filepath.Abs(exampleConfig)
	old := filepath.Join(root, "old")
	if code, stderr := runBin(t, bin, "allocate", "--config", cfg, "--out", old); code != 0 {
		t.Fatal(stderr)
	}
	oldSet, _ := visible(t, old)
	for i, tt := range []struct {
		point string
		sig   syscall.Signal
	}{{"spilled", syscall.SIGTERM}, {"staged", syscall.SIGTERM}, {"locked", syscall.SIGINT}, {"spilled", syscall.SIGINT}} {
		t.Run(tt.point+" "+tt.sig.String(), func(t *testing.T) {
			out := filepath.Join(root, "case"+itoa(i))
			copyFiles(t, old, out)
			p := start(t, bin, tt.point, "bill", "--config", cfg, "--out", out, "--quiet")
			p.waitPaused(t, tt.point)
			if _, left := visible(t, out); len(left) == 0 {
				t.Fatal("the paused run has no temporary files: the test does not reach its point")
			}
			p.cmd.Process.Signal(tt.sig)
			if code := p.wait(t); code != 1 || !strings.Contains(p.errors(), "interrupted; nothing was written") {
				t.Fatalf("exit %d:\n%s", code, p.errors())
			}
			set, left := visible(t, out)
			if len(left) > 0 {
				t.Errorf("the interrupted run left %v", left)
			}
			if !sameSet(set, oldSet) {
				t.Errorf("the interrupted run changed the folder: %s", setNames(set))
			}
		})
	}
	// Into a folder it makes, an interrupted run leaves no folder.
	out := filepath.Join(root, "new", "out")
	p := start(t, bin, "spilled", "bill", "--config", cfg, "--out", out, "--quiet")
	p.waitPaused(t, "spilled")
	p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.wait(t); code != 1 {
		t.Fatalf("exit %d:\n%s", code, p.errors())
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the interrupted run left its folder: %v", err)
	}
}

// TestConcurrentRuns runs commands into one folder at the same time: each
// run's entry is in the manifest with its own outputs, and verify passes.
func TestConcurrentRuns(t *testing.T) {
	t.Parallel() // long and independent: runs beside the other long ones
	bin := buildMemberfee(t)
	cfg, _ := filepath.Abs(exampleConfig)
	for round := range 3 {
		out := filepath.Join(t.TempDir(), "out")
		cmds := [][]string{{"bill", "--quiet"}, {"allocate"}, {"compare"}, {"forecast", "--years", "3"}, {"clients"}, {"allocate", "--lang", "en"}}
		var ps []*proc
		for _, c := range cmds {
			ps = append(ps, start(t, bin, "", append(c, "--config", cfg, "--out", out)...))
		}
		for i, p := range ps {
			if code := p.wait(t); code != 0 {
				t.Fatalf("round %d, %v: exit %d\n%s", round, cmds[i], code, p.errors())
			}
		}
		code, msg := runBin(t, bin, "verify", "--manifest", filepath.Join(out, "manifest.json"))
		for _, key := range []string{billStem, "allocation-2025", "compare-2025", "forecast-2025-2027", "clients-2025"} {
			if !strings.Contains(msg, key+": every input and output verified") {
				t.Errorf("round %d: the manifest lacks %s or it does not verify", round, key)
			}
		}
		if code != 0 {
			t.Fatalf("round %d: verify exits %d:\n%s", round, code, msg)
		}
		if _, left := visible(t, out); len(left) > 0 {
			t.Errorf("round %d: left %v", round, left)
		}
	}
}

// TestLockedFolder: a run into a folder another run holds waits for it,
// or fails after --lock-timeout naming the holder; the lock dies with its
// holder, kill -9 included.
func TestLockedFolder(t *testing.T) {
	bin := buildMemberfee(t)
	cfg, _ := filepath.Abs(exampleConfig)
	out := filepath.Join(t.TempDir(), "out")
	holder := start(t, bin, "locked", "bill", "--config", cfg, "--out", out, "--quiet")
	holder.waitPaused(t, "locked")
	code, msg := runBin(t, bin, "allocate", "--config", cfg, "--out", out, "--lock-timeout", "500ms")
	for _, w := range []string{"is being written by another run", "pid " + itoa(holder.cmd.Process.Pid), "memberfee bill --config", "waited 500ms"} {
		if !strings.Contains(msg, w) {
			t.Errorf("the message lacks %q:\n%s", w, msg)
		}
	}
	if code != 1 || strings.Contains(msg, "--help") {
		t.Errorf("a locked folder: exit %d (want 1, no usage text):\n%s", code, msg)
	}
	waiter := start(t, bin, "", "allocate", "--config", cfg, "--out", out, "--lock-timeout", "1m")
	time.Sleep(700 * time.Millisecond)
	select {
	case <-waiter.done:
		t.Fatalf("the second run did not wait (exit %d):\n%s", waiter.code, waiter.errors())
	default:
	}
	holder.cmd.Process.Signal(syscall.SIGKILL)
	if code := waiter.wait(t); code != 0 {
		t.Fatalf("the waiting run: exit %d\n%s", code, waiter.errors())
	}
	set, left := visible(t, out)
	if len(left) > 0 || setNames(set) != "allocation-2025.json allocation-2025.xlsx manifest.json" {
		t.Errorf("the folder holds %s, left %v", setNames(set), left)
	}
}

// TestWriteFailures: a folder that cannot be written is exit 1 with its
// cause, never the usage text, and leaves the old outputs as they were.
func TestWriteFailures(t *testing.T) {
	cfg, _ := filepath.Abs(exampleConfig)
	tests := []struct {
		name  string
		setup func(t *testing.T, out string) // the folder's state
		want  string
	}{
		{"the folder is a file", func(t *testing.T, out string) {
			os.WriteFile(out, []byte("x"), 0o644)
		}, "making the output folder"},
		{"the folder is under a file", func(t *testing.T, out string) {
			os.WriteFile(filepath.Dir(filepath.Dir(out))+"/file", []byte("x"), 0o644)
		}, "not a directory"},
		{"an output's place is a folder", func(t *testing.T, out string) {
			os.MkdirAll(filepath.Join(out, "allocation-2025.xlsx", "inside"), 0o755)
		}, "allocation-2025.xlsx is a folder; nothing was written"},
		{"the manifest is a folder", func(t *testing.T, out string) {
			os.MkdirAll(filepath.Join(out, "manifest.json", "inside"), 0o755)
		}, "manifest.json"},
		{"a read-only folder", func(t *testing.T, out string) {
			if os.Getuid() == 0 {
				t.Skip("root writes a read-only folder")
			}
			os.MkdirAll(out, 0o755)
			os.Chmod(out, 0o555)
			t.Cleanup(func() { os.Chmod(out, 0o755) })
		}, "permission denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if tt.name == "the folder is under a file" {
				out = filepath.Join(filepath.Dir(out), "file", "out")
			}
			tt.setup(t, out)
			code, _, stderr := runCLI(t, "allocate", "--config", cfg, "--out", out)
			if code != 1 || !strings.Contains(stderr, tt.want) || strings.Contains(stderr, "--help") {
				t.Fatalf("exit %d, want 1 with %q and no usage text:\n%s", code, tt.want, stderr)
			}
			if st, err := os.Stat(out); err == nil && st.IsDir() {
				if _, left := visible(t, out); len(left) > 0 {
					t.Errorf("left %v", left)
				}
				if _, err := os.Stat(filepath.Join(out, "allocation-2025.json")); err == nil {
					t.Error("an output was written")
				}
			}
		})
	}
}
