package peppol

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"

	"github.com/shopspring/decimal"
)

// FuzzWrite builds documents from fuzzed fields: Write never panics,
// writes nothing when Check fails, and a document Check accepts always
// gives well-formed XML whose sums CheckXML confirms.
func FuzzWrite(f *testing.F) {
	f.Add("2026-0001", "Askersunds kommun", "0007:2120001876", "125000.00", "O", "0", "", "1", "EA", false, "2026-0001")
	f.Add("2026-0101", "Ö & <co>", "0007:2120001876", "40000.02", "S", "25", "", "3", "MON", false, "")
	f.Add("2026-0102", "Askersund", "0007:2120001876", "-100.02", "S", "25", "", "0", "", true, "2026-0101")
	f.Add("x", "\x00", "", "1.005", "E", "0", "", "-1", "st", true, "")
	f.Add("2026-0106", "Askersund", "0088:7300010000001", "12.34", "E", "0", "Undantag \"a\"", "0.5", "HUR", false, "")
	f.Fuzz(func(t *testing.T, number, buyerName, endpoint, net, code, rate, reason, qty, unit string, credit bool, corrects string) {
		n, err1 := decimal.NewFromString(net)
		r, err2 := decimal.NewFromString(rate)
		q, err3 := decimal.NewFromString(qty)
		if err1 != nil || err2 != nil || err3 != nil || n.Exponent() < -20 || r.Exponent() < -20 || q.Exponent() < -20 ||
			len(n.Coefficient().String()) > 30 || len(r.Coefficient().String()) > 30 || len(q.Coefficient().String()) > 30 {
			return
		}
		d := base(number, Line{Name: "Avgift", Net: n, VATCode: code, VATRate: r, ExemptionReason: reason, Quantity: q, UnitCode: unit},
			Line{Name: buyerName, Net: n, VATCode: code, VATRate: r, ExemptionReason: reason})
		d.Buyer.Name, d.Buyer.EndpointID, d.Credit, d.Corrects = buyerName, endpoint, credit, corrects
		var buf bytes.Buffer
		err := Write(&buf, d)
		if checkErr := Check(d); (checkErr == nil) != (err == nil) {
			t.Fatalf("Check says %v, Write says %v", checkErr, err)
		}
		if err != nil {
			if buf.Len() != 0 {
				t.Fatalf("Write wrote %d bytes and failed: %v", buf.Len(), err)
			}
			return
		}
		dec := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("not well-formed XML: %v\n%s", err, buf.Bytes())
			}
		}
		if err := CheckXML(bytes.NewReader(buf.Bytes())); err != nil {
			t.Fatalf("%v\n%s", err, buf.Bytes())
		}
	})
}
