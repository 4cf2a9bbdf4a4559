package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"memberfee/books"
	"memberfee/books/basis"
	"memberfee/books/sie"
	"memberfee/config"
	"memberfee/ledger"
)

// exportOptions are what the exports into the books share.
type exportOptions struct {
	ledgerFlags
	config, from, to, out, number string
	year                          int
}

func (o *exportOptions) add(cmd *cobra.Command, byNumber bool, outHelp string) {
	cmd.Flags().StringVar(&o.out, "out", "", outHelp)
	addLedgerFlag(cmd, &o.ledgerFlags)
	cmd.Flags().StringVar(&o.config, "config", "", "the config file (YAML), with its accounting section")
	cmd.Flags().StringVar(&o.from, "from", "", "the first day of issue, 2025-04-01 (with --to)")
	cmd.Flags().StringVar(&o.to, "to", "", "the last day of issue, both days included")
	if byNumber {
		cmd.Flags().StringVar(&o.number, "number", "", "only the document with this number, 2025-0006")
	} else {
		cmd.Flags().IntVar(&o.year, "year", 0, "the documents issued in this year")
		cmd.Flags().StringVar(&o.date, "date", "", "the date the file says it was made (#GEN), 2025-05-02 (default today in Europe/Stockholm)")
	}
	_ = cmd.MarkFlagRequired("config")
	_ = cmd.MarkFlagRequired("out")
}

func newExportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Into the books: issued documents as SIE 4I vouchers, an invoice basis CSV or Peppol e-invoices",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newExportSIECmd(), newExportCSVCmd())
	if peppolExport != nil {
		cmd.AddCommand(peppolExport())
	}
	return cmd
}

// peppolExport makes `export peppol` where it is built in.
var peppolExport func() *cobra.Command

func newExportSIECmd() *cobra.Command {
	o := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "sie --config FILE (--year Y | --from D --to D) --out FILE.si",
		Short: "The issued documents as SIE 4I vouchers for the host's ledger: one balanced #VER per document",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			gen, err := o.issueDate()
			if err != nil {
				return err
			}
			c, vs, what, err := o.vouchers()
			if err != nil {
				return err
			}
			s := &c.Accounting.Seller
			f := sie.FromVouchers(sie.Header{Program: "memberfee", Version: version, Generated: gen, Company: s.Name,
				OrgNumber: s.OrganisationNumber, Currency: c.Currency}, vs, sieDims(&c.Accounting))
			var sum uint32
			if err := writeAtomic(o.out, func(w io.Writer) error {
				var err error
				sum, err = sie.Write(w, f)
				return err
			}); err != nil {
				var fe *sie.FieldError
				if errors.As(err, &fe) {
					return &inputError{summary: fmt.Sprintf("%s cannot be written: %v; change the config's text (or the member's name) to what IBM code page 437 holds; nothing was written", o.out, err)}
				}
				return writeError(err)
			}
			net, vat, gross := totals(vs)
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (%s) to %s: receivable %s = net %s + VAT %s; every voucher balances; #KSUMMA %d\n",
				plural(len(vs), "voucher"), what, o.out, gross, net, vat, sum)
			return nil
		},
	}
	o.add(cmd, false, "the SIE file to write (FILE.si); one that exists is replaced whole, atomically")
	return cmd
}

func newExportCSVCmd() *cobra.Command {
	o := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "csv --config FILE (--year Y | --from D --to D) --out FILE.csv",
		Short: "The issued documents as an invoice basis: one row per document line, Swedish Excel CSV",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, vs, what, err := o.vouchers()
			if err != nil {
				return err
			}
			rows := 0
			if err := writeAtomic(o.out, func(w io.Writer) error {
				bw, err := basis.NewWriter(w)
				if err != nil {
					return err
				}
				for i := range vs {
					if err := bw.Voucher(&vs[i]); err != nil {
						return err
					}
					for _, l := range vs[i].Lines {
						if l.Role == books.Revenue {
							rows++
						}
					}
				}
				return bw.Flush()
			}); err != nil {
				return writeError(err)
			}
			net, vat, _ := totals(vs)
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s of %s (%s) to %s: net %s, VAT %s\n", plural(rows, "line"), plural(len(vs), "document"), what, o.out, net, vat)
			return nil
		},
	}
	o.add(cmd, false, "the CSV file to write (FILE.csv); one that exists is replaced whole, atomically")
	return cmd
}

// filter reads the selection flags: --year, --from/--to, or --number.
func (o *exportOptions) filter() (ledger.Filter, string, error) {
	var f ledger.Filter
	switch {
	case o.number != "" && (o.from != "" || o.to != ""):
		return f, "", usage(errors.New("give --number or --from and --to, not both"))
	case o.year != 0 && (o.from != "" || o.to != ""):
		return f, "", usage(errors.New("give --year or --from and --to, not both"))
	case o.number != "":
		f.Number = o.number
		return f, "issued as document " + o.number, nil
	case o.year != 0:
		if o.year < 1900 || o.year > 9999 {
			return f, "", usage(fmt.Errorf("--year %d is not a year", o.year))
		}
		f.Year = o.year
		return f, fmt.Sprintf("issued in %d", o.year), nil
	case o.from == "" || o.to == "":
		return f, "", usage(errors.New("give the documents to export: --year Y, or --from D and --to D (by issue date)"))
	}
	var err error
	if f.From, err = time.Parse(time.DateOnly, o.from); err != nil {
		return f, "", usage(fmt.Errorf("--from %q is not a date written as 2025-04-01", o.from))
	}
	if f.To, err = time.Parse(time.DateOnly, o.to); err != nil {
		return f, "", usage(fmt.Errorf("--to %q is not a date written as 2025-04-30", o.to))
	}
	if f.To.Before(f.From) {
		return f, "", usage(fmt.Errorf("--to %s is before --from %s", o.to, o.from))
	}
	return f, "issued " + o.from + " – " + o.to, nil
}

// documents loads and checks the config (the accounting section whole)
// and reads the documents selected, each with its nets per category.
func (o *exportOptions) documents() (*config.Config, []ledger.Document, string, error) {
	f, what, err := o.filter()
	if err != nil {
		return nil, nil, "", err
	}
	c, err := load(o.config, func(c *config.Config) []error {
		errs := c.ValidateBilling() // with the accounting section when it is given
		if !c.Accounting.Given() {
			errs = append(errs, c.ValidateAccounting()...) // what it lacks
		}
		return errs
	})
	if err != nil {
		return nil, nil, "", err
	}
	l, err := openLedger(c, &o.ledgerFlags, true)
	if err != nil {
		return nil, nil, "", err
	}
	defer l.Close()
	var docs []ledger.Document
	if err := l.View(background, func(tx *ledger.Tx) error {
		var err error
		if docs, err = tx.Documents(f); err != nil {
			return err
		}
		for i := range docs {
			d := &docs[i]
			if len(d.ByCategory) > 0 {
				continue
			}
			lines, err := tx.Lines(d.Number)
			if err != nil {
				return err
			}
			d.ByCategory = map[string]decimal.Decimal{}
			for _, ln := range lines {
				d.ByCategory[string(ln.Category)] = d.ByCategory[string(ln.Category)].Add(ln.Amount)
			}
		}
		return nil
	}); err != nil {
		return nil, nil, "", ledgerError(l.Path(), err)
	}
	if len(docs) == 0 {
		return nil, nil, "", &inputError{summary: fmt.Sprintf("nothing was %s (by issue date) in %s: nothing was written", what, l.Path())}
	}
	if err := checkCurrency(c, docs); err != nil {
		return nil, nil, "", err
	}
	return c, docs, what, nil
}

// checkCurrency refuses documents issued in another currency than the
// config's: their amounts would be exported as the config's. A document
// without a recorded currency (issued before it was recorded) is taken as
// being in the config's.
func checkCurrency(c *config.Config, docs []ledger.Document) error {
	var other []ledger.Document
	in := ""
	for _, d := range docs {
		if cur := documentCurrency(&d); cur != "" && cur != c.Currency {
			other = append(other, d)
			if in == "" {
				in = cur
			}
		}
	}
	if len(other) == 0 {
		return nil
	}
	return &inputError{summary: fmt.Sprintf("currency: the config says %s, but the amounts of document %s are in %s, the currency they were issued in; they cannot be exported as %s (set currency: %s back): nothing was written",
		c.Currency, numbers(other, 6), in, c.Currency, in)}
}

// vouchers books the documents selected.
func (o *exportOptions) vouchers() (*config.Config, []books.Voucher, string, error) {
	c, docs, what, err := o.documents()
	if err != nil {
		return nil, nil, "", err
	}
	vs, err := books.NewChart(c).BuildAll(docs)
	if err != nil {
		return nil, nil, "", &inputError{summary: fmt.Sprintf("%v: nothing was written", err)}
	}
	return c, vs, fmt.Sprintf("%s: %s", what, documentRange(vs)), nil
}

func documentRange(vs []books.Voucher) string {
	if len(vs) == 1 {
		return vs[0].Number
	}
	return vs[0].Number + " … " + vs[len(vs)-1].Number
}

// sieDims are the dimensions the vouchers may use: the config's, and the
// member's when the config names none per member.
func sieDims(a *config.Accounting) []config.Dimension {
	dims := append([]config.Dimension(nil), a.Dimensions...)
	md := a.MemberDimension()
	for _, d := range dims {
		if d.Dim == md.Dim {
			return dims
		}
	}
	return append(dims, md)
}

// totals are Σ net, Σ VAT and Σ receivable of the vouchers.
func totals(vs []books.Voucher) (net, vat, gross string) {
	n, v := decimal.Zero, decimal.Zero
	for i := range vs {
		n, v = n.Add(vs[i].Net), v.Add(vs[i].VAT)
	}
	return n.StringFixed(2), v.StringFixed(2), n.Add(v).StringFixed(2)
}

// writeAtomic writes path through a temporary file beside it, renamed
// over it only when everything was written and synced: a reader sees the
// old file or the new one whole, never a part, and a failed run leaves
// the old one as it was.
func writeAtomic(path string, fill func(io.Writer) error) error {
	return writeAllAtomic([]string{path}, []func(io.Writer) error{fill})
}

// writeAllAtomic writes every path as writeAtomic does, but all or none:
// each file is written whole to a temporary file beside it first, and
// only when all are written are they renamed into place. On a failure the
// temporary files are removed and no path is touched. (A rename that fails
// midway, a full or vanished folder, can still leave the earlier ones
// renamed; the error says so.)
func writeAllAtomic(paths []string, fills []func(io.Writer) error) error {
	var temps []string
	defer func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}()
	for i, path := range paths {
		if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file; give a file name", path)
		}
		dir, base := filepath.Split(path)
		if dir == "" {
			dir = "."
		}
		tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
		if err != nil {
			return err
		}
		temps = append(temps, tmp.Name())
		w := bufio.NewWriterSize(tmp, 64<<10)
		err = fills[i](w)
		if err == nil {
			err = w.Flush()
		}
		if err == nil {
			err = tmp.Chmod(0o644)
		}
		if err == nil {
			err = tmp.Sync()
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	for i, path := range paths {
		if err := os.Rename(temps[i], path); err != nil {
			return fmt.Errorf("%w (after %d of %d files were in place)", err, i, len(paths))
		}
		temps[i] = ""
	}
	temps = nil
	return nil
}
