package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"memberfee/billrun"
	"memberfee/chargeback"
	"memberfee/config"
	"memberfee/ledger"
)

// stockholm is the time zone of issue dates.
var stockholm = mustZone("Europe/Stockholm")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return z
}

// ledgerFlags are the flags every command that records shares.
type ledgerFlags struct {
	ledger string // --ledger FILE: overrides ledger.path
	by     string // --by NAME: who records
	date   string // --date D: the issue date (default today in Europe/Stockholm)
}

func addLedgerFlag(cmd *cobra.Command, f *ledgerFlags) {
	cmd.Flags().StringVar(&f.ledger, "ledger", "", "the ledger file (default ledger.path, or memberfee.db beside the config)")
}

func addRecordingFlags(cmd *cobra.Command, f *ledgerFlags) {
	addLedgerFlag(cmd, f)
	cmd.Flags().StringVar(&f.by, "by", "", "who records this (a name, as it shall stand on the documents)")
	cmd.Flags().StringVar(&f.date, "date", "", "the date of issue, 2025-04-05 (default today in Europe/Stockholm)")
	_ = cmd.MarkFlagRequired("by")
}

// issueDate is --date, or today in Europe/Stockholm.
func (f *ledgerFlags) issueDate() (time.Time, error) {
	if f.date == "" {
		n := time.Now().In(stockholm)
		return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC), nil
	}
	d, err := time.Parse(time.DateOnly, f.date)
	if err != nil {
		return d, usage(fmt.Errorf("--date %q is not a date written as 2025-04-05", f.date))
	}
	return d, nil
}

// checkBy refuses an empty or blank --by.
func (f *ledgerFlags) checkBy() error {
	if strings.TrimSpace(f.by) == "" {
		return usage(errors.New("--by needs the name of who records this"))
	}
	return nil
}

// openLedger opens the config's ledger for recording, creating it on
// first use; readOnly opens an existing one only to read it.
func openLedger(c *config.Config, f *ledgerFlags, readOnly bool) (*ledger.Ledger, error) {
	path := c.LedgerPath(f.ledger)
	if readOnly {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, &inputError{summary: fmt.Sprintf("ledger %s does not exist: nothing has been adopted or issued yet (ledger.path in the config, or --ledger, names another file)", path)}
		}
	}
	l, err := ledger.Open(path, ledger.Options{ReadOnly: readOnly})
	if err != nil {
		return nil, ledgerError(path, err)
	}
	return l, nil
}

// ledgerError explains a ledger that cannot be opened or recorded in.
func ledgerError(path string, err error) error {
	switch {
	case errors.Is(err, ledger.ErrNotLedger):
		return &inputError{summary: fmt.Sprintf("ledger %s: %v; give the ledger's file with --ledger or ledger.path, or move this file away", path, err)}
	case errors.Is(err, ledger.ErrNewerSchema):
		return &inputError{summary: fmt.Sprintf("ledger %s: %v; use that memberfee (or a newer one) for it, nothing was changed", path, err)}
	case errors.Is(err, ledger.ErrReadOnly):
		return &inputError{summary: fmt.Sprintf("ledger %s: %v; nothing was recorded", path, err)}
	case errors.Is(err, ledger.ErrLocked):
		return &inputError{summary: fmt.Sprintf("ledger %s: %v; wait for it to finish and run again; nothing was recorded", path, err), refusal: refusedConflict}
	}
	var ie *inputError
	if errors.As(err, &ie) {
		return ie
	}
	e := &inputError{summary: fmt.Sprintf("ledger %s: %v", path, err)}
	if errors.Is(err, ledger.ErrConflict) {
		e.refusal = refusedConflict
	}
	return e
}

// ledgerInputs are the record's input files as a document records them,
// and the config's SHA-256.
func (r *record) ledgerInputs() (inputs []ledger.Input, configHash string) {
	for _, f := range r.inputs {
		if f.Role == "config" {
			configHash = f.SHA256
			continue
		}
		inputs = append(inputs, ledger.Input{Category: f.Role, Name: f.Name, SHA256: f.SHA256, Rows: f.Rows})
	}
	if r.cfg != nil {
		inputs = append(inputs, currencyInput(r.cfg))
	}
	return inputs, configHash
}

// currencyCategory is the Input category that records the currency a
// document's amounts are in: the config's currency when it was issued.
// The exports refuse a config whose currency differs (see
// checkCurrency); a document without it (an older ledger) is taken as
// being in the config's currency.
const currencyCategory = "currency"

// currencyInput is the record of the currency a document is issued in.
func currencyInput(c *config.Config) ledger.Input {
	return ledger.Input{Category: currencyCategory, Name: c.Currency}
}

// documentCurrency is the currency recorded on d, "" when none is.
func documentCurrency(d *ledger.Document) string {
	for _, in := range d.Inputs {
		if in.Category == currencyCategory {
			return in.Name
		}
	}
	return ""
}

var background = context.Background()

// ledgerPeriod is where approve, issue and correct start: the config, the
// period, the issue date, and the ledger open with what it holds.
type ledgerPeriod struct {
	c        *config.Config
	from, to time.Time
	period   ledger.Period
	date     time.Time
	l        *ledger.Ledger
	state    ledgerState
}

// openLedgerPeriod loads the config, reads the period (--from, --to, else
// billing.period) and the issue date, and opens the ledger and reads its
// documents. The caller closes p.l.
func openLedgerPeriod(f *ledgerFlags, configPath, from, to string, readOnly bool) (*ledgerPeriod, error) {
	p, err := loadPeriod(f, configPath, from, to)
	if err != nil {
		return nil, err
	}
	if p.l, err = openLedger(p.c, f, readOnly); err != nil {
		return nil, err
	}
	if p.state, err = readLedgerState(p.l); err != nil {
		p.l.Close()
		return nil, ledgerError(p.l.Path(), err)
	}
	return p, nil
}

// loadPeriod reads the issue date, loads the config and reads the period
// (--from, --to, else billing.period); the ledger is not opened.
func loadPeriod(f *ledgerFlags, configPath, from, to string) (*ledgerPeriod, error) {
	date, err := f.issueDate()
	if err != nil {
		return nil, err
	}
	c, err := loadForBilling(configPath)
	if err != nil {
		return nil, err
	}
	p := &ledgerPeriod{c: c, date: date}
	if p.from, p.to, err = chargeback.Period(c.Billing.Period, from, to); err != nil {
		return nil, &inputError{summary: err.Error()}
	}
	p.period = ledger.Period{From: p.from, To: p.to}
	return p, nil
}

// rate rates the period as bill, approve, issue and correct all do.
func (p *ledgerPeriod) rate(scratch string, row func()) (*billrun.Bill, error) {
	return rateForLedger(p.c, p.period, scratch, issuedPeriods(p.state.docs, p.period), row)
}

// addBillInputs fingerprints the input files a bill read.
func (r *record) addBillInputs(bill *billrun.Bill) error {
	for _, f := range bill.Files {
		if err := r.addInput(string(f.Category), f.Name, f.Path, f.Rows); err != nil {
			return err
		}
	}
	return nil
}

// rateAside rates the period for a command that writes no bill (approve,
// correct): the lines wait in a temporary folder of their own, which done
// removes with them.
func (p *ledgerPeriod) rateAside(stderr io.Writer, command string, quiet bool) (bill *billrun.Bill, done func(), err error) {
	scratch, err := os.MkdirTemp("", "memberfee-"+command+"-")
	if err != nil {
		return nil, nil, writeError(err)
	}
	prog := startProgress(stderr, quiet)
	bill, err = p.rate(scratch, func() { prog.rows.Add(1) })
	prog.finish()
	if err != nil {
		os.RemoveAll(scratch)
		return nil, nil, err
	}
	return bill, func() { bill.Remove(); os.RemoveAll(scratch) }, nil
}

// documents lists the documents f selects.
func documents(l *ledger.Ledger, f ledger.Filter) ([]ledger.Document, error) {
	var docs []ledger.Document
	err := l.View(background, func(tx *ledger.Tx) error {
		var err error
		docs, err = tx.Documents(f)
		return err
	})
	if err != nil {
		return nil, ledgerError(l.Path(), err)
	}
	return docs, nil
}

// checkLedger verifies the whole ledger (every hash, the chain, the
// numbers, the triggers) before a command builds on what it holds: a
// correction of a tampered line, an installment of a forged adoption or an
// approval nobody gave must be refused, not recorded with valid hashes of
// their own. It runs beside what the command does meanwhile; wait returns
// its verdict.
func checkLedger(l *ledger.Ledger) (wait func() error) {
	done := make(chan error, 1)
	go func() {
		_, err := l.Verify(background)
		done <- err
	}()
	return func() error {
		err := <-done
		if err == nil {
			return nil
		}
		if te, ok := errors.AsType[*ledger.TamperError](err); ok {
			return &inputError{summary: fmt.Sprintf("ledger %s: %v: it was changed behind memberfee's back, so nothing is built on it and nothing was recorded; run memberfee ledger verify, and restore it from a backup", l.Path(), te)}
		}
		return ledgerError(l.Path(), err)
	}
}
