package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"memberfee/internal/lotest"
	"memberfee/internal/numtext"
	"memberfee/report"
)

const stem = "chargeback-2025-01-01_2025-12-31"

// TestBillExample runs the chargeback of the shipped example end to end.
func TestBillExample(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "bill", "--config", exampleConfig, "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "rows 4115 = charged") || !strings.Contains(stderr, "10 rows rejected") || !strings.Contains(stdout, "+ outside 1") ||
		!strings.Contains(stderr, "support.csv row 952 column end: end is not after start") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
	}
	js, err := os.ReadFile(filepath.Join(out, stem+".json"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, stem+".golden.json", js)

	var j struct {
		Total   string
		Counts  struct{ Rows, Charged, Included, Rejected, Outside int }
		Members []struct {
			ID         string
			Total      string
			Categories map[string]string
		}
		Rejected []struct {
			File   string
			Row    int
			Column string
			Reason string
		}
	}
	if err := json.Unmarshal(js, &j); err != nil {
		t.Fatal(err)
	}
	c := j.Counts
	if c.Rows != c.Charged+c.Included+c.Rejected+c.Outside || c.Rejected != len(j.Rejected) || c.Outside != 1 {
		t.Errorf("counts do not tie out: %+v, %d rejected listed", c, len(j.Rejected))
	}
	total := decimal.Zero
	for _, m := range j.Members {
		if len(m.Categories) != 6 {
			t.Errorf("%s has %d categories", m.ID, len(m.Categories))
		}
		sum := decimal.Zero
		for _, v := range m.Categories {
			sum = sum.Add(decimal.RequireFromString(v))
		}
		if !sum.Equal(decimal.RequireFromString(m.Total)) {
			t.Errorf("%s: categories sum to %s, total %s", m.ID, sum, m.Total)
		}
		total = total.Add(sum)
		if _, err := os.Stat(filepath.Join(out, stem+"-"+m.ID+".xlsx")); err != nil {
			t.Errorf("no workbook for %s: %v", m.ID, err)
		}
	}
	if !total.Equal(decimal.RequireFromString(j.Total)) {
		t.Errorf("members sum to %s, total %s", total, j.Total)
	}
	// Byte-identical on a second run.
	out2 := t.TempDir()
	if code, _, stderr := runCLI(t, "bill", "--config", exampleConfig, "--out", out2); code != 0 {
		t.Fatal(stderr)
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		a, _ := os.ReadFile(filepath.Join(out, e.Name()))
		b, _ := os.ReadFile(filepath.Join(out2, e.Name()))
		if string(a) != string(b) {
			t.Errorf("%s differs between two runs", e.Name())
		}
	}
}

// TestBillWorkbooksRecalculate opens every chargeback workbook of the
// example in LibreOffice and finds every formula equal to the engine, and
// the recalculated member totals equal to the JSON.
func TestBillWorkbooksRecalculate(t *testing.T) {
	t.Parallel() // long and independent: runs beside the other long ones
	lotest.Soffice(t)
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "bill", "--config", exampleConfig, "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.xlsx"))
	if len(files) != 5 {
		t.Fatalf("%d workbooks", len(files))
	}
	recalc := ""
	for _, c := range lotest.CheckFormulasAll(t, files...) { // one LibreOffice start
		if c.Formulas < 100 {
			t.Errorf("%s: only %d formulas", filepath.Base(c.Path), c.Formulas)
		}
		for _, m := range c.Mismatches {
			t.Errorf("%s: %s", filepath.Base(c.Path), m)
		}
		if filepath.Base(c.Path) == stem+".xlsx" {
			recalc = c.Recalculated
		}
	}
	var j struct{ Members []struct{ ID, Total string } }
	js, _ := os.ReadFile(filepath.Join(out, stem+".json"))
	_ = json.Unmarshal(js, &j)
	x, err := excelize.OpenFile(recalc)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for i, m := range j.Members {
		got, _ := x.GetCellValue("Sammanställning", "I"+itoa(5+i), excelize.Options{RawCellValue: true})
		if !decimal.RequireFromString(got).Equal(decimal.RequireFromString(m.Total)) {
			t.Errorf("LibreOffice's total for %s is %s, the JSON's %s", m.ID, got, m.Total)
		}
	}
}

func itoa(i int) string { return decimal.NewFromInt(int64(i)).String() }

func TestBillOptions(t *testing.T) {
	dir := t.TempDir()
	data, _ := filepath.Abs("../../examples/sydnarke/data")
	example, _ := os.ReadFile(exampleConfig)
	cfg := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(content, ": data/", ": "+data+"/")), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ex := string(example)

	t.Run("a quarter", func(t *testing.T) {
		out := t.TempDir()
		code, stdout, stderr := runCLI(t, "bill", "--config", cfg("q.yaml", ex), "--from", "2025-01-01", "--to", "2025-03-31", "--out", out)
		if code != 0 {
			t.Fatal(stderr)
		}
		if _, err := os.Stat(filepath.Join(out, "chargeback-2025-01-01_2025-03-31.json")); err != nil {
			t.Fatal(err)
		}
		// The example's files are running year files (billing.outside_period:
		// skip): the other quarters' rows are counted outside, not rejected.
		if !strings.Contains(stdout, "+ outside 3048") || strings.Contains(stderr, "outside the period 2025-01-01 – 2025-03-31") {
			t.Errorf("rows outside the quarter are not counted outside:\n%s\n%s", stdout, stderr)
		}
		reject := strings.Replace(ex, "outside_period: skip", "outside_period: reject", 1)
		code, stdout, stderr = runCLI(t, "bill", "--config", cfg("r.yaml", reject), "--from", "2025-01-01", "--to", "2025-03-31", "--out", t.TempDir())
		if code != 0 || !strings.Contains(stderr, "outside the period 2025-01-01 – 2025-03-31") {
			t.Errorf("with outside_period: reject, rows outside the quarter are not rejected:\n%s\n%s", stdout, stderr)
		}
	})
	t.Run("strict", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "out")
		code, _, stderr := runCLI(t, "bill", "--config", cfg("s.yaml", ex), "--strict", "--out", out)
		if code != 1 || !strings.Contains(stderr, "--strict: 10 rows rejected") {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if entries, _ := os.ReadDir(out); len(entries) > 0 {
			t.Errorf("--strict wrote %d files", len(entries))
		}
	})
	t.Run("missing input file", func(t *testing.T) {
		code, _, stderr := runCLI(t, "bill", "--config", cfg("m.yaml", strings.Replace(ex, "data/support.csv", "data/nope.csv", 1)), "--out", t.TempDir())
		if code != 1 || !strings.Contains(stderr, "data/nope.csv: the file does not exist") {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	})
	t.Run("missing column", func(t *testing.T) {
		broken := filepath.Join(dir, "support.csv")
		os.WriteFile(broken, []byte("ticket,member,department,start\nIT-1,1882,Soc,2025-03-03 18:00\n"), 0o644)
		code, _, stderr := runCLI(t, "bill", "--config", cfg("c.yaml", strings.Replace(ex, "data/support.csv", broken, 1)), "--out", t.TempDir())
		if code != 1 || !strings.Contains(stderr, `lacks a required column "end"`) || !strings.Contains(stderr, "support.csv") {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	})
	t.Run("only one of from and to", func(t *testing.T) {
		if code, _, _ := runCLI(t, "bill", "--config", cfg("f.yaml", ex), "--from", "2025-01-01"); code != 2 {
			t.Fatalf("exit %d", code)
		}
	})
	t.Run("a bad date", func(t *testing.T) {
		if code, _, stderr := runCLI(t, "bill", "--config", cfg("d.yaml", ex), "--from", "2025-13-01", "--to", "2025-12-31"); code != 1 || !strings.Contains(stderr, "2025-13-01") {
			t.Fatalf("exit %d %s", code, stderr)
		}
	})
}

// TestFormulaTextStaysText: a description that a spreadsheet would execute
// is written as text.
func TestFormulaTextStaysText(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "equipment.csv"), []byte("date;member;department;description;quantity;unit_price\n"+
		"2025-03-03;1882;Soc;\"=HYPERLINK(\"\"http://evil\"\";\"\"x\"\")\";1;100\n2025-03-04;1882;Soc;@SUM(1+1);1;100\n2025-03-05;1882;Soc;-2+3;1;100\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "c.yaml"), []byte(`year: 2025
members: [{id: "1882", name: Askersund, population: 1}]
billing:
  period: {from: 2025-01-01, to: 2025-12-31}
  inputs: {equipment: equipment.csv}
`), 0o644)
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "bill", "--config", filepath.Join(dir, "c.yaml"), "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	for _, name := range []string{stem + ".xlsx", stem + "-1882.xlsx"} {
		x, err := excelize.OpenFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		for row, want := range []string{`=HYPERLINK("http://evil";"x")`, "@SUM(1+1)", "-2+3"} {
			cell := "F" + itoa(5+row) // the description, after member, name, department, date and reference
			f, _ := x.GetCellFormula("Utrustning", cell)
			v, _ := x.GetCellValue("Utrustning", cell)
			if f != "" || v != want {
				t.Errorf("%s %s: formula %q value %q", name, cell, f, v)
			}
		}
		x.Close()
	}
}

// TestLongCategoriesContinue: a category with more lines than a sheet holds
// continues on new sheets, and every formula still recalculates to the
// engine's figure.
func TestLongCategoriesContinue(t *testing.T) { // not parallel: it sets report.MaxSheetLines
	lotest.Soffice(t)
	saved := report.MaxSheetLines
	report.MaxSheetLines = 1000
	defer func() { report.MaxSheetLines = saved }()
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "bill", "--config", exampleConfig, "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	var books []string
	for _, name := range []string{stem + ".xlsx", stem + "-1861.xlsx"} {
		p := filepath.Join(out, name)
		x, err := excelize.OpenFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sheets := strings.Join(x.GetSheetList(), "|")
		x.Close()
		if name == stem+".xlsx" && !strings.Contains(sheets, "Lagring (3)") {
			t.Errorf("%s: storage does not continue: %s", name, sheets)
		}
		books = append(books, p)
	}
	for _, c := range lotest.CheckFormulasAll(t, books...) {
		for _, m := range c.Mismatches {
			t.Errorf("%s: %s", filepath.Base(c.Path), m)
		}
	}
	js, _ := os.ReadFile(filepath.Join(out, stem+".json"))
	want, _ := os.ReadFile(filepath.Join("testdata", stem+".golden.json"))
	if string(js) != string(want) {
		t.Error("the JSON changed with the sheet layout")
	}
}

// TestBillMinimalConfig: a chargeback config need not carry the fee
// calculation's figures.
func TestBillMinimalConfig(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "support.csv"), []byte("ticket,member,department,start,end,system,call_out\nIT-1,1882,Soc,2025-03-15 10:00,2025-03-15 11:00,Procapita,ja\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "c.yaml"), []byte(`members: [{id: "1882", name: Askersund}]
billing:
  period: {from: 2025-01-01, to: 2025-12-31}
  prices: {support_hour: 925, call_out_fee: 1450, support_increment_minutes: 15}
  inputs: {support: support.csv}
`), 0o644)
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "bill", "--config", filepath.Join(dir, "c.yaml"), "--out", out)
	if code != 0 || !strings.Contains(stdout, "2375.00") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
}

// TestIncludedLinesSummarised: above billing.workbook.max_included_lines a
// category's sheets list only its charged lines and say where the included
// ones are; the departments sheet counts them, the line-detail CSV lists
// them, the figures do not change and every formula still recalculates.
func TestIncludedLinesSummarised(t *testing.T) {
	lotest.Soffice(t)
	t.Setenv("MEMBERFEE_BILLING_WORKBOOK_MAX_INCLUDED_LINES", "100")
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "bill", "--config", exampleConfig, "--out", out); code != 0 {
		t.Fatal(stderr)
	}
	js, _ := os.ReadFile(filepath.Join(out, stem+".json"))
	want, _ := os.ReadFile(filepath.Join("testdata", stem+".golden.json"))
	if string(js) != string(want) {
		t.Error("the JSON changed with the sheet layout")
	}
	var j struct {
		Categories map[string]struct{ Rows, Charged, Included, Rejected int } `json:"category_counts"`
	}
	if err := json.Unmarshal(js, &j); err != nil {
		t.Fatal(err)
	}
	storage := j.Categories["storage"]
	if storage.Included <= 100 || storage.Charged == 0 {
		t.Fatalf("the example's storage has %+v: the test needs more than 100 included lines", storage)
	}
	csv, _ := os.ReadFile(filepath.Join(out, stem+"-lines.csv"))
	if n := strings.Count(string(csv), "storage.csv"); n < storage.Charged+storage.Included {
		t.Errorf("the line-detail CSV has %d storage lines, want %d", n, storage.Charged+storage.Included)
	}
	p := filepath.Join(out, stem+".xlsx")
	x, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows("Lagring")
	note, _ := x.GetCellValue("Lagring", "A3")
	deptHead, _ := x.GetCellValue("Förvaltningar", "G4")
	x.Close()
	// title, note, the summarised note, headings, the lines, their total
	if got := len(rows) - 5; got != storage.Charged {
		t.Errorf("Lagring lists %d lines, want the %d charged", got, storage.Charged)
	}
	if !strings.Contains(note, numtext.Swedish.Exact(decimal.NewFromInt(int64(storage.Included)))+" rader som ingår") || !strings.Contains(note, stem+"-lines.csv") {
		t.Errorf("Lagring A3: %q", note)
	}
	if deptHead != "Varav ingår" {
		t.Errorf("Förvaltningar G4: %q", deptHead)
	}
	for _, c := range lotest.CheckFormulasAll(t, filepath.Join(out, stem+".xlsx"), filepath.Join(out, stem+"-1861.xlsx")) {
		for _, m := range c.Mismatches {
			t.Errorf("%s: %s", filepath.Base(c.Path), m)
		}
	}
}
