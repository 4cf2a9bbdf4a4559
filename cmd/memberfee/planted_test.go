package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestManifestLinkNotFollowed: a manifest.json in the output folder that
// is a symbolic link is neither read (its target's runs were merged into
// the new manifest, and a text file's first byte leaked in the error) nor
// written through: the run stops naming it.
func TestManifestLinkNotFollowed(t *testing.T) {
	root := t.TempDir()
	other := filepath.Join(root, "other.json")
	if err := os.WriteFile(other, []byte(`{"runs":{"planted-run":{"command":"bill"}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(other, filepath.Join(out, "manifest.json")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "allocate", "--config", "../../examples/sydnarke/memberfee.yaml", "--out", out)
	if code != 1 || !strings.Contains(stderr, "is a symbolic link") {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(other); !strings.Contains(string(b), "planted-run") || strings.Contains(string(b), "allocation") {
		t.Fatalf("the link's target changed: %s", b)
	}
	if _, err := os.Stat(filepath.Join(out, "allocation-2025.json")); err == nil {
		t.Fatal("outputs were put in place")
	}
}
