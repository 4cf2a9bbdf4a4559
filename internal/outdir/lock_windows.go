//go:build windows

package outdir

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// tryLock locks a byte far past the end of f without waiting, so that the
// holder's description stays readable. The lock goes with the handle.
func tryLock(f *os.File) error {
	ol := &windows.Overlapped{Offset: 0xFFFFFFFE, OffsetHigh: 0x7FFFFFFF}
	err := windows.LockFileEx(windows.Handle(f.Fd()), windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol)
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING) {
		return errLocked
	}
	return err
}

// noFollow: Windows' open does not follow a symbolic link as a Unix one
// does; the regular-file check after opening stands in.
const noFollow = 0

// nonBlock: Windows has no named pipes in a folder.
const nonBlock = 0

// hardLinked: Windows' FileInfo does not count a file's names.
func hardLinked(os.FileInfo) bool { return false }

// removeLocked leaves the lock file on Windows, where an open file is not
// removed.
func removeLocked(string) {}

// syncDir does nothing on Windows, whose folders cannot be synced.
func syncDir(string) error { return nil }
