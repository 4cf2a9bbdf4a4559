//go:build unix

package ledger

import "golang.org/x/sys/unix"

// writable reports whether this process may write the existing file at
// path, asked of the kernel (access(2)) without opening it: opening and
// closing a descriptor of a file drops every POSIX lock the process holds
// on it, and SQLite's locks on the ledger and its -shm are such locks —
// a server holding the ledger open while a recording opens it again would
// lose them, and another process would then write as if alone (SQLite's
// "How To Corrupt An SQLite Database File", section 2.2).
func writable(path string) bool { return unix.Access(path, unix.W_OK) == nil }
