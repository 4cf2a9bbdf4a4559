package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"memberfee/issuing"
	"memberfee/ledger"
)

type approveOptions struct {
	ledgerFlags
	config, from, to string
	quiet            bool
}

func newApproveCmd() *cobra.Command {
	o := &approveOptions{}
	cmd := &cobra.Command{
		Use:   "approve --config FILE --from DATE --to DATE --by NAME",
		Short: "Approve a period's rated content, so that someone else may issue it (ledger.four_eyes)",
		Long: `approve rates the period exactly as issue will and records the approval of
what it rated (the SHA-256 of every line, count and input). With
ledger.four_eyes: true, issue then requires an approval of the same content by
another name: change an input and the approval no longer fits.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.checkBy(); err != nil {
				return err
			}
			if (o.from == "") != (o.to == "") {
				return usage(errors.New("give both --from and --to, or neither"))
			}
			return runApprove(cmd, o)
		},
	}
	addRecordingFlags(cmd, &o.ledgerFlags)
	cmd.Flags().StringVar(&o.config, "config", "", "the config file (YAML)")
	cmd.Flags().StringVar(&o.from, "from", "", "first day of the period (default billing.period.from)")
	cmd.Flags().StringVar(&o.to, "to", "", "last day of the period (default billing.period.to)")
	cmd.Flags().BoolVar(&o.quiet, "quiet", false, "show no progress on a terminal")
	_ = cmd.MarkFlagRequired("config")
	return cmd
}

func runApprove(cmd *cobra.Command, o *approveOptions) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	lp, err := openLedgerPeriod(&o.ledgerFlags, o.config, o.from, o.to, false)
	if err != nil {
		return err
	}
	defer lp.l.Close()
	c, l, state, period, from, to, date := lp.c, lp.l, lp.state, lp.period, lp.from, lp.to, lp.date
	if err := refuseOverlap(state.overlapping(period), period); err != nil {
		return err
	}
	verified := checkLedger(l)
	bill, done, err := lp.rateAside(stderr, "approve", o.quiet)
	if verr := verified(); verr != nil {
		if err == nil {
			done()
		}
		return verr
	}
	if err != nil {
		return err
	}
	defer done()
	rec, err := newRecord(cmd, c, bill.Stem)
	if err != nil {
		return err
	}
	if err := rec.addBillInputs(bill); err != nil {
		return err
	}
	inputs, cfgHash := rec.ledgerInputs()
	// The stamp is not part of the content: who issues it and when differ.
	docs := issuing.Chargebacks(bill.Result, issuing.Stamp{IssueDate: date, IssuedBy: o.by, PaymentTermsDays: c.PaymentTerms()}, inputs, cfgHash, len(bill.Summary.Rejected) > 0)
	content := ledger.ContentHash(docs)
	ap := ledger.Approval{Period: period, ContentHash: content, By: o.by, Date: date}
	if err := l.Record(background, func(tx *ledger.Tx) error {
		now, err := tx.Overlapping(period)
		if err == nil {
			err = refuseOverlap(now, period)
		}
		if err != nil {
			return err
		}
		return tx.Approve(&ap)
	}); err != nil {
		return ledgerError(l.Path(), err)
	}
	fmt.Fprintf(stdout, "approved %s – %s as rated now: %s, total %s, content %s (by %s, recorded in %s)\n",
		from.Format(time.DateOnly), to.Format(time.DateOnly), plural(len(docs), "member document"), bill.Summary.Total.StringFixed(2), content[:12], o.by, l.Path())
	if n := len(bill.Summary.Rejected); n > 0 {
		fmt.Fprintf(stdout, "%s rejected: issuing needs --allow-rejected, which records them too\n", plural(n, "row"))
	}
	fmt.Fprintln(stdout, "someone else may now issue it with memberfee issue on the same inputs; a changed input needs a new approval")
	return nil
}
