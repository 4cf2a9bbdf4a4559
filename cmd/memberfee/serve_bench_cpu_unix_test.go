//go:build unix

package main

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user + system) the process has used: the
// benchmark asks one page at a time, so a request's difference is its CPU
// time (with the client's small part and any garbage collection), which a
// machine shared with other jobs does not stretch as it does wall time.
func processCPU() time.Duration {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
