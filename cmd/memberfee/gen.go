package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"memberfee/internal/gen"
)

func newGenCmd() *cobra.Command {
	var out, workload string
	var users int
	var scale float64
	cmd := &cobra.Command{
		Use:   "gen --workload sydnarke --out DIR",
		Short: "Write generated chargeback input files (deterministic)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var w gen.Workload
			switch workload {
			case "sydnarke":
				w = gen.Sydnarke()
				if err := gen.Write(out, w); err != nil {
					return err
				}
			case "national":
				// A folder with memberfee.yaml and its inputs in data/.
				w = gen.National(scale)
				if _, err := gen.WriteWithConfig(out, w); err != nil {
					return err
				}
				if users > 0 { // and memberfee-users.yaml, its licences from a user list
					if _, err := gen.WriteUsers(out, w, users); err != nil {
						return err
					}
				}
			default:
				return usage(fmt.Errorf("unknown workload %q (sydnarke or national)", workload))
			}
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "wrote the %s workload to %s\n", workload, out)
			return err
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the folder to write to")
	cmd.Flags().StringVar(&workload, "workload", "sydnarke", "the workload: sydnarke (the shipped example's data) or national (a folder with a config)")
	cmd.Flags().Float64Var(&scale, "scale", 1, "national: the size, 1 for a national year (1 000 000 storage rows)")
	cmd.Flags().IntVar(&users, "users", 0, "national: also write data/users.csv, a licence user list of this many users (80000 for a national year), and memberfee-users.yaml reading it")
	_ = cmd.MarkFlagRequired("out")
	return cmd
}
