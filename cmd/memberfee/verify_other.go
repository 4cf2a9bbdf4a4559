//go:build !linux

package main

import "os/exec"

// setDeathSignal: only Linux can make a child die with its parent.
func setDeathSignal(*exec.Cmd) {}
