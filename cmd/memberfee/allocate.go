package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"memberfee/allocation"
	"memberfee/config"
	"memberfee/internal/pdf"
	"memberfee/policy"
	"memberfee/report"
)

type allocateOptions struct {
	config   string
	previous string
	out      string
	lang     string
	pdf      bool
}

func newAllocateCmd() *cobra.Command {
	o := &allocateOptions{}
	cmd := &cobra.Command{
		Use:   "allocate --config FILE [--out DIR]",
		Short: "Compute the annual member fee: allocation-<year>.xlsx and .json",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := report.ParseLang(o.lang); err != nil {
				return err
			}
			return runAllocate(cmd, o)
		},
	}
	cmd.Flags().StringVar(&o.config, "config", "", "the config file (YAML)")
	cmd.Flags().StringVar(&o.out, "out", ".", "the folder to write the outputs to")
	cmd.Flags().StringVar(&o.previous, "previous", "", "last year's config: adds the fee bridge (sheet Förändring, JSON bridge); default previous.config")
	cmd.Flags().StringVar(&o.lang, "lang", "sv", "the language of the workbook: sv or en")
	cmd.Flags().BoolVar(&o.pdf, "pdf", false, "also print the summary for the board as a PDF (needs LibreOffice)")
	addLockFlag(cmd)
	_ = cmd.MarkFlagRequired("config")
	return cmd
}

// loadValid reads the config and checks it, returning every problem as an
// *inputError.
func loadValid(path string) (*config.Config, error) { return load(path, (*config.Config).Validate) }

// loadForBilling reads the config and checks what the chargeback and the
// clients need of it.
func loadForBilling(path string) (*config.Config, error) {
	return load(path, (*config.Config).ValidateBilling)
}

func load(path string, validate func(*config.Config) []error) (*config.Config, error) {
	c, err := config.Load(path)
	if err != nil {
		if de, ok := err.(*config.DecodeErrors); ok {
			return nil, &inputError{summary: fmt.Sprintf("config %s has %s:", path, plural(len(de.Errs), "problem")), problems: de.Errs}
		}
		if probs, ok := err.(*policy.Problems); ok {
			return nil, &inputError{summary: fmt.Sprintf("config %s: its policy %s has %s:", path, probs.File, plural(len(probs.List), "problem")),
				problems: probs.Unwrap()}
		}
		return nil, &inputError{summary: err.Error()}
	}
	if errs := validate(c); len(errs) > 0 {
		return nil, &inputError{summary: fmt.Sprintf("config %s has %s:", path, plural(len(errs), "problem")), problems: errs}
	}
	return c, nil
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func runAllocate(cmd *cobra.Command, o *allocateOptions) error {
	stdout := cmd.OutOrStdout()
	lang, _ := report.ParseLang(o.lang)
	c, err := loadValid(o.config)
	if err != nil {
		return err
	}
	r, err := allocation.Compute(&c.Input)
	if err != nil {
		return &inputError{summary: fmt.Sprintf("config %s: %v", o.config, err)}
	}
	prevPath := c.PreviousPath(o.previous)
	bridge, err := computeBridge(cmd, o.config, prevPath, c)
	if err != nil {
		return err
	}
	out, err := openOutput(cmd, o.out)
	if err != nil {
		return err
	}
	defer out.close()
	rec, err := newRecord(cmd, c, fmt.Sprintf("allocation-%d", r.Year))
	if err != nil {
		return err
	}
	if bridge != nil {
		if err := rec.addInput("previous", prevPath, prevPath, 0); err != nil {
			return err
		}
	}
	rec.out = out
	rec.totals = map[string]string{"indexed_base": r.IndexedBase.String(), "pool": r.Pool.String(), "total": r.Total.String(), "next_base": r.NextBase.String()}
	j := report.NewAllocationJSON(&c.Input, r)
	if bridge != nil {
		j.Bridge = report.NewBridgeJSON(bridge)
		rec.totals["bridge_change"] = bridge.Total.Change().String()
	}
	base, err := rec.writeBookAndJSON(report.AllocationBookWithBridge(&c.Input, r, bridge, lang, rec.audit()), j)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "member\tname\tallocated\tadditions\tvolume\tfee\t\n")
	for _, m := range r.Members {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", m.ID, m.Name, m.Allocated.Decimal().StringFixed(r.Places),
			m.Additions.Decimal().StringFixed(r.Places), m.Volume.Decimal().StringFixed(r.Places), m.Fee.Decimal().StringFixed(r.Places))
	}
	fmt.Fprintf(tw, "\ttotal\t%s\t\t\t%s\t\n", r.Pool.StringFixed(r.Places), r.Total.StringFixed(r.Places))
	if err := tw.Flush(); err != nil {
		return err
	}
	if bridge != nil {
		if err := printBridge(stdout, bridge); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintf(stdout, "wrote %s.xlsx and %s.json\n", base, base)
	if err == nil && o.pdf {
		err = printPDF(stdout, base+".xlsx")
	}
	return err
}

// printPDF prints a workbook's summary to a PDF beside it.
func printPDF(w io.Writer, xlsx string) error {
	path, err := pdf.FirstPage(xlsx)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "wrote %s\n", path)
	return err
}

// computeBridge loads last year's config at path (none when path is empty)
// and validates it like any config, then computes the fee bridge from it to
// c. A previous year that is not c's year − 1 is a warning on stderr (and
// on the sheet), not an error: a board may skip a year.
//
// The ledger seam: when path is empty, this is where last year's adopted
// config will be looked up in the ledger (see config.PreviousPath), once
// adopt records the config itself and not only its hash.
func computeBridge(cmd *cobra.Command, configPath, path string, c *config.Config) (*allocation.Bridge, error) {
	if path == "" {
		return nil, nil
	}
	prev, err := loadValid(path)
	if err != nil {
		return nil, err
	}
	b, err := allocation.ComputeBridge(&prev.Input, &c.Input)
	if err != nil {
		return nil, &inputError{summary: fmt.Sprintf("the fee bridge from %s to %s: %v", path, configPath, err)}
	}
	if b.YearGap() {
		fmt.Fprintf(cmd.ErrOrStderr(), "memberfee: warning: last year's config %s is of %d, not %d: the bridge spans %d years\n",
			path, b.PreviousYear, b.Year-1, b.Year-b.PreviousYear)
	}
	return b, nil
}

// printBridge prints each member's bridge: last year's fee, the steps, this
// year's fee.
func printBridge(w io.Writer, b *allocation.Bridge) error {
	places := max(b.Results[0].Places, b.Results[len(b.Results)-1].Places)
	fmt.Fprintf(w, "\nthe fee bridge from %d:\n", b.PreviousYear)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "member\tprevious\t")
	for _, id := range allocation.BridgeSteps {
		fmt.Fprintf(tw, "%s\t", id)
	}
	fmt.Fprintf(tw, "fee\t\n")
	row := func(id string, m *allocation.BridgeMember) {
		fmt.Fprintf(tw, "%s\t%s\t", id, m.Previous.StringFixed(places))
		for _, s := range m.Steps {
			fmt.Fprintf(tw, "%s\t", s.StringFixed(places))
		}
		fmt.Fprintf(tw, "%s\t\n", m.Fee.StringFixed(places))
	}
	for i := range b.Members {
		row(b.Members[i].ID, &b.Members[i])
	}
	row("total", &b.Total)
	return tw.Flush()
}
