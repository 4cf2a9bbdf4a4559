package main

import (
	"strings"
	"syscall"
	"testing"
)

// TestDiskFull: a run into a folder on a full disk (a 16 KiB tmpfs) exits 1
// naming the cause; it exited 2 with "Run 'memberfee --help' for usage".
// It needs the right to mount (root in a container); it skips without it.
func TestDiskFull(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=16k"); err != nil {
		t.Skip("cannot mount a small tmpfs here:", err)
	}
	t.Cleanup(func() { _ = syscall.Unmount(dir, syscall.MNT_DETACH) })
	code, _, stderr := runWithin(t, "allocate", "--config", exampleConfig, "--out", dir)
	if code != 1 || !strings.Contains(stderr, "no space left on device") || strings.Contains(stderr, "--help") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}
