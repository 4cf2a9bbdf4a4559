package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"memberfee/billing"
	"memberfee/clients"
	"memberfee/config"
	"memberfee/input"
	"memberfee/report"
)

func newClientsCmd() *cobra.Command {
	var path, out, langFlag string
	var year int
	cmd := &cobra.Command{
		Use:   "clients --config FILE [--year Y] [--out DIR]",
		Short: "Client devices (the policy's clients_clause): investment budget, capital cost and replacement plan",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			lang, err := report.ParseLang(langFlag)
			if err != nil {
				return err
			}
			c, err := loadForBilling(path)
			if err != nil {
				return err
			}
			if year == 0 {
				year = c.Year
			}
			if year < 1900 || year > 2999 {
				return &inputError{summary: fmt.Sprintf("config %s: no year; give --year or year in the config", path)}
			}
			if c.Clients.Register == "" {
				return &inputError{summary: fmt.Sprintf("config %s: clients.register names no asset register", path)}
			}
			devices, rejected, err := readRegister(c)
			if err != nil {
				return &inputError{summary: err.Error()}
			}
			ids := make([]string, len(c.Members))
			names := map[string]string{}
			for i, m := range c.Members {
				ids[i] = m.ID
				names[m.ID] = m.Name
			}
			res := clients.Compute(devices, ids, c.Clients.Types, c.Clients.InterestRate, year)
			res.Rejected = append(rejected, res.Rejected...)
			licences, err := licenceCounts(c)
			if err != nil {
				return &inputError{summary: err.Error()}
			}
			o, err := openOutput(cmd, out)
			if err != nil {
				return err
			}
			defer o.close()
			rec, err := newRecord(cmd, c, fmt.Sprintf("clients-%d", year))
			if err != nil {
				return err
			}
			rec.out = o
			if err := rec.addInput("register", c.Clients.Register, c.Resolve(c.Clients.Register), 0); err != nil {
				return err
			}
			if name := c.Billing.Inputs.Licences; name != "" {
				if err := rec.addInput("licences", name, c.Resolve(name), 0); err != nil {
					return err
				}
			}
			for _, m := range res.Members {
				rec.totals["replacement_investment "+m.ID] = m.ReplacementInvestment.StringFixed(2)
				rec.totals["depreciation "+m.ID] = m.Depreciation.StringFixed(2)
			}
			in := &report.ClientsInput{Result: res, Names: names, Licences: licences, Rate: c.Clients.InterestRate, Types: c.Clients.Types, Version: version,
				Clause: c.Policy().ClientsClause}
			base, err := rec.writeBookAndJSON(report.ClientsBook(in, lang, rec.audit()), report.NewClientsJSON(in))
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			for _, m := range res.Members {
				fmt.Fprintf(w, "%s %-10s devices %4d  depreciation %12s  interest %10s  book value %12s  replacements %3d  investment %12s\n",
					m.ID, names[m.ID], m.Devices, m.Depreciation.StringFixed(2), m.Interest.StringFixed(2), m.BookValue.StringFixed(2),
					m.Replacements, m.ReplacementInvestment.StringFixed(2))
			}
			printClientRejections(cmd.ErrOrStderr(), res.Rejected)
			_, err = fmt.Fprintf(w, "wrote %s.xlsx and %s.json\n", base, base)
			return err
		},
	}
	cmd.Flags().StringVar(&path, "config", "", "the config file (YAML)")
	cmd.Flags().IntVar(&year, "year", 0, "the year (default the config's year)")
	cmd.Flags().StringVar(&out, "out", ".", "the folder to write the outputs to")
	cmd.Flags().StringVar(&langFlag, "lang", "sv", "the language of the workbook: sv or en")
	addLockFlag(cmd)
	_ = cmd.MarkFlagRequired("config")
	return cmd
}

func printClientRejections(w io.Writer, rs []clients.Rejection) {
	rows := make([]rejectedRow, len(rs))
	for i, r := range rs {
		rows[i] = rejectedRow{r.File, r.Row, r.Column, r.Reason}
	}
	printRejections(w, "register row", rows)
}

// readRegister reads the asset register; rows that cannot be read are
// returned as rejections.
func readRegister(c *config.Config) ([]clients.Device, []clients.Rejection, error) {
	name := c.Clients.Register
	t, err := input.Open(c.Resolve(name), name, input.ClientSchema, input.Options{Sheet: c.Clients.Sheet})
	if err != nil {
		return nil, nil, err
	}
	defer t.Close()
	name = filepath.Base(name) // rows name their file by its base name, as bill does
	var devices []clients.Device
	var rejected []clients.Rejection
	members := billing.NewMembers(c.BillingMembers())
	for {
		rec, err := t.Next()
		if err == io.EOF {
			return devices, rejected, nil
		}
		var ce *input.CellError
		if errors.As(err, &ce) {
			rejected = append(rejected, clients.Rejection{File: name, Row: ce.Row, Column: ce.Column, Reason: ce.Err.Error()})
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		fail := func(ce *input.CellError) {
			rejected = append(rejected, clients.Rejection{File: name, Row: ce.Row, Column: ce.Column, Reason: fmt.Sprintf("%q %v", ce.Value, ce.Err)})
		}
		d := clients.Device{File: name, Row: rec.Row, ID: rec.Get("device"), Type: rec.Get("type"), Member: rec.Get("member"), Department: rec.Get("department")}
		if d.ID == "" {
			fail(rec.Fail("device", input.ErrMissing))
			continue
		}
		var cerr *input.CellError
		if d.Purchased, cerr = rec.Date("purchased"); cerr != nil {
			fail(cerr)
			continue
		}
		if d.Price, _, cerr = rec.Number("price", input.Amount, true); cerr != nil {
			fail(cerr)
			continue
		}
		shared, err := input.ParseYes(rec.Get("shared"))
		if err != nil {
			fail(rec.Fail("shared", err))
			continue
		}
		d.Shared = shared
		// A member may be written by name, as in the chargeback's inputs
		// (billing.Members: "Skara kommun", "Lidkoping"); a cell that names
		// no member, or more than one, stays as written and is rejected.
		if ids := members.Lookup(d.Member); len(ids) == 1 {
			d.Member = ids[0]
		}
		devices = append(devices, d)
	}
}

// licenceCounts sums the licence input's counts per member and type, for
// the cross-check against shared and personal devices; nil without a
// licence input. Rows that cannot be read are left to `bill` to reject.
func licenceCounts(c *config.Config) (map[string]map[string]decimal.Decimal, error) {
	name := c.Billing.Inputs.Licences
	if name == "" {
		return nil, nil
	}
	t, err := input.Open(c.Resolve(name), name, input.LicenceSchema, input.Options{Sheet: c.Billing.Sheets.Licences})
	if err != nil {
		return nil, err
	}
	defer t.Close()
	out := map[string]map[string]decimal.Decimal{}
	members := billing.NewMembers(c.BillingMembers())
	for {
		rec, err := t.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			continue
		}
		n, ok, cerr := rec.Number("count", input.Plain, true)
		if cerr != nil || !ok {
			continue
		}
		m, typ := rec.Get("member"), strings.ToUpper(rec.Get("type"))
		if ids := members.Lookup(m); len(ids) == 1 {
			m = ids[0] // by id, as the devices are counted
		}
		if out[m] == nil {
			out[m] = map[string]decimal.Decimal{}
		}
		out[m][typ] = out[m][typ].Add(n)
	}
}
