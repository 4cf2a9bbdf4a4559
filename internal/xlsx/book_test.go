package xlsx_test

import (
	"bytes"
	"flag"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"memberfee/internal/xlsx"
	"memberfee/internal/xlsx/xlsxtest"
)

var update = flag.Bool("update", false, "rewrite the golden parts under testdata/book")

// smallBook is a workbook with every kind of cell and part a Book writes:
// text, labels (shared), numbers, a rational, dates, whole numbers,
// booleans, formulas with cached numbers, text and booleans, row formulas,
// gaps in rows held and streamed, widths, a frozen heading, a merge, a
// chart and a second sheet.
func smallBook(t testing.TB) []byte {
	t.Helper()
	b := xlsx.NewBook("Small & book", 0)
	b.SetCreated(time.Date(2025, 4, 1, 8, 30, 0, 0, time.UTC))
	s := b.Sheet("Fördelning")
	s.Widths(12, 14, 10, 16)
	s.Freeze(2)
	s.Merge("A1", "D1")
	s.Row(xlsx.Styled("Title across four columns", xlsx.StyleTitle))
	s.Row(xlsx.Styled("Member", xlsx.StyleHeader), xlsx.Styled("Amount", xlsx.StyleHeader), xlsx.Styled("Share", xlsx.StyleHeader), xlsx.Styled("Day", xlsx.StyleHeader))
	s.Row(xlsx.Text("a<b & c"), xlsx.Cell{}, xlsx.Number(decimal.RequireFromString("1.5"), xlsx.StyleMoney2), xlsx.Styled(true, xlsx.StyleText))
	s.Row()
	s.Stream(2, func(emit func(cells ...xlsx.Cell) error) error {
		if err := emit(xlsx.Label("x"), xlsx.Cell{}, xlsx.Label("x"), xlsx.Cell{Style: xlsx.StyleMoney2}); err != nil {
			return err
		}
		return emit(xlsx.Day(time.Date(2025, 3, 31, 12, 0, 0, 0, time.UTC), xlsx.StyleDate), xlsx.Int(7, xlsx.StyleInt),
			xlsx.Styled(big.NewRat(1, 3), xlsx.StyleShare), xlsx.Styled(" spaced ", xlsx.StyleWrap))
	})
	s.Row(xlsx.Text("total"), xlsx.Formula("B6+1", 8, xlsx.StyleTotalInt), xlsx.Formula(`IF(B7>1,"many","few")`, "many", xlsx.StyleText),
		xlsx.Formula("B7=8", true, xlsx.StyleCheck))
	s.Row(xlsx.Label("x"), xlsx.RowFormula([]string{"ROUND(B", "*C", ",0)"}, decimal.NewFromInt(3), xlsx.StyleMoney),
		xlsx.Styled(decimal.RequireFromString("-1234567.25"), xlsx.StyleTotalMoney2), xlsx.Styled(int64(42), xlsx.StyleNumber))
	s.Chart("F2", &excelize.Chart{Type: excelize.Col, Series: []excelize.ChartSeries{
		{Name: xlsx.On("Fördelning", "$B$2"), Categories: xlsx.On("Fördelning", "$A$6:$A$7"), Values: xlsx.On("Fördelning", "$B$6:$B$7")}}})
	o := b.Sheet("Other's")
	o.OnePage()
	o.Row(xlsx.Formula(xlsx.On("Fördelning", xlsx.AbsRef(2, 7)), 8, xlsx.StyleInt), xlsx.Styled(decimal.RequireFromString("0.125"), xlsx.StylePercent))
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestGoldenParts: the small book's parts are byte for byte those under
// testdata/book (go test ./internal/xlsx/ -run Golden -update rewrites
// them), and the book is the same bytes each time it is written.
func TestGoldenParts(t *testing.T) {
	book := smallBook(t)
	if again := smallBook(t); !bytes.Equal(book, again) {
		t.Fatal("the same book gave different bytes")
	}
	_, parts := xlsxtest.Parts(t, book)
	dir := filepath.Join("testdata", "book")
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		for name, data := range parts {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	var golden []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		golden = append(golden, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for name := range parts {
		got = append(got, name)
	}
	sort.Strings(got)
	sort.Strings(golden)
	if strings.Join(got, "\n") != strings.Join(golden, "\n") {
		t.Fatalf("parts\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(golden, "\n"))
	}
	for _, name := range golden {
		want, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(parts[name], want) {
			t.Errorf("%s differs from testdata/book:\n got %s\nwant %s", name, parts[name], want)
		}
	}
}

// TestSmallBookReadable: the reader checks of xlsxtest hold for the small
// book, and its gaps are where its cells say.
func TestSmallBookReadable(t *testing.T) {
	book := smallBook(t)
	if n := xlsxtest.Check(t, "small", book); n < 20 {
		t.Errorf("only %d cells", n)
	}
	_, ps := xlsxtest.Parts(t, book)
	sheet := string(ps["xl/worksheets/sheet1.xml"])
	for _, want := range []string{`<c r="C3" `, `<c r="A5" `, `<c r="C5" `, `<c r="D5" s=`, `<row r="4"/>`, `<c r="A6" `, `<c r="B6" `} {
		if !strings.Contains(sheet, want) {
			t.Errorf("no %s in %s", want, sheet)
		}
	}
	if strings.Contains(sheet, `r="B3"`) || strings.Contains(sheet, `r="B5"`) {
		t.Errorf("an empty unstyled cell is written: %s", sheet)
	}
	if strings.Contains(sheet, "<dimension") {
		t.Errorf("the shell's dimension is kept: %s", sheet)
	}
}
