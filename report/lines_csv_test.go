package report

import (
	"encoding/csv"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"memberfee/billing"
)

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1+1": "'+1+1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"-2+3": "'-2+3", "-12.50": "-12.50", "Skärm": "Skärm", "": "", "-": "'-",
	} {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLinesCSV: Swedish Excel's dialect by default (decimal comma),
// ';', a BOM and a decimal comma), RFC 4180 for programs (',', no BOM, a
// decimal point); CRLF and text a spreadsheet would run neutralised in both.
func TestLinesCSV(t *testing.T) {
	lines := map[billing.Category][]billing.Line{billing.Equipment: {{
		Source: billing.Source{File: "equipment.csv", Row: 7}, Category: billing.Equipment, Member: "1882", Department: "Soc",
		Date: time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC), Description: "=cmd|' /C calc'!A0", Clause: "2.1",
		Quantity: decimal.NewFromInt(2), Unit: "st", UnitPrice: decimal.RequireFromString("1499.50"), Extra: decimal.RequireFromString("-0.25"),
		Amount: decimal.RequireFromString("26229"), Status: billing.Charged,
	}}}
	for d, want := range map[CSVDialect]string{
		ExcelSwedish: "equipment;1882;Soc;2025-03-14;;'=cmd|' /C calc'!A0;2.1;2;st;1499,5;-0,25;26229,00;charged;;;equipment.csv;7\r\n",
		RFC4180:      "equipment,1882,Soc,2025-03-14,,'=cmd|' /C calc'!A0,2.1,2,st,1499.5,-0.25,26229.00,charged,,,equipment.csv,7\r\n",
	} {
		var b strings.Builder
		if err := LinesCSV(&b, MemoryLines(lines), nil, d); err != nil {
			t.Fatal(err)
		}
		s := b.String()
		head := "\ufeffcategory;member;"
		if d == RFC4180 {
			head = "category,member,"
		}
		if !strings.HasPrefix(s, head) || !strings.HasSuffix(s, "reason"+string(d.sep())+"file"+string(d.sep())+"row\r\n"+want) {
			t.Errorf("%s: %q", d, s)
		}
	}
	for in, want := range map[string]CSVDialect{"": ExcelSwedish, "excel": ExcelSwedish, "rfc4180": RFC4180} {
		if d, err := ParseCSVDialect(in); err != nil || d != want || (in != "" && d.String() != in) {
			t.Errorf("ParseCSVDialect(%q) = %v, %v", in, d, err)
		}
	}
	for _, name := range []string{billing.LinesCSVExcel, billing.LinesCSVRFC4180} { // billing.lines_csv's values
		if _, err := ParseCSVDialect(name); err != nil {
			t.Errorf("billing.lines_csv: %s: %v", name, err)
		}
	}
	if _, err := ParseCSVDialect("semicolon"); err == nil || !strings.Contains(err.Error(), "excel") {
		t.Errorf("an unknown dialect: %v", err)
	}
}

// oracleCSV is the line-detail row as encoding/csv writes the neutralised
// fields, numbers with a decimal comma in the Swedish dialect: what
// LineCSV must write, byte for byte.
func oracleCSV(l billing.Line, d CSVDialect) string {
	date, row := "", ""
	if !l.Date.IsZero() {
		date = l.Date.Format(time.DateOnly)
	}
	if !l.Derived {
		row = strconv.Itoa(l.Row)
	}
	num := func(s string) string {
		if d == ExcelSwedish {
			return strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	rec := []string{string(l.Category), l.Member, l.Department, date, l.Ref, l.Description, l.Clause,
		l.Quantity.String(), l.Unit, l.UnitPrice.String(), l.Extra.String(), l.Amount.StringFixed(2),
		string(l.Status), l.Column, l.Reason, l.File, row}
	for i := range rec {
		rec[i] = Neutralise(rec[i])
	}
	for _, i := range []int{7, 9, 10, 11} { // the number fields
		rec[i] = num(rec[i])
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Comma = rune(d.sep())
	w.UseCRLF = true
	_ = w.Write(rec)
	w.Flush()
	return b.String()
}

func lineWithText(texts [6]string, row int) billing.Line {
	return billing.Line{Source: billing.Source{File: texts[5], Row: row}, Category: billing.Support, Member: texts[0],
		Department: texts[1], Ref: texts[2], Description: texts[3], Reason: texts[4], Clause: "5.1.1",
		Date:     time.Date(2025, 3, 30, 2, 30, 0, 0, time.UTC),
		Quantity: decimal.New(int64(row)-50, -1), UnitPrice: decimal.RequireFromString("850.00"), Extra: decimal.Zero,
		Amount: decimal.New(int64(row)*7, -3), Unit: "min", Status: billing.Charged}
}

// TestLineCSVAsEncodingCSV: LineCSV writes what encoding/csv writes, in
// both dialects.
func TestLineCSVAsEncodingCSV(t *testing.T) {
	odd := []string{"", `\.`, " lead", "\u00a0nbsp", "tab\tin", "\ttab", "semi;colon", `say "hi"`, "cr\rlf\n", "\r\nx",
		"=SUM(A1)", "+1", "-1.5", "-", "-x", "@a", "Skärm 24\"", "ok", "trailing ", "'quoted'", "\"", "\n"}
	r := rand.New(rand.NewPCG(9, 10))
	for i := range 20_000 {
		var texts [6]string
		for j := range texts {
			texts[j] = odd[r.IntN(len(odd))]
			if r.IntN(3) == 0 {
				texts[j] += odd[r.IntN(len(odd))]
			}
		}
		l := lineWithText(texts, i)
		l.Derived = i%7 == 0
		l.Date = time.Date(r.IntN(11000), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), 0, 0, 0, time.UTC)
		if i%5 == 0 {
			l.Date = time.Time{}
		}
		checkLineCSV(t, l, CSVDialect(i%2))
	}
}

// checkLineCSV fails unless LineCSV writes l in dialect d as oracleCSV.
func checkLineCSV(t *testing.T, l billing.Line, d CSVDialect) {
	t.Helper()
	var b strings.Builder
	e := NewLineCSV(&b, d)
	if err := e.Line(l); err != nil {
		t.Fatal(err)
	}
	e.Flush()
	if got, want := b.String(), oracleCSV(l, d); got != want {
		t.Fatalf("%s %q:\n%q\n%q", d, []string{l.Member, l.Department, l.Ref, l.Description, l.Reason, l.File}, got, want)
	}
}

// FuzzLineCSV: whatever the text, LineCSV writes what encoding/csv writes.
func FuzzLineCSV(f *testing.F) {
	f.Add("1882", "Soc", "IT-1", "=cmd|' /C calc'!A0", "\"q\"\r\n", "support.csv", 7)
	f.Add(" ", `\.`, "-", "-1", ";", "\u2003x", 0)
	f.Fuzz(func(t *testing.T, a, b, c, d, e, g string, row int) {
		if !utf8.ValidString(a + b + c + d + e + g) {
			t.Skip() // the inputs are decoded to UTF-8 before they are lines
		}
		l := lineWithText([6]string{a, b, c, d, e, g}, row)
		for _, dialect := range []CSVDialect{ExcelSwedish, RFC4180} {
			checkLineCSV(t, l, dialect)
		}
	})
}
