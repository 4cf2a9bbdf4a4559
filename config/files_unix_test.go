//go:build unix

package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"memberfee/input"
	"memberfee/internal/fifotest"
)

// TestLoadRefusesNonFiles: a named pipe, /dev/zero, a folder or a file over
// MaxSize is refused at once, naming the file (a pipe hung the run, /dev/zero
// read until memory ran out).
func TestLoadRefusesNonFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := fifotest.Pipe(t, filepath.Join(dir, "fifo.yaml"))
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("year: 2025\n"+strings.Repeat("# padding\n", MaxSize/10)), 0o644); err != nil {
		t.Fatal(err)
	}
	justUnder := filepath.Join(dir, "under.yaml")
	if err := os.WriteFile(justUnder, []byte(minimal+strings.Repeat("#", MaxSize-len(minimal)-1)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path string
		want error
		says string
	}{
		{fifo, input.ErrNotRegular, "named pipe"},
		{"/dev/zero", input.ErrNotRegular, "device"},
		{dir, input.ErrNotRegular, "folder"},
		{big, ErrTooLarge, "4 MiB"},
		{justUnder, nil, ""},
	} {
		err := fifotest.Within(t, 10*time.Second, "Load "+tt.path, func() error { _, err := Load(tt.path); return err })
		if tt.want == nil {
			if err != nil {
				t.Errorf("%s: %v", tt.path, err)
			}
			continue
		}
		if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.path) || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("%s: err = %v, want %v naming the file and saying %q", tt.path, err, tt.want, tt.says)
		}
	}
}

// TestCheckFilesRefusesNonFiles: an input the config names that is a named
// pipe or a device is a problem at its key, found without reading it.
func TestCheckFilesRefusesNonFiles(t *testing.T) {
	dir := t.TempDir()
	fifotest.Pipe(t, filepath.Join(dir, "storage.csv"))
	cfg := filepath.Join(dir, "memberfee.yaml")
	if err := os.WriteFile(cfg, []byte(minimal+"billing:\n  inputs: {storage: storage.csv, support: /dev/zero}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := errors.Join(fifotest.Within(t, 10*time.Second, "CheckFiles on a named pipe", c.CheckFiles)...)
	for _, want := range []string{`billing.inputs.storage: "storage.csv" is a named pipe (FIFO), not a regular file`, `billing.inputs.support: "/dev/zero" is a device`} {
		if got == nil || !strings.Contains(got.Error(), want) {
			t.Errorf("problems %v lack %q", got, want)
		}
	}
}
