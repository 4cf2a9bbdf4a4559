//go:build unix

package outdir

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// tryLock takes an exclusive flock on f without waiting. The lock belongs
// to the open file: it goes when the file is closed or the process dies.
func tryLock(f *os.File) error {
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, unix.EINTR):
			continue
		case errors.Is(err, unix.EWOULDBLOCK):
			return errLocked
		}
		return err
	}
}

// noFollow makes opening the lock file fail on a symbolic link.
const noFollow = unix.O_NOFOLLOW

// nonBlock keeps opening a named pipe from waiting for a writer.
const nonBlock = unix.O_NONBLOCK

// hardLinked reports whether a file has other names: a lock file that is a
// hard link to a file elsewhere would have the run overwrite that file.
func hardLinked(st os.FileInfo) bool {
	s, ok := st.Sys().(*syscall.Stat_t)
	return ok && s.Nlink > 1
}

// removeLocked removes the lock file while it is held.
func removeLocked(path string) { os.Remove(path) }

// syncDir makes a folder's entries durable (the renames into it).
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
