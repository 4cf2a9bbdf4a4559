package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"memberfee/billing"
	"memberfee/billrun"
	"memberfee/chargeback"
	"memberfee/config"
	"memberfee/internal/outdir"
	"memberfee/issuing"
	"memberfee/ledger"
	"memberfee/report"
)

type issueOptions struct {
	ledgerFlags
	config, out, from, to, lang string
	csv                         string // the lines CSV's dialect
	installment                 int
	allowRejected, quiet        bool
	timings, again              bool
	content                     string // --content: as reviewed
}

func newIssueCmd() *cobra.Command {
	o := &issueOptions{}
	cmd := &cobra.Command{
		Use:   "issue --config FILE --by NAME [--from DATE --to DATE | --installment K] [--out DIR] [--date DATE]",
		Short: "Issue a period's chargeback, or an installment of the adopted fee, as numbered documents in the ledger",
		Long: `issue rates the period exactly as bill does, writes the same outputs with
the document numbers on them and documents-<from>_<to>.json, and records one
chargeback document per member that has charged lines. It refuses, recording
nothing, when the period overlaps one already issued, when any row is rejected
(unless --allow-rejected), or, with ledger.four_eyes, when nobody else approved
the same content (memberfee approve).

--content HASH ties the issue to what was reviewed (the content approve
printed, or the web view's period page showed: 12 to 64 hex digits, a prefix
of the SHA-256): when the period rated now has other content, issue refuses
and records nothing.

issue --installment K issues installment K of the year's adopted fee
(memberfee adopt): one fee document per member, documents-fee-<year>-<K>.json,
and each member's fee notice fee-<year>-<K>-<member>.xlsx (its number, issue
and due date, and the adopted fee with all its installments).

What is issued is never changed: a mistake is put right by memberfee correct.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := report.ParseLang(o.lang); err != nil {
				return err
			}
			if _, err := report.ParseCSVDialect(o.csv); err != nil {
				return usage(err)
			}
			if err := o.checkBy(); err != nil {
				return err
			}
			if (o.from == "") != (o.to == "") {
				return usage(errors.New("give both --from and --to, or neither"))
			}
			if err := checkContentFlag(o.content); err != nil {
				return err
			}
			if cmd.Flags().Changed("installment") {
				if o.from != "" {
					return usage(errors.New("--installment issues the fee: it takes no --from or --to"))
				}
				if o.content != "" {
					return usage(errors.New("--content is a period's rated content: --installment issues the adopted fee, which takes none"))
				}
				return runIssueInstallment(cmd, o)
			}
			return runIssue(cmd, o)
		},
	}
	addRecordingFlags(cmd, &o.ledgerFlags)
	cmd.Flags().StringVar(&o.config, "config", "", "the config file (YAML)")
	cmd.Flags().StringVar(&o.out, "out", ".", "the folder to write the outputs to")
	cmd.Flags().StringVar(&o.from, "from", "", "first day of the period (default billing.period.from)")
	cmd.Flags().StringVar(&o.to, "to", "", "last day of the period (default billing.period.to)")
	cmd.Flags().StringVar(&o.lang, "lang", "sv", "the language of the workbooks: sv or en")
	addCSVFlag(cmd, &o.csv)
	cmd.Flags().IntVar(&o.installment, "installment", 0, "issue installment K of the adopted annual fee instead of a period")
	cmd.Flags().BoolVar(&o.allowRejected, "allow-rejected", false, "issue although rows are rejected, recording the rejected rows too")
	cmd.Flags().BoolVar(&o.quiet, "quiet", false, "show no progress on a terminal")
	cmd.Flags().BoolVar(&o.timings, "timings", false, "print how long each stage took on stderr")
	cmd.Flags().BoolVar(&o.again, "again", false, "write the outputs of a period issued before again (a run killed after recording lost them), when the inputs still give exactly what was issued; records nothing")
	addContentFlag(cmd, &o.content, "issue")
	addLockFlag(cmd)
	_ = cmd.MarkFlagRequired("config")
	return cmd
}

// issuedPeriods returns the periods issued documents cover, apart from
// those overlapping p: rows dated in them are counted outside when p is
// rated, since they were billed (or are to be corrected) there, each
// naming its member's document of that period (its chargeback, or the
// correction that billed it first).
func issuedPeriods(docs []ledger.Document, p ledger.Period) []billing.Covered {
	var covered []billing.Covered
	index := map[ledger.Period]int{}
	for _, d := range docs {
		if d.Kind == ledger.Fee || d.Period.Overlaps(p) {
			continue
		}
		i, ok := index[d.Period]
		if !ok {
			i = len(covered)
			index[d.Period] = i
			covered = append(covered, billing.Covered{From: d.Period.From, To: d.Period.To, Documents: map[string][]string{}})
		}
		covered[i].Documents[d.Member] = append(covered[i].Documents[d.Member], d.Number)
	}
	return covered
}

// numbers lists the documents' numbers, at most max of them and "…".
func numbers(docs []ledger.Document, max int) string {
	var n []string
	for i, d := range docs {
		if i == max {
			n = append(n, fmt.Sprintf("… (%d in all)", len(docs)))
			break
		}
		n = append(n, d.Number)
	}
	return strings.Join(n, ", ")
}

// ledgerState is what a rating needs to know of the ledger: the documents
// issued so far.
type ledgerState struct {
	docs []ledger.Document
}

func readLedgerState(l *ledger.Ledger) (ledgerState, error) {
	var s ledgerState
	err := l.View(background, func(tx *ledger.Tx) error {
		var err error
		s.docs, err = tx.Documents(ledger.Filter{})
		return err
	})
	return s, err
}

// overlapping returns the chargeback and correction documents whose
// period overlaps p.
func (s ledgerState) overlapping(p ledger.Period) []ledger.Document {
	var o []ledger.Document
	for _, d := range s.docs {
		if d.Kind != ledger.Fee && d.Period.Overlaps(p) {
			o = append(o, d)
		}
	}
	return o
}

func runIssue(cmd *cobra.Command, o *issueOptions) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	lang, _ := report.ParseLang(o.lang)
	lp, err := openLedgerPeriod(&o.ledgerFlags, o.config, o.from, o.to, false)
	if err != nil {
		return err
	}
	defer lp.l.Close()
	c, l, state, period, from, to, date := lp.c, lp.l, lp.state, lp.period, lp.from, lp.to, lp.date
	// The same period issued before, and nothing else over it: if the
	// inputs still give what was issued, its outputs are written again
	// (a run killed after the ledger committed loses no workbook for
	// good); otherwise it is refused as any overlap is.
	issuedBefore := state.overlapping(period)
	if o.again && !reissuable(issuedBefore, period) {
		if len(issuedBefore) == 0 {
			return &inputError{summary: fmt.Sprintf("--again writes the outputs of a period issued before, and %s – %s has not been issued: nothing was written", from.Format(time.DateOnly), to.Format(time.DateOnly))}
		}
		return &inputError{summary: fmt.Sprintf("--again: %s – %s is not exactly the period of %s (or it has been corrected since): its outputs cannot be written again from the inputs; nothing was written", from.Format(time.DateOnly), to.Format(time.DateOnly), numbers(issuedBefore, 6))}
	}
	if !o.again {
		if err := refuseOverlap(issuedBefore, period); err != nil {
			return err
		}
	}
	out, err := openOutput(cmd, o.out)
	if err != nil {
		return err
	}
	defer out.close()
	prog := startProgress(stderr, o.quiet)
	defer prog.finish()
	started := time.Now()
	timing := func(what string) {
		if o.timings {
			fmt.Fprintf(stderr, "timing: %-50s %7.2f s\n", what, time.Since(started).Seconds())
		}
	}
	verified := checkLedger(l)
	lp.csv = o.csv
	bill, err := lp.rate(out.Scratch(), func() { prog.rows.Add(1) })
	if verr := verified(); verr != nil {
		if bill != nil {
			bill.Remove()
		}
		return verr
	}
	timing("read and rate")
	if err != nil {
		return err
	}
	defer bill.Remove()
	s := bill.Summary
	if len(s.Rejected) > 0 && !o.allowRejected {
		printRejected(stderr, s.Rejected)
		return &inputError{summary: fmt.Sprintf("%s rejected: nothing was issued; correct the inputs, or issue with --allow-rejected to record the rejected rows too", plural(len(s.Rejected), "row")), refusal: refusedRejected}
	}
	rec, err := newRecord(cmd, c, bill.Stem)
	if err != nil {
		return err
	}
	rec.out = out
	if err := rec.addBillInputs(bill); err != nil {
		return err
	}
	inputs, cfgHash := rec.ledgerInputs()
	stamp := issuing.Stamp{IssueDate: date, IssuedBy: o.by, PaymentTermsDays: c.PaymentTerms()}
	docs := issuing.Chargebacks(bill.Result, stamp, inputs, cfgHash, o.allowRejected)
	if len(docs) == 0 {
		fmt.Fprintf(stdout, "nothing to issue: no member has a charged line in %s – %s; nothing was recorded\n", from.Format(time.DateOnly), to.Format(time.DateOnly))
		printRejected(stderr, s.Rejected)
		return nil
	}
	if o.again {
		return rewriteIssued(stdout, rec, bill, docs, issuedBefore, period, c, lang)
	}
	// With four eyes the content is hashed first, to refuse before any
	// work what nobody else approved; the documents' own content hashes,
	// taken by Add in the same pass as their lines, are held to it again
	// inside the transaction. Without, Add's pass is the only one.
	content := ""
	if c.Ledger.FourEyes || o.content != "" {
		content = ledger.ContentHash(docs)
		timing("content hashed")
		if err := refuseOtherContent(o.content, content, period, "issued"); err != nil {
			return err
		}
	}
	if c.Ledger.FourEyes {
		if err := requireApproval(l, content, o.by, period); err != nil {
			return err
		}
	}
	outdir.Pause("rated")
	err = l.Record(background, func(tx *ledger.Tx) error {
		now, err := tx.Overlapping(period)
		if err != nil {
			return err
		}
		if err := refuseOverlap(now, period); err != nil {
			return err
		}
		// The numbers are known before the documents are recorded, so the
		// workbooks carrying them are written while the lines go into the
		// ledger (both read the spilled lines).
		nums, err := tx.NextNumbers(date, len(docs))
		if err != nil {
			return err
		}
		for i := range docs {
			docs[i].Number = nums[i]
		}
		rec.totals = bill.Totals()
		rec.totals["documents"] = numbers(docs, len(docs))
		written := make(chan error, 1)
		go func() {
			written <- bill.Write(rec, issuedBooks(c, rec, lang, docs), billrun.Hooks{})
		}()
		var addErr error
		for i := range docs {
			if addErr = tx.Add(&docs[i]); addErr != nil {
				break
			}
			if docs[i].Number != nums[i] {
				addErr = fmt.Errorf("the ledger numbered the document of member %s %s, not %s as its workbook says", docs[i].Member, docs[i].Number, nums[i])
				break
			}
		}
		timing("documents recorded")
		if err := <-written; err != nil {
			return err
		}
		timing("workbooks written")
		if addErr != nil {
			return addErr
		}
		if c.Ledger.FourEyes {
			hashes := make([]string, len(docs))
			for i := range docs {
				hashes[i] = docs[i].ContentHash
			}
			if got := ledger.CombineContent(hashes); got != content {
				return fmt.Errorf("%w: the lines changed while they were recorded (content %s, approved %s); nothing was recorded", ledger.ErrConflict, got[:12], content[:12])
			}
		}
		outdir.Pause("recording")
		files, err := issuedJSON(bill, docs, period)
		if err != nil {
			return err
		}
		return rec.stageAll(files...)
	})
	if err != nil {
		return ledgerError(l.Path(), err)
	}
	prog.finish()
	timing("committed")
	if err := rec.commit(); err != nil {
		return fmt.Errorf("%s recorded in %s, but the outputs could not be written: %w; `memberfee ledger export` shows them", plural(len(docs), "document"), l.Path(), err)
	}
	printDocuments(stdout, docs)
	printCounts(stdout, s, issuedPeriods(state.docs, period))
	if un := issuing.Unattributed(bill.Result); len(un) > 0 {
		fmt.Fprintf(stderr, "rejected rows that name no member of the board are on no member's document (they are in the pack and the lines CSV): %d\n", len(un))
		printRejected(stderr, un)
	}
	fmt.Fprintf(stdout, "recorded %s in %s; wrote them to %s\n", plural(len(docs), "document"), l.Path(), filepath.Join(o.out, "documents-"+from.Format(time.DateOnly)+"_"+to.Format(time.DateOnly)+".json"))
	fmt.Fprintf(stdout, "what is issued is never changed: should a row prove wrong, run memberfee correct --config %s --from %s --to %s --reason \"…\" --by NAME\n", o.config, from.Format(time.DateOnly), to.Format(time.DateOnly))
	printRejected(stderr, s.Rejected)
	return nil
}

// issuedBooks is what an issued period's workbooks show: the bill's, with
// each member's document stamped on its workbook.
func issuedBooks(c *config.Config, rec *record, lang report.Lang, docs []ledger.Document) billrun.Books {
	return billrun.Books{Organisation: c.Organisation, Matrix: c.Matrix(), Version: version, Audit: rec.audit(), Lang: lang,
		Issued: issuedStamps(docs)}
}

// issuedJSON is an issued period's last outputs: the chargeback JSON and
// documents-<from>_<to>.json.
func issuedJSON(bill *billrun.Bill, docs []ledger.Document, p ledger.Period) ([]outputFile, error) {
	cb, err := bill.JSON()
	if err != nil {
		return nil, err
	}
	js, err := report.Marshal(report.NewDocumentsJSON(docs))
	if err != nil {
		return nil, err
	}
	return []outputFile{{bill.Stem + ".json", cb}, {fmt.Sprintf("documents-%s_%s.json", p.From.Format(time.DateOnly), p.To.Format(time.DateOnly)), js}}, nil
}

// refuseOverlap refuses a period that overlaps issued documents.
func refuseOverlap(docs []ledger.Document, p ledger.Period) error {
	if len(docs) == 0 {
		return nil
	}
	return &inputError{summary: fmt.Sprintf("%s – %s overlaps %s – %s, already issued as %s: nothing was recorded; a changed or late row of an issued period is billed with memberfee correct (issue --again writes an issued period's outputs again)",
		p.From.Format(time.DateOnly), p.To.Format(time.DateOnly), docs[0].Period.From.Format(time.DateOnly), docs[0].Period.To.Format(time.DateOnly), numbers(docs, 6)), refusal: refusedOverlap}
}

// requireApproval refuses to issue content nobody but by approved.
func requireApproval(l *ledger.Ledger, content, by string, p ledger.Period) error {
	var approvals []ledger.Approval
	if err := l.View(background, func(tx *ledger.Tx) error {
		var err error
		approvals, err = tx.Approvals(content)
		return err
	}); err != nil {
		return ledgerError(l.Path(), err)
	}
	for _, a := range approvals {
		if !strings.EqualFold(strings.TrimSpace(a.By), strings.TrimSpace(by)) {
			return nil
		}
	}
	what := "nobody has approved it"
	if len(approvals) > 0 {
		what = "only " + by + " approved it, and four eyes need another"
	}
	return &inputError{summary: fmt.Sprintf("ledger.four_eyes: %s – %s cannot be issued: %s (content %s); someone else runs memberfee approve --from %s --to %s --by NAME on the same inputs first; nothing was recorded",
		p.From.Format(time.DateOnly), p.To.Format(time.DateOnly), what, content[:12], p.From.Format(time.DateOnly), p.To.Format(time.DateOnly)), refusal: refusedFourEyes}
}

// rateForLedger rates a period as bill, approve, issue and correct all
// do: rows dated in periods issued before are outside.
func rateForLedger(c *config.Config, p ledger.Period, scratch string, covered []billing.Covered, row func(), csv string) (*billrun.Bill, error) {
	bill, err := billrun.Rate(billrun.Input{Billing: c.Billing, Members: c.BillingMembers(), Resolve: c.Resolve,
		From: p.From, To: p.To, Scratch: scratch, Row: row, Covered: covered, CSV: csv})
	if err != nil {
		if we, ok := errors.AsType[*billrun.WriteError](err); ok {
			return nil, writeError(fmt.Errorf("writing to %s: %w; nothing was written", scratch, firstError(we.Err)))
		}
		var fe chargeback.FileErrors
		if errors.As(err, &fe) {
			return nil, &inputError{summary: fmt.Sprintf("cannot read %s:", plural(len(fe), "input file")), problems: fe}
		}
		return nil, &inputError{summary: err.Error()}
	}
	return bill, nil
}

// issuedStamps are what each member's workbook shows of its document.
func issuedStamps(docs []ledger.Document) map[string]report.IssuedStamp {
	m := map[string]report.IssuedStamp{}
	for _, d := range docs {
		m[d.Member] = report.IssuedStamp{Number: d.Number, IssueDate: d.IssueDate, DueDate: d.DueDate, IssuedBy: d.IssuedBy}
	}
	return m
}

// printDocuments lists documents: number, kind, member, period, total, due date.
func printDocuments(w io.Writer, docs []ledger.Document) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "number\tkind\tmember\tperiod\ttotal\tdue\tcorrects\n")
	for _, d := range docs {
		corrects := d.Corrects
		if corrects == "" {
			corrects = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s – %s\t%s\t%s\t%s\n", d.Number, d.Kind, d.Member, d.Period.From.Format(time.DateOnly), d.Period.To.Format(time.DateOnly),
			d.Total.StringFixed(2), d.DueDate.Format(time.DateOnly), corrects)
	}
	tw.Flush()
}

// reissuable reports whether docs are chargebacks of exactly p and nothing
// else: a period issued once, whose outputs issue can write again.
func reissuable(docs []ledger.Document, p ledger.Period) bool {
	if len(docs) == 0 {
		return false
	}
	for _, d := range docs {
		if d.Kind != ledger.Chargeback || !d.Period.Equal(p) {
			return false
		}
	}
	return true
}

// rewriteIssued writes the outputs of a period issued before, when the
// inputs give exactly what was issued (member by member, each document's
// content hash): with the recorded numbers, dates and names, recording
// nothing. When they do not, it refuses as an overlap, naming correct.
func rewriteIssued(stdout io.Writer, rec *record, bill *billrun.Bill, docs, issued []ledger.Document, p ledger.Period, c *config.Config, lang report.Lang) error {
	byMember := map[string]ledger.Document{}
	for _, d := range issued {
		byMember[d.Member] = d
	}
	same := len(docs) == len(issued)
	for i := range docs {
		was, ok := byMember[docs[i].Member]
		h, err := ledger.DocumentContent(&docs[i])
		if err != nil {
			return err
		}
		if !ok || h != was.ContentHash {
			same = false
			break
		}
		docs[i].Number, docs[i].IssueDate, docs[i].DueDate, docs[i].IssuedBy = was.Number, was.IssueDate, was.DueDate, was.IssuedBy
		docs[i].Seq, docs[i].Hash, docs[i].ContentHash = was.Seq, was.Hash, was.ContentHash
	}
	if !same {
		return &inputError{summary: fmt.Sprintf("%s – %s is already issued as %s, and the inputs now give something else: nothing was recorded; bill what changed with memberfee correct --from %s --to %s",
			p.From.Format(time.DateOnly), p.To.Format(time.DateOnly), numbers(issued, 6), p.From.Format(time.DateOnly), p.To.Format(time.DateOnly))}
	}
	rec.totals = bill.Totals()
	rec.totals["documents"] = numbers(docs, len(docs))
	if err := bill.Write(rec, issuedBooks(c, rec, lang, docs), billrun.Hooks{}); err != nil {
		return err
	}
	files, err := issuedJSON(bill, docs, p)
	if err != nil {
		return err
	}
	if err := rec.write(files...); err != nil {
		return err
	}
	printDocuments(stdout, docs)
	fmt.Fprintf(stdout, "%s – %s was issued before as %s, and the inputs give exactly that: its outputs are written again with the numbers, dates and names recorded; nothing was recorded\n",
		p.From.Format(time.DateOnly), p.To.Format(time.DateOnly), numbers(docs, 6))
	return nil
}
