package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/spf13/cobra"
)

// version is the engine version written into every output.
var version = "0.1.0"

// Exit codes.
const (
	exitOK    = 0
	exitInput = 1
	exitUsage = 2
)

// inputError is bad input: a config or data problem the user must fix.
// Problems lists every one found.
type inputError struct {
	summary  string
	problems []error
}

func (e *inputError) Error() string {
	var b strings.Builder
	b.WriteString(e.summary)
	for _, p := range e.problems {
		b.WriteString("\n  ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// run executes the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "memberfee:", err)
	var ie *inputError
	if errors.As(err, &ie) {
		return exitInput
	}
	fmt.Fprintln(stderr, "Run 'memberfee --help' for usage.")
	return exitUsage
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "memberfee",
		Short: "Member fees and chargeback for a joint IT board (gemensam IT-nämnd)",
		Long: `memberfee computes what each member municipality of a joint IT board pays
(medlemsbidrag) and bills what the member fee does not cover.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().String("generated", "", "the time the outputs say they were made (2025-11-26 or RFC 3339); default SOURCE_DATE_EPOCH, else none")
	root.PersistentFlags().String("cpuprofile", "", "write a CPU profile (pprof) of the run to this file")
	_ = root.PersistentFlags().MarkHidden("cpuprofile")
	var prof *os.File
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		path, _ := cmd.Flags().GetString("cpuprofile")
		if path == "" {
			return nil
		}
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		prof = f
		return pprof.StartCPUProfile(f)
	}
	root.PersistentFlags().String("memprofile", "", "write an allocation profile (pprof) of the run to this file")
	_ = root.PersistentFlags().MarkHidden("memprofile")
	root.PersistentPostRunE = func(cmd *cobra.Command, _ []string) error {
		if path, _ := cmd.Flags().GetString("memprofile"); path != "" {
			f, err := os.Create(path)
			if err != nil {
				return err
			}
			if err := errors.Join(pprof.Lookup("allocs").WriteTo(f, 0), f.Close()); err != nil {
				return err
			}
		}
		if prof == nil {
			return nil
		}
		pprof.StopCPUProfile()
		return prof.Close()
	}
	root.AddCommand(newAllocateCmd(), newBillCmd(), newCompareCmd(), newForecastCmd(), newClientsCmd(), newValidateCmd(), newVerifyCmd(), newExplainCmd(), newGenCmd(), newVersionCmd())
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the engine version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), "memberfee", version)
			return err
		},
	}
}
