package report

import (
	"io"
	"testing"

	"memberfee/billing"
	"memberfee/chargeback"
	"memberfee/config"
	"memberfee/internal/gen"
)

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
		if err := LinesCSV(io.Discard, in.Lines, in.Summary.Rejected, ExcelSwedish); err != nil {
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
