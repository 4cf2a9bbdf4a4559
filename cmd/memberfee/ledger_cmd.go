package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"memberfee/config"
	"memberfee/ledger"
	"memberfee/report"
)

// ledgerCmdOptions are what the ledger's reading commands share.
type ledgerCmdOptions struct {
	ledgerFlags
	config string
}

func (o *ledgerCmdOptions) add(cmd *cobra.Command) {
	addLedgerFlag(cmd, &o.ledgerFlags)
	cmd.Flags().StringVar(&o.config, "config", "", "the config file (YAML): the ledger is ledger.path, or memberfee.db beside it")
	_ = cmd.MarkFlagRequired("config")
}

// open loads the config (only what finds the ledger must be valid) and
// opens its ledger to read.
func (o *ledgerCmdOptions) open() (*config.Config, *ledger.Ledger, error) {
	c, err := loadForBilling(o.config)
	if err != nil {
		return nil, nil, err
	}
	l, err := openLedger(c, &o.ledgerFlags, true)
	return c, l, err
}

func newLedgerCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ledger",
		Short: "What was issued: verify, list, statement, backup, export",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newLedgerVerifyCmd(), newLedgerListCmd(), newLedgerStatementCmd(), newLedgerBackupCmd(), newLedgerExportCmd())
	return cmd
}

func newLedgerVerifyCmd() *cobra.Command {
	o := &ledgerCmdOptions{}
	cmd := &cobra.Command{
		Use:   "verify --config FILE",
		Short: "Check every document against its hash and the chain: exit 1 naming the first that no longer matches",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, l, err := o.open()
			if err != nil {
				return err
			}
			defer l.Close()
			r, err := l.Verify(background)
			if err != nil {
				var te *ledger.TamperError
				if errors.As(err, &te) {
					return &inputError{summary: fmt.Sprintf("ledger %s: %v; it was changed behind memberfee's back: restore it from a backup (memberfee ledger backup) and compare", l.Path(), err)}
				}
				return ledgerError(l.Path(), err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "ledger %s is intact: %s with %s, %s, %s; every hash and the chain match, the numbers have no gap\nchain head %s (write it down: a ledger rewritten whole shows another)\n",
				l.Path(), plural(r.Documents, "document"), plural(r.Lines, "line"), plural(r.Adoptions, "adoption"), plural(r.Approvals, "approval"), r.Head)
			return nil
		},
	}
	o.add(cmd)
	return cmd
}

func newLedgerListCmd() *cobra.Command {
	o := &ledgerCmdOptions{}
	var year int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list --config FILE [--year Y] [--json]",
		Short: "List the issued documents (by issue date)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, l, err := o.open()
			if err != nil {
				return err
			}
			defer l.Close()
			docs, err := documents(l, ledger.Filter{Year: year})
			if err != nil {
				return err
			}
			if asJSON {
				js, err := report.Marshal(report.NewDocumentsJSON(docs))
				if err != nil {
					return err
				}
				_, err = cmd.OutOrStdout().Write(js)
				return err
			}
			printDocuments(cmd.OutOrStdout(), docs)
			return nil
		},
	}
	o.add(cmd)
	cmd.Flags().IntVar(&year, "year", 0, "only documents issued in this year")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the documents as JSON")
	return cmd
}

func newLedgerStatementCmd() *cobra.Command {
	o := &ledgerCmdOptions{}
	var member, out, lang string
	var year int
	cmd := &cobra.Command{
		Use:   "statement --config FILE --member ID --year Y [--out DIR]",
		Short: "A member's year to date: every document issued in the year, and the totals per category",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			lg, err := report.ParseLang(lang)
			if err != nil {
				return err
			}
			c, l, err := o.open()
			if err != nil {
				return err
			}
			defer l.Close()
			name := memberName(c, member)
			if name == "" {
				return &inputError{summary: fmt.Sprintf("--member %q is not a member of the config %s", member, o.config)}
			}
			docs, err := documents(l, ledger.Filter{Year: year, Member: member})
			if err != nil {
				return err
			}
			dir, err := openOutput(cmd, out)
			if err != nil {
				return err
			}
			defer dir.close()
			rec, err := newRecord(cmd, c, fmt.Sprintf("statement-%s-%d", member, year))
			if err != nil {
				return err
			}
			rec.out = dir
			st := &report.StatementInput{Organisation: c.Organisation, Member: member, Name: name, Year: year, Documents: docs, Audit: rec.audit()}
			sj := report.NewStatementJSON(st)
			rec.totals = map[string]string{"total": sj.Total, "documents": fmt.Sprint(len(docs))}
			base, err := rec.writeBookAndJSON(report.StatementBook(st, lg), sj)
			if err != nil {
				return err
			}
			printDocuments(cmd.OutOrStdout(), docs)
			fmt.Fprintf(cmd.OutOrStdout(), "%s (%s), %d to date: %s in %s; total %s\nwrote %s.xlsx and %s.json\n",
				name, member, year, plural(len(docs), "document"), l.Path(), sj.Total, base, base)
			return nil
		},
	}
	o.add(cmd)
	cmd.Flags().StringVar(&member, "member", "", "the member's id")
	cmd.Flags().IntVar(&year, "year", 0, "the year (of issue)")
	cmd.Flags().StringVar(&out, "out", ".", "the folder to write the statement to")
	cmd.Flags().StringVar(&lang, "lang", "sv", "the language of the workbook: sv or en")
	addLockFlag(cmd)
	_ = cmd.MarkFlagRequired("member")
	_ = cmd.MarkFlagRequired("year")
	return cmd
}

func newLedgerBackupCmd() *cobra.Command {
	o := &ledgerCmdOptions{}
	cmd := &cobra.Command{
		Use:   "backup --config FILE BACKUP-FILE",
		Short: "Write a consistent copy of the ledger, while others may read it",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, l, err := o.open()
			if err != nil {
				return err
			}
			defer l.Close()
			dst := args[0]
			if _, err := os.Lstat(dst); err == nil {
				return &inputError{summary: fmt.Sprintf("%s exists: a backup is never written over a file; give a new name", dst)}
			}
			if err := l.Backup(background, dst); err != nil {
				return ledgerError(l.Path(), err)
			}
			abs, _ := filepath.Abs(dst)
			fmt.Fprintf(cmd.OutOrStdout(), "wrote a copy of %s to %s at %s; check it with memberfee ledger verify --config %s --ledger %s\n", l.Path(), abs, time.Now().Format(time.RFC3339), o.config, dst)
			return nil
		},
	}
	o.add(cmd)
	return cmd
}

func newLedgerExportCmd() *cobra.Command {
	o := &ledgerCmdOptions{}
	var out string
	cmd := &cobra.Command{
		Use:   "export --config FILE [--out FILE.json]",
		Short: "Every adoption, approval, document and line as JSON, for an auditor without SQLite",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, l, err := o.open()
			if err != nil {
				return err
			}
			defer l.Close()
			w := cmd.OutOrStdout()
			if out != "" {
				f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
				if err != nil {
					return writeError(fmt.Errorf("%v (an export is never written over a file)", err))
				}
				defer f.Close()
				w = f
			}
			if err := l.Export(background, w); err != nil {
				return ledgerError(l.Path(), err)
			}
			return nil
		},
	}
	o.add(cmd)
	cmd.Flags().StringVar(&out, "out", "", "the file to write (default standard output)")
	return cmd
}
