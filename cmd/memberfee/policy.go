package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"memberfee/config"
	"memberfee/policy"
)

// newPolicyCmd is `memberfee policy`: the policy as data (docs/policy.md).
func newPolicyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "The policy as data: export the built-in one to start from, check a board's own",
		Long: `The policy (what the member fee includes, the responsibility matrix and the
clause each chargeable category cites) is a YAML file; the built-in one is
Sydnärke's policy of May 2023. A config names another with policy: FILE.
The shape is described in docs/policy.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usage(errors.New("policy needs a subcommand: export or check"))
		},
	}
	cmd.AddCommand(newPolicyExportCmd(), newPolicyCheckCmd())
	return cmd
}

func newPolicyExportCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "export [--out FILE]",
		Short: "Write the built-in policy (YAML) to standard output or FILE, to start a board's own from",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			data := policy.DefaultYAML()
			if out == "" {
				_, err := cmd.OutOrStdout().Write(data)
				return err
			}
			if err := writeFileReplacing(out, data); err != nil {
				return fmt.Errorf("policy export: %w", err)
			}
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "wrote the built-in policy to %s\n", out)
			return err
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the file to write (standard output when not given)")
	return cmd
}

func newPolicyCheckCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "check FILE",
		Short: "Check a policy file: every problem with its YAML path and line (exit 1)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := config.ReadPolicy(args[0])
			if err != nil {
				var probs *policy.Problems
				if errors.As(err, &probs) {
					list := probs.Unwrap()
					return &inputError{summary: fmt.Sprintf("policy %s has %s:", args[0], plural(len(list), "problem")), problems: list}
				}
				return &inputError{summary: err.Error()}
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "policy %s is valid: %d clauses, %d components, %d tasks, %d chargeable categories (%s)\n",
				args[0], len(p.Clauses), len(p.Components), len(p.Tasks), len(p.Categories), p.Source)
			return err
		},
	}
}

// writeFileReplacing writes data to name through a temporary file in its
// folder, renamed over it once complete: a reader never sees half a file.
func writeFileReplacing(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
