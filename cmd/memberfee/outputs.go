package main

import (
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"memberfee/internal/outdir"
)

// defaultLockWait is how long a run waits for another run writing into the
// same output folder (the national year's bill takes about 8 s).
const defaultLockWait = 2 * time.Minute

// addLockFlag adds --lock-timeout to a command that writes an output
// folder. It is not recorded in the manifest: it changes no output.
func addLockFlag(cmd *cobra.Command) {
	cmd.Flags().Duration("lock-timeout", defaultLockWait, "how long to wait for another run writing into the same --out folder")
}

// output is a run's writing into its output folder: locked, staged, and
// dropped on SIGINT or SIGTERM.
type output struct {
	*outdir.Txn
	stop func()
	done chan struct{}
}

// openOutput locks the output folder dir and starts staging into it; a
// failure (a folder that cannot be made or written, or is held by another
// run past --lock-timeout) is exit 1 with its cause. Until the outputs are
// committed, SIGINT or SIGTERM removes the staged outputs and the spilled
// lines and ends the run with exit 1.
func openOutput(cmd *cobra.Command, dir string) (*output, error) {
	wait := defaultLockWait
	if f := cmd.Flags().Lookup("lock-timeout"); f != nil {
		wait, _ = cmd.Flags().GetDuration("lock-timeout")
	}
	holder := "memberfee " + strings.Join(os.Args[1:], " ")
	if len(holder) > 200 {
		holder = strings.ToValidUTF8(holder[:200], "") + "…"
	}
	tx, err := outdir.Open(dir, outdir.Options{Wait: wait, Holder: holder})
	if err != nil {
		return nil, writeError(err)
	}
	if tx.Recovered != "" {
		fmt.Fprintln(cmd.ErrOrStderr(), "memberfee:", tx.Recovered)
	}
	// A channel of its own, not a context: a context is also done when it
	// is stopped, and only a signal may abort. Under memberfee serve a
	// signal shuts the server down, which lets a running recording finish.
	sigs := make(chan os.Signal, 1)
	if !serving(cmd) {
		signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	}
	o := &output{Txn: tx, stop: func() { signal.Stop(sigs) }, done: make(chan struct{})}
	stderr := cmd.ErrOrStderr()
	go func() {
		select {
		case <-sigs:
			// Once the commit has begun it finishes (it takes
			// milliseconds), and the run with it.
			if tx.Abort() {
				fmt.Fprintln(stderr, "memberfee: interrupted; nothing was written to", dir, "and the run's temporary files are removed")
				os.Exit(exitInput)
			}
		case <-o.done:
		}
	}()
	outdir.Pause("locked")
	return o, nil
}

// close releases the folder: what was not committed is removed.
func (o *output) close() {
	o.stop()
	close(o.done)
	o.Close()
}

// writeError is a failure to write the outputs (a full disk, a folder that
// cannot be written, a locked folder): exit 1 with its cause, not a usage
// error.
func writeError(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*inputError); ok {
		return err
	}
	return &inputError{summary: err.Error()}
}

// firstError is the first of joined errors (the same failure of every
// file a full disk stops): one cause to read.
func firstError(err error) error {
	for {
		j, ok := err.(interface{ Unwrap() []error })
		if !ok || len(j.Unwrap()) == 0 {
			return err
		}
		err = j.Unwrap()[0]
	}
}
