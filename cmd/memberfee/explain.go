package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"memberfee/policy"
)

func newExplainCmd() *cobra.Command {
	var path string
	cmd := &cobra.Command{
		Use:   "explain [CATEGORY | CLAUSE]",
		Short: "What the member fee includes: the responsibility matrix, or one category or clause",
		Long: `explain prints the responsibility matrix (gränsdragningslista) of the policy.
With a category (equipment, printers, storage, support, licences, services)
or a clause (2.1, 5.1.1 …) it says whether that is in the fee and why.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			m := policy.Default()
			if path != "" {
				c, err := loadForBilling(path)
				if err != nil {
					return err
				}
				m = c.Matrix()
			}
			w := cmd.OutOrStdout()
			if len(args) == 0 {
				printMatrix(w, m)
				return nil
			}
			return explain(w, m, args[0])
		},
	}
	cmd.Flags().StringVar(&path, "config", "", "a config whose responsibility_matrix replaces the policy's")
	return cmd
}

func printMatrix(w io.Writer, m policy.Matrix) {
	fmt.Fprintf(w, "Gränsdragningslista — %s\n\n", m.Source)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Komponent\tDrift och underhåll\tFörvaltning\tUtveckling")
	for _, c := range m.Components {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Name, c.Operation, c.Management, c.Development)
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Övriga arbetsuppgifter\tAnsvarig")
	for _, t := range m.Tasks {
		fmt.Fprintf(tw, "%s\t%s\n", t.Name, t.Responsible)
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, n := range m.Notes {
		fmt.Fprintln(w, n)
	}
	fmt.Fprintln(w, "\nDebiteras (ingår inte i medlemsbidraget):")
	for _, c := range m.Categories {
		fmt.Fprintf(w, "  %-10s punkt %s — %s\n", c.Category, strings.Join(c.Clauses, ", "), c.Title)
	}
}

func explain(w io.Writer, m policy.Matrix, what string) error {
	if c, ok := m.Lookup(strings.ToLower(what)); ok {
		printCategory(w, c)
		return nil
	}
	cl, ok := policy.LookupClause(what)
	if !ok {
		return usage(fmt.Errorf("%q is neither a category (equipment, printers, storage, support, licences, services) nor a clause of the policy", what))
	}
	fmt.Fprintf(w, "Punkt %s %s\n  %s\n", cl.Number, cl.Title, cl.InFee)
	if c, ok := m.CategoryOf(cl.Number); ok {
		printCategory(w, c)
		return nil
	}
	fmt.Fprintln(w, "In the member fee: no chargeback category cites this clause; a changed need under it is handled as an addition to the fee (utökat medlemsbidrag) or a transfer.")
	return nil
}

func printCategory(w io.Writer, c policy.Category) {
	fmt.Fprintf(w, "%s (%s), punkt %s\n", c.Title, c.Category, strings.Join(c.Clauses, ", "))
	fmt.Fprintf(w, "Not in the fee, billed to the department:\n  %s\n", c.Charged)
	fmt.Fprintf(w, "In the fee:\n  %s\n", c.Included)
	fmt.Fprintf(w, "Rule: %s\n", c.Rule)
}
