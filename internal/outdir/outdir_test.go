package outdir

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// files returns every file and folder under dir (relative, slashes) with
// the content of the files.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			got[filepath.ToSlash(rel)+"/"] = ""
			return nil
		}
		b, _ := os.ReadFile(p)
		got[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	return got
}

func names(m map[string]string) string {
	var ns []string
	for n := range m {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return strings.Join(ns, " ")
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCommit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	write(t, filepath.Join(dir, "a.json"), "old a")
	write(t, filepath.Join(dir, "other.xlsx"), "another run's")
	tx, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, LockName)); err != nil {
		t.Fatalf("no lock file while open: %v", err)
	}
	if err := os.WriteFile(filepath.Join(tx.Scratch(), "spill"), []byte("lines"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range [][2]string{{"a.json", "new a"}, {"b.xlsx", "new b"}, {"manifest.json", "new manifest"}} {
		if err := tx.Add(f[0], []byte(f[1])); err != nil {
			t.Fatal(err)
		}
	}
	if got := files(t, dir)["a.json"]; got != "old a" {
		t.Fatalf("an output changed before the commit: %q", got)
	}
	if err := tx.Add("b.xlsx", nil); err == nil {
		t.Fatal("an output staged twice")
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := tx.Close(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a.json": "new a", "b.xlsx": "new b", "manifest.json": "new manifest", "other.xlsx": "another run's"}
	if got := files(t, dir); names(got) != names(want) {
		t.Fatalf("the folder holds %s, want %s", names(got), names(want))
	} else {
		for n, w := range want {
			if got[n] != w {
				t.Errorf("%s: %q, want %q", n, got[n], w)
			}
		}
	}
}

// TestAbort: an interrupted run leaves the folder as it was, and its
// writers can stage nothing more.
func TestAbort(t *testing.T) {
	for _, made := range []bool{false, true} {
		root := t.TempDir()
		dir := filepath.Join(root, "out")
		if made {
			write(t, filepath.Join(dir, "a.json"), "old a")
		}
		before := files(t, root)
		tx, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Add("a.json", []byte("new")); err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(tx.Scratch(), "memberfee-lines-1"), 0o755)
		if !tx.Abort() {
			t.Fatal("Abort before the commit did nothing")
		}
		if err := tx.Add("b.json", []byte("late")); err == nil {
			t.Error("a writer staged an output after Abort")
		}
		if err := tx.Commit(); err == nil {
			t.Error("Commit after Abort")
		}
		tx.Close()
		if made {
			if got := files(t, root); names(got) != names(before) || got["out/a.json"] != "old a" {
				t.Errorf("after Abort the folder holds %s, before %s", names(got), names(before))
			}
		} else if got := files(t, root); len(got) != 0 {
			t.Errorf("Abort left %s in a folder it made", names(got))
		}
	}
}

// TestCloseWithoutCommit: a run that fails before its commit removes what
// it staged and the folder it made.
func TestCloseWithoutCommit(t *testing.T) {
	root := t.TempDir()
	tx, err := Open(filepath.Join(root, "out"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	tx.Add("a.json", []byte("x"))
	if err := tx.Close(); err != nil {
		t.Fatal(err)
	}
	if got := files(t, root); len(got) != 0 {
		t.Fatalf("left %s", names(got))
	}
}

// TestCommitRefusesFolder: an output whose place is a folder stops the
// commit before anything moves.
func TestCommitRefusesFolder(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.json"), "old a")
	write(t, filepath.Join(dir, "b.xlsx", "inside"), "x")
	tx, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tx.Add("a.json", []byte("new a"))
	tx.Add("b.xlsx", []byte("new b"))
	tx.Add("manifest.json", []byte("m"))
	err = tx.Commit()
	if err == nil || !strings.Contains(err.Error(), "b.xlsx is a folder") {
		t.Fatalf("Commit: %v", err)
	}
	tx.Close()
	want := "a.json b.xlsx/ b.xlsx/inside"
	if got := files(t, dir); names(got) != want || got["a.json"] != "old a" {
		t.Fatalf("the folder holds %s, want %s (a.json %q)", names(got), want, got["a.json"])
	}
}

// TestRecover builds what killed runs leave and checks what the next run
// finds.
func TestRecover(t *testing.T) {
	tests := []struct {
		name  string
		setup map[string]string // files to make under OUT
		want  map[string]string // what OUT holds after Recover
		note  string
	}{
		{"nothing to do", map[string]string{"a.json": "a"}, map[string]string{"a.json": "a"}, ""},
		{"killed while staging", map[string]string{
			"a.json": "old", "manifest.json": "old m",
			AreaName + "/run-1/files/a.json":                      "new",
			AreaName + "/run-1/memberfee-lines-7/storage-0.lines": "spilled",
		}, map[string]string{"a.json": "old", "manifest.json": "old m"}, "removed the staged outputs"},
		{"killed after the commit record, before any rename", map[string]string{
			"a.json": "old", "manifest.json": "old m",
			AreaName + "/run-1/files/a.json":        "new",
			AreaName + "/run-1/files/manifest.json": "new m",
			AreaName + "/run-1/commit.json":         `{"outputs":["a.json","manifest.json"]}`,
		}, map[string]string{"a.json": "new", "manifest.json": "new m"}, "put in place 2 outputs"},
		{"killed while renaming", map[string]string{
			"a.json": "new", "b.json": "old b", "manifest.json": "old m",
			AreaName + "/run-1/files/b.json":        "new b",
			AreaName + "/run-1/files/manifest.json": "new m",
			AreaName + "/run-1/commit.json":         `{"outputs":["a.json","b.json","manifest.json"]}`,
		}, map[string]string{"a.json": "new", "b.json": "new b", "manifest.json": "new m"}, "put in place 2 outputs"},
		{"killed after the renames", map[string]string{
			"a.json": "new", "manifest.json": "new m",
			AreaName + "/run-1/files/":      "",
			AreaName + "/run-1/commit.json": `{"outputs":["a.json","manifest.json"]}`,
		}, map[string]string{"a.json": "new", "manifest.json": "new m"}, "removed the commit record"},
		{"temporary files of older versions", map[string]string{
			"a.json": "a", ".allocation-2025.xlsx.123456.tmp": "half", ".chargeback-2025-01-01_2025-12-31-lines.csv.4242.tmp": "half",
			".manifest.json.77.tmp": "half",
			".a.json.tmp":           "not ours", ".a.json.123.tmp": "not ours", ".allocation-2025.xlsx.tmp": "not ours", "x.tmp": "not ours",
			".hidden": "not ours", "notes/.allocation-2025.json.1.tmp": "not in OUT",
			AreaName + "/keep": "not a run's",
		}, map[string]string{"a.json": "a", ".a.json.tmp": "not ours", ".a.json.123.tmp": "not ours", ".allocation-2025.xlsx.tmp": "not ours",
			"x.tmp": "not ours", ".hidden": "not ours", "notes/": "", "notes/.allocation-2025.json.1.tmp": "not in OUT",
			AreaName + "/": "", AreaName + "/keep": "not a run's"}, "removed 3 temporary files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for p, s := range tt.setup {
				if strings.HasSuffix(p, "/") {
					os.MkdirAll(filepath.Join(dir, p), 0o755)
					continue
				}
				write(t, filepath.Join(dir, p), s)
			}
			note, err := Recover(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(note, tt.note) || (tt.note == "") != (note == "") {
				t.Errorf("note %q, want %q", note, tt.note)
			}
			got := files(t, dir)
			for p := range tt.want {
				if i := strings.LastIndex(strings.TrimSuffix(p, "/"), "/"); i > 0 {
					tt.want[p[:i+1]] = ""
				}
			}
			if names(got) != names(tt.want) {
				t.Fatalf("the folder holds\n  %s\nwant\n  %s", names(got), names(tt.want))
			}
			for p, s := range tt.want {
				if got[p] != s {
					t.Errorf("%s: %q, want %q", p, got[p], s)
				}
			}
			if _, pending := Pending(dir); pending {
				t.Error("Pending after Recover")
			}
		})
	}
}

// TestRecoverRefusesJournal: a commit record that names anything but a
// file of the output folder (testdata/journals) moves nothing.
func TestRecoverRefusesJournal(t *testing.T) {
	journals, _ := filepath.Glob("testdata/journals/*.json")
	if len(journals) < 5 {
		t.Fatalf("%d journals", len(journals))
	}
	for _, j := range journals {
		t.Run(filepath.Base(j), func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "out")
			b, _ := os.ReadFile(j)
			write(t, filepath.Join(dir, "a.json"), "old")
			write(t, filepath.Join(dir, AreaName, "run-1", "files", "a.json"), "new")
			write(t, filepath.Join(dir, AreaName, "run-1", "commit.json"), string(b))
			before := files(t, root)
			if _, err := Recover(dir); err == nil || !strings.Contains(err.Error(), "commit record") {
				t.Fatalf("Recover: %v", err)
			}
			if got := files(t, root); names(got) != names(before) || got["out/a.json"] != "old" {
				t.Fatalf("Recover moved files: %s", names(got))
			}
			if _, err := Open(dir, Options{}); err == nil {
				t.Fatal("Open of a folder with a bad commit record")
			}
		})
	}
}

// TestPending: a commit record left by a run killed while renaming is
// reported until the next run completes it.
func TestPending(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, AreaName, "run-1", "files", "manifest.json"), "m")
	write(t, filepath.Join(dir, AreaName, "run-1", "commit.json"), `{"outputs":["a.json","manifest.json"]}`)
	if names, ok := Pending(dir); !ok || strings.Join(names, ",") != "a.json,manifest.json" {
		t.Fatalf("Pending: %v %v", names, ok)
	}
	tx, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tx.Recovered, "put in place 1 outputs") {
		t.Errorf("Recovered %q", tx.Recovered)
	}
	tx.Close()
	if _, ok := Pending(dir); ok {
		t.Fatal("still pending")
	}
}

// TestLock: a second run into a folder waits, then fails naming the
// holder; the lock goes with its holder.
func TestLock(t *testing.T) {
	dir := t.TempDir()
	first, err := Open(dir, Options{Holder: "memberfee bill --config a.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = Open(dir, Options{Wait: 300 * time.Millisecond})
	var le *LockedError
	if !errors.As(err, &le) {
		t.Fatalf("a second Open: %v", err)
	}
	if waited := time.Since(start); waited < 300*time.Millisecond {
		t.Errorf("gave up after %s", waited)
	}
	for _, w := range []string{"memberfee bill --config a.yaml", "pid ", "since 20", dir, "--out"} {
		if !strings.Contains(le.Error(), w) {
			t.Errorf("the message lacks %q: %s", w, le)
		}
	}
	// A run that waits long enough gets the folder once the first ends.
	got := make(chan error)
	go func() {
		tx, err := Open(dir, Options{Wait: 10 * time.Second})
		if err == nil {
			tx.Close()
		}
		got <- err
	}()
	time.Sleep(100 * time.Millisecond)
	first.Close()
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, LockName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the lock file is left: %v", err)
	}
}

// TestLockExclusive: runs that take and leave the lock at once (each
// removing the lock file as it goes) never hold it together.
func TestLockExclusive(t *testing.T) {
	dir := t.TempDir()
	var holders, most atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 25 {
				tx, err := Open(dir, Options{Wait: time.Minute})
				if err != nil {
					t.Error(err)
					return
				}
				n := holders.Add(1)
				if n > most.Load() {
					most.Store(n)
				}
				time.Sleep(100 * time.Microsecond)
				holders.Add(-1)
				tx.Close()
			}
		})
	}
	wg.Wait()
	if most.Load() != 1 {
		t.Fatalf("%d runs held the folder at once", most.Load())
	}
}

func TestCheckName(t *testing.T) {
	for _, n := range []string{"", ".", "..", "a/b", `a\b`, "/etc/passwd", LockName, AreaName} {
		if checkName(n) == nil {
			t.Errorf("%q accepted", n)
		}
	}
	for _, n := range []string{"allocation-2025.xlsx", "manifest.json", ".x"} {
		if err := checkName(n); err != nil {
			t.Errorf("%q: %v", n, err)
		}
	}
}

// TestPauseInert: without the test-only variable Pause returns at once.
func TestPauseInert(t *testing.T) {
	t.Setenv(PauseEnv, "")
	done := make(chan struct{})
	go func() { Pause("staged"); Pause(""); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Pause paused without " + PauseEnv)
	}
}

// FuzzRecover: whatever a commit record holds, Recover does not panic and
// moves nothing out of the output folder or into a place outside it.
func FuzzRecover(f *testing.F) {
	journals, _ := filepath.Glob("testdata/journals/*.json")
	for _, j := range journals {
		b, _ := os.ReadFile(j)
		f.Add(b)
	}
	f.Add([]byte(`{"outputs":["a.json","manifest.json"]}`))
	f.Add([]byte(`{"outputs":null}`))
	f.Fuzz(func(t *testing.T, record []byte) {
		root := t.TempDir()
		dir := filepath.Join(root, "out")
		run := filepath.Join(dir, AreaName, "run-1")
		write(t, filepath.Join(dir, "a.json"), "old")
		write(t, filepath.Join(run, "files", "a.json"), "new")
		write(t, filepath.Join(run, "files", "manifest.json"), "m")
		write(t, filepath.Join(run, commitName), string(record))
		write(t, filepath.Join(root, "outside"), "x")
		_, err := Recover(dir)
		for p := range files(t, root) {
			if !strings.HasPrefix(p, "out/") && p != "out/" && p != "outside" {
				t.Fatalf("Recover made %s outside the folder", p)
			}
		}
		if err == nil {
			if _, err := os.Stat(filepath.Join(dir, AreaName)); !errors.Is(err, os.ErrNotExist) {
				t.Fatal("Recover succeeded and left the staging folder")
			}
		}
	})
}
