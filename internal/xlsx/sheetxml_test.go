package xlsx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

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
	// amount formulas of a line sheet, # for the row number
	formulas := []string{"ROUND(G#*I#,2)", "ROUND(ROUND(G#*I#*(1+J#),4),2)", "ROUND(G#*I#/60,2)+J#", "ROUND(ROUND(G#*I#/60,3),2)+J#"}
	for range 2_000 {
		d := decimal.New(r.Int64N(2_000_000_000)-1_000_000_000, -int32(r.IntN(5)))
		day := time.Date(2025, time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(2)*13, 0, 0, 0, time.UTC)
		f := formulas[r.IntN(len(formulas))]
		n := r.Int64N(1_000_000)
		row := 5 + r.IntN(1_000_000)
		typed := encode(row, Number(d, StyleMoney2), Day(day, StyleDate), Int(n, StyleInt), Text("a<b"), Label("x"), Cell{},
			RowFormula(strings.Split(f, "#"), d, StyleMoney2))
		boxed := encode(row, Styled(d, StyleMoney2), Styled(day, StyleDate), Styled(n, StyleInt), Styled("a<b", StyleText), Label("x"), Cell{},
			Formula(strings.ReplaceAll(f, "#", strconv.Itoa(row)), d, StyleMoney2))
		if typed != boxed {
			t.Fatalf("typed %s\nboxed %s", typed, boxed)
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
