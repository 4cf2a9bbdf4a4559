package main

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"memberfee/issuing"
	"memberfee/ledger"
)

type approveOptions struct {
	ledgerFlags
	config, from, to string
	content          string // --content: the content approved, as the approver saw it
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
another name: change an input and the approval no longer fits.

--content HASH ties the approval to what the approver reviewed (the content
approve printed, or the web view's period page showed: 12 to 64 hex digits,
a prefix of the SHA-256): when the period rated now has other content, approve
refuses and records nothing.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.checkBy(); err != nil {
				return err
			}
			if (o.from == "") != (o.to == "") {
				return usage(errors.New("give both --from and --to, or neither"))
			}
			if err := checkContentFlag(o.content); err != nil {
				return err
			}
			return runApprove(cmd, o)
		},
	}
	addRecordingFlags(cmd, &o.ledgerFlags)
	cmd.Flags().StringVar(&o.config, "config", "", "the config file (YAML)")
	cmd.Flags().StringVar(&o.from, "from", "", "first day of the period (default billing.period.from)")
	cmd.Flags().StringVar(&o.to, "to", "", "last day of the period (default billing.period.to)")
	cmd.Flags().BoolVar(&o.quiet, "quiet", false, "show no progress on a terminal")
	addContentFlag(cmd, &o.content, "approve")
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
	if err := refuseOtherContent(o.content, content, period, "approved"); err != nil {
		return err
	}
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

// minContent is the shortest --content: as many hex digits as approve
// prints.
const minContent = 12

// addContentFlag adds --content to approve or issue.
func addContentFlag(cmd *cobra.Command, content *string, what string) {
	cmd.Flags().StringVar(content, "content", "", "the content reviewed (12 to 64 hex digits of its SHA-256, as approve prints it): "+what+" nothing when the period rated now has other content")
}

// checkContentFlag refuses a --content that is not a content hash's prefix.
func checkContentFlag(content string) error {
	if content == "" {
		return nil
	}
	if len(content) < minContent || len(content) > 64 {
		return usage(fmt.Errorf("--content %q has %d characters: give %d to 64 hex digits of the content (approve prints %d)", content, len(content), minContent, minContent))
	}
	if _, err := hex.DecodeString(content[:len(content)&^1]); err != nil || strings.Trim(strings.ToLower(content), "0123456789abcdef") != "" {
		return usage(fmt.Errorf("--content %q is not hex digits (a SHA-256 as approve prints it)", content))
	}
	return nil
}

// refuseOtherContent refuses, recording nothing, when the content rated
// now is not the one given (want, a prefix): the inputs changed since it
// was reviewed.
func refuseOtherContent(want, content string, p ledger.Period, what string) error {
	if want == "" || strings.HasPrefix(content, strings.ToLower(want)) {
		return nil
	}
	return &inputError{summary: fmt.Sprintf("%s – %s rated now has content %s, not %s as reviewed: the inputs changed since; nothing was %s — look at the period again",
		p.From.Format(time.DateOnly), p.To.Format(time.DateOnly), content[:minContent], strings.ToLower(want)[:minContent], what), refusal: refusedChanged}
}
