package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"memberfee/report"
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
	// refusal is why a recording was refused when the rules refused it
	// (memberfee serve shows it): refusedOverlap, refusedFourEyes,
	// refusedRejected, refusedConflict; "" for any other bad input.
	refusal string
}

// The refusals of a recording.
const (
	refusedOverlap  = "overlap"
	refusedFourEyes = "four-eyes"
	refusedRejected = "rejected"
	refusedConflict = "conflict"
	refusedChanged  = "changed" // --content: the inputs changed since the content was reviewed
)

func (e *inputError) Error() string {
	var b strings.Builder
	b.WriteString(e.summary)
	for _, p := range e.problems {
		b.WriteString("\n  ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// usageError is a command line memberfee cannot run as written: an unknown
// command or flag, a flag without its value or with one it does not take,
// a wrong number of arguments. It is the only error that exits 2 and
// points at --help; everything else that stops a run (bad input, a disk
// that is full, a folder that cannot be written) exits 1 with its cause.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usage marks err as a usage error; nil stays nil.
func usage(err error) error {
	if err == nil {
		return nil
	}
	return &usageError{err}
}

// failure marks an error that stops a run before its command starts (a
// profile that cannot be created) as a failed run, not a usage error.
type failure struct{ err error }

func (e *failure) Error() string { return e.err.Error() }
func (e *failure) Unwrap() error { return e.err }

// run executes the command line args and returns the exit status: 0
// success, 1 bad input or a failed run, 2 usage.
func run(args []string, stdout, stderr io.Writer) int {
	started, err := execute(background, args, stdout, stderr)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "memberfee:", err)
	return exitCode(err, started, stderr)
}

// execute runs the command line args with ctx and returns its error, and
// whether the command had started when it stopped. memberfee serve runs
// the recording commands through it, exactly as typed.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer) (started bool, err error) {
	root := newRootCmd(stdout, stderr)
	s := checkBeforeRun(root)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usage(err) })
	root.SetArgs(args)
	err = root.ExecuteContext(ctx)
	return *s, err
}

// exitCode classifies the error that stopped a run. Before a command's
// RunE starts, an error is cobra's (unknown command, missing required flag,
// wrong arguments) and so a usage error unless marked a failure; once it
// has started, only an error marked usage is one.
func exitCode(err error, started bool, stderr io.Writer) int {
	var ue *usageError
	var fe *failure
	var ie *inputError
	switch {
	case errors.As(err, &ie), errors.As(err, &fe):
		return exitInput
	case errors.As(err, &ue), !started:
		fmt.Fprintln(stderr, "Run 'memberfee --help' for usage.")
		return exitUsage
	}
	return exitInput
}

// checkBeforeRun wraps the RunE of every command under root: it checks the
// flag values every command shares (checkFlags), as usage errors, and then
// records that the command started, so that what fails after that is a
// failed run, never a usage error.
func checkBeforeRun(root *cobra.Command) *bool {
	started := new(bool)
	var wrap func(c *cobra.Command)
	wrap = func(c *cobra.Command) {
		if runE := c.RunE; runE != nil {
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if err := checkFlags(cmd); err != nil {
					return usage(err)
				}
				*started = true
				return runE(cmd, args)
			}
		}
		for _, sub := range c.Commands() {
			wrap(sub)
		}
	}
	wrap(root)
	return started
}

// checkFlags checks the values of the flags that commands share and that a
// command checks only inside its run: --lang, --from with --to, --years
// and --generated.
func checkFlags(cmd *cobra.Command) error {
	flags := cmd.Flags()
	if f := flags.Lookup("lang"); f != nil {
		if _, err := report.ParseLang(f.Value.String()); err != nil {
			return fmt.Errorf("--lang: %w", err)
		}
	}
	if from, to := flags.Lookup("from"), flags.Lookup("to"); from != nil && to != nil && (from.Value.String() == "") != (to.Value.String() == "") {
		return errors.New("give both --from and --to, or neither")
	}
	if f := flags.Lookup("years"); f != nil {
		if n, err := strconv.Atoi(f.Value.String()); err != nil || n < 1 || n > 50 {
			return errors.New("--years must be between 1 and 50")
		}
	}
	if f := cmd.Root().PersistentFlags().Lookup("generated"); f != nil && f.Value.String() != "" {
		if _, err := generatedTime(cmd); err != nil {
			return err
		}
	}
	return nil
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
			return &failure{fmt.Errorf("--cpuprofile: %w", err)}
		}
		prof = f
		if err := pprof.StartCPUProfile(f); err != nil {
			return &failure{fmt.Errorf("--cpuprofile: %w", err)}
		}
		return nil
	}
	root.PersistentFlags().String("memprofile", "", "write an allocation profile (pprof) of the run to this file")
	_ = root.PersistentFlags().MarkHidden("memprofile")
	root.PersistentPostRunE = func(cmd *cobra.Command, _ []string) error {
		if path, _ := cmd.Flags().GetString("memprofile"); path != "" {
			f, err := os.Create(path)
			if err != nil {
				return fmt.Errorf("--memprofile: %w", err)
			}
			if err := errors.Join(pprof.Lookup("allocs").WriteTo(f, 0), f.Close()); err != nil {
				return fmt.Errorf("--memprofile: writing %s: %w", path, err)
			}
		}
		if prof == nil {
			return nil
		}
		pprof.StopCPUProfile()
		if err := prof.Close(); err != nil {
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		return nil
	}
	root.AddCommand(newAllocateCmd(), newBillCmd(), newCompareCmd(), newForecastCmd(), newClientsCmd(), newValidateCmd(), newVerifyCmd(), newAdoptCmd(), newIssueCmd(), newApproveCmd(), newCorrectCmd(), newLedgerCmd(), newExportCmd(), newExplainCmd(), newPolicyCmd(), newGenCmd(), newServeCmd(), newVersionCmd())
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
