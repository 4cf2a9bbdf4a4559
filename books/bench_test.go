package books_test

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/books"
	"memberfee/books/basis"
	"memberfee/books/sie"
	"memberfee/config"
	"memberfee/ledger"
)

// nationalYear is 12 months of a national year's documents: 60 members,
// a chargeback each month with all six categories, and 12 monthly fee
// installments: 1 440 documents.
func nationalYear() (books.Chart, []ledger.Document) {
	a := &config.Accounting{Accounts: config.Accounts{Receivable: "1510", Fee: "3010", Equipment: "3540", Printers: "3540",
		Storage: "3550", Support: "3560", Licences: "3570", Services: "3590", VATOut: "2611"},
		Dimensions: []config.Dimension{{Dim: 1, Name: "Ansvar", Object: "4100"}, {Dim: 8, Name: "Motpart", PerMember: true}}}
	a.VAT = append(a.VAT, config.VATRule{Category: "fee", Code: "O"})
	for _, c := range config.AccountingCategories()[1:] {
		a.VAT = append(a.VAT, config.VATRule{Category: c, Code: "S", Rate: decimal.NewNullDecimal(decimal.NewFromInt(25))})
	}
	names := map[string]string{}
	var docs []ledger.Document
	for m := range 60 {
		id := fmt.Sprintf("%04d", 1000+m)
		names[id] = "Kommun " + id
		a.Members = append(a.Members, config.AccountingMember{Member: id})
	}
	n := 0
	for month := 1; month <= 12; month++ {
		issued := time.Date(2025, time.Month(month), 5, 0, 0, 0, 0, time.UTC)
		for m := range 60 {
			id := fmt.Sprintf("%04d", 1000+m)
			n++
			fee := decimal.New(int64(412345+m*1000), 0)
			docs = append(docs, ledger.Document{Number: fmt.Sprintf("2025-%04d", n), Kind: ledger.Fee, Member: id, Total: fee,
				ByCategory: map[string]decimal.Decimal{"fee": fee}, IssueDate: issued, DueDate: issued.AddDate(0, 0, 30)})
			n++
			d := ledger.Document{Number: fmt.Sprintf("2025-%04d", n), Kind: ledger.Chargeback, Member: id, Total: decimal.Zero,
				ByCategory: map[string]decimal.Decimal{}, IssueDate: issued, DueDate: issued.AddDate(0, 0, 30)}
			for k, c := range config.AccountingCategories()[1:] {
				v := decimal.New(int64(100003*(k+1)+m*7+month), -2)
				d.ByCategory[c], d.Total = v, d.Total.Add(v)
			}
			docs = append(docs, d)
		}
	}
	return books.Chart{Accounting: a, Organisation: "IT-nämnden", Names: names}, docs
}

// BenchmarkExportYear books a national year's 1 440 documents and writes
// them as SIE and as the invoice basis CSV.
func BenchmarkExportYear(b *testing.B) {
	ch, docs := nationalYear()
	dims := ch.Accounting.Dimensions
	for b.Loop() {
		vs, err := ch.BuildAll(docs)
		if err != nil {
			b.Fatal(err)
		}
		f := sie.FromVouchers(sie.Header{Program: "memberfee", Version: "bench", Generated: time.Now(), Company: "Lekebergs kommun", OrgNumber: "212000-1843"}, vs, dims)
		if _, err := sie.Write(io.Discard, f); err != nil {
			b.Fatal(err)
		}
		w, err := basis.NewWriter(io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		for i := range vs {
			if err := w.Voucher(&vs[i]); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
	}
}
