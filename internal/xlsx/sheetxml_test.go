package xlsx

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

// TestCellKinds: every value Styled and Formula take writes the XML it
// wrote when a cell could keep its value boxed (the table was made with
// that encoder); a value no cell holds is an error naming its type.
func TestCellKinds(t *testing.T) {
	day := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		cell      Cell
		want, err string
	}{
		{cell: Cell{}, want: `<row r="7"/>`},
		{cell: Cell{Style: StyleMoney2}, want: `<row r="7"><c r="A7" s="6"/></row>`},
		{cell: Styled(nil, StyleInt), want: `<row r="7"><c r="A7" s="8"/></row>`},
		{cell: Styled("", StyleText), want: `<row r="7"><c r="A7" s="4"/></row>`},
		{cell: Styled(" a<b ", StyleHeader), want: `<row r="7"><c r="A7" s="3" t="inlineStr"><is><t xml:space="preserve"> a&lt;b </t></is></c></row>`},
		{cell: Styled(true, StyleCheck), want: `<row r="7"><c r="A7" s="17" t="b"><v>1</v></c></row>`},
		{cell: Styled(false, StyleNone), want: `<row r="7"><c r="A7" t="b"><v>0</v></c></row>`},
		{cell: Styled(42, StyleInt), want: `<row r="7"><c r="A7" s="8"><v>42</v></c></row>`},
		{cell: Styled(int64(-42), StyleInt), want: `<row r="7"><c r="A7" s="8"><v>-42</v></c></row>`},
		{cell: Styled(decimal.RequireFromString("1234.500"), StyleMoney2), want: `<row r="7"><c r="A7" s="6"><v>1234.5</v></c></row>`},
		{cell: Styled(big.NewRat(1, 3), StyleShare), want: `<row r="7"><c r="A7" s="9"><v>0.333333333333333</v></c></row>`},
		{cell: Styled(big.NewRat(200, 3), StyleShare), want: `<row r="7"><c r="A7" s="9"><v>66.6666666666667</v></c></row>`},
		{cell: Styled(day, StyleDate), want: `<row r="7"><c r="A7" s="18"><v>45730.5</v></c></row>`},
		{cell: Formula("B6+1", 8, StyleTotalInt), want: `<row r="7"><c r="A7" s="15"><f>B6+1</f><v>8</v></c></row>`},
		{cell: Formula("B6+1", nil, StyleNone), want: `<row r="7"><c r="A7"><f>B6+1</f></c></row>`},
		{cell: Formula(`IF(B7>1,"many","few")`, "many", StyleText), want: `<row r="7"><c r="A7" s="4" t="str"><f>IF(B7&gt;1,"many","few")</f><v>many</v></c></row>`},
		{cell: Formula("B7=8", true, StyleCheck), want: `<row r="7"><c r="A7" s="17" t="b"><f>B7=8</f><v>1</v></c></row>`},
		{cell: Formula("TODAY()", day, StyleDate), want: `<row r="7"><c r="A7" s="18"><f>TODAY()</f><v>45730.5</v></c></row>`},
		{cell: Formula("1/3", big.NewRat(1, 3), StyleShare), want: `<row r="7"><c r="A7" s="9"><f>1/3</f><v>0.333333333333333</v></c></row>`},
		{cell: Formula("", 5, StyleInt), want: `<row r="7"><c r="A7" s="8"><v>5</v></c></row>`}, // no text: a value
		{cell: RowFormula([]string{"ROUND(G", "*I", ",2)"}, decimal.RequireFromString("9.10"), StyleMoney2), want: `<row r="7"><c r="A7" s="6"><f>ROUND(G7*I7,2)</f><v>9.1</v></c></row>`},
		{cell: Styled(3.5, StyleNumber), err: "A7: cannot write a float64 to a cell"},
		{cell: Formula("B1", uint8(3), StyleNumber), err: "A7: cannot write a uint8 to a cell"},
		{cell: Styled(decimal.RequireFromString("0.1234567890123456"), StyleNumber), err: "A7: 0.1234567890123456 has more than 15 significant digits"},
	} {
		var buf bytes.Buffer
		var styles [styleCount]int
		for i := range styles {
			styles[i] = i
		}
		e := &rowEncoder{w: &buf, styles: &styles, shared: newSharedStrings(), row: 6}
		err := e.encodeRow(0, []Cell{tt.cell})
		if err == nil {
			err = e.flush()
		}
		switch {
		case tt.err != "":
			if err == nil || err.Error() != tt.err {
				t.Errorf("%+v: error %v, want %s", tt.cell, err, tt.err)
			}
		case err != nil:
			t.Errorf("%+v: %v", tt.cell, err)
		case buf.String() != tt.want:
			t.Errorf("%+v:\n got %s\nwant %s", tt.cell, buf.String(), tt.want)
		}
	}
}
