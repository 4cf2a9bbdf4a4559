package peppol

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/internal/nofloat"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// seller and buyer are illustrative (their numbers only pass the check
// digits); buyerFI and buyerNO serve K and G.
var (
	seller = Party{Ref: "seller", Name: "Lekebergs kommun", OrganisationNumber: "212000-1868", EndpointID: "0007:2120001868",
		Street: "Kommunhuset, Tingsvägen 3", City: "Fjugesta", PostalCode: "716 81", Country: "SE",
		VATNumber: "SE212000186801", FSkatt: true, ContactName: "Ekonomienheten", ContactEmail: "ekonomi@example.se"}
	buyer = Party{Ref: "1882", Name: "Askersunds kommun", OrganisationNumber: "212000-1876", EndpointID: "0007:2120001876",
		Street: "Box 1", City: "Askersund", PostalCode: "696 80", Country: "SE", VATNumber: "SE212000187601"}
	buyerFI = Party{Ref: "fi", Name: "Esimerkki Oy", EndpointID: "0088:7300010000001", City: "Helsinki", Country: "FI", VATNumber: "FI12345678"}
	buyerNO = Party{Ref: "no", Name: "Eksempel AS", EndpointID: "0088:7300010000001", City: "Oslo", Country: "NO", VATNumber: "NO999999999MVA"}
)

func base(number string, lines ...Line) *Document {
	return &Document{
		Number: number, IssueDate: date("2026-01-15"), DueDate: date("2026-02-14"), Currency: "SEK",
		BuyerReference: "IT-nämnden 4711", Seller: seller, Buyer: buyer, Bankgiro: "5050-1055",
		PaymentReference: number, PaymentTermsNote: "30 dagar netto", Lines: lines,
	}
}

// documents are the tests' documents: each is written, compared with its
// golden file and, where Java is, validated by the official rules.
func documents() []struct {
	name string
	doc  *Document
} {
	fee := base("2026-0001", Line{ID: "1", Name: "Medlemsavgift 2026 kvartal 1", Description: "Avgift enligt samverkansavtalet, 1/4 av årsavgiften",
		Net: dec("125000.00"), VATCode: "O"})
	fee.Period = Period{From: date("2026-01-01"), To: date("2026-03-31")}
	fee.Note = "Avgiften ligger utanför mervärdesskattens tillämpningsområde."

	charge := base("2026-0101",
		Line{Name: "Utrustning", Net: dec("40000.02"), VATCode: "S", VATRate: dec("25")},
		Line{Name: "Lagring", Quantity: dec("3"), UnitCode: "MON", Price: dec("1033.34"), Net: dec("3100.02"), VATCode: "S", VATRate: dec("25")},
		Line{Name: "Licenser", Net: dec("0.01"), VATCode: "S", VATRate: dec("25")})
	charge.Period = Period{From: date("2026-01-01"), To: date("2026-03-31")}

	credit := base("2026-0102",
		Line{Name: "Utrustning, rättelse", Net: dec("-5000.00"), VATCode: "S", VATRate: dec("25")},
		Line{Name: "Lagring, rättelse", Net: dec("-100.02"), VATCode: "S", VATRate: dec("25")})
	credit.Credit, credit.Corrects, credit.CorrectsDate = true, "2026-0101", date("2026-01-15")
	credit.IssueDate, credit.DueDate = date("2026-02-02"), date("2026-03-04")

	correction := base("2026-0103",
		Line{Name: "Utrustning, rättelse", Net: dec("800.00"), VATCode: "S", VATRate: dec("25")},
		Line{Name: "Lagring, rättelse", Net: dec("-300.00"), VATCode: "S", VATRate: dec("25")})
	correction.Corrects = "2026-0101"
	correction.IssueDate, correction.DueDate = date("2026-02-03"), date("2026-03-05")

	feeCredit := base("2026-0002", Line{Name: "Medlemsavgift 2026 kvartal 1, rättelse", Net: dec("-1250.50"), VATCode: "O", ExemptionReason: "Ej föremål för mervärdesskatt"})
	feeCredit.Credit, feeCredit.Corrects = true, "2026-0001"

	creditMixed := base("2026-0110",
		Line{Name: "Utrustning, rättelse", Net: dec("-2000.00"), VATCode: "S", VATRate: dec("25")},
		Line{Name: "Lagring, rättelse", Net: dec("500.00"), VATCode: "S", VATRate: dec("25")})
	creditMixed.Credit, creditMixed.Corrects = true, "2026-0101"

	mixed := base("2026-0104",
		Line{Name: "Drift", Net: dec("1000.00"), VATCode: "S", VATRate: dec("25")},
		Line{Name: "Kurslitteratur", Net: dec("333.33"), VATCode: "S", VATRate: dec("6")},
		Line{Name: "Livsmedel", Net: dec("99.99"), VATCode: "S", VATRate: dec("12")},
		Line{Name: "Tidskrifter export", Net: dec("50.00"), VATCode: "Z", VATRate: dec("0")},
		Line{Name: "Utbildning", Net: dec("2000.00"), VATCode: "E", ExemptionReason: "Undantagen från skatteplikt enligt 10 kap. 29 § mervärdesskattelagen"})

	z := base("2026-0105", Line{Name: "Nollskattad tjänst", Net: dec("1500.00"), VATCode: "Z"})
	e := base("2026-0106", Line{Name: "Sjukvårdstjänst", Net: dec("1500.00"), VATCode: "E", ExemptionReason: "Undantagen från skatteplikt"})
	ae := base("2026-0107", Line{Name: "Byggtjänst, omvänd betalningsskyldighet", Net: dec("1500.00"), VATCode: "AE"})
	k := base("2026-0108", Line{Name: "Servrar", Net: dec("1500.00"), VATCode: "K"})
	k.Buyer, k.Period, k.Currency = buyerFI, Period{From: date("2026-01-01"), To: date("2026-01-31")}, "EUR"
	g := base("2026-0109", Line{Name: "Export", Net: dec("1500.00"), VATCode: "G"})
	g.Buyer = buyerNO

	// A correction that moves an amount between categories, and one that
	// moves a line within one (its category's net 0): payable 0, an Invoice.
	zeroMoved := base("2026-0111",
		Line{Name: "Support utanför kontorstid, rättelse", Net: dec("-925.00"), VATCode: "S", VATRate: dec("25")},
		Line{Name: "Licenser, rättelse", Net: dec("925.00"), VATCode: "S", VATRate: dec("25")})
	zeroMoved.Corrects = "2026-0101"
	zeroLine := base("2026-0112", Line{Name: "Support utanför kontorstid, rättelse", Net: dec("0.00"), VATCode: "S", VATRate: dec("25")})
	zeroLine.Corrects = "2026-0101"

	return []struct {
		name string
		doc  *Document
	}{
		{"fee-o", fee}, {"chargeback-s25", charge}, {"credit-note", credit}, {"correction-invoice", correction},
		{"fee-credit-o", feeCredit}, {"credit-note-mixed-lines", creditMixed}, {"mixed-s-z-e", mixed},
		{"vat-z", z}, {"vat-e", e}, {"vat-ae", ae}, {"vat-k", k}, {"vat-g", g},
		{"correction-zero-moved", zeroMoved}, {"correction-zero-line", zeroLine},
	}
}

func TestWriteGolden(t *testing.T) {
	for _, tc := range documents() {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tc.doc); err != nil {
				t.Fatal(err)
			}
			if err := CheckXML(bytes.NewReader(buf.Bytes())); err != nil {
				t.Fatal(err)
			}
			var again bytes.Buffer
			if err := Write(&again, tc.doc); err != nil || !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Fatalf("a second Write gave other bytes (err %v)", err)
			}
			golden := filepath.Join("testdata", tc.name+".xml")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s differs from what Write writes now (go test -update rewrites it):\n%s", golden, buf.String())
			}
		})
	}
}

// TestWriteShape: what the brief and the rules ask of the bytes.
func TestWriteShape(t *testing.T) {
	docs := map[string]*Document{}
	out := map[string]string{}
	for _, tc := range documents() {
		var buf bytes.Buffer
		if err := Write(&buf, tc.doc); err != nil {
			t.Fatal(err)
		}
		docs[tc.name], out[tc.name] = tc.doc, buf.String()
	}
	has := func(name, s string) {
		t.Helper()
		if !strings.Contains(out[name], s) {
			t.Errorf("%s: no %q", name, s)
		}
	}
	hasnt := func(name, s string) {
		t.Helper()
		if strings.Contains(out[name], s) {
			t.Errorf("%s: %q should not be there", name, s)
		}
	}
	for name := range out {
		has(name, "<cbc:CustomizationID>"+CustomizationID+"</cbc:CustomizationID>")
		has(name, "<cbc:ProfileID>"+ProfileID+"</cbc:ProfileID>")
		has(name, `<cbc:EndpointID schemeID="0007">2120001868</cbc:EndpointID>`)
		has(name, `<cbc:CompanyID schemeID="0007">2120001868</cbc:CompanyID>`) // SE-R-003/004: 10 digits, no hyphen
		has(name, "<cbc:ID>50501055</cbc:ID>")
		has(name, "<cbc:ID>SE:BANKGIRO</cbc:ID>")
		has(name, "<cbc:PaymentMeansCode name=\"Credit transfer\">30</cbc:PaymentMeansCode>")
		has(name, "<cbc:BuyerReference>IT-nämnden 4711</cbc:BuyerReference>")
		hasnt(name, "-</cbc:")
	}
	// BR-O-02: no VAT number on an all-O document, and a reason.
	for _, name := range []string{"fee-o", "fee-credit-o"} {
		hasnt(name, "SE212000186801")
		hasnt(name, "SE212000187601")
		hasnt(name, "<cbc:Percent>")
		has(name, "<cbc:TaxExemptionReason>")
	}
	has("fee-o", "<cbc:TaxExemptionReasonCode>VATEX-EU-O</cbc:TaxExemptionReasonCode>")
	has("fee-credit-o", "<cbc:TaxExemptionReason>Ej föremål för mervärdesskatt</cbc:TaxExemptionReason>")
	has("chargeback-s25", "<cbc:CompanyID>SE212000186801</cbc:CompanyID>")
	has("chargeback-s25", "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>")
	has("chargeback-s25", "<cbc:DueDate>2026-02-14</cbc:DueDate>")
	// One group S 25: 40000.02 + 3100.02 + 0.01 = 43100.05, VAT 10775.0125 → 10775.01 (document level;
	// per line it would be 10000.01 + 775.01 + 0.00 = 10775.02).
	has("chargeback-s25", `<cbc:TaxAmount currencyID="SEK">10775.01</cbc:TaxAmount>`)
	has("chargeback-s25", `<cbc:PayableAmount currencyID="SEK">53875.06</cbc:PayableAmount>`)
	has("chargeback-s25", `<cbc:InvoicedQuantity unitCode="MON">3</cbc:InvoicedQuantity>`)
	// The credit note: positive amounts, 381, the corrected invoice cited.
	has("credit-note", "<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\"")
	has("credit-note", "<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>")
	has("credit-note", "<cac:InvoiceDocumentReference>\n      <cbc:ID>2026-0101</cbc:ID>\n      <cbc:IssueDate>2026-01-15</cbc:IssueDate>")
	has("credit-note", `<cbc:PayableAmount currencyID="SEK">6375.03</cbc:PayableAmount>`) // 5100.02 + 1275.005→1275.01
	has("credit-note", `<cbc:CreditedQuantity unitCode="EA">1</cbc:CreditedQuantity>`)
	has("credit-note", "<cbc:PaymentDueDate>2026-03-04</cbc:PaymentDueDate>")
	hasnt("credit-note", "<cbc:DueDate>")
	hasnt("credit-note", `currencyID="SEK">-`)
	// The correction invoice: an invoice citing its invoice, with a negative line.
	has("correction-invoice", "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>")
	has("correction-invoice", "<cbc:ID>2026-0101</cbc:ID>")
	has("correction-invoice", `<cbc:InvoicedQuantity unitCode="EA">-1</cbc:InvoicedQuantity>`)
	has("correction-invoice", `<cbc:LineExtensionAmount currencyID="SEK">-300.00</cbc:LineExtensionAmount>`)
	has("correction-invoice", `<cbc:PriceAmount currencyID="SEK">300.00</cbc:PriceAmount>`)
	has("correction-invoice", `<cbc:PayableAmount currencyID="SEK">625.00</cbc:PayableAmount>`)
	// A credit note's line that raises an amount is a negative line on it.
	has("credit-note-mixed-lines", `<cbc:CreditedQuantity unitCode="EA">-1</cbc:CreditedQuantity>`)
	has("credit-note-mixed-lines", `<cbc:LineExtensionAmount currencyID="SEK">-500.00</cbc:LineExtensionAmount>`)
	has("credit-note-mixed-lines", `<cbc:PayableAmount currencyID="SEK">1875.00</cbc:PayableAmount>`)
	has("vat-k", "<cac:Delivery>")
	has("vat-k", "<cbc:TaxExemptionReasonCode>VATEX-EU-IC</cbc:TaxExemptionReasonCode>")
	has("vat-k", `currencyID="EUR"`)
	has("mixed-s-z-e", "<cbc:Percent>6</cbc:Percent>")

	// Totals are in the document's sign: the receivable a ledger books.
	_, vat, payable := Totals(docs["credit-note"])
	if !vat.Equal(dec("-1275.01")) || !payable.Equal(dec("-6375.03")) {
		t.Errorf("credit note totals: VAT %s, payable %s; want -1275.01, -6375.03", vat, payable)
	}
}

func TestTaxAmount(t *testing.T) {
	for _, tc := range []struct{ net, rate, want string }{
		{"100.02", "25", "25.01"}, // 25.005: half away from zero
		{"100.01", "25", "25.00"}, // 25.0025
		{"100.03", "25", "25.01"}, // 25.0075
		{"0.02", "25", "0.01"},    // 0.005
		{"0.01", "25", "0.00"},
		{"333.33", "6", "20.00"},  // 19.9998
		{"99.99", "12", "12.00"},  // 11.9988
		{"10.10", "12.5", "1.26"}, // 1.2625
		{"3200", "0", "0"},
		{"43100.05", "25", "10775.01"},
	} {
		for _, neg := range []bool{false, true} {
			net, want := dec(tc.net), dec(tc.want)
			if neg {
				net, want = net.Neg(), want.Neg()
			}
			if got := TaxAmount(net, dec(tc.rate)); !got.Equal(want) {
				t.Errorf("TaxAmount(%s, %s) = %s, want %s", net, tc.rate, got, want)
			}
		}
	}
}

// errs flattens an errors.Join into its *Error values.
func errs(err error) []*Error {
	var out []*Error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = append(out, errs(e)...)
		}
		return out
	}
	var e *Error
	if errors.As(err, &e) {
		out = append(out, e)
	}
	return out
}

func TestCheckRejects(t *testing.T) {
	ok := func() *Document { return documents()[1].doc } // the S 25 % chargeback
	okO := func() *Document { return documents()[0].doc }
	for _, tc := range []struct {
		name   string
		doc    func() *Document
		change func(*Document)
		field  string
		rule   string
		reason error
		text   string
	}{
		{"buyer without peppol id", okO, func(d *Document) { d.Buyer.EndpointID = "" }, "Buyer (member 1882).EndpointID", "PEPPOL-EN16931-R010", ErrNoPeppolID, "member 1882 has no peppol_id"},
		{"seller without peppol id", ok, func(d *Document) { d.Seller.EndpointID = "" }, "Seller (seller).EndpointID", "PEPPOL-EN16931-R020", ErrRequired, ""},
		{"endpoint fails Luhn", ok, func(d *Document) { d.Buyer.EndpointID = "0007:2120001877" }, "Buyer (member 1882).EndpointID", "PEPPOL-COMMON-R049", ErrFormat, ""},
		{"endpoint with hyphen", ok, func(d *Document) { d.Buyer.EndpointID = "0007:212000-1876" }, "Buyer (member 1882).EndpointID", "PEPPOL-COMMON-R049", ErrFormat, ""},
		{"unknown scheme", ok, func(d *Document) { d.Buyer.EndpointID = "9999:1" }, "Buyer (member 1882).EndpointID", "PEPPOL-COMMON-R049", ErrFormat, ""},
		{"orgnr fails Luhn", ok, func(d *Document) { d.Seller.OrganisationNumber = "212000-1869" }, "Seller (seller).OrganisationNumber", "SE-R-013", ErrCheck, ""},
		{"orgnr short", ok, func(d *Document) { d.Seller.OrganisationNumber = "21200-1868" }, "Seller (seller).OrganisationNumber", "SE-R-003/004", ErrFormat, ""},
		{"seller without orgnr", ok, func(d *Document) { d.Seller.OrganisationNumber = "" }, "Seller (seller).OrganisationNumber", "BR-CO-26", ErrRequired, ""},
		{"bankgiro check digit", ok, func(d *Document) { d.Bankgiro = "5050-1056" }, "Bankgiro", "", ErrCheck, ""},
		{"bankgiro length", ok, func(d *Document) { d.Bankgiro = "505-105" }, "Bankgiro", "SE-R-008/009", ErrFormat, ""},
		{"no bankgiro", ok, func(d *Document) { d.Bankgiro = "" }, "Bankgiro", "BR-61", ErrRequired, ""},
		{"currency", ok, func(d *Document) { d.Currency = "SKR" }, "Currency", "PEPPOL-EN16931-CL007", ErrFormat, ""},
		{"lower-case currency", ok, func(d *Document) { d.Currency = "sek" }, "Currency", "PEPPOL-EN16931-CL007", ErrFormat, ""},
		{"no currency", ok, func(d *Document) { d.Currency = "" }, "Currency", "BR-05", ErrRequired, ""},
		{"no number", ok, func(d *Document) { d.Number = " " }, "Number", "BR-02", ErrRequired, ""},
		{"no issue date", ok, func(d *Document) { d.IssueDate = time.Time{} }, "IssueDate", "BR-03", ErrRequired, ""},
		{"due before issue", ok, func(d *Document) { d.DueDate = date("2026-01-14") }, "DueDate", "", ErrDate, ""},
		{"year 10000", ok, func(d *Document) { d.DueDate = date("2026-01-14").AddDate(8000, 0, 0) }, "DueDate", "PEPPOL-EN16931-F001", ErrFormat, ""},
		{"period backwards", ok, func(d *Document) { d.Period.To = date("2025-12-31") }, "Period.To", "BR-29", ErrDate, ""},
		{"no due date nor terms", ok, func(d *Document) { d.DueDate, d.PaymentTermsNote = time.Time{}, "" }, "DueDate", "BR-CO-25", ErrRequired, ""},
		{"no buyer reference", ok, func(d *Document) { d.BuyerReference = "" }, "BuyerReference", "PEPPOL-EN16931-R003", ErrRequired, ""},
		{"no buyer name", ok, func(d *Document) { d.Buyer.Name = "" }, "Buyer (member 1882).Name", "BR-07", ErrRequired, ""},
		{"no buyer country", ok, func(d *Document) { d.Buyer.Country = "" }, "Buyer (member 1882).Country", "BR-11", ErrRequired, ""},
		{"country spelt out", ok, func(d *Document) { d.Buyer.Country = "Sverige" }, "Buyer (member 1882).Country", "BR-CL-14", ErrFormat, ""},
		{"swedish VAT number short", ok, func(d *Document) { d.Seller.VATNumber = "SE2120001868" }, "Seller (seller).VATNumber", "SE-R-001/002", ErrFormat, ""},
		{"VAT number not the orgnr's", ok, func(d *Document) { d.Seller.VATNumber = "SE212000187601" }, "Seller (seller).VATNumber", "", ErrFormat, ""},
		{"VAT number without country", ok, func(d *Document) { d.Seller.VATNumber = "212000186801" }, "Seller (seller).VATNumber", "BR-CO-09", ErrFormat, ""},
		{"control character", ok, func(d *Document) { d.Buyer.Name = "Askersund\x00" }, "Buyer (member 1882).Name", "", ErrFormat, ""},
		{"invalid UTF-8", ok, func(d *Document) { d.Note = "\xff" }, "Note", "", ErrFormat, ""},
		{"no lines", ok, func(d *Document) { d.Lines = nil }, "Lines", "BR-16", ErrRequired, ""},
		{"no line name", ok, func(d *Document) { d.Lines[0].Name = "" }, "Lines[0].Name", "BR-25", ErrRequired, ""},
		{"line id twice", ok, func(d *Document) { d.Lines[0].ID, d.Lines[1].ID = "7", "7" }, "Lines[1].ID", "", ErrDuplicate, ""},
		{"three decimals", ok, func(d *Document) { d.Lines[0].Net = dec("1.005") }, "Lines[0].Net", "BR-DEC-23", ErrDecimals, ""},
		{"price times quantity", ok, func(d *Document) { d.Lines[1].Price = dec("1000") }, "Lines[1].Price", "PEPPOL-EN16931-R120", ErrSum, ""},
		{"negative quantity", ok, func(d *Document) { d.Lines[1].Quantity = dec("-3") }, "Lines[1].Quantity", "", ErrSign, ""},
		{"negative price", ok, func(d *Document) { d.Lines[1].Price = dec("-1033.34") }, "Lines[1].Price", "BR-27", ErrSign, ""},
		{"bad unit", ok, func(d *Document) { d.Lines[0].UnitCode = "st" }, "Lines[0].UnitCode", "BR-CL-23", ErrFormat, ""},
		{"no VAT code", ok, func(d *Document) { d.Lines[0].VATCode = "" }, "Lines[0].VATCode", "BR-CO-04", ErrRequired, ""},
		{"unknown VAT code", ok, func(d *Document) { d.Lines[0].VATCode = "X" }, "Lines[0].VATCode", "BR-CL-18", ErrFormat, ""},
		{"O and S on one document", ok, func(d *Document) { d.Lines[0].VATCode, d.Lines[0].VATRate = "O", decimal.Zero }, "Lines", "BR-O-11/12", ErrVAT, ""},
		{"O with a rate", okO, func(d *Document) { d.Lines[0].VATRate = dec("25") }, "Lines[0].VATRate", "BR-O-05", ErrVAT, ""},
		{"S without rate", ok, func(d *Document) { d.Lines[0].VATRate = decimal.Zero }, "Lines[0].VATRate", "BR-S-05", ErrVAT, ""},
		{"S 20 in Sweden", ok, func(d *Document) { d.Lines[0].VATRate = dec("20") }, "Lines[0].VATRate", "SE-R-006", ErrVAT, ""},
		{"S with a reason", ok, func(d *Document) { d.Lines[0].ExemptionReason = "x" }, "Lines[0].ExemptionReason", "BR-S-10", ErrVAT, ""},
		{"S without seller VAT", ok, func(d *Document) { d.Seller.VATNumber = "" }, "Seller.VATNumber", "BR-S-02", ErrRequired, ""},
		{"E without reason", ok, func(d *Document) { d.Lines[0].VATCode, d.Lines[0].VATRate = "E", decimal.Zero }, "Lines[0].ExemptionReason", "BR-E-10", ErrRequired, ""},
		{"Z with a rate", ok, func(d *Document) { d.Lines[0].VATCode = "Z" }, "Lines[0].VATRate", "BR-Z-05", ErrVAT, ""},
		{"AE without buyer VAT", ok, func(d *Document) { d.Lines[0].VATCode, d.Lines[0].VATRate, d.Buyer.VATNumber = "AE", decimal.Zero, "" }, "Buyer.VATNumber", "BR-AE-02/BR-IC-02", ErrRequired, ""},
		{"K without period", ok, func(d *Document) { d.Lines[0].VATCode, d.Lines[0].VATRate, d.Period = "K", decimal.Zero, Period{} }, "Period", "BR-IC-11", ErrRequired, ""},
		{"two reasons in one group", okO, func(d *Document) {
			d.Lines = append(d.Lines, d.Lines[0])
			d.Lines[0].ID, d.Lines[1].ID, d.Lines[0].ExemptionReason, d.Lines[1].ExemptionReason = "1", "2", "a", "b"
		}, "Lines[1].ExemptionReason", "", ErrVAT, ""},
		{"credit note without the invoice it corrects", func() *Document { return documents()[2].doc }, func(d *Document) { d.Corrects = "" }, "Corrects", "BR-55", ErrRequired, ""},
		{"credit note with a positive total", func() *Document { return documents()[2].doc }, func(d *Document) { d.Lines[0].Net = dec("5000.00") }, "Lines", "", ErrSign, ""},
		{"invoice with a negative total", ok, func(d *Document) { d.Lines[0].Net = dec("-50000.00") }, "Lines", "", ErrSign, ""},
		{"F-skatt on the buyer", ok, func(d *Document) { d.Buyer.FSkatt = true }, "Buyer (member 1882).FSkatt", "", ErrFormat, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.doc()
			if err := Check(d); err != nil {
				t.Fatalf("the document before the change fails: %v", err)
			}
			tc.change(d)
			var buf bytes.Buffer
			err := Write(&buf, d)
			if err == nil {
				t.Fatal("Write accepted it")
			}
			if buf.Len() != 0 {
				t.Errorf("Write wrote %d bytes of a document that fails Check", buf.Len())
			}
			if !errors.Is(err, tc.reason) {
				t.Errorf("error %v is not %v", err, tc.reason)
			}
			found := false
			for _, e := range errs(err) {
				if e.Field == tc.field && e.Rule == tc.rule && e.Document == d.Number {
					found = true
				}
			}
			if !found {
				t.Errorf("no error for field %q rule %q in:\n%v", tc.field, tc.rule, err)
			}
			if tc.text != "" && !strings.Contains(err.Error(), tc.text) {
				t.Errorf("the message %q does not say %q", err, tc.text)
			}
		})
	}
}

// TestCheckXMLRejects: CheckXML catches each sum broken in a written document.
func TestCheckXMLRejects(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, documents()[1].doc); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	for _, tc := range []struct{ rule, old, new string }{
		{"BR-CO-10", `<cbc:LineExtensionAmount currencyID="SEK">43100.05</cbc:LineExtensionAmount>`, `<cbc:LineExtensionAmount currencyID="SEK">43100.06</cbc:LineExtensionAmount>`},
		{"BR-CO-13", `<cbc:TaxExclusiveAmount currencyID="SEK">43100.05`, `<cbc:TaxExclusiveAmount currencyID="SEK">43100.04`},
		{"BR-CO-15", `<cbc:TaxInclusiveAmount currencyID="SEK">53875.06`, `<cbc:TaxInclusiveAmount currencyID="SEK">53875.07`},
		{"BR-CO-16", `<cbc:PayableAmount currencyID="SEK">53875.06`, `<cbc:PayableAmount currencyID="SEK">53875.07`},
		{"BR-CO-17", `<cbc:TaxAmount currencyID="SEK">10775.01</cbc:TaxAmount>
      <cac:TaxCategory>`, `<cbc:TaxAmount currencyID="SEK">10775.02</cbc:TaxAmount>
      <cac:TaxCategory>`},
		{"BR-S-08", `<cbc:TaxableAmount currencyID="SEK">43100.05`, `<cbc:TaxableAmount currencyID="SEK">43100.00`},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			if !strings.Contains(good, tc.old) {
				t.Fatalf("the document has no %q", tc.old)
			}
			err := CheckXML(strings.NewReader(strings.Replace(good, tc.old, tc.new, 1)))
			var e *Error
			if !errors.As(err, &e) || e.Rule != tc.rule || !errors.Is(err, ErrSum) {
				t.Errorf("got %v, want %s", err, tc.rule)
			}
		})
	}
	if err := CheckXML(strings.NewReader(good[:len(good)/2])); err == nil {
		t.Error("CheckXML accepted a truncated document")
	}
}

func TestNoFloatingPoint(t *testing.T) { nofloat.Check(t, ".") }
