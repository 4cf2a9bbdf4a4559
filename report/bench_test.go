package report

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"memberfee/billing"
	"memberfee/chargeback"
	"memberfee/config"
	"memberfee/internal/gen"
)

const benchRows = 100_000

// BenchmarkStreamWriterAlone is the floor issue 6 measures the engine
// against: excelize's StreamWriter writing rows of 15 cells like a line
// sheet's (text, a date, numbers, a formula).
func BenchmarkStreamWriterAlone(b *testing.B) {
	for b.Loop() {
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		day := time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
		for r := 1; r <= benchRows; r++ {
			cell, _ := excelize.CoordinatesToCellName(1, r)
			row := []any{"1882", "Socialförvaltningen", day, "ask0001", "55.5 GB used, quota 25 GB", "4.1", 30.5, "GB-månad", 3.2, nil,
				excelize.Cell{Formula: fmt.Sprintf("ROUND(G%d*I%d,2)", r, r), Value: 97.6}, "debiteras", "", "storage.csv", r + 1}
			if err := sw.SetRow(cell, row); err != nil {
				b.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			b.Fatal(err)
		}
		if _, err := f.WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkBookStream writes the same rows through report.Book's streamed
// sheet, with its sorted, spooled zip.
func BenchmarkBookStream(b *testing.B) {
	day := time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
	used, price, amount := decimal.RequireFromString("30.5"), decimal.RequireFromString("3.20"), decimal.RequireFromString("97.60")
	for b.Loop() {
		book := NewBook("bench", 2)
		s := book.Sheet("Lagring")
		s.Widths(9, 30, 11, 16, 40, 7, 10, 13, 11, 11, 13, 11, 40, 16, 7)
		s.Stream(benchRows, func(emit func(cells ...Cell) error) error {
			for r := 1; r <= benchRows; r++ {
				if err := emit(Text("1882"), Text("Socialförvaltningen"), Styled(day, StyleDate), Text("ask0001"),
					Text("55.5 GB used, quota 25 GB"), Text("4.1"), Styled(used, StyleNumber), Text("GB-månad"), Styled(price, StyleMoney2), Cell{},
					Formula(fmt.Sprintf("ROUND(G%d*I%d,2)", r, r), amount, StyleMoney2), Text("debiteras"), Text(""), Text("storage.csv"), Styled(r+1, StyleInt)); err != nil {
					return err
				}
			}
			return nil
		})
		if err := book.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWritePack writes the pack of the 10× smaller national workload
// (its lines held in memory) to nowhere: the write stage of bill for one
// workbook.
func BenchmarkWritePack(b *testing.B) {
	in, rows := benchPack(b)
	for b.Loop() {
		if err := ChargebackBook(in, "", Swedish).Write(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows), "rows/op")
}

// BenchmarkWriteLinesCSV writes the line-detail CSV of the same workload.
func BenchmarkWriteLinesCSV(b *testing.B) {
	in, _ := benchPack(b)
	for b.Loop() {
		if err := LinesCSV(io.Discard, in.Lines, in.Summary.Rejected); err != nil {
			b.Fatal(err)
		}
	}
}

func benchPack(b *testing.B) (*ChargebackInput, int) {
	b.Helper()
	path, err := gen.WriteWithConfig(b.TempDir(), gen.National(0.1))
	if err != nil {
		b.Fatal(err)
	}
	c, err := config.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	from, to, _ := chargeback.Period(c.Billing.Period, "", "")
	res, err := chargeback.Run(c.Billing, c.BillingMembers(), c.Resolve, from, to, chargeback.Options{})
	if err != nil {
		b.Fatal(err)
	}
	lines := MemoryLines(res.Lines)
	rows := 0 // the lines the pack lists: a category with many included lines lists its charged ones
	for _, cat := range billing.Categories {
		sel := billing.ChargedAndIncluded
		if res.Summary.ByCategory[cat].Included > c.Billing.IncludedLinesLimit() {
			sel = billing.ChargedOnly
		}
		rows += lines.Count("", cat, sel)
	}
	return &ChargebackInput{Organisation: c.Organisation, From: from, To: to, Lines: lines, Summary: res.Summary,
		Rules: c.Billing, Months: res.Rules.Months, Matrix: c.Matrix(), Audit: &Audit{}, LinesFile: "lines.csv"}, rows
}
