package peppol_test

import (
	"fmt"
	"os"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/peppol"
)

func ExampleTaxAmount() {
	fmt.Println(peppol.TaxAmount(decimal.RequireFromString("100.02"), decimal.NewFromInt(25)))
	fmt.Println(peppol.TaxAmount(decimal.RequireFromString("-100.02"), decimal.NewFromInt(25)))
	// Output:
	// 25.01
	// -25.01
}

func ExampleCheck() {
	d := &peppol.Document{
		Number: "2026-0001", IssueDate: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), DueDate: time.Date(2026, 2, 14, 0, 0, 0, 0, time.UTC),
		Currency: "SEK", BuyerReference: "4711", Bankgiro: "5050-1055",
		Seller: peppol.Party{Name: "Lekebergs kommun", OrganisationNumber: "212000-1868", EndpointID: "0007:2120001868", Country: "SE"},
		Buyer:  peppol.Party{Ref: "1882", Name: "Askersunds kommun", Country: "SE"},
		Lines:  []peppol.Line{{Name: "Medlemsavgift", Net: decimal.RequireFromString("125000.00"), VATCode: "O"}},
	}
	fmt.Println(peppol.Write(os.Stdout, d))
	// Output:
	// document 2026-0001: Buyer (member 1882).EndpointID: member 1882 has no peppol_id: it cannot receive a Peppol invoice (PEPPOL-EN16931-R010)
}
