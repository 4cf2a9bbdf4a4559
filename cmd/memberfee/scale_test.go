package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"memberfee/chargeback"
	"memberfee/config"
	"memberfee/internal/gen"
	"memberfee/report"
)

// TestNationalTenthEqualsInMemory: on the 10× smaller national workload
// (126 000 lines), what bill writes — streamed, spilled, its included lines
// counted rather than kept, its CSV written as the lines are rated — equals
// what a straightforward in-memory run gives: the JSON and the line-detail
// CSV byte for byte, and the workbooks built from lines held in memory.
func TestNationalTenthEqualsInMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("a 126 000-line workload")
	}
	dir := t.TempDir()
	cfg, err := gen.WriteWithConfig(dir, gen.National(0.1))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if code, _, stderr := runCLI(t, "bill", "--config", cfg, "--out", out, "--quiet"); code != 0 {
		t.Fatal(stderr)
	}

	c, err := config.Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	from, to, _ := chargeback.Period(c.Billing.Period, "", "")
	mem, err := chargeback.Run(c.Billing, c.BillingMembers(), c.Resolve, from, to, chargeback.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if mem.Summary.Counts.Rows < 100_000 {
		t.Fatalf("only %d rows", mem.Summary.Counts.Rows)
	}
	files := make([]report.ChargebackFile, len(mem.Files))
	for i, f := range mem.Files {
		files[i] = report.ChargebackFile{Category: f.Category, Name: f.Name, Rows: f.Rows, Read: f.Read}
	}
	wantJSON, err := report.Marshal(report.NewChargebackJSON(from, to, mem.Summary, files))
	if err != nil {
		t.Fatal(err)
	}
	var wantCSV bytes.Buffer
	if err := report.LinesCSV(&wantCSV, report.MemoryLines(mem.Lines), mem.Summary.Rejected, report.ExcelSwedish); err != nil {
		t.Fatal(err)
	}
	stem := "chargeback-2025-01-01_2025-12-31"
	for name, want := range map[string][]byte{stem + ".json": wantJSON, stem + "-lines.csv": wantCSV.Bytes()} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the in-memory run's (%d and %d bytes)", name, len(got), len(want))
		}
	}

	// The workbooks: from spilled lines as bill keeps them, and from lines
	// in memory.
	limit := c.Billing.IncludedLinesLimit()
	spilled, err := chargeback.Run(c.Billing, c.BillingMembers(), c.Resolve, from, to, chargeback.Options{Spill: t.TempDir(), MaxIncluded: &limit})
	if err != nil {
		t.Fatal(err)
	}
	defer spilled.Spill.Remove()
	book := func(lines report.Lines, member string) []byte {
		in := report.ChargebackInput{Organisation: c.Organisation, From: from, To: to, Lines: lines, Summary: mem.Summary,
			Files: files, Rules: c.Billing, Months: mem.Rules.Months, Matrix: c.Matrix(), Version: version,
			Audit: &report.Audit{Engine: version}, LinesFile: stem + "-lines.csv"}
		b, err := report.ChargebackBook(&in, member, report.Swedish).Bytes()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, member := range []string{"", c.Members[0].ID, c.Members[len(c.Members)-1].ID} {
		if !bytes.Equal(book(spilled.Spill, member), book(report.MemoryLines(mem.Lines), member)) {
			t.Errorf("the workbook of %q differs between spilled and in-memory lines", member)
		}
	}
}
