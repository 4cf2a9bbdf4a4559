// Command memberfee computes the annual member fee (medlemsbidrag) of a joint
// IT board and bills what the fee does not cover.
//
//	memberfee allocate --config FILE [--out DIR] [--lang sv|en]
//	memberfee validate --config FILE
//	memberfee version
//
// Exit status: 0 success; 1 bad input (every problem found is printed) or a
// failed run (a full disk, an output folder that cannot be written, a folder
// another run holds past --lock-timeout, SIGINT or SIGTERM: the cause is
// printed); 2 a usage error only (an unknown command or flag, a flag value it
// does not take), with a pointer to --help.
package main

import (
	"os"
	"runtime/debug"
)

// memoryLimit is the heap the garbage collector aims to stay under unless
// GOMEMLIMIT says otherwise: a chargeback of a million rows streams its
// lines, and the collector only needs telling not to let garbage pile up
// (it is a soft limit: a larger live heap still runs).
const memoryLimit = 512 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
