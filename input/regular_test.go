//go:build unix

package input

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
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
		done := make(chan error, 1)
		go func() {
			f, err := OpenRegular(tt.path)
			if err == nil {
				f.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("%s: err = %v, want %v", tt.path, err, tt.want)
			}
			if tt.says != "" && (err == nil || !strings.Contains(err.Error(), tt.says)) {
				t.Errorf("%s: %v does not say %q", tt.path, err, tt.says)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: OpenRegular hangs", tt.path)
		}
	}
}

// TestOpenRefusesFIFO: a named pipe as an input file is a file error, not a
// run that waits forever for a writer.
func TestOpenRefusesFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "storage.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := Open(fifo, "storage.csv", StorageSchema, Options{})
		done <- err
	}()
	select {
	case err := <-done:
		var fe *FileError
		if !errors.As(err, &fe) || fe.File != "storage.csv" || !errors.Is(err, ErrNotRegular) {
			t.Fatalf("err = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Open hangs on a named pipe")
	}
}
