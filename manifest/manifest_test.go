package manifest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"memberfee/internal/fifotest"
)

func TestManifest(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "in.csv")
	os.WriteFile(p, []byte("abc"), 0o644)
	f, err := Hash("storage", "in.csv", p)
	if err != nil {
		t.Fatal(err)
	}
	if f.SHA256 != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" || f.Size != 3 {
		t.Fatalf("%+v", f)
	}
	if g := HashBytes("x", []byte("abc")); g.SHA256 != f.SHA256 {
		t.Fatal("HashBytes differs from Hash")
	}
	m, err := Read(filepath.Join(dir, Name))
	if err != nil || len(m.Runs) != 0 {
		t.Fatalf("a missing manifest: %v %v", m, err)
	}
	m.Runs["b"] = &Run{Command: "bill"}
	m.Runs["a"] = &Run{Command: "allocate"}
	b1, _ := m.Bytes()
	b2, _ := m.Bytes()
	if string(b1) != string(b2) || m.Keys()[0] != "a" {
		t.Fatal("not deterministic")
	}
	os.WriteFile(filepath.Join(dir, Name), b1, 0o644)
	back, err := Read(filepath.Join(dir, Name))
	if err != nil || back.Runs["b"].Command != "bill" {
		t.Fatalf("%v %v", back, err)
	}
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte("{"), 0o644)
	if _, err := Read(filepath.Join(dir, "bad.json")); err == nil {
		t.Fatal("a broken manifest read")
	}
}

// TestReadRefuses: a manifest path that is not a regular file, or is over
// MaxSize, is an error at once (a FIFO would hang, /dev/zero never ends).
func TestReadRefuses(t *testing.T) {
	dir := t.TempDir()
	fifo := fifotest.Pipe(t, filepath.Join(dir, "fifo.json"))
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, make([]byte, MaxSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{fifo, "not a regular file"},
		{"/dev/zero", "not a regular file"},
		{dir, "not a regular file"},
		{big, "more than"},
	} {
		err := fifotest.Within(t, 5*time.Second, "Read "+c.path, func() error { _, err := Read(c.path); return err })
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.path, err, c.want)
		}
	}
}

// FuzzRead: no manifest's bytes make Read panic.
func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"runs":{"a":{"args":["allocate"],"environment":{"MEMBERFEE_YEAR":"2025"},"inputs":[{"name":"x","sha256":"00","size":1}]}}}`))
	f.Add([]byte(`{"runs":null}`))
	f.Add([]byte(`[]`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(dir, "m.json")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := Read(p)
		if err == nil {
			if m.Runs == nil {
				t.Fatal("nil runs")
			}
			m.Keys()
			if _, err := m.Bytes(); err != nil {
				t.Fatal(err)
			}
		}
	})
}
