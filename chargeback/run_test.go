package chargeback

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"memberfee/billing"
)

// TestRunXLSXSheet reads a licence count from a named sheet of a workbook
// and accounts for every row.
func TestRunXLSXSheet(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Försättsblad")
	f.NewSheet("Licenser")
	rows := [][]any{{"Kommun", "Förvaltning", "Licenstyp", "Antal"}, {1882, "Soc", "E3", 130}, {1882, "BoU", "F3", 4}, {"9999", "Soc", "E3", 1}, {1882, "Soc", "E3", "många"}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Licenser", cell, &r)
	}
	if err := f.SaveAs(filepath.Join(dir, "licenser.xlsx")); err != nil {
		t.Fatal(err)
	}
	cfg := []byte(`year: 2025
members: [{id: "1882", name: Askersund, population: 1}]
billing:
  period: {from: 2025-01-01, to: 2025-06-30}
  licences:
    negligible: 0.02
    prices_month: [{type: E3, price: 335}]
    allotments: [{member: "1882", type: E3, count: 100}, {member: "1882", type: F3, count: 10}]
  inputs: {licences: licenser.xlsx}
  sheets: {licences: Licenser}
`)
	if err := os.WriteFile(filepath.Join(dir, "c.yaml"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	c, from, to := loadConfig(t, filepath.Join(dir, "c.yaml"))
	res, err := runConfig(c, from, to, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Summary
	if s.Counts.Rows != 4 || s.Counts.Charged != 1 || s.Counts.Included != 1 || s.Counts.Rejected != 2 {
		t.Fatalf("counts %+v", s.Counts)
	}
	// 30 over the allotment of 100, 6 months at 335.
	if got := s.Member("1882").Categories[billing.Licences].String(); got != "60300" {
		t.Fatalf("licences %s", got)
	}
	if r := s.Rejected[1]; r.Row != 5 || r.Column != "count" {
		t.Fatalf("rejected %+v", r)
	}
	if res.Files[0].Rows != 4 {
		t.Fatalf("files %+v", res.Files)
	}
}

func TestPeriod(t *testing.T) {
	var c billing.Period
	if _, _, err := Period(c, "", ""); err == nil {
		t.Fatal("no period accepted")
	}
	if _, _, err := Period(c, "2025-12-31", "2025-01-01"); err == nil {
		t.Fatal("a backwards period accepted")
	}
	if f, to, err := Period(c, "2025-01-01", "2025-03-31"); err != nil || f.Month() != 1 || to.Month() != 3 {
		t.Fatal(f, to, err)
	}
}
