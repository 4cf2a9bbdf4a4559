package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"memberfee/allocation"
)

func newValidateCmd() *cobra.Command {
	var path string
	cmd := &cobra.Command{
		Use:   "validate --config FILE",
		Short: "Check the config and its inputs; print every problem, exit 1 if any",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := loadValid(path)
			if err != nil {
				return err
			}
			// A config can pass every check of its own and still give a
			// negative pool: run the calculation too.
			if _, err := allocation.Compute(&c.Input); err != nil {
				return &inputError{summary: fmt.Sprintf("config %s has 1 problem:", path), problems: []error{err}}
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "config %s: no problems found\n", path)
			return err
		},
	}
	cmd.Flags().StringVar(&path, "config", "", "the config file (YAML)")
	_ = cmd.MarkFlagRequired("config")
	return cmd
}
