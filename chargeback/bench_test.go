package chargeback

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"memberfee/billing"
	"memberfee/config"
	"memberfee/input"
	"memberfee/internal/gen"
	"memberfee/report"
)

// The stages of a chargeback run, measured one by one on the 10× smaller
// national workload (126 000 lines; scripts/bench.sh runs the whole year):
// read (CSV parsing), rate (the rules, with reading), aggregate (the
// summary), spill (the lines kept on disk and the line detail written).
// Write is measured in the report package (BenchmarkWritePack).

func benchWorkload(b *testing.B) (*config.Config, time.Time, time.Time) {
	b.Helper()
	dir := b.TempDir()
	w := gen.National(0.1)
	if err := gen.Write(filepath.Join(dir, "data"), w); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "memberfee.yaml"), []byte(gen.Config(w)), 0o644); err != nil {
		b.Fatal(err)
	}
	c, err := config.Load(filepath.Join(dir, "memberfee.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	from, to, err := Period(c, "", "")
	if err != nil {
		b.Fatal(err)
	}
	return c, from, to
}

// BenchmarkRead parses every input file's rows, without rating them.
func BenchmarkRead(b *testing.B) {
	c, _, _ := benchWorkload(b)
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
	c, from, to := benchWorkload(b)
	for b.Loop() {
		if _, err := Run(c, from, to, Options{Tally: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAggregate tallies rated lines into a summary.
func BenchmarkAggregate(b *testing.B) {
	c, from, to := benchWorkload(b)
	res, err := Run(c, from, to)
	if err != nil {
		b.Fatal(err)
	}
	var lines []billing.Line
	for _, cat := range billing.Categories {
		lines = append(lines, res.Lines[cat]...)
	}
	for b.Loop() {
		s := billing.NewSummary(Members(c))
		for _, l := range lines {
			s.Add(l)
		}
	}
	b.ReportMetric(float64(len(lines)), "lines/op")
}

// BenchmarkReadRateSpill is bill's first stage: read, rate, tally, spill
// the lines and write the line detail.
func BenchmarkReadRateSpill(b *testing.B) {
	c, from, to := benchWorkload(b)
	limit := c.Billing.IncludedLinesLimit()
	for b.Loop() {
		res, err := Run(c, from, to, Options{Spill: b.TempDir(), MaxIncluded: &limit,
			Detail: func(w io.Writer) LineEncoder { return report.NewLineCSV(w) }})
		if err != nil {
			b.Fatal(err)
		}
		res.Spill.Remove()
	}
}
