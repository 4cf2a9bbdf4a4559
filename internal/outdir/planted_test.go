package outdir

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"memberfee/internal/fifotest"
)

// TestPlantedEntries: entries of memberfee's own names planted in the output
// folder by someone else — a lock file or staging folder that is a symbolic
// link, a run area's files folder that links elsewhere, a commit record that
// is a named pipe, a staged "output" that is a folder — make the run refuse,
// naming the entry, and nothing outside the output folder is written, moved
// or removed (each of these wrote, deleted or moved files outside it before).
func TestPlantedEntries(t *testing.T) {
	cases := []struct {
		name  string
		plant func(t *testing.T, dir, victim string)
		want  string
	}{
		{"lock symlink to a file", func(t *testing.T, dir, victim string) {
			link(t, filepath.Join(victim, "important.txt"), filepath.Join(dir, LockName))
		}, "is a symbolic link"},
		{"lock symlink dangling", func(t *testing.T, dir, victim string) {
			link(t, filepath.Join(victim, "created.txt"), filepath.Join(dir, LockName))
		}, "is a symbolic link"},
		{"lock a hard link to a file", func(t *testing.T, dir, victim string) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Link(filepath.Join(victim, "important.txt"), filepath.Join(dir, LockName)); err != nil {
				t.Fatal(err)
			}
		}, "a hard link"},
		{"lock a named pipe", func(t *testing.T, dir, victim string) {
			fifotest.Pipe(t, filepath.Join(dir, LockName))
		}, "is a named pipe"},
		{"staging symlink to a folder", func(t *testing.T, dir, victim string) {
			write(t, filepath.Join(victim, "run-keep", "sub", "data.txt"), "keep")
			link(t, victim, filepath.Join(dir, AreaName))
		}, "is a symbolic link"},
		{"run area symlink", func(t *testing.T, dir, victim string) {
			write(t, filepath.Join(victim, "files", "a.json"), "keep")
			write(t, filepath.Join(victim, "commit.json"), `{"outputs":["a.json"]}`)
			if err := os.MkdirAll(filepath.Join(dir, AreaName), 0o755); err != nil {
				t.Fatal(err)
			}
			link(t, victim, filepath.Join(dir, AreaName, "run-1"))
		}, "is a symbolic link"},
		{"files folder symlink with a commit record", func(t *testing.T, dir, victim string) {
			write(t, filepath.Join(victim, "id_rsa"), "secret key")
			write(t, filepath.Join(dir, AreaName, "run-1", commitName), `{"outputs":["id_rsa"]}`)
			link(t, victim, filepath.Join(dir, AreaName, "run-1", filesDir))
		}, "is a symbolic link"},
		{"commit record a named pipe", func(t *testing.T, dir, victim string) {
			if err := os.MkdirAll(filepath.Join(dir, AreaName, "run-1", filesDir), 0o755); err != nil {
				t.Fatal(err)
			}
			fifotest.Pipe(t, filepath.Join(dir, AreaName, "run-1", commitName))
		}, "is a named pipe"},
		{"staged output a symlink", func(t *testing.T, dir, victim string) {
			write(t, filepath.Join(victim, "id_rsa"), "secret key")
			write(t, filepath.Join(dir, AreaName, "run-1", commitName), `{"outputs":["manifest.json"]}`)
			if err := os.MkdirAll(filepath.Join(dir, AreaName, "run-1", filesDir), 0o755); err != nil {
				t.Fatal(err)
			}
			link(t, filepath.Join(victim, "id_rsa"), filepath.Join(dir, AreaName, "run-1", filesDir, "manifest.json"))
		}, "is a symbolic link"},
		{"staged output a folder", func(t *testing.T, dir, victim string) {
			write(t, filepath.Join(dir, AreaName, "run-1", filesDir, "manifest.json", "x"), "x")
			write(t, filepath.Join(dir, AreaName, "run-1", commitName), `{"outputs":["manifest.json"]}`)
		}, "is a folder"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			dir, victim := filepath.Join(root, "out"), filepath.Join(root, "victim")
			write(t, filepath.Join(victim, "important.txt"), "precious data")
			write(t, filepath.Join(dir, "a.json"), "old")
			c.plant(t, dir, victim)
			before := files(t, victim)
			err := fifotest.Within(t, 10*time.Second, "Open", func() error {
				tx, err := Open(dir, Options{Wait: time.Second})
				if err == nil {
					tx.Close()
				}
				return err
			})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "remove it yourself") {
				t.Errorf("Open: %v; want an error saying %q", err, c.want)
			}
			if got := files(t, victim); names(got) != names(before) || got["important.txt"] != "precious data" {
				t.Errorf("outside the output folder: %s, was %s (important.txt %q)", names(got), names(before), got["important.txt"])
			}
			if _, err := os.Lstat(filepath.Join(dir, "id_rsa")); err == nil {
				t.Error("a file from outside was moved into the output folder")
			}
		})
	}
}

func link(t *testing.T, target, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}
