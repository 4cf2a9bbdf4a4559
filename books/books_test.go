package books

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/config"
	"memberfee/ledger"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestVAT(t *testing.T) {
	for _, c := range []struct {
		nets []string
		rate string
		want string
	}{
		{[]string{"100.10", "0.10"}, "25", "25.05"},
		{[]string{"0.02"}, "25", "0.01"}, // 0.005 half away from zero
		{[]string{"0.01"}, "25", "0.00"},
		{[]string{"0.01", "0.01"}, "25", "0.01"}, // once per document, not per line (0.00 + 0.00)
		{[]string{"1000"}, "12", "120.00"},
		{[]string{"33.33"}, "6", "2.00"},
		{[]string{"1000"}, "0", "0.00"},
		{nil, "25", "0.00"},
	} {
		var nets, neg []decimal.Decimal
		for _, n := range c.nets {
			nets = append(nets, dec(n))
			neg = append(neg, dec(n).Neg())
		}
		if got := VAT(nets, dec(c.rate)); !got.Equal(dec(c.want)) {
			t.Errorf("VAT(%v, %s) = %s, want %s", c.nets, c.rate, got, c.want)
		}
		if got := VAT(neg, dec(c.rate)); !got.Equal(dec(c.want).Neg()) {
			t.Errorf("VAT of the negated %v = %s, want −%s", c.nets, got, c.want)
		}
	}
}

func chart() Chart {
	a := &config.Accounting{
		Members: []config.AccountingMember{{Member: "1861"}},
		VAT: []config.VATRule{{Category: "fee", Code: "O"},
			{Category: "equipment", Code: "S", Rate: decimal.NewNullDecimal(dec("25"))},
			{Category: "printers", Code: "S", Rate: decimal.NewNullDecimal(dec("25"))},
			{Category: "storage", Code: "S", Rate: decimal.NewNullDecimal(dec("25"))},
			{Category: "support", Code: "S", Rate: decimal.NewNullDecimal(dec("25"))},
			{Category: "licences", Code: "S", Rate: decimal.NewNullDecimal(dec("25"))},
			{Category: "services", Code: "S", Rate: decimal.NewNullDecimal(dec("12"))}},
		Accounts: config.Accounts{Receivable: "1510", Fee: "3010", Equipment: "3540", Printers: "3540", Storage: "3550",
			Support: "3560", Licences: "3570", Services: "3580", VATOut: "2611"},
		Dimensions: []config.Dimension{{Dim: 1, Name: "Ansvar", Object: "4100"}, {Dim: 8, Name: "Motpart", PerMember: true}},
	}
	return Chart{Accounting: a, Organisation: "IT-nämnden", Names: map[string]string{"1861": "Hallsberg"}}
}

func doc(kind ledger.Kind, total string, cats map[string]string) ledger.Document {
	d := ledger.Document{Number: "2025-0006", Kind: kind, Member: "1861", Total: dec(total), ByCategory: map[string]decimal.Decimal{},
		IssueDate: time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC)}
	for c, v := range cats {
		d.ByCategory[c] = dec(v)
	}
	return d
}

func TestBuild(t *testing.T) {
	for _, c := range []struct {
		name       string
		d          ledger.Document
		vat, gross string
		lines      int // receivable + revenue + VAT
	}{
		{"fee, O", doc(ledger.Fee, "5940000", map[string]string{"fee": "5940000"}), "0", "5940000", 2},
		{"chargeback, S 25 % on two categories, one VAT line", doc(ledger.Chargeback, "0.02", map[string]string{"equipment": "0.01", "printers": "0.01"}), "0.01", "0.03", 4},
		{"chargeback, 25 % and 12 %", doc(ledger.Chargeback, "1100", map[string]string{"support": "1000", "services": "100"}), "262", "1362", 5},
		{"credit", doc(ledger.Correction, "-0.02", map[string]string{"equipment": "-0.01", "printers": "-0.01"}), "-0.01", "-0.03", 4},
		{"correction, mixed signs", doc(ledger.Correction, "-300", map[string]string{"support": "-500", "storage": "200"}), "-75", "-375", 4},
		{"zero category left out", doc(ledger.Chargeback, "10", map[string]string{"support": "10", "storage": "0"}), "2.5", "12.5", 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			v, err := chart().Build(&c.d)
			if err != nil {
				t.Fatal(err)
			}
			if !v.Sum().IsZero() {
				t.Errorf("Σ lines %s", v.Sum())
			}
			if !v.VAT.Equal(dec(c.vat)) || !v.Gross().Equal(dec(c.gross)) || !v.Lines[0].Amount.Equal(dec(c.gross)) {
				t.Errorf("VAT %s gross %s receivable %s, want %s %s", v.VAT, v.Gross(), v.Lines[0].Amount, c.vat, c.gross)
			}
			if len(v.Lines) != c.lines {
				t.Errorf("%d lines, want %d: %+v", len(v.Lines), c.lines, v.Lines)
			}
			// Each subtotal's lines' VAT shares sum to its VAT.
			for _, s := range v.Breakdown {
				share := decimal.Zero
				for _, l := range v.Lines {
					if l.Role == Revenue && l.VATCode == s.Code && l.VATRate.Equal(s.Rate) {
						share = share.Add(l.VAT)
					}
				}
				if !share.Equal(s.VAT) {
					t.Errorf("subtotal %s %s: lines' VAT %s, subtotal %s", s.Code, s.Rate, share, s.VAT)
				}
			}
			if r := v.Lines[0]; r.Role != Receivable || len(r.Objects) != 1 || r.Objects[0] != (Object{8, "1861", "Hallsberg"}) {
				t.Errorf("receivable %+v lacks the member's counterpart object", r)
			}
			if l := v.Lines[1]; len(l.Objects) != 2 || l.Objects[0].Dim != 1 || l.Objects[0].ID != "4100" {
				t.Errorf("revenue objects %+v", l.Objects)
			}
			if v.Text != "2025-0006 1861 Hallsberg" {
				t.Errorf("text %q", v.Text)
			}
		})
	}
}

func TestBuildRefuses(t *testing.T) {
	unbalanced := doc(ledger.Chargeback, "100", map[string]string{"support": "90"})
	if _, err := chart().Build(&unbalanced); !errors.Is(err, ErrUnbalanced) {
		t.Errorf("unbalanced: %v", err)
	}
	stranger := doc(ledger.Fee, "1", map[string]string{"fee": "1"})
	stranger.Member = "1814"
	var de *DocumentError
	if _, err := chart().Build(&stranger); !errors.As(err, &de) || de.Number != "2025-0006" {
		t.Errorf("member not in accounting: %v", err)
	}
	odd := doc(ledger.Chargeback, "1", map[string]string{"coffee": "1"})
	if _, err := chart().Build(&odd); err == nil {
		t.Error("an unknown category was booked")
	}
}

// TestBuildZeroTotal: a document whose total is 0 keeps its lines, so it
// is booked and invoiced like any other; a category net 0 beside others
// with an amount is left out.
func TestBuildZeroTotal(t *testing.T) {
	ch := chart()
	day := time.Date(2025, 4, 22, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name  string
		by    map[string]decimal.Decimal
		want  []string // the revenue lines' categories
		fails bool
	}{
		{"a line moved within a category", map[string]decimal.Decimal{"support": dec("0.00")}, []string{"support"}, false},
		{"a line moved between categories", map[string]decimal.Decimal{"support": dec("-925.00"), "licences": dec("925.00")}, []string{"support", "licences"}, false},
		{"several categories, all 0", map[string]decimal.Decimal{"support": dec("0"), "licences": dec("0"), "storage": dec("0")}, []string{"storage", "support", "licences"}, false},
		{"no category at all", map[string]decimal.Decimal{}, nil, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := &ledger.Document{Number: "2025-0009", Kind: ledger.Correction, Member: "1861", Total: decimal.Zero, ByCategory: c.by, IssueDate: day, DueDate: day}
			v, err := ch.Build(d)
			if c.fails {
				if !errors.Is(err, ErrNoLines) {
					t.Fatalf("want ErrNoLines, got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range v.Lines {
				if l.Role == Revenue {
					got = append(got, l.Category)
				}
			}
			if len(got) != len(c.want) || !v.Sum().IsZero() || !v.Gross().IsZero() {
				t.Fatalf("revenue lines %v, want %v; Σ %s, gross %s", got, c.want, v.Sum(), v.Gross())
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("revenue lines %v, want %v", got, c.want)
				}
			}
		})
	}
	d := &ledger.Document{Number: "2025-0010", Kind: ledger.Correction, Member: "1861", Total: dec("100"),
		ByCategory: map[string]decimal.Decimal{"support": dec("100"), "licences": dec("0")}, IssueDate: day, DueDate: day}
	v, err := ch.Build(d)
	if err != nil || len(v.Lines) != 3 { // receivable, support, VAT
		t.Errorf("a category of 0 beside one of 100: %v, %d lines", err, len(v.Lines))
	}
}

// TestBuildOneObjectPerDimension: no row carries two objects of one
// dimension, even from a config ValidateAccounting would refuse (a fixed
// dimension 8 and the member's default dimension 8).
func TestBuildOneObjectPerDimension(t *testing.T) {
	ch := chart()
	ch.Accounting.Dimensions = []config.Dimension{{Dim: 1, Name: "Ansvar", Object: "4100"}, {Dim: 8, Name: "Kund", Object: "9999"}}
	day := time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC)
	v, err := ch.Build(&ledger.Document{Number: "2025-0005", Kind: ledger.Chargeback, Member: "1861", Total: dec("100"),
		ByCategory: map[string]decimal.Decimal{"support": dec("100")}, IssueDate: day, DueDate: day})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range v.Lines {
		seen := map[int]bool{}
		for _, o := range l.Objects {
			if seen[o.Dim] {
				t.Errorf("line %s carries two objects of dimension %d: %+v", l.Account, o.Dim, l.Objects)
			}
			seen[o.Dim] = true
		}
	}
}
