package chargeback

import (
	"io"
	"testing"
	"time"

	"memberfee/billing"
	"memberfee/input"
)

// The stages of a chargeback run, measured one by one on the 10× smaller
// national workload (126 000 lines; scripts/bench.sh runs the whole year):
// read (CSV parsing), rate (the rules, with reading), aggregate (the
// summary); bill's first stage, with the lines spilled and the line detail
// written, is package billrun's BenchmarkReadRateSpill.
// Write is measured in the report package (BenchmarkWritePack).

// BenchmarkRead parses every input file's rows, without rating them.
func BenchmarkRead(b *testing.B) {
	c, _, _ := national(b, 0.1)
	in := c.Billing.Inputs
	stockholm, _ := time.LoadLocation("Europe/Stockholm")
	rows := 0
	for b.Loop() {
		rows = 0
		for cat, name := range map[billing.Category]string{billing.Equipment: in.Equipment, billing.Printers: in.Printers,
			billing.Storage: in.Storage, billing.Support: in.Support, billing.Licences: in.Licences, billing.Services: in.Services} {
			t, err := input.Open(c.Resolve(name), name, schemas[cat], input.Options{Location: stockholm})
			if err != nil {
				b.Fatal(err)
			}
			for {
				if _, err := t.Next(); err == io.EOF {
					break
				}
				rows++
			}
			t.Close()
		}
	}
	b.ReportMetric(float64(rows), "rows/op")
}

// BenchmarkReadAndRate reads and rates every row and tallies the summary,
// keeping no lines (as validate does).
func BenchmarkReadAndRate(b *testing.B) {
	c, from, to := national(b, 0.1)
	for b.Loop() {
		if _, err := runConfig(c, from, to, Options{Tally: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAggregate tallies rated lines into a summary.
func BenchmarkAggregate(b *testing.B) {
	c, from, to := national(b, 0.1)
	res, err := runConfig(c, from, to, Options{})
	if err != nil {
		b.Fatal(err)
	}
	var lines []billing.Line
	for _, cat := range billing.Categories {
		lines = append(lines, res.Lines[cat]...)
	}
	for b.Loop() {
		s := billing.NewSummary(c.BillingMembers())
		for _, l := range lines {
			s.Add(l)
		}
	}
	b.ReportMetric(float64(len(lines)), "lines/op")
}
