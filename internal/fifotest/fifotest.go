//go:build unix

package fifotest

import (
	"syscall"
	"testing"
	"time"
)

// Pipe makes a named pipe at path and returns path; where the system makes
// none the test is skipped.
func Pipe(t testing.TB, path string) string {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	return path
}

// Within returns what f returns, or fails the test if f has not returned
// within d: a named pipe waits for a writer forever, /dev/zero never ends,
// and the test is that they are refused, not that they hang. what names
// the call in the failure ("Load fifo.yaml"). f runs in a goroutine of its
// own: it must not call t.Fatal.
func Within[T any](t testing.TB, d time.Duration, what string, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(d):
		t.Fatalf("%s hangs", what)
	}
	var zero T
	return zero
}
