package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"memberfee/internal/gen"
)

func newGenCmd() *cobra.Command {
	var out, workload string
	cmd := &cobra.Command{
		Use:   "gen --workload sydnarke --out DIR",
		Short: "Write generated chargeback input files (deterministic)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var w gen.Workload
			switch workload {
			case "sydnarke":
				w = gen.Sydnarke()
			default:
				return fmt.Errorf("unknown workload %q (sydnarke)", workload)
			}
			if err := gen.Write(out, w); err != nil {
				return err
			}
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "wrote the %s workload to %s\n", workload, out)
			return err
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the folder to write to")
	cmd.Flags().StringVar(&workload, "workload", "sydnarke", "the workload: sydnarke (the shipped example)")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}
