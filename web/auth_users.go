package web

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// The users file (memberfee serve --auth FILE) holds one user a line:
//
//	# who may sign in to memberfee serve
//	Anna Berg:$2a$10$…
//
// the name (as it shall stand on what the user records: the --by of the
// commands), a colon, and the bcrypt hash of the password. Blank lines and
// lines starting with # are kept as they are and otherwise ignored. A name
// has no colon, no control character, no space at either end, at most
// maxName characters, and stands once (compared case-insensitively, as
// four eyes compares names). Any other line is refused with its file and
// line number: a server never starts on half a users file.
//
// On Unix the file may be read and written by its owner only (chmod 600):
// the hashes are the passwords' last line of defence.

// maxName is the longest user name, in characters.
const maxName = 100

// maxUsersFile is the largest users file read.
const maxUsersFile = 1 << 20

// HashCost is the bcrypt cost of the hashes --add-user writes.
const HashCost = 12

// Users are the people who may sign in: names and bcrypt hashes, read from
// the --auth file.
type Users struct {
	lines []string       // the file's lines as read (comments kept)
	index map[string]int // folded name → its line
	names map[string]string
	cost  int // the highest cost of the hashes, the dummy's

	dummyOnce sync.Once
	dummy     []byte
}

// ParseUsers reads a users file from r; name is the file's name, for
// messages.
func ParseUsers(name string, r io.Reader) (*Users, error) {
	u := &Users{index: map[string]int{}, names: map[string]string{}}
	sc := bufio.NewScanner(io.LimitReader(r, maxUsersFile+1))
	sc.Buffer(make([]byte, 4096), maxUsersFile+1)
	n, size := 0, 0
	for sc.Scan() {
		n++
		line := sc.Text()
		size += len(line) + 1
		if size > maxUsersFile {
			return nil, fmt.Errorf("%s: larger than %d bytes: not a users file", name, maxUsersFile)
		}
		line = strings.TrimSuffix(line, "\r")
		u.lines = append(u.lines, line)
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		user, hash, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%s:%d: a user is written NAME:BCRYPT-HASH, and this line has no colon", name, n)
		}
		if err := checkName(user); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		cost, err := bcrypt.Cost([]byte(hash))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: the password of %s is not a bcrypt hash (%v); memberfee serve --add-user writes one", name, n, user, err)
		}
		u.cost = max(u.cost, cost)
		key := foldName(user)
		if first, dup := u.index[key]; dup {
			return nil, fmt.Errorf("%s:%d: %s stands already on line %d", name, n, user, first+1)
		}
		u.index[key] = len(u.lines) - 1
		u.names[key] = user
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s: larger than %d bytes: not a users file", name, maxUsersFile)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return u, nil
}

// checkName refuses a name that cannot stand in the file or on a document.
func checkName(name string) error {
	switch {
	case name == "":
		return errors.New("the user's name is empty")
	case !utf8.ValidString(name):
		return errors.New("the user's name is not UTF-8")
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("the user's name %q begins or ends with a space", name)
	case utf8.RuneCountInString(name) > maxName:
		return fmt.Errorf("the user's name is longer than %d characters", maxName)
	case strings.Contains(name, ":"):
		return fmt.Errorf("the user's name %q has a colon, which ends a name in the users file", name)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return fmt.Errorf("the user's name %q has a control character", name)
	}
	return nil
}

func foldName(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// LoadUsers reads the users file at path, refusing one that others may
// read or write, or that holds nobody.
func LoadUsers(path string) (*Users, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--auth: %w", err)
	}
	defer f.Close()
	if err := checkMode(f, path); err != nil {
		return nil, err
	}
	u, err := ParseUsers(path, f)
	if err != nil {
		return nil, err
	}
	if len(u.index) == 0 {
		return nil, fmt.Errorf("%s names no user: add one with memberfee serve --add-user NAME --auth %s", path, path)
	}
	// The dummy is made now, at start, not on the first unknown name: that
	// sign-in would take a hash's making longer, and tell the name is none.
	u.dummyHash()
	return u, nil
}

// checkMode refuses a users file that is not a regular file, or (on Unix)
// that its group or others may read or write.
func checkMode(f *os.File, path string) error {
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("--auth: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("--auth %s is not a regular file", path)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("--auth %s may be read or written by others (mode %04o): its password hashes are for its owner only; chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	return nil
}

// Len is how many users there are.
func (u *Users) Len() int { return len(u.index) }

// Lookup returns the user's hash and name as the file writes it.
func (u *Users) lookup(name string) (hash []byte, canonical string, ok bool) {
	i, ok := u.index[foldName(name)]
	if !ok {
		return nil, "", false
	}
	_, h, _ := strings.Cut(u.lines[i], ":")
	return []byte(h), u.names[foldName(name)], true
}

// dummyHash is compared against when the name is unknown, so that an
// unknown name takes as long as a wrong password: made once, at the cost
// of the file's dearest hash.
func (u *Users) dummyHash() []byte {
	u.dummyOnce.Do(func() {
		u.dummy, _ = bcrypt.GenerateFromPassword([]byte("no such user"), max(u.cost, bcrypt.MinCost))
	})
	return u.dummy
}

// Check returns the name as the file writes it when password is name's;
// it takes the same time for a name that does not exist.
func (u *Users) Check(name, password string) (string, bool) {
	hash, canonical, ok := u.lookup(name)
	if !ok {
		hash = u.dummyHash()
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(password)) != nil || !ok {
		return "", false
	}
	return canonical, true
}

// Set gives name the password (hashed with cost), adding the user or
// replacing their hash.
func (u *Users) Set(name, password string, cost int) error {
	if err := checkName(name); err != nil {
		return err
	}
	if password == "" {
		return errors.New("the password is empty")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		if errors.Is(err, bcrypt.ErrPasswordTooLong) {
			return errors.New("the password is longer than bcrypt's 72 bytes")
		}
		return err
	}
	line := name + ":" + string(hash)
	if i, ok := u.index[foldName(name)]; ok {
		u.lines[i] = line
	} else {
		u.index[foldName(name)] = len(u.lines)
		u.lines = append(u.lines, line)
	}
	u.names[foldName(name)] = name
	return nil
}

// Bytes is the users file.
func (u *Users) Bytes() []byte {
	var b bytes.Buffer
	for _, l := range u.lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// AddUser sets name's password in the users file at path (made when
// missing), written whole and atomically with mode 0600.
func AddUser(path, name, password string) error {
	u := &Users{index: map[string]int{}, names: map[string]string{}}
	if f, err := os.Open(path); err == nil {
		err := checkMode(f, path)
		if err == nil {
			u, err = ParseUsers(path, f)
		}
		f.Close()
		if err != nil {
			return err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("--auth: %w", err)
	} else {
		u.lines = []string{"# memberfee serve --auth: who may sign in, NAME:BCRYPT-HASH a line (memberfee serve --add-user NAME writes one)"}
	}
	if err := u.Set(name, password, HashCost); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".users-*")
	if err != nil {
		return fmt.Errorf("--auth: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("--auth: %w", err)
	}
	if _, err := tmp.Write(u.Bytes()); err != nil {
		tmp.Close()
		return fmt.Errorf("--auth: writing %s: %w", path, err)
	}
	if err := errors.Join(tmp.Sync(), tmp.Close()); err != nil {
		return fmt.Errorf("--auth: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("--auth: %w", err)
	}
	return nil
}
