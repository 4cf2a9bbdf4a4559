package manifest

import (
	"os"
	"path/filepath"
	"testing"
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
