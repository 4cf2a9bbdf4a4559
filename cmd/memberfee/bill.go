package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"memberfee/billing"
	"memberfee/billrun"
	"memberfee/chargeback"
	"memberfee/internal/outdir"
	"memberfee/ledger"
	"memberfee/report"
)

// staleSpill is the age after which a spill folder in the system's
// temporary folder (where memberfee before the output folder's staging
// area spilled) is taken for a killed run's.
const staleSpill = 24 * time.Hour

type billOptions struct {
	config, out, from, to, lang, ledger string
	csv                                 string // the lines CSV's dialect: excel, rfc4180, or "" for the config's
	strict, pdf, quiet, timings         bool
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
			if _, err := report.ParseCSVDialect(o.csv); err != nil {
				return usage(err)
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
	addCSVFlag(cmd, &o.csv)
	cmd.Flags().BoolVar(&o.strict, "strict", false, "exit 1 if any input row is rejected")
	cmd.Flags().BoolVar(&o.pdf, "pdf", false, "also print each member's summary as a PDF to send (needs LibreOffice)")
	cmd.Flags().BoolVar(&o.quiet, "quiet", false, "show no progress on a terminal")
	cmd.Flags().BoolVar(&o.timings, "timings", false, "print how long each stage and output took on stderr")
	cmd.Flags().StringVar(&o.ledger, "ledger", "", "the ledger to draft against (default ledger.path, or memberfee.db beside the config, when it exists)")
	addLockFlag(cmd)
	_ = cmd.MarkFlagRequired("config")
	return cmd
}

// fileExists reports whether path names something.
func fileExists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func runBill(cmd *cobra.Command, o *billOptions) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	lang, _ := report.ParseLang(o.lang)
	c, err := loadForBilling(o.config)
	if err != nil {
		return err
	}
	from, to, err := chargeback.Period(c.Billing.Period, o.from, o.to)
	if err != nil {
		return &inputError{summary: err.Error()}
	}
	// With a ledger, bill is the draft: rows of periods issued before are
	// outside, as issue would count them, and a period that overlaps
	// issued documents says so.
	var covered []billing.Covered
	var draft []string
	if path := c.LedgerPath(o.ledger); o.ledger != "" || fileExists(path) {
		l, err := openLedger(c, &ledgerFlags{ledger: o.ledger}, true)
		if err != nil {
			return err
		}
		state, err := readLedgerState(l)
		l.Close()
		if err != nil {
			return ledgerError(path, err)
		}
		period := ledger.Period{From: from, To: to}
		covered = issuedPeriods(state.docs, period)
		if over := state.overlapping(period); len(over) > 0 {
			for _, d := range over {
				draft = append(draft, d.Number)
			}
			fmt.Fprintf(stderr, "memberfee: draft only: %s – %s overlaps documents already issued (%s); what changed since is shown by memberfee correct --dry-run --from %s --to %s\n",
				from.Format(time.DateOnly), to.Format(time.DateOnly), numbers(over, 6), over[0].Period.From.Format(time.DateOnly), over[0].Period.To.Format(time.DateOnly))
		}
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
	// The lines wait in the output folder's staging area, so that they go
	// with the run's staged outputs.
	bill, err := billrun.Rate(billrun.Input{Billing: c.Billing, Members: c.BillingMembers(), Resolve: c.Resolve,
		From: from, To: to, Scratch: out.Scratch(), Row: func() { prog.rows.Add(1) }, Covered: covered, CSV: o.csv})
	timing("read and rate", started)
	if err != nil {
		if we, ok := errors.AsType[*billrun.WriteError](err); ok {
			return writeError(fmt.Errorf("writing to %s: %w; nothing was written", o.out, firstError(we.Err)))
		}
		var fe chargeback.FileErrors
		if errors.As(err, &fe) {
			return &inputError{summary: fmt.Sprintf("cannot read %s:", plural(len(fe), "input file")), problems: fe}
		}
		return &inputError{summary: err.Error()}
	}
	defer bill.Remove()
	outdir.Pause("spilled")
	s := bill.Summary
	if o.strict && len(s.Rejected) > 0 {
		printRejected(stderr, s.Rejected)
		return &inputError{summary: fmt.Sprintf("--strict: %s rejected; nothing written", plural(len(s.Rejected), "row"))}
	}
	js, err := bill.JSON()
	if err != nil {
		return err
	}
	rec, err := newRecord(cmd, c, bill.Stem)
	if err != nil {
		return err
	}
	rec.out = out
	if err := rec.addBillInputs(bill); err != nil {
		return err
	}
	rec.totals = bill.Totals()
	err = bill.Write(rec, billrun.Books{Organisation: c.Organisation, Matrix: c.Matrix(), Version: version, Audit: rec.audit(), Lang: lang, DraftOverlaps: draft},
		billrun.Hooks{Books: func(n int) { prog.totalBooks.Store(int64(n)) }, Book: func() { prog.books.Add(1) }, Took: timing})
	if err != nil {
		return err // out.close removes what was staged
	}
	prog.finish()
	timing("all outputs written", started)
	if err := rec.write(outputFile{bill.Stem + ".json", js}); err != nil {
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
	printCounts(stdout, s, covered)
	stem := filepath.Join(o.out, bill.Stem)
	fmt.Fprintf(stdout, "wrote %s.xlsx, %s.json, %s-lines.csv and %s\n", stem, stem, stem, plural(len(s.Members), "member workbook"))
	printRejected(stderr, s.Rejected)
	if o.pdf {
		for _, name := range bill.Books() {
			if err := printPDF(stdout, filepath.Join(o.out, name)); err != nil {
				return err
			}
		}
	}
	return nil
}

// addCSVFlag adds --csv, the line-detail CSV's dialect, to bill and issue.
func addCSVFlag(cmd *cobra.Command, csv *string) {
	cmd.Flags().StringVar(csv, "csv", "", "the lines CSV's dialect: excel (Swedish Excel: ';', decimal comma, UTF-8 with BOM) or rfc4180 (RFC 4180 for programs: ',', a decimal point, no BOM) (default billing.lines_csv, else excel)")
}

// printCounts prints the period's total and what became of its rows;
// covered are the issued periods (issuedPeriods), to name for each the
// correction to run, its outside rows those of members with a document
// there or none.
func printCounts(w io.Writer, s *billing.Summary, covered []billing.Covered) {
	defer func() { // after the counts: the rejected rows that take a licence excess with them
		for _, x := range s.Warnings {
			fmt.Fprintf(w, "warning: %s\n", x.English())
		}
		if u := s.LicenceUsers; u != nil && len(u.Unbilled) > 0 {
			fmt.Fprintf(w, "licences not billed (not in billing.licences.names): %s\n", u.UnbilledText())
		}
	}()
	k := s.Counts
	if !s.CountsOutside {
		fmt.Fprintf(w, "total %s; rows %d = charged %d + included %d + rejected %d\n", s.Total.StringFixed(2), k.Rows, k.Charged, k.Included, k.Rejected)
		return
	}
	fmt.Fprintf(w, "total %s; rows %d = charged %d + included %d + rejected %d + outside %d\n", s.Total.StringFixed(2), k.Rows, k.Charged, k.Included, k.Rejected, k.Outside)
	if k.Outside == 0 {
		return
	}
	// The outside rows by the issued period they are dated in (each names
	// its member's document there, or none when its member has none).
	type issued struct {
		rows, none int
		docs       []string
	}
	by := make([]issued, len(covered))
	for _, o := range s.Outside {
		for i, p := range covered {
			if !p.Contains(o.Date) {
				continue
			}
			by[i].rows++
			switch {
			case o.Document == "":
				by[i].none++
			case !slices.Contains(by[i].docs, o.Document):
				by[i].docs = append(by[i].docs, o.Document)
			}
			break
		}
	}
	fmt.Fprintf(w, "%s dated outside the period: counted, not billed; each is listed (file, row, date) in the JSON's outside[] and the lines CSV\n", plural(k.Outside, "row"))
	order := make([]int, len(covered)) // earliest first
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return covered[a].From.Compare(covered[b].From) })
	for _, i := range order {
		p := covered[i]
		if by[i].rows == 0 {
			continue
		}
		from, to := p.From.Format(time.DateOnly), p.To.Format(time.DateOnly)
		var as []string
		if n := len(by[i].docs); n > 0 {
			slices.Sort(by[i].docs)
			as = append(as, "as "+strings.Join(by[i].docs[:min(n, 6)], ", "))
			if n > 6 {
				as[0] += fmt.Sprintf(" … (%d documents)", n)
			}
		}
		if by[i].none > 0 {
			as = append(as, fmt.Sprintf("%s with no document of its member there", plural(by[i].none, "row")))
		}
		fmt.Fprintf(w, "  %s in %s – %s, already issued (%s): should any be new or changed there, run memberfee correct --from %s --to %s (with a fresh export of that period, or the running file)\n",
			plural(by[i].rows, "row"), from, to, strings.Join(as, "; "), from, to)
	}
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
