package config

import (
	"fmt"
	"path/filepath"

	"memberfee/internal/field"
)

// DefaultLedger is the ledger's file name beside the config when
// ledger.path is not set.
const DefaultLedger = "memberfee.db"

// Ledger configures the ledger: what was issued.
type Ledger struct {
	// Path is the SQLite file, relative to the config's folder; default
	// memberfee.db beside the config.
	Path string `mapstructure:"path"`
	// FourEyes requires an approval by another person of the same rated
	// content before a period is issued (fyraögonsprincip).
	FourEyes bool `mapstructure:"four_eyes"`
}

// LedgerPath returns the ledger's file: flag when given, else
// ledger.path from the config's folder, else memberfee.db beside the config.
func (c *Config) LedgerPath(flag string) string {
	switch {
	case flag != "":
		return flag
	case c.Ledger.Path != "":
		return c.Resolve(c.Ledger.Path)
	}
	return filepath.Join(filepath.Dir(c.Path), DefaultLedger)
}

// ledgerProblems checks the ledger and accounting sections.
func (c *Config) ledgerProblems() []error {
	var errs []error
	if d := c.Accounting.PaymentTermsDays; d < 0 || d > 365 {
		errs = append(errs, &field.Error{Path: "accounting.payment_terms_days", Value: fmt.Sprint(d), Err: fmt.Errorf("%w (0 to 365 days)", field.ErrOutOfRange)})
	}
	return errs
}
