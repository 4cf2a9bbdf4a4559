package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"sort"
	"syscall"
)

// Name is the manifest's file name in an output folder.
const Name = "manifest.json"

// Manifest is the runs whose outputs are in one folder.
type Manifest struct {
	Runs map[string]*Run `json:"runs"`
}

// Run is one run of a command.
type Run struct {
	Engine      string            `json:"engine"`
	Command     string            `json:"command"`
	Args        []string          `json:"args"` // to re-run it: the subcommand and its flags, without --out; paths relative to the manifest's folder
	Environment map[string]string `json:"environment,omitempty"`
	Generated   string            `json:"generated,omitempty"` // the time the outputs say they were made (RFC 3339), from --generated or SOURCE_DATE_EPOCH
	Config      any               `json:"resolved_config"`
	Inputs      []File            `json:"inputs"`
	Outputs     []File            `json:"outputs"`
	Totals      map[string]string `json:"totals"`
}

// File is a file and its fingerprint.
type File struct {
	Role   string `json:"role,omitempty"`
	Name   string `json:"name"`
	Path   string `json:"path,omitempty"` // for inputs: relative to the manifest's folder
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	Rows   int    `json:"rows,omitempty"`
}

// Hash fingerprints the file at path.
func Hash(role, name, path string) (File, error) {
	f, err := os.Open(path)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return File{}, err
	}
	return File{Role: role, Name: name, Path: path, SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}, nil
}

// HashAtMost fingerprints the regular file at path, reading at most max
// bytes of it: a file that holds more (or claims a size it does not have,
// as files under /proc do) is an error, never read to an end that may not
// come.
func HashAtMost(path string, max int64) (File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		if err == nil {
			err = fmt.Errorf("%s is not a regular file", path)
		}
		return File{}, err
	}
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, max+1))
	if err != nil {
		return File{}, err
	}
	if n > max {
		return File{}, fmt.Errorf("%s holds more than %d bytes", path, max)
	}
	return File{Path: path, SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}, nil
}

// HashBytes fingerprints an output's content.
func HashBytes(name string, data []byte) File {
	sum := sha256.Sum256(data)
	return File{Name: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}
}

// Hasher fingerprints an output as it is written.
type Hasher struct {
	name string
	h    hash.Hash
	n    int64
}

// NewHasher starts the fingerprint of the output name.
func NewHasher(name string) *Hasher { return &Hasher{name: name, h: sha256.New()} }

func (h *Hasher) Write(p []byte) (int, error) {
	h.n += int64(len(p))
	return h.h.Write(p)
}

// File returns the fingerprint of what was written.
func (h *Hasher) File() File {
	return File{Name: h.name, SHA256: hex.EncodeToString(h.h.Sum(nil)), Size: h.n}
}

// MaxSize is the largest manifest Read reads: a manifest may come from
// someone else (an auditor receives it from the audited), and a real one
// is a few kilobytes per run.
const MaxSize = 16 << 20

// Read reads a manifest; a missing file is an empty manifest. A path that
// is not a regular file (a FIFO, /dev/zero, a folder) or a file over
// MaxSize is an error, so that reading cannot hang or exhaust memory.
func Read(path string) (*Manifest, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Manifest{Runs: map[string]*Run{}}, nil
	}
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a manifest: not a regular file", path)
	}
	if fi.Size() > MaxSize {
		return nil, fmt.Errorf("%s is not a manifest: %d bytes, more than %d", path, fi.Size(), MaxSize)
	}
	// Non-blocking, and checked again once open: a named pipe swapped in
	// after the check must not hang the run.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		if err == nil {
			err = fmt.Errorf("%s is not a manifest: not a regular file", path)
		}
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxSize {
		return nil, fmt.Errorf("%s is not a manifest: more than %d bytes", path, MaxSize)
	}
	m := &Manifest{}
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("%s is not a manifest: %w", path, err)
	}
	if m.Runs == nil {
		m.Runs = map[string]*Run{}
	}
	return m, nil
}

// Keys returns the runs' keys in order.
func (m *Manifest) Keys() []string {
	keys := make([]string, 0, len(m.Runs))
	for k := range m.Runs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Bytes encodes the manifest (keys sorted, so the same runs give the same
// bytes).
func (m *Manifest) Bytes() ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
