package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"memberfee/config"
	"memberfee/issuing"
	"memberfee/ledger"
	"memberfee/report"
)

type correctOptions struct {
	ledgerFlags
	config, out, from, to, reason, lang string
	dryRun, allowRejected, quiet        bool
}

func newCorrectCmd() *cobra.Command {
	o := &correctOptions{}
	cmd := &cobra.Command{
		Use:   "correct --config FILE --from DATE --to DATE --reason TEXT --by NAME [--out DIR] [--dry-run]",
		Short: "Correct an issued period openly: re-rate it and record the difference per member as numbered correction documents",
		Long: `correct re-rates an issued period from the inputs as they are now and
compares it line by line with what was issued (with every earlier correction):
each member with a difference gets one correction document citing the
document it corrects, with the added, removed and changed lines (old, new,
difference), a workbook correction-<number>.xlsx and corrections-<from>_<to>.json.
Nothing issued is changed. With --dry-run it shows the difference and records
nothing. Nothing to correct: it says so, records nothing, and exits 0.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := report.ParseLang(o.lang); err != nil {
				return err
			}
			if !o.dryRun {
				if err := o.checkBy(); err != nil {
					return err
				}
				if strings.TrimSpace(o.reason) == "" {
					return usage(errors.New("--reason needs the reason of the correction: it stands on the documents"))
				}
			}
			if o.from == "" || o.to == "" {
				return usage(errors.New("give the issued period to correct with --from and --to"))
			}
			return runCorrect(cmd, o)
		},
	}
	addLedgerFlag(cmd, &o.ledgerFlags)
	cmd.Flags().StringVar(&o.by, "by", "", "who records the correction")
	cmd.Flags().StringVar(&o.date, "date", "", "the date of issue, 2025-04-05 (default today in Europe/Stockholm)")
	cmd.Flags().StringVar(&o.config, "config", "", "the config file (YAML)")
	cmd.Flags().StringVar(&o.out, "out", ".", "the folder to write the outputs to")
	cmd.Flags().StringVar(&o.from, "from", "", "first day of the issued period")
	cmd.Flags().StringVar(&o.to, "to", "", "last day of the issued period")
	cmd.Flags().StringVar(&o.reason, "reason", "", "why the period is corrected")
	cmd.Flags().StringVar(&o.lang, "lang", "sv", "the language of the workbooks: sv or en")
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "show the line-level difference, record and write nothing")
	cmd.Flags().BoolVar(&o.allowRejected, "allow-rejected", false, "correct although rows are rejected now")
	cmd.Flags().BoolVar(&o.quiet, "quiet", false, "show no progress on a terminal")
	addLockFlag(cmd)
	_ = cmd.MarkFlagRequired("config")
	return cmd
}

func runCorrect(cmd *cobra.Command, o *correctOptions) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	lang, _ := report.ParseLang(o.lang)
	lp, err := openLedgerPeriod(&o.ledgerFlags, o.config, o.from, o.to, o.dryRun)
	if err != nil {
		return err
	}
	defer lp.l.Close()
	c, l, state, period, from, to, date := lp.c, lp.l, lp.state, lp.period, lp.from, lp.to, lp.date
	if err := checkLedger(l)(); err != nil {
		return err
	}
	issued, err := periodDocuments(state, period)
	if err != nil {
		return err
	}
	if err := l.View(background, func(tx *ledger.Tx) error {
		for i := range issued {
			var err error
			if issued[i].Lines, err = tx.Lines(issued[i].Number); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return ledgerError(l.Path(), err)
	}
	bill, done, err := lp.rateAside(stderr, "correct", o.quiet)
	if err != nil {
		return err
	}
	defer done()
	if n := len(bill.Summary.Rejected); n > 0 && !o.allowRejected {
		printRejected(stderr, bill.Summary.Rejected)
		return &inputError{summary: fmt.Sprintf("%s rejected: nothing was corrected; correct the inputs, or give --allow-rejected", plural(n, "row")), refusal: refusedRejected}
	}
	rec, err := newRecord(cmd, c, fmt.Sprintf("corrections-%s_%s", from.Format(time.DateOnly), to.Format(time.DateOnly)))
	if err != nil {
		return err
	}
	if err := rec.addBillInputs(bill); err != nil {
		return err
	}
	inputs, cfgHash := rec.ledgerInputs()
	stamp := issuing.Stamp{IssueDate: date, IssuedBy: o.by, PaymentTermsDays: c.PaymentTerms()}
	fresh := issuing.Chargebacks(bill.Result, stamp, inputs, cfgHash, o.allowRejected)
	docs, err := issuing.Corrections(period, issued, fresh, o.reason, inputs, cfgHash, stamp)
	if err != nil {
		return &inputError{summary: err.Error()}
	}
	if len(docs) == 0 {
		fmt.Fprintf(stdout, "nothing to correct: %s – %s rated now equals what was issued (%s), line by line; nothing was recorded\n",
			from.Format(time.DateOnly), to.Format(time.DateOnly), numbers(issued, 6))
		return nil
	}
	if o.dryRun {
		printCorrections(stdout, docs)
		fmt.Fprintf(stdout, "--dry-run: %s would be recorded; nothing was recorded\n", plural(len(docs), "correction document"))
		return nil
	}
	out, err := openOutput(cmd, o.out)
	if err != nil {
		return err
	}
	defer out.close()
	rec.out = out
	err = l.Record(background, func(tx *ledger.Tx) error {
		now, err := tx.Overlapping(period)
		if err != nil {
			return err
		}
		if numbers(now, len(now)) != numbers(issued, len(issued)) {
			return fmt.Errorf("%w: %s – %s was issued or corrected by another run while this one rated it (now %s); run correct again",
				ledger.ErrConflict, from.Format(time.DateOnly), to.Format(time.DateOnly), numbers(now, 6))
		}
		files := []outputFile{}
		for i := range docs {
			if err := tx.Add(&docs[i]); err != nil {
				return err
			}
			book, err := report.CorrectionBook(&report.CorrectionInput{Organisation: c.Organisation, Name: memberName(c, docs[i].Member), Document: &docs[i], Audit: rec.audit()}, lang)
			if err != nil {
				return err
			}
			b, err := book.Bytes()
			if err != nil {
				return err
			}
			files = append(files, outputFile{"correction-" + docs[i].Number + ".xlsx", b})
		}
		cj, err := report.NewCorrectionsJSON(docs)
		if err != nil {
			return err
		}
		js, err := report.Marshal(cj)
		if err != nil {
			return err
		}
		rec.totals = map[string]string{"documents": numbers(docs, len(docs))}
		return rec.stageAll(append(files, outputFile{rec.key + ".json", js})...)
	})
	if err != nil {
		return ledgerError(l.Path(), err)
	}
	if err := rec.commit(); err != nil {
		return fmt.Errorf("%s recorded in %s, but the outputs could not be written: %w; `memberfee ledger export` shows them", plural(len(docs), "correction"), l.Path(), err)
	}
	printCorrections(stdout, docs)
	fmt.Fprintf(stdout, "recorded %s in %s; nothing issued was changed (a correction is itself corrected by running correct again)\n", plural(len(docs), "correction document"), l.Path())
	return nil
}

// periodDocuments returns the chargebacks and corrections issued for
// exactly p, refusing a period never issued or one that only overlaps
// issued ones.
func periodDocuments(s ledgerState, p ledger.Period) ([]ledger.Document, error) {
	over := s.overlapping(p)
	var same, other []ledger.Document
	for _, d := range over {
		if d.Period.Equal(p) {
			same = append(same, d)
		} else {
			other = append(other, d)
		}
	}
	switch {
	case len(other) > 0:
		return nil, &inputError{summary: fmt.Sprintf("%s – %s is not the period of %s (%s – %s): a correction re-rates an issued period whole; give its --from and --to",
			p.From.Format(time.DateOnly), p.To.Format(time.DateOnly), numbers(other, 6), other[0].Period.From.Format(time.DateOnly), other[0].Period.To.Format(time.DateOnly))}
	case len(same) == 0:
		return nil, &inputError{summary: fmt.Sprintf("%s – %s has never been issued, so there is nothing to correct: bill it as a draft, or issue it; nothing was recorded",
			p.From.Format(time.DateOnly), p.To.Format(time.DateOnly))}
	}
	return same, nil
}

// printCorrections shows each correction document and its lines: change,
// category, key, old, new and difference.
func printCorrections(w io.Writer, docs []ledger.Document) {
	for _, d := range docs {
		number := d.Number
		if number == "" {
			number = "(to be numbered)"
		}
		corrects := d.Corrects
		if corrects == "" {
			corrects = "none (no chargeback for this member in the period)"
		}
		fmt.Fprintf(w, "correction %s for member %s, corrects %s: %s\n", number, d.Member, corrects, d.Total.StringFixed(2))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprint(tw, "  change\tcategory\tline\told\tnew\tdifference\n")
		_ = d.EachLine(func(l *ledger.Line) error {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", l.Change, l.Category, l.Key, l.Old.StringFixed(2), l.New.StringFixed(2), l.Amount.StringFixed(2))
			return nil
		})
		tw.Flush()
	}
}

// memberName is the member's name as the config gives it.
func memberName(c *config.Config, id string) string {
	for _, m := range c.Members {
		if m.ID == id {
			return m.Name
		}
	}
	return ""
}
