package chargeback

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
)

func TestCodecRoundTrip(t *testing.T) {
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	lines := []billing.Line{
		{Source: billing.Source{File: "storage.csv", Row: 2}, Category: billing.Storage, Member: "1882", Department: "Socialförvaltningen",
			Clause: "4.1", Date: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC), Ref: "u1", Description: "30.5 GB used",
			Quantity: decimal.RequireFromString("5.50"), Unit: "GB-månad", UnitPrice: decimal.RequireFromString("3.20"),
			Extra: decimal.Zero, Amount: decimal.RequireFromString("17.60"), Status: billing.Charged},
		{Source: billing.Source{File: "support.csv", Row: 1_000_000}, Category: billing.Support, Member: "1861",
			Date: time.Date(2025, 3, 30, 1, 30, 0, 0, stockholm), Ref: "IT-1", Description: "a & <b>\nc",
			Quantity:  decimal.RequireFromString("123456789012345678901234567890.123"), // beyond int64
			UnitPrice: decimal.RequireFromString("-0.0001"), Extra: decimal.Decimal{}, Amount: decimal.Zero,
			Status: billing.Included, Reason: "inside office hours", Note: "start 2025-10-26 02:30 occurs twice in Swedish time and has no offset: read as the first (summer time, +02:00)"},
		{Category: billing.Licences, Member: "1814", Ref: "E3", Status: billing.Charged, Derived: true,
			Quantity: decimal.New(12, 0), UnitPrice: decimal.New(2500, -2), Extra: decimal.Zero, Amount: decimal.New(300, 0)},
	}
	var enc lineEncoder
	var buf []byte
	for i := range lines {
		if buf, err = enc.encode(buf, &lines[i]); err != nil {
			t.Fatal(err)
		}
	}
	for _, sel := range []billing.Selection{billing.ChargedAndIncluded, billing.ChargedOnly} {
		dec := newLineDecoder(bytes.NewReader(buf))
		var got []billing.Line
		for {
			var l billing.Line
			err := dec.next(&l, sel == billing.ChargedOnly)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, l)
		}
		var want []billing.Line
		for _, l := range lines {
			if sel.Has(l.Status) {
				want = append(want, l)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("selection %d: %d lines, want %d", sel, len(got), len(want))
		}
		for i := range got {
			if !sameLine(got[i], want[i]) {
				t.Errorf("selection %d line %d:\n%+v\n%+v", sel, i, got[i], want[i])
			}
		}
	}
	if _, err := enc.encode(nil, &billing.Line{Status: billing.Rejected}); err == nil {
		t.Error("a rejected line was encoded")
	}
}

// FuzzLineDecoder: damaged spill files give an error, never a panic.
func FuzzLineDecoder(f *testing.F) {
	var enc lineEncoder
	good, _ := enc.encode(nil, &billing.Line{Category: billing.Storage, Member: "1", Status: billing.Included,
		Quantity: decimal.New(5, -1), UnitPrice: decimal.New(1, 0), Extra: decimal.Zero, Amount: decimal.Zero})
	f.Add(good)
	f.Add(good[:len(good)-3])
	f.Add([]byte{0x05, 'c', 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, chargedOnly := range []bool{false, true} {
			dec := newLineDecoder(bytes.NewReader(data))
			for range 100 {
				var l billing.Line
				if err := dec.next(&l, chargedOnly); err != nil {
					break
				}
			}
		}
	})
}
