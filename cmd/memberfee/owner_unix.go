//go:build unix

package main

import (
	"os"
	"syscall"
)

// ownedByMe reports whether this process's user owns the file: verify
// removes only its own user's stale temporary folders from a shared /tmp.
func ownedByMe(info os.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}
