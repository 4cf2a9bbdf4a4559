package main

import (
	"os/exec"
	"syscall"
)

// setDeathSignal makes verify's re-run die with verify (kill -9 included),
// so that it cannot go on writing into a folder nobody removes.
func setDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
