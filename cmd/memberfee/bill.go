package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"memberfee/billing"
	"memberfee/chargeback"
	"memberfee/internal/outdir"
	"memberfee/report"
)

// staleSpill is the age after which a spill folder in the system's
// temporary folder (where memberfee before the output folder's staging
// area spilled) is taken for a killed run's.
const staleSpill = 24 * time.Hour

type billOptions struct {
	config, out, from, to, lang string
	strict, pdf, quiet, timings bool
}

func newBillCmd() *cobra.Command {
	o := &billOptions{}
	cmd := &cobra.Command{
		Use:   "bill --config FILE [--from DATE --to DATE] [--out DIR] [--strict]",
		Short: "Chargeback for a period: what the fee does not cover, per member and department",
		Long: `bill rates every input row of the period as charged, included (in the fee)
or rejected, and writes chargeback-<from>_<to>.xlsx (the pack), one
chargeback-<from>_<to>-<member id>.xlsx per member to send out, and
chargeback-<from>_<to>.json. Rejected rows are listed on stderr; with
--strict any rejected row makes the run exit 1.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := report.ParseLang(o.lang); err != nil {
				return err
			}
			if (o.from == "") != (o.to == "") {
				return errors.New("give both --from and --to, or neither")
			}
			return runBill(cmd, o)
		},
	}
	cmd.Flags().StringVar(&o.config, "config", "", "the config file (YAML)")
	cmd.Flags().StringVar(&o.out, "out", ".", "the folder to write the outputs to")
	cmd.Flags().StringVar(&o.from, "from", "", "first day of the period, 2025-01-01 (default billing.period.from)")
	cmd.Flags().StringVar(&o.to, "to", "", "last day of the period, 2025-12-31 (default billing.period.to)")
	cmd.Flags().StringVar(&o.lang, "lang", "sv", "the language of the workbooks: sv or en")
	cmd.Flags().BoolVar(&o.strict, "strict", false, "exit 1 if any input row is rejected")
	cmd.Flags().BoolVar(&o.pdf, "pdf", false, "also print each member's summary as a PDF to send (needs LibreOffice)")
	cmd.Flags().BoolVar(&o.quiet, "quiet", false, "show no progress on a terminal")
	cmd.Flags().BoolVar(&o.timings, "timings", false, "print how long each stage and output took on stderr")
	addLockFlag(cmd)
	_ = cmd.MarkFlagRequired("config")
	return cmd
}

func runBill(cmd *cobra.Command, o *billOptions) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	lang, _ := report.ParseLang(o.lang)
	c, err := loadForBilling(o.config)
	if err != nil {
		return err
	}
	from, to, err := chargeback.Period(c, o.from, o.to)
	if err != nil {
		return &inputError{summary: err.Error()}
	}
	out, err := openOutput(cmd, o.out)
	if err != nil {
		return err
	}
	defer out.close()
	if n, freed := chargeback.RemoveStale(os.TempDir(), staleSpill); n > 0 {
		fmt.Fprintf(stderr, "memberfee: removed %s that killed runs of an earlier memberfee left in %s (%.1f MB)\n", plural(n, "spill folder"), os.TempDir(), float64(freed)/1e6)
	}
	prog := startProgress(stderr, o.quiet)
	defer prog.finish()
	started := time.Now()
	timing := func(what string, since time.Time) {
		if o.timings {
			fmt.Fprintf(stderr, "timing: %-50s %7.2f s\n", what, time.Since(since).Seconds())
		}
	}
	// The lines wait on disk until the workbooks are written (included
	// ones only as many as the workbooks list), in the output folder's
	// staging area, so that they go with the run's staged outputs; the
	// line-detail CSV is written as they are rated.
	maxIncluded := c.Billing.IncludedLinesLimit()
	res, err := chargeback.Run(c, from, to, chargeback.Options{Spill: out.Scratch(), Row: func() { prog.rows.Add(1) },
		Detail: func(w io.Writer) chargeback.LineEncoder { return report.NewLineCSV(w) }, MaxIncluded: &maxIncluded})
	timing("read and rate", started)
	if err != nil {
		if se, ok := errors.AsType[*chargeback.SpillError](err); ok {
			return writeError(fmt.Errorf("writing to %s: %w; nothing was written", o.out, firstError(se.Err)))
		}
		var fe chargeback.FileErrors
		if errors.As(err, &fe) {
			return &inputError{summary: fmt.Sprintf("cannot read %s:", plural(len(fe), "input file")), problems: fe}
		}
		return &inputError{summary: err.Error()}
	}
	defer res.Spill.Remove()
	outdir.Pause("spilled")
	if o.strict && len(res.Summary.Rejected) > 0 {
		printRejected(stderr, res.Summary.Rejected)
		return &inputError{summary: fmt.Sprintf("--strict: %s rejected; nothing written", plural(len(res.Summary.Rejected), "row"))}
	}
	files := make([]report.ChargebackFile, len(res.Files))
	for i, f := range res.Files {
		files[i] = report.ChargebackFile{Category: f.Category, Name: f.Name, Rows: f.Rows, Read: f.Read}
	}
	js, err := report.Marshal(report.NewChargebackJSON(from, to, res.Summary, files))
	if err != nil {
		return err
	}
	stem := fmt.Sprintf("chargeback-%s_%s", from.Format(time.DateOnly), to.Format(time.DateOnly))
	rec, err := newRecord(cmd, c, stem)
	if err != nil {
		return err
	}
	rec.out = out
	for _, f := range res.Files {
		if err := rec.addInput(string(f.Category), f.Name, f.Path, f.Rows); err != nil {
			return err
		}
	}
	k := res.Summary.Counts
	rec.totals = map[string]string{"total": res.Summary.Total.StringFixed(2), "rows": fmt.Sprint(k.Rows),
		"charged": fmt.Sprint(k.Charged), "included": fmt.Sprint(k.Included), "rejected": fmt.Sprint(k.Rejected)}
	for _, m := range res.Summary.Members {
		rec.totals["member "+m.ID] = m.Total.StringFixed(2)
	}
	pack := report.ChargebackInput{Organisation: c.Organisation, From: from, To: to, Lines: res.Spill,
		Summary: res.Summary, Files: files, Rules: c.Billing, Months: res.Rules.Months, Matrix: c.Matrix(), Version: version,
		Audit: rec.audit(), LinesFile: stem + "-lines.csv"}
	// The pack and the members' workbooks, built on every core; the
	// outputs keep their order whatever order they finish in.
	books := append([]string{""}, memberIDs(res.Summary)...)
	// The line-detail CSV, the pack and the members' workbooks, on every
	// core. Each goes to its temporary file as soon as it is made; the
	// outputs appear together when the manifest is written.
	type job struct {
		name  string
		write func(io.Writer) error
	}
	jobs := []job{{stem + "-lines.csv", func(w io.Writer) error {
		if err := report.LinesCSVHeader(w); err != nil {
			return err
		}
		return res.Spill.CopyDetail(w)
	}}}
	var staged []string
	for _, id := range books {
		name := stem + ".xlsx"
		if id != "" {
			name = stem + "-" + id + ".xlsx"
		}
		staged = append(staged, filepath.Join(o.out, name))
		jobs = append(jobs, job{name, func(w io.Writer) error { return report.ChargebackBook(&pack, id, lang).Write(w) }})
	}
	prog.totalBooks.Store(int64(len(books)))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, j := range jobs {
		wg.Add(1)
		sem <- struct{}{} // in order: the longest (the CSV, the pack) first
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			begun := time.Now()
			err := rec.stageStream(j.name, j.write)
			if i < 2 {
				timing(j.name, begun)
			}
			if i > 0 {
				prog.books.Add(1)
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err // out.close removes what was staged
	}
	prog.finish()
	timing("all outputs written", started)
	s := res.Summary
	if err := rec.write(outputFile{stem + ".json", js}); err != nil {
		return err
	}

	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "member\tname\t")
	for _, cat := range billing.Categories {
		fmt.Fprintf(tw, "%s\t", cat)
	}
	fmt.Fprint(tw, "total\t\n")
	for _, m := range s.Members {
		fmt.Fprintf(tw, "%s\t%s\t", m.ID, m.Name)
		for _, cat := range billing.Categories {
			fmt.Fprintf(tw, "%s\t", m.Categories[cat].StringFixed(2))
		}
		fmt.Fprintf(tw, "%s\t\n", m.Total.StringFixed(2))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "total %s; rows %d = charged %d + included %d + rejected %d\n",
		s.Total.StringFixed(2), s.Counts.Rows, s.Counts.Charged, s.Counts.Included, s.Counts.Rejected)
	fmt.Fprintf(stdout, "wrote %s.xlsx, %s.json, %s-lines.csv and %s\n", filepath.Join(o.out, stem), filepath.Join(o.out, stem), filepath.Join(o.out, stem), plural(len(s.Members), "member workbook"))
	printRejected(stderr, s.Rejected)
	if o.pdf {
		for _, p := range staged {
			if err := printPDF(stdout, p); err != nil {
				return err
			}
		}
	}
	return nil
}

func memberIDs(s *billing.Summary) []string {
	ids := make([]string, len(s.Members))
	for i, m := range s.Members {
		ids[i] = m.ID
	}
	return ids
}

// printRejected lists rejected rows with file, row, column and reason.
func printRejected(w io.Writer, rejected []billing.Line) {
	rows := make([]rejectedRow, len(rejected))
	for i, l := range rejected {
		rows[i] = rejectedRow{l.File, l.Row, l.Column, l.Reason}
	}
	printRejections(w, "row", rows)
}

// rejectedRow is an input row that was not counted, and why.
type rejectedRow struct {
	file   string
	row    int
	column string
	reason string
}

// printRejections lists rejected rows (what names them: "row", "register
// row") with file, row, column and reason.
func printRejections(w io.Writer, what string, rows []rejectedRow) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(w, "%s rejected:\n", plural(len(rows), what))
	for _, r := range rows {
		fmt.Fprintf(w, "  %s row %d column %s: %s\n", r.file, r.row, r.column, r.reason)
	}
}
