package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"memberfee/allocation"
	"memberfee/config"
	"memberfee/internal/pdf"
	"memberfee/report"
)

type allocateOptions struct {
	config string
	out    string
	lang   string
	pdf    bool
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
	out, err := openOutput(cmd, o.out)
	if err != nil {
		return err
	}
	defer out.close()
	rec, err := newRecord(cmd, c, fmt.Sprintf("allocation-%d", r.Year))
	if err != nil {
		return err
	}
	rec.out = out
	rec.totals = map[string]string{"indexed_base": r.IndexedBase.String(), "pool": r.Pool.String(), "total": r.Total.String(), "next_base": r.NextBase.String()}
	base, err := rec.writeBookAndJSON(report.AllocationBook(&c.Input, r, lang, rec.audit()), report.NewAllocationJSON(&c.Input, r))
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
