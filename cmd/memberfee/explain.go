package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"memberfee/internal/suggest"
	"memberfee/policy"
)

func newExplainCmd() *cobra.Command {
	var path string
	cmd := &cobra.Command{
		Use:   "explain [CATEGORY | CLAUSE]",
		Short: "What the member fee includes: the responsibility matrix, or one category or clause",
		Long: `explain prints the responsibility matrix (gränsdragningslista) of the policy:
the built-in one, or with --config the config's (its policy file and
responsibility_matrix). With a category (equipment, printers, storage,
support, licences, services) or a clause of the policy it says whether that
is in the fee and why; an unknown clause lists the policy's clauses.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p := policy.Default()
			if path != "" {
				c, err := loadForBilling(path)
				if err != nil {
					return err
				}
				p = c.Policy()
			}
			w := cmd.OutOrStdout()
			if len(args) == 0 {
				printMatrix(w, p.Matrix)
				return nil
			}
			return explain(w, p, args[0])
		},
	}
	cmd.Flags().StringVar(&path, "config", "", "a config whose policy (and responsibility_matrix) replaces the built-in one")
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

func explain(w io.Writer, p *policy.Policy, what string) error {
	if c, ok := p.Lookup(strings.ToLower(what)); ok {
		printCategory(w, c)
		return nil
	}
	cl, ok := p.Clause(what)
	if !ok {
		return usage(unknownClause(p, what))
	}
	fmt.Fprintf(w, "Punkt %s %s\n  %s\n", cl.ID, cl.Title, cl.InFee)
	if c, ok := p.CategoryOf(cl.ID); ok {
		printCategory(w, c)
		return nil
	}
	fmt.Fprintln(w, "In the member fee: no chargeback category cites this clause; a changed need under it is handled as an addition to the fee (utökat medlemsbidrag) or a transfer.")
	return nil
}

// unknownClause is the error of explain for what is neither a category nor
// a clause: the nearest names, then every clause of the policy with its
// title.
func unknownClause(p *policy.Policy, what string) error {
	known := append(slices.Clone(policy.Categories), p.ClauseIDs()...)
	var b strings.Builder
	fmt.Fprintf(&b, "%q is neither a category (%s) nor a clause of the policy%s; its clauses are:",
		what, strings.Join(policy.Categories, ", "), suggest.Phrase(what, known))
	width := 0
	for _, c := range p.Clauses {
		width = max(width, utf8.RuneCountInString(c.ID))
	}
	for _, c := range p.Clauses {
		fmt.Fprintf(&b, "\n  %-*s  %s", width, c.ID, c.Title)
	}
	return errors.New(b.String())
}

func printCategory(w io.Writer, c policy.Category) {
	fmt.Fprintf(w, "%s (%s), punkt %s\n", c.Title, c.Category, strings.Join(c.Clauses, ", "))
	fmt.Fprintf(w, "Not in the fee, billed to the department:\n  %s\n", c.Charged)
	fmt.Fprintf(w, "In the fee:\n  %s\n", c.Included)
	fmt.Fprintf(w, "Rule: %s\n", c.Rule)
}
