//go:build unix

package input

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"memberfee/internal/fifotest"
)

// TestOpenRegular: a named pipe, a device and a folder are refused at once,
// naming what they are; a regular file and a link to one open.
func TestOpenRegular(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.csv")
	if err := os.WriteFile(file, []byte("a;b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	fifo := fifotest.Pipe(t, filepath.Join(dir, "fifo.csv"))
	toZero := filepath.Join(dir, "zero.csv")
	if err := os.Symlink("/dev/zero", toZero); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path string
		want error // nil: it opens
		says string
	}{
		{file, nil, ""},
		{link, nil, ""},
		{fifo, ErrNotRegular, "named pipe"},
		{"/dev/zero", ErrNotRegular, "device"},
		{toZero, ErrNotRegular, "device"},
		{dir, ErrNotRegular, "folder"},
		{filepath.Join(dir, "missing.csv"), fs.ErrNotExist, ""},
	} {
		err := fifotest.Within(t, 5*time.Second, "OpenRegular "+tt.path, func() error {
			f, err := OpenRegular(tt.path)
			if err == nil {
				f.Close()
			}
			return err
		})
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.path, err, tt.want)
		}
		if tt.says != "" && (err == nil || !strings.Contains(err.Error(), tt.says)) {
			t.Errorf("%s: %v does not say %q", tt.path, err, tt.says)
		}
	}
}

// TestOpenRefusesFIFO: a named pipe as an input file is a file error, not a
// run that waits forever for a writer.
func TestOpenRefusesFIFO(t *testing.T) {
	fifo := fifotest.Pipe(t, filepath.Join(t.TempDir(), "storage.csv"))
	err := fifotest.Within(t, 5*time.Second, "Open on a named pipe", func() error {
		_, err := Open(fifo, "storage.csv", StorageSchema, Options{})
		return err
	})
	var fe *FileError
	if !errors.As(err, &fe) || fe.File != "storage.csv" || !errors.Is(err, ErrNotRegular) {
		t.Fatalf("err = %v", err)
	}
}
