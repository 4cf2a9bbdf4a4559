package chargeback

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"memberfee/billing"
	"memberfee/input"
)

// runFiles writes a config (its billing section given) and files into a
// folder and rates its period.
func runFiles(t *testing.T, billingYAML string, files map[string]string) (*Result, error) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := `year: 2025
members: [{id: "1882", name: Askersund, population: 1}, {id: "1861", name: Hallsberg, population: 1}]
billing:
  period: {from: 2025-01-01, to: 2025-12-31}
  office_hours: {start: "07:30", end: "16:30"}
  prices: {support_hour: 900, support_increment_minutes: 15, storage_gb_month: 2}
  storage: {quota_gb: 25, tolerance_gb: 5}
` + billingYAML
	path := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	c, from, to := loadConfig(t, path)
	return runConfig(c, from, to, Options{})
}

// TestColumnsOfAnExport: the service desk's own headers (Nr, Anmäld,
// Avslutad) are read through billing.columns, and validate's screen (the
// File's Columns) says which came from where.
func TestColumnsOfAnExport(t *testing.T) {
	res, err := runFiles(t, `  columns:
    support: {ticket: "Nr", start: "Anmäld", end: "Avslutad ", member: Kund}
  inputs: {support: s.csv}
`, map[string]string{"s.csv": "Nr;Kund;Förvaltning;Anmäld;Avslutad;Slut\n" +
		"T-1;1882;Soc;2025-03-04 17:00;2025-03-04 18:00;2025-03-04 16:00\n"})
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Summary; s.Counts.Charged != 1 || s.Total.String() != "900" {
		t.Fatalf("counts %+v total %s: the end must be Avslutad (18:00), not Slut", s.Counts, s.Total)
	}
	var got []string
	for _, c := range res.Files[0].Columns {
		got = append(got, c.Field+"="+c.Header+map[bool]string{true: " (config)", false: ""}[c.Configured])
	}
	want := "ticket=Nr (config) member=Kund (config) department=Förvaltning start=Anmäld (config) end=Avslutad (config)"
	if strings.Join(got, " ") != want {
		t.Fatalf("columns\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
}

// TestColumnsHeaderMissing: a billing.columns header the file does not
// have stops the file, naming the key and listing the headers it has.
func TestColumnsHeaderMissing(t *testing.T) {
	_, err := runFiles(t, `  columns:
    support: {ticket: "Ärendenummer"}
  inputs: {support: s.csv}
`, map[string]string{"s.csv": "Nr,member,department,start,end\nT-1,1882,Soc,2025-03-04 17:00,2025-03-04 18:00\n"})
	var fe *input.FileError
	if !errors.As(err, &fe) || !errors.Is(err, input.ErrColumn) {
		t.Fatalf("err = %v", err)
	}
	for _, w := range []string{"s.csv", "billing.columns.support.ticket", `"Ärendenummer"`, "the header has Nr, member, department, start, end"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("%q lacks %q", err, w)
		}
	}
}

var _ = billing.Support
