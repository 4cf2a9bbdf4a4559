// Command memberfee computes the annual member fee (medlemsbidrag) of a joint
// IT board and bills what the fee does not cover.
//
//	memberfee allocate --config FILE [--out DIR] [--lang sv|en]
//	memberfee validate --config FILE
//	memberfee version
//
// Exit status: 0 success, 1 bad input (every problem found is printed),
// 2 usage error.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
