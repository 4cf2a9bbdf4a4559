//go:build !unix

package ledger

import "os"

// writable reports whether this process may write the existing file at
// path. Without POSIX advisory locks to lose, it simply tries.
func writable(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	return true
}
