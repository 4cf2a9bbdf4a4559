package main

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"memberfee/allocation"
	"memberfee/issuing"
	"memberfee/ledger"
	"memberfee/report"
)

type adoptOptions struct {
	ledgerFlags
	config, reason string
	revise         bool
}

func newAdoptCmd() *cobra.Command {
	o := &adoptOptions{}
	cmd := &cobra.Command{
		Use:   "adopt --config FILE --by NAME [--revise --reason TEXT] [--date DATE]",
		Short: "Record the year's allocation as adopted (fastställd): each member's fee and its installments with due dates",
		Long: `adopt computes the year's allocation as allocate does and records it in the
ledger as decided: each member's fee, its installments and their due dates
(fee.due_dates, or the last day of each installment's first month).

A year is adopted once. Adopting it again needs --revise --reason TEXT: the
installments already issued stay as they are, and the remaining ones are
split again (largest remainder, earliest first) so that issued + remaining =
the new fee.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.checkBy(); err != nil {
				return err
			}
			if o.revise != (strings.TrimSpace(o.reason) != "") {
				return usage(errors.New("--revise and --reason go together: a revision says why"))
			}
			return runAdopt(cmd, o)
		},
	}
	addRecordingFlags(cmd, &o.ledgerFlags)
	cmd.Flags().StringVar(&o.config, "config", "", "the config file (YAML)")
	cmd.Flags().BoolVar(&o.revise, "revise", false, "adopt an already adopted year again (with --reason)")
	cmd.Flags().StringVar(&o.reason, "reason", "", "why the year is adopted again")
	_ = cmd.MarkFlagRequired("config")
	return cmd
}

func runAdopt(cmd *cobra.Command, o *adoptOptions) error {
	stdout := cmd.OutOrStdout()
	date, err := o.issueDate()
	if err != nil {
		return err
	}
	c, err := loadValid(o.config)
	if err != nil {
		return err
	}
	res, err := allocation.Compute(&c.Input)
	if err != nil {
		return &inputError{summary: fmt.Sprintf("config %s: %v", o.config, err)}
	}
	rec, err := newRecord(cmd, c, "adopt")
	if err != nil {
		return err
	}
	_, cfgHash := rec.ledgerInputs()
	l, err := openLedger(c, &o.ledgerFlags, false)
	if err != nil {
		return err
	}
	defer l.Close()
	if err := checkLedger(l)(); err != nil {
		return err
	}
	var a ledger.Adoption
	var prev *ledger.Adoption
	err = l.Record(background, func(tx *ledger.Tx) error {
		var err error
		prev, err = tx.Adoption(res.Year)
		if err != nil {
			return err
		}
		switch {
		case prev != nil && !o.revise:
			return &inputError{summary: fmt.Sprintf("%d is already adopted (revision %d, by %s on %s): nothing was recorded; to adopt it again, give --revise --reason TEXT",
				res.Year, prev.Revision, prev.AdoptedBy, prev.Date.Format(time.DateOnly))}
		case prev == nil && o.revise:
			return &inputError{summary: fmt.Sprintf("%d has not been adopted, so there is nothing to revise: run memberfee adopt without --revise; nothing was recorded", res.Year)}
		case prev == nil:
			a, err = issuing.Adopt(res, c.DueDates(), o.by, date, cfgHash)
			if err != nil {
				return &inputError{summary: fmt.Sprintf("%d cannot be adopted: %v; nothing was recorded", res.Year, err)}
			}
		default:
			fees, err := tx.Documents(ledger.Filter{Kind: ledger.Fee})
			if err != nil {
				return err
			}
			issued := map[string]map[int]bool{}
			for _, d := range fees {
				if d.Period.From.Year() != res.Year {
					continue
				}
				if issued[d.Member] == nil {
					issued[d.Member] = map[int]bool{}
				}
				issued[d.Member][d.Installment] = true
			}
			a, err = issuing.Revise(prev, issued, res, c.DueDates(), o.by, date, o.reason, cfgHash)
			if err != nil {
				return &inputError{summary: fmt.Sprintf("%d cannot be revised: %v; nothing was recorded", res.Year, err)}
			}
		}
		return tx.Adopt(&a)
	})
	if err != nil {
		return ledgerError(l.Path(), err)
	}
	printAdoption(stdout, &a, res.Places)
	fmt.Fprintf(stdout, "recorded the adoption of %d (revision %d, by %s) in %s\n", a.Year, a.Revision, a.AdoptedBy, l.Path())
	fmt.Fprintf(stdout, "issue an installment with memberfee issue --config %s --installment 1 --by NAME; an adoption is never changed: a new decision is recorded with --revise --reason\n", o.config)
	return nil
}

// printAdoption lists each member's fee and installments.
func printAdoption(w interface{ Write([]byte) (int, error) }, a *ledger.Adoption, places int32) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "member\tname\tfee\t")
	if len(a.Members) > 0 {
		for _, in := range a.Members[0].Installments {
			fmt.Fprintf(tw, "%d: %s\t", in.K, in.DueDate.Format(time.DateOnly))
		}
	}
	fmt.Fprint(tw, "\n")
	for _, m := range a.Members {
		fmt.Fprintf(tw, "%s\t%s\t%s\t", m.Member, m.Name, m.Fee.StringFixed(places))
		for _, in := range m.Installments {
			fmt.Fprintf(tw, "%s\t", in.Amount.StringFixed(places))
		}
		fmt.Fprint(tw, "\n")
	}
	tw.Flush()
}

func runIssueInstallment(cmd *cobra.Command, o *issueOptions) error {
	stdout := cmd.OutOrStdout()
	lang, _ := report.ParseLang(o.lang)
	date, err := o.issueDate()
	if err != nil {
		return err
	}
	c, err := loadForBilling(o.config)
	if err != nil {
		return err
	}
	l, err := openLedger(c, &o.ledgerFlags, false)
	if err != nil {
		return err
	}
	defer l.Close()
	if err := checkLedger(l)(); err != nil {
		return err
	}
	year, k := c.Year, o.installment
	out, err := openOutput(cmd, o.out)
	if err != nil {
		return err
	}
	defer out.close()
	name := fmt.Sprintf("documents-fee-%d-%d", year, k)
	rec, err := newRecord(cmd, c, name)
	if err != nil {
		return err
	}
	rec.out = out
	var docs []ledger.Document
	err = l.Record(background, func(tx *ledger.Tx) error {
		a, err := tx.Adoption(year)
		if err != nil {
			return err
		}
		if a == nil {
			return &inputError{summary: fmt.Sprintf("%d has not been adopted: run memberfee adopt --config %s --by NAME first; nothing was recorded", year, o.config)}
		}
		n := 0
		if len(a.Members) > 0 {
			n = len(a.Members[0].Installments)
		}
		if k < 1 || k > n {
			return &inputError{summary: fmt.Sprintf("--installment %d: %d's adopted fee has installments 1 to %d; nothing was recorded", k, year, n)}
		}
		fees, err := tx.Documents(ledger.Filter{Kind: ledger.Fee})
		if err != nil {
			return err
		}
		var already []ledger.Document
		for _, d := range fees {
			if d.Installment == k && d.Period.From.Year() == year {
				already = append(already, d)
			}
		}
		if len(already) > 0 {
			return &inputError{summary: fmt.Sprintf("installment %d of %d is already issued as %s (on %s): nothing was recorded",
				k, year, numbers(already, 6), already[0].IssueDate.Format(time.DateOnly))}
		}
		docs, err = issuing.FeeDocuments(a, k, issuing.Stamp{IssueDate: date, IssuedBy: o.by, PaymentTermsDays: c.PaymentTerms()})
		if err != nil {
			return &inputError{summary: err.Error()}
		}
		for i := range docs {
			docs[i].Inputs = append(docs[i].Inputs, currencyInput(c))
			if err := tx.Add(&docs[i]); err != nil {
				return err
			}
		}
		js, err := report.Marshal(report.NewDocumentsJSON(docs))
		if err != nil {
			return err
		}
		files, err := feeNotices(a, docs, c.Organisation, rec.audit(), lang)
		if err != nil {
			return err
		}
		rec.totals = map[string]string{"documents": numbers(docs, len(docs))}
		return rec.stageAll(append(files, outputFile{name + ".json", js})...)
	})
	if err != nil {
		return ledgerError(l.Path(), err)
	}
	if err := rec.commit(); err != nil {
		return fmt.Errorf("%s recorded in %s, but the outputs could not be written: %w; `memberfee ledger export` shows them", plural(len(docs), "document"), l.Path(), err)
	}
	printDocuments(stdout, docs)
	fmt.Fprintf(stdout, "recorded installment %d of %d: %s in %s\n", k, year, plural(len(docs), "fee document"), l.Path())
	fmt.Fprintf(stdout, "wrote %s and a fee notice per member (fee-%d-%d-<member>.xlsx) to %s\n", name+".json", year, k, o.out)
	return nil
}

// feeNotices lays out each fee document's notice, fee-<year>-<K>-<member>.xlsx:
// the document and the member's adopted fee with all its installments.
func feeNotices(a *ledger.Adoption, docs []ledger.Document, organisation string, audit *report.Audit, lang report.Lang) ([]outputFile, error) {
	fees := map[string]*ledger.AdoptedFee{}
	for i := range a.Members {
		fees[a.Members[i].Member] = &a.Members[i]
	}
	var files []outputFile
	for i := range docs {
		d := &docs[i]
		f, ok := fees[d.Member]
		if !ok {
			return nil, fmt.Errorf("fee document %s: member %s is not in the adoption of %d", d.Number, d.Member, a.Year)
		}
		in := &report.FeeNoticeInput{Organisation: organisation, Name: f.Name, Document: d, Fee: f.Fee, Audit: audit}
		for _, inst := range f.Installments {
			p, err := issuing.InstallmentPeriod(a.Year, inst.K, len(f.Installments))
			if err != nil {
				return nil, fmt.Errorf("member %s's installment %d of %d: %w", d.Member, inst.K, a.Year, err)
			}
			in.Installments = append(in.Installments, report.FeeInstallment{K: inst.K, Period: p, DueDate: inst.DueDate, Amount: inst.Amount})
		}
		b, err := report.FeeNoticeBook(in, lang)
		if err != nil {
			return nil, err
		}
		data, err := b.Bytes()
		if err != nil {
			return nil, fmt.Errorf("writing the fee notice of %s: %w", d.Number, err)
		}
		files = append(files, outputFile{fmt.Sprintf("fee-%d-%d-%s.xlsx", a.Year, d.Installment, d.Member), data})
	}
	return files, nil
}
