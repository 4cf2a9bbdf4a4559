//go:build unix

package fifotest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestPipe: Pipe makes a named pipe; Within returns what a call returns in
// time.
func TestPipe(t *testing.T) {
	p := Pipe(t, filepath.Join(t.TempDir(), "p"))
	fi, err := os.Lstat(p)
	if err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("%v %v", fi, err)
	}
	if got := Within(t, time.Minute, "a sum", func() int { return 1 + 1 }); got != 2 {
		t.Fatalf("Within: %d", got)
	}
}

// TestWithinHang: a call that does not return in time fails the test
// (a fake T records the failure).
func TestWithinHang(t *testing.T) {
	ft := &fakeT{TB: t}
	block := make(chan struct{})
	defer close(block)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { recover() }() // fakeT's Fatalf ends the goroutine as t.Fatal would
		Within(ft, 10*time.Millisecond, "a wait", func() int { <-block; return 0 })
	}()
	<-done
	if ft.failed != "a wait hangs" {
		t.Fatalf("failure %q", ft.failed)
	}
}

type fakeT struct {
	testing.TB
	failed string
}

func (f *fakeT) Helper() {}
func (f *fakeT) Fatalf(format string, args ...any) {
	f.failed = fmt.Sprintf(format, args...)
	panic("fatal")
}
