package billrun

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"memberfee/internal/lotest"

	"memberfee/billing"
	"memberfee/chargeback"
	"memberfee/report"
)

// TestBillOutside: a quarter of a running year file, skipping the rows of
// other quarters with the first quarter issued, writes what a run in
// memory gives (the outside rows in the line-detail CSV among the rated
// ones, in file order); the CSV has one row per outside row, the pack's
// summary counts them in a column of their own that its check and the
// Revision sheet add in, and the manifest's totals count them.
func TestBillOutside(t *testing.T) {
	c, in := load(t, "../chargeback/testdata/running/memberfee.yaml")
	c.Billing.OutsidePeriod = billing.OutsideSkip
	in.Billing = c.Billing
	in.From, in.To = time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	in.Covered = []billing.Covered{{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC), Documents: map[string][]string{"1882": {"2025-0003"}}}}
	b, err := Rate(in)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Remove()
	st := &memStager{files: map[string][]byte{}}
	books := Books{Organisation: c.Organisation, Matrix: c.Matrix(), Version: "test", Audit: &report.Audit{Engine: "test"}, Lang: report.English}
	if err := b.Write(st, books, Hooks{}); err != nil {
		t.Fatal(err)
	}
	k := b.Summary.Counts
	if k.Outside == 0 || k.Rows != k.Charged+k.Included+k.Rejected+k.Outside || b.Totals()["outside"] != fmt.Sprint(k.Outside) {
		t.Fatalf("counts %+v, totals %v", k, b.Totals())
	}

	mem, err := chargeback.Run(c.Billing, c.BillingMembers(), c.Resolve, in.From, in.To, chargeback.Options{Covered: in.Covered})
	if err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	if err := report.LinesCSV(&csv, report.MemoryLines(mem.Lines), mem.Summary.Rejected, report.ExcelSwedish); err != nil {
		t.Fatal(err)
	}
	staged := st.files[b.LinesFile()]
	if !bytes.Equal(staged, csv.Bytes()) {
		t.Errorf("the line-detail CSV differs from the in-memory run's:\n%s\n---\n%s", staged, csv.Bytes())
	}
	rows := strings.Split(strings.TrimSuffix(string(staged), "\r\n"), "\r\n")[1:]
	outside, derived := 0, 0
	for _, r := range rows {
		f := strings.Split(r, ";")
		if f[12] == string(billing.Outside) {
			outside++
			if f[3] == "" || f[15] == "" || f[16] == "" {
				t.Errorf("an outside row without its day, file or row: %s", r)
			}
		}
		if f[16] == "" {
			derived++
		}
	}
	if outside != k.Outside || len(rows)-derived != k.Rows {
		t.Errorf("the CSV has %d outside rows of %d, %d input rows of %d", outside, k.Outside, len(rows)-derived, k.Rows)
	}
	js, err := b.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := report.Marshal(report.NewChargebackJSON(in.From, in.To, mem.Summary, b.files)); !bytes.Equal(js, want) {
		t.Error("the JSON differs from the in-memory run's")
	}

	f, err := excelize.OpenReader(bytes.NewReader(st.files[b.Books()[0]]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	cells, err := f.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	header := -1
	for i, r := range cells {
		if len(r) > 7 && r[2] == "Rows" && r[6] == "Outside the period" && r[7] == "Check" {
			header = i
		}
	}
	if header < 0 {
		t.Fatalf("no count of the rows outside the period on %s: %q", sheets[0], cells)
	}
	total := header + 1 + len(billing.Categories) + 1 // the 1-based row of the counts' total
	for n := header + 2; n <= total; n++ {
		want := fmt.Sprintf("IF(C%d=D%d+E%d+F%d+G%d,\"OK\",C%d-D%d-E%d-F%d-G%d)", n, n, n, n, n, n, n, n, n, n)
		if got, _ := f.GetCellFormula(sheets[0], fmt.Sprintf("H%d", n)); got != want {
			t.Errorf("H%d: %s, want %s", n, got, want)
		}
	}
	if got, _ := f.GetCellValue(sheets[0], fmt.Sprintf("G%d", total)); got != fmt.Sprint(k.Outside) {
		t.Errorf("G%d: %s outside, want %d", total, got, k.Outside)
	}
	audit := sheets[len(sheets)-1]
	arows, _ := f.GetRows(audit)
	found := false
	for i, r := range arows {
		if len(r) == 0 || r[0] != "Rows in = charged + included + rejected + outside the period" {
			continue
		}
		found = true
		var formulas []string
		for col := 2; col <= 6; col++ {
			fm, _ := f.GetCellFormula(audit, fmt.Sprintf("%c%d", 'A'+col-1, i+1))
			formulas = append(formulas, fm)
		}
		if all := strings.Join(formulas, " "); !strings.Contains(all, fmt.Sprintf("G%d", total)) || !strings.Contains(all, fmt.Sprintf("D%d", total)) {
			t.Errorf("the Revision sheet's row count does not add the outside column: %q", formulas)
		}
	}
	if !found {
		t.Errorf("no row count with the outside rows on %s", audit)
	}

	// LibreOffice computes every check as the engine does ("OK").
	path := filepath.Join(t.TempDir(), b.Books()[0])
	if err := os.WriteFile(path, st.files[b.Books()[0]], 0o644); err != nil {
		t.Fatal(err)
	}
	mismatches, n := lotest.CheckFormulas(t, path)
	if n < 50 {
		t.Errorf("only %d formulas", n)
	}
	for _, m := range mismatches {
		t.Error(m)
	}
}
