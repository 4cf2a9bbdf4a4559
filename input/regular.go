package input

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// ErrNotRegular is the reason a path that names a folder, a named pipe
// (FIFO), a device such as /dev/zero or a socket cannot be read as a file.
var ErrNotRegular = errors.New("is not a regular file")

// OpenRegular opens path for reading only if it names a regular file (a
// symbolic link to one is fine). Anything else is refused before it is
// read, with an error that wraps ErrNotRegular and says what it is: a named
// pipe must not hang the run waiting for a writer, /dev/zero must not be
// read until memory runs out. It checks before opening and again on the
// open file (opened non-blocking, so a pipe swapped in between cannot hang
// it either). A path that does not exist is an error wrapping
// fs.ErrNotExist.
func OpenRegular(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := regular(st.Mode()); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err = f.Stat()
	if err == nil {
		err = regular(st.Mode())
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// regular says what a mode that is not a regular file's names.
func regular(m fs.FileMode) error {
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return notRegular("a folder")
	case m&fs.ModeNamedPipe != 0:
		return notRegular("a named pipe (FIFO)")
	case m&fs.ModeDevice != 0:
		return notRegular("a device")
	case m&fs.ModeSocket != 0:
		return notRegular("a socket")
	}
	return ErrNotRegular
}

// notRegular is ErrNotRegular saying what the path is instead.
type notRegular string

func (e notRegular) Error() string        { return "is " + string(e) + ", not a regular file" }
func (e notRegular) Is(target error) bool { return target == ErrNotRegular }
