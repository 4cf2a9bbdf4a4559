package basis

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/books"
	"memberfee/ledger"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestWriter(t *testing.T) {
	v := books.Voucher{Number: "2025-0006", Kind: ledger.Chargeback, Member: "1861", MemberName: "=Hallsberg",
		IssueDate: time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC), DueDate: time.Date(2025, 5, 7, 0, 0, 0, 0, time.UTC),
		Lines: []books.Line{
			{Role: books.Receivable, Account: "1510", Amount: dec("1562.50")},
			{Role: books.Revenue, Account: "3560", Category: "support", Objects: []books.Object{{Dim: 1, ID: "4100"}, {Dim: 8, ID: "1861"}},
				Amount: dec("-1250"), Net: dec("1250"), VATCode: "S", VATRate: dec("25"), VAT: dec("312.5")},
			{Role: books.VATOut, Account: "2611", Amount: dec("-312.50")},
		}}
	var b bytes.Buffer
	w, err := NewWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Voucher(&v); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffnumber;kind;member;name;issue_date;due_date;corrects;category;account;objects;net;vat_code;vat_rate;vat_amount\r\n" +
		"2025-0006;chargeback;1861;'=Hallsberg;2025-04-07;2025-05-07;;support;3560;1:4100 8:1861;1250,00;S;25;312,50\r\n"
	if b.String() != want {
		t.Fatalf("wrote\n%q\nwant\n%q", b.String(), want)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) != 2 || len(rows[1]) != len(Header) {
		t.Fatalf("read back: %v %v", rows, err)
	}
}

func TestComma(t *testing.T) {
	for _, c := range []struct {
		d      string
		places int32
		want   string
	}{{"1250", 2, "1250,00"}, {"-0.5", 2, "-0,50"}, {"12.5", -1, "12,5"}, {"25", -1, "25"}} {
		if got := Comma(dec(c.d), c.places); got != c.want {
			t.Errorf("Comma(%s, %d) = %s, want %s", c.d, c.places, got, c.want)
		}
	}
}
