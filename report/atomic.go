package report

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// File is an output to write: its path and its complete content.
type File struct {
	Path string
	Data []byte
}

// Staging writes a run's outputs (Add and Create may be called from several
// goroutines) so that a reader never sees half of them:
// each is written to a temporary file beside its place as soon as it is
// ready (so it need not be held in memory), and Commit renames them all
// into place. Abort, or a failed Add, removes the temporary files and
// leaves every output as it was.
type Staging struct {
	mu     sync.Mutex
	staged []staged
}

type staged struct{ final, tmp string }

// Create starts an output that is written piece by piece: write returns
// what was written, and the output is staged when write returns nil.
func (s *Staging) Create(path string, write func(w io.Writer) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating folder %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	bw := bufio.NewWriterSize(tmp, 256<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	s.mu.Lock()
	s.staged = append(s.staged, staged{path, tmp.Name()})
	s.mu.Unlock()
	return nil
}

// Add writes one output to its temporary file.
func (s *Staging) Add(f File) error {
	return s.Create(f.Path, func(w io.Writer) error {
		_, err := w.Write(f.Data)
		return err
	})
}

// Commit renames every staged output into place.
func (s *Staging) Commit() error {
	for i, st := range s.staged {
		if err := os.Rename(st.tmp, st.final); err != nil {
			s.staged = s.staged[i:]
			s.Abort()
			return fmt.Errorf("writing %s: %w", st.final, err)
		}
	}
	s.staged = nil
	return nil
}

// Abort removes the staged temporary files.
func (s *Staging) Abort() {
	for _, st := range s.staged {
		os.Remove(st.tmp)
	}
	s.staged = nil
}

// WriteAtomic writes every file to a temporary file beside it and then
// renames them into place, so that a reader never sees half a file. If any
// temporary file cannot be written, none of the outputs is touched.
func WriteAtomic(files ...File) error {
	var s Staging
	for _, f := range files {
		if err := s.Add(f); err != nil {
			s.Abort()
			return err
		}
	}
	return s.Commit()
}
