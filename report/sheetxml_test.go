package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
)

// TestRoundDecimalFormula: the formula a category writes, pre-rounded by
// its exact amount as a decimal (and in int64 where it fits), is the one the
// rational path writes.
func TestRoundDecimalFormula(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	one := decimal.NewFromInt(1)
	for range 20_000 {
		d := decimal.New(r.Int64N(2_000_000_000_000_000)-1_000_000_000_000_000, int32(r.IntN(12)-10))
		want := roundFormula("G5*I5", d.Rat(), 2)
		for _, fig := range []billing.Figure{billing.FigureOf(d), billing.Product(d, one)} {
			if got := billing.Storage.Formula("G5", "I5", "J5", billing.Exact{Base: fig}.Places(maxDigits)); got != want {
				t.Fatalf("%s: %s, want %s", d, got, want)
			}
		}
	}
}

// TestSupportFormula: support's formula for q·p/60, pre-rounded by its
// exact amount, is the one the rational path writes.
func TestSupportFormula(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	sixty := big.NewRat(60, 1)
	for range 20_000 {
		q := decimal.New(r.Int64N(100_000), -int32(r.IntN(3)))
		if r.IntN(10) == 0 {
			q = decimal.New(r.Int64(), -int32(r.IntN(3))) // beyond int64 once multiplied
		}
		p := decimal.New(r.Int64N(200_000), -int32(r.IntN(3)))
		exact := new(big.Rat).Quo(q.Mul(p).Rat(), sixty)
		want := roundFormula("G5*I5/60", exact, 2) + "+J5"
		places := billing.Support.Exact(&billing.Line{Quantity: q, UnitPrice: p, Extra: decimal.Zero}).Places(maxDigits)
		got := billing.Support.Formula("G5", "I5", "J5", places)
		if places < 0 {
			if _, terminates := decimalPlaces(exact); terminates {
				t.Fatalf("%s·%s/60 is said not to terminate", q, p)
			}
		}
		if got != want {
			t.Fatalf("%s·%s: %s, want %s", q, p, got, want)
		}
	}
}

// TestTypedCells: the typed cells of a line sheet and a row formula write
// the bytes their boxed and spelled-out forms write.
func TestTypedCells(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	encode := func(row int, cells ...Cell) string {
		var buf bytes.Buffer
		var styles [styleCount]int
		for i := range styles {
			styles[i] = i
		}
		e := &rowEncoder{w: &buf, styles: &styles, shared: newSharedStrings(), row: row - 1}
		if err := e.encodeRow(0, cells); err != nil {
			t.Fatal(err)
		}
		if err := e.flush(); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	keys := []formulaKey{{billing.Storage, 0}, {billing.Equipment, 4}, {billing.Support, -1}, {billing.Support, 3}, {billing.Printers, 0}}
	for range 2_000 {
		d := decimal.New(r.Int64N(2_000_000_000)-1_000_000_000, -int32(r.IntN(5)))
		day := time.Date(2025, time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(2)*13, 0, 0, 0, time.UTC)
		k := keys[r.IntN(len(keys))]
		n := r.Int64N(1_000_000)
		row := 5 + r.IntN(1_000_000)
		typed := encode(row, Number(d, StyleMoney2), Day(day, StyleDate), Int(n, StyleInt), Text("a<b"), Label("x"), Cell{},
			RowFormula(strings.Split(amountFormula(k, rowMark), rowMark), d, StyleMoney2))
		boxed := encode(row, Styled(d, StyleMoney2), Styled(day, StyleDate), Styled(n, StyleInt), Styled("a<b", StyleText), Label("x"), Cell{},
			Formula(amountFormula(k, strconv.Itoa(row)), d, StyleMoney2))
		if typed != boxed {
			t.Fatalf("typed %s\nboxed %s", typed, boxed)
		}
	}
}

// TestAmountFormulasPortable: no line amount takes N() of its extra, which
// Gnumeric computes as #NUM! for a blank cell (1 640 line amounts of the
// example failed there); a blank extra is 0 by plain arithmetic.
func TestAmountFormulasPortable(t *testing.T) {
	for _, c := range billing.Categories {
		for _, places := range []int{-1, 0, 3, 4} {
			f := amountFormula(formulaKey{c, places}, "5")
			if strings.Contains(f, "N(") {
				t.Errorf("%s: %s", c, f)
			}
		}
	}
	for key, want := range map[formulaKey]string{
		{billing.Equipment, 0}: "ROUND(G5*I5*(1+J5),2)",
		{billing.Equipment, 4}: "ROUND(ROUND(G5*I5*(1+J5),4),2)",
		{billing.Support, -1}:  "ROUND(G5*I5/60,2)+J5",
		{billing.Support, 3}:   "ROUND(ROUND(G5*I5/60,3),2)+J5",
		{billing.Storage, 0}:   "ROUND(G5*I5,2)",
	} {
		if got := amountFormula(key, "5"); got != want {
			t.Errorf("%+v: %s, want %s", key, got, want)
		}
	}
}

// TestSelfClose: empty elements become empty-element tags, nothing else
// changes.
func TestSelfClose(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`<a:sysClr val="window" lastClr="FFFFFF"></a:sysClr>`, `<a:sysClr val="window" lastClr="FFFFFF"/>`},
		{`<x><a></a><b>t</b><c/></x>`, `<x><a/><b>t</b><c/></x>`},
		{`<ab></a>`, `<ab></a>`}, // not a pair: left alone (and not XML)
		{`<a x="1"></ab>`, `<a x="1"></ab>`},
		{`<p><q></q></p><r s="&gt;"></r>`, `<p><q/></p><r s="&gt;"/>`},
		{`<t>a</t></x>`, `<t>a</t></x>`},
		{`</x></y>`, `</x></y>`},
		{`<?xml version="1.0"?><a></a>`, `<?xml version="1.0"?><a/>`},
		{`<a`, `<a`},
		{`></`, `></`},
		{``, ``},
	} {
		if got := string(selfClose([]byte(tt.in))); got != tt.want {
			t.Errorf("selfClose(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// FuzzSelfClose: selfClose never panics, and on XML keeps it XML with the
// same elements, attributes and text.
func FuzzSelfClose(f *testing.F) {
	for _, s := range []string{`<a></a>`, `<x><a k="v"></a>t<b></b></x>`, `<a:b c="d"></a:b>`, `<a><b></a></b>`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := selfClose([]byte(s))
		want, err1 := xmlTokens([]byte(s))
		got, err2 := xmlTokens(out)
		if err1 != nil {
			return
		}
		if err2 != nil || want != got {
			t.Fatalf("%q → %q: %v\n%s\n%s", s, out, err2, want, got)
		}
	})
}

// xmlTokens lists a document's elements, attributes and text.
func xmlTokens(doc []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	var b strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%#v\n", tok)
	}
}
