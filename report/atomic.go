package report

import (
	"fmt"
	"os"
	"path/filepath"
)

// File is an output to write: its path and its complete content.
type File struct {
	Path string
	Data []byte
}

// WriteAtomic writes every file to a temporary file beside it and then
// renames them into place, so that a reader never sees half a file. If any
// temporary file cannot be written, none of the outputs is touched.
func WriteAtomic(files ...File) error {
	temps := make([]string, 0, len(files))
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, f := range files {
		dir := filepath.Dir(f.Path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			cleanup()
			return fmt.Errorf("creating folder %s: %w", dir, err)
		}
		tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.Path)+".*.tmp")
		if err != nil {
			cleanup()
			return fmt.Errorf("writing %s: %w", f.Path, err)
		}
		temps = append(temps, tmp.Name())
		_, err = tmp.Write(f.Data)
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
			cleanup()
			return fmt.Errorf("writing %s: %w", f.Path, err)
		}
	}
	for i, f := range files {
		if err := os.Rename(temps[i], f.Path); err != nil {
			cleanup()
			return fmt.Errorf("writing %s: %w", f.Path, err)
		}
	}
	return nil
}
