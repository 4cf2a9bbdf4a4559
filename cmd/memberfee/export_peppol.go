package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"memberfee/books"
	"memberfee/config"
	"memberfee/peppol"
)

func init() { peppolExport = newExportPeppolCmd }

func newExportPeppolCmd() *cobra.Command {
	o := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "peppol --config FILE (--number N | --from D --to D) --out DIR",
		Short: "The issued documents as Peppol BIS Billing 3.0 e-invoices: DIR/<number>.xml, an Invoice or (a negative correction) a CreditNote",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, vs, what, err := o.vouchers()
			if err != nil {
				return err
			}
			docs := make([]*peppol.Document, len(vs))
			for i := range vs {
				if docs[i], err = peppolDocument(c, &vs[i]); err != nil {
					return &inputError{summary: fmt.Sprintf("%v: nothing was written", err)}
				}
			}
			// Every document is checked before any file is written.
			payable := decimal.Zero
			for i, d := range docs {
				if err := peppol.Check(d); err != nil {
					return &inputError{summary: fmt.Sprintf("not an e-invoice: %v: nothing was written", err)}
				}
				// The e-invoice's VAT is the voucher's: both are VAT per
				// (category, rate) of the document, rounded once.
				_, vat, pay := peppol.Totals(d)
				if !vat.Equal(vs[i].VAT) || !pay.Equal(vs[i].Gross()) {
					return fmt.Errorf("document %s: the e-invoice's VAT %s and payable %s differ from the voucher's %s and %s (a bug: nothing was written)", d.Number, vat, pay, vs[i].VAT, vs[i].Gross())
				}
				payable = payable.Add(pay)
			}
			if err := os.MkdirAll(o.out, 0o755); err != nil {
				return writeError(err)
			}
			paths := make([]string, len(docs))
			fills := make([]func(io.Writer) error, len(docs))
			for i, d := range docs {
				paths[i] = filepath.Join(o.out, d.Number+".xml")
				fills[i] = func(w io.Writer) error { return peppol.Write(w, d) }
			}
			if err := writeAllAtomic(paths, fills); err != nil {
				var pe *peppol.Error
				if errors.As(err, &pe) {
					return &inputError{summary: fmt.Sprintf("%v: nothing was written", err)}
				}
				return writeError(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (%s) to %s: payable %s (credit notes negative)\n", plural(len(docs), "e-invoice"), what, o.out, payable.StringFixed(2))
			return nil
		},
	}
	o.add(cmd, true, "the folder to write DIR/<number>.xml to (created when missing; a file there is replaced whole, atomically)")
	return cmd
}

// categoryNames are the invoice lines' item names.
var categoryNames = map[string]string{
	"fee": "Medlemsavgift", "equipment": "Utrustning", "printers": "Skrivare", "storage": "Lagring",
	"support": "Support utanför kontorstid", "licences": "Licenser", "services": "Tjänster",
}

// peppolDocument maps a booked document onto the e-invoice's model.
func peppolDocument(c *config.Config, v *books.Voucher) (*peppol.Document, error) {
	a := &c.Accounting
	m := a.Member(v.Member)
	if m == nil || m.PeppolID == "" {
		return nil, fmt.Errorf("document %s: member %s (%s) has no accounting.members[].peppol_id, so it cannot receive a Peppol e-invoice", v.Number, v.Member, v.MemberName)
	}
	if m.BuyerReference == "" {
		return nil, fmt.Errorf("document %s: member %s (%s) has no accounting.members[].buyer_reference, which its receiving system routes on", v.Number, v.Member, v.MemberName)
	}
	s := &a.Seller
	d := &peppol.Document{
		Number: v.Number, Credit: v.Net.Sign() < 0, IssueDate: v.IssueDate, DueDate: v.DueDate, Currency: c.Currency,
		BuyerReference: m.BuyerReference, Corrects: v.Corrects,
		Seller: peppol.Party{Ref: "seller", Name: s.Name, OrganisationNumber: s.OrganisationNumber, EndpointID: s.PeppolID,
			Street: s.Address.Street, City: s.Address.City, PostalCode: s.Address.PostalCode, Country: s.Address.Country,
			ContactName: s.Contact.Name, ContactEmail: s.Contact.Email},
		Buyer: peppol.Party{Ref: v.Member, Name: v.MemberName, OrganisationNumber: m.OrganisationNumber, EndpointID: m.PeppolID,
			Street: m.Address.Street, City: m.Address.City, PostalCode: m.Address.PostalCode, Country: m.Address.Country},
		Bankgiro: s.Bankgiro, PaymentReference: v.Number,
		PaymentTermsNote: "Förfallodag " + v.DueDate.Format(time.DateOnly), // the document's own due date
		Period:           peppol.Period{From: v.Period.From, To: v.Period.To},
	}
	allO := true
	for _, l := range v.Lines {
		if l.Role != books.Revenue {
			continue
		}
		line := peppol.Line{Name: categoryNames[l.Category], Net: l.Net, VATCode: l.VATCode, VATRate: l.VATRate}
		if l.VATCode == "O" {
			line.VATRate = decimal.Zero
		} else {
			allO = false
		}
		if l.VATCode == "E" {
			line.ExemptionReason = "Undantagen från skatteplikt"
		}
		d.Lines = append(d.Lines, line)
	}
	if !allO && s.VAT.Registered {
		d.Seller.VATNumber = s.VAT.Number // BR-O-02: none on an all-O document
	}
	if !allO {
		d.Buyer.VATNumber = m.VATNumber // AE and K need it (BR-AE-02, BR-IC-02)
	}
	if len(d.Lines) == 0 {
		return nil, fmt.Errorf("document %s has no line with an amount: there is nothing to invoice", v.Number)
	}
	return d, nil
}
