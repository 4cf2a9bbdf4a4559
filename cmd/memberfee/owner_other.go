//go:build !unix

package main

import "os"

// ownedByMe: a temporary folder is the user's own off Unix.
func ownedByMe(os.FileInfo) bool { return true }
