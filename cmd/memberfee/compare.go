package main

import (
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"memberfee/allocation"
	"memberfee/config"
	"memberfee/internal/numtext"
	"memberfee/report"
)

type compareOptions struct {
	config, out, lang string
	scenarios         []string
	bridge            bool
}

func newCompareCmd() *cobra.Command {
	o := &compareOptions{}
	cmd := &cobra.Command{
		Use:   "compare --config FILE [--scenario ID ...] [--out DIR]",
		Short: "Scenarios side by side: compare-<year>.xlsx and .json",
		Long: `compare computes the baseline (the config itself) and each scenario of the
config (or those named with --scenario), each a piece of config deep-merged
over the base, and writes what each costs each member against the baseline.`,
		// Scenario ids may also follow the flags: --scenario a b.
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := report.ParseLang(o.lang); err != nil {
				return err
			}
			o.scenarios = append(o.scenarios, args...)
			return runCompare(cmd, o)
		},
	}
	cmd.Flags().StringVar(&o.config, "config", "", "the config file (YAML)")
	cmd.Flags().StringVar(&o.out, "out", ".", "the folder to write the outputs to")
	cmd.Flags().StringVar(&o.lang, "lang", "sv", "the language of the workbook: sv or en")
	cmd.Flags().BoolVar(&o.bridge, "bridge", false, "add each scenario's fee bridge from the baseline to the JSON")
	cmd.Flags().StringSliceVar(&o.scenarios, "scenario", nil, "scenarios to compare: --scenario a --scenario b, --scenario a,b or --scenario a b (default all)")
	addLockFlag(cmd)
	_ = cmd.MarkFlagRequired("config")
	return cmd
}

// scenarioResults computes the baseline and the scenarios ids (all when
// empty).
func scenarioResults(c *config.Config, ids []string) ([]report.ScenarioResult, error) {
	if len(ids) == 0 {
		ids = c.ScenarioIDs()[1:]
	}
	ids = append([]string{config.Baseline}, ids...)
	var out []report.ScenarioResult
	var problems []error
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		sc, err := c.Scenario(id)
		if err != nil {
			if multi, ok := err.(interface{ Unwrap() []error }); ok {
				problems = append(problems, multi.Unwrap()...)
			} else {
				problems = append(problems, err)
			}
			continue
		}
		r, err := allocation.Compute(&sc.Input)
		if err != nil {
			problems = append(problems, fmt.Errorf("scenario %s: %w", id, err))
			continue
		}
		out = append(out, report.ScenarioResult{ID: id, Name: c.ScenarioName(id), Input: &sc.Input, Result: r})
	}
	if len(problems) > 0 {
		return nil, &inputError{summary: fmt.Sprintf("config %s has %s in its scenarios:", c.Path, plural(len(problems), "problem")), problems: problems}
	}
	return out, nil
}

func runCompare(cmd *cobra.Command, o *compareOptions) error {
	stdout := cmd.OutOrStdout()
	lang, _ := report.ParseLang(o.lang)
	c, err := loadValid(o.config)
	if err != nil {
		return err
	}
	results, err := scenarioResults(c, o.scenarios)
	if err != nil {
		return err
	}
	out, err := openOutput(cmd, o.out)
	if err != nil {
		return err
	}
	defer out.close()
	rec, err := newRecord(cmd, c, fmt.Sprintf("compare-%d", c.Year))
	if err != nil {
		return err
	}
	rec.out = out
	for _, s := range results {
		rec.totals["total "+s.ID] = s.Result.Total.String()
	}
	j := report.NewCompareJSON(results)
	if o.bridge {
		for i, sc := range results[1:] {
			b, err := allocation.ComputeBridge(results[0].Input, sc.Input)
			if err != nil {
				return &inputError{summary: fmt.Sprintf("config %s: the bridge of scenario %s from the baseline: %v", c.Path, sc.ID, err)}
			}
			j.Scenarios[i+1].Bridge = report.NewBridgeJSON(b)
		}
	}
	base, err := rec.writeBookAndJSON(report.CompareBook(results, c.Policy().Baseline(string(lang)), lang, rec.audit()), j)
	if err != nil {
		return err
	}
	if err := compareTable(stdout, results); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "wrote %s.xlsx and %s.json\n", base, base)
	return err
}

// compareTable prints the fees side by side: the baseline's fee, then each
// scenario's fee and its difference to the baseline, under two heading
// lines (the scenario's id, then what each column is), with thousands
// separators; then each scenario's name.
func compareTable(w io.Writer, results []report.ScenarioResult) error {
	num := numtext.English
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "\t\t")
	for _, s := range results {
		if s.ID == config.Baseline {
			fmt.Fprintf(tw, "%s\t", s.ID)
		} else {
			fmt.Fprintf(tw, "%s\t\t", s.ID)
		}
	}
	fmt.Fprint(tw, "\nmember\tname\t")
	for _, s := range results {
		if s.ID == config.Baseline {
			fmt.Fprint(tw, "fee\t")
		} else {
			fmt.Fprint(tw, "fee\tdifference\t")
		}
	}
	fmt.Fprint(tw, "\n")
	for i, m := range results[0].Result.Members {
		fmt.Fprintf(tw, "%s\t%s\t", m.ID, m.Name)
		for _, s := range results {
			mf := s.Result.Members[i]
			fee := mf.Fee.Decimal()
			fmt.Fprintf(tw, "%s\t", num.Number(fee, s.Result.Places, false))
			if s.ID != config.Baseline {
				fmt.Fprintf(tw, "%s\t", num.Number(fee.Sub(m.Fee.Decimal()), s.Result.Places, true))
			}
		}
		fmt.Fprint(tw, "\n")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// What each scenario is, by its name in the config.
	lw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range results {
		if s.Name != "" && s.Name != s.ID {
			fmt.Fprintf(lw, "  %s\t%s\n", s.ID, s.Name)
		}
	}
	return lw.Flush()
}

func newForecastCmd() *cobra.Command {
	var path, out, langFlag string
	var years int
	var bridge bool
	cmd := &cobra.Command{
		Use:   "forecast --config FILE --years N [--out DIR]",
		Short: "The fee for the coming years: forecast-<first>-<last>.xlsx and .json",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			lang, err := report.ParseLang(langFlag)
			if err != nil {
				return err
			}
			if years < 1 || years > 50 {
				return errors.New("--years must be between 1 and 50")
			}
			c, err := loadValid(path)
			if err != nil {
				return err
			}
			rs, err := allocation.Forecast(&c.Input, years, c.Forecast)
			if err != nil {
				return &inputError{summary: fmt.Sprintf("config %s: %v", path, err)}
			}
			o, err := openOutput(cmd, out)
			if err != nil {
				return err
			}
			defer o.close()
			rec, err := newRecord(cmd, c, fmt.Sprintf("forecast-%d-%d", rs[0].Year, rs[len(rs)-1].Year))
			if err != nil {
				return err
			}
			rec.out = o
			for _, r := range rs {
				rec.totals[fmt.Sprintf("total %d", r.Year)] = r.Total.String()
			}
			j := report.NewForecastJSON(rs)
			if bridge {
				bs, err := allocation.ForecastBridges(&c.Input, years, c.Forecast)
				if err != nil {
					return &inputError{summary: fmt.Sprintf("config %s: %v", path, err)}
				}
				for t, b := range bs {
					j.Years[t+1].Bridge = report.NewBridgeJSON(b)
				}
			}
			base, err := rec.writeBookAndJSON(report.ForecastBook(rs, lang, rec.audit()), j)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprint(tw, "member\tname\t")
			for _, r := range rs {
				fmt.Fprintf(tw, "%d\t", r.Year)
			}
			fmt.Fprint(tw, "\n")
			for i, m := range rs[0].Members {
				fmt.Fprintf(tw, "%s\t%s\t", m.ID, m.Name)
				for _, r := range rs {
					fmt.Fprintf(tw, "%s\t", numtext.English.Number(r.Members[i].Fee.Decimal(), r.Places, false))
				}
				fmt.Fprint(tw, "\n")
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			_, err = fmt.Fprintf(w, "wrote %s.xlsx and %s.json\n", base, base)
			return err
		},
	}
	cmd.Flags().StringVar(&path, "config", "", "the config file (YAML)")
	cmd.Flags().IntVar(&years, "years", 5, "the number of years, the config's year first")
	cmd.Flags().BoolVar(&bridge, "bridge", false, "add each year's fee bridge from the year before to the JSON")
	cmd.Flags().StringVar(&out, "out", ".", "the folder to write the outputs to")
	cmd.Flags().StringVar(&langFlag, "lang", "sv", "the language of the workbook: sv or en")
	addLockFlag(cmd)
	_ = cmd.MarkFlagRequired("config")
	return cmd
}
