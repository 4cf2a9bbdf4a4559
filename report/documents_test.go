package report_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"memberfee/billing"
	"memberfee/internal/lotest"
	"memberfee/internal/xlsx"
	"memberfee/internal/xlsx/xlsxtest"
	"memberfee/ledger"
	"memberfee/report"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./report -run %s -update creates it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run with -update if the change is intended\ngot:\n%s", name, got)
	}
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// money is how the JSON writes an amount: a decimal string to the öre.
var money = regexp.MustCompile(`^-?[0-9]+\.[0-9]{2}$`)

var q1 = ledger.Period{From: day("2025-01-01"), To: day("2025-03-31")}

// correction is a correction of Q1 for Hallsberg: a ticket added, a
// storage month removed, a licence changed (a negative difference), and
// hostile text (a formula's first character, quotes, a tab).
func correction() ledger.Document {
	lines := []ledger.Line{
		{Key: "support|T-1042", Category: billing.Support, Department: "Socialförvaltningen", Date: day("2025-02-14"), Ref: "T-1042",
			Description: "Server restart, after hours", Change: "added", Old: dec("0"), New: dec("1262.50"), Amount: dec("1262.50")},
		{Key: "storage|anna.berg|2025-01", Category: billing.Storage, Department: "Barn- och utbildning", Date: day("2025-01-31"), Ref: "anna.berg",
			Description: `=HYPERLINK("x") "quoted"` + "\tand a tab", Change: "removed", Old: dec("48.75"), New: dec("0"), Amount: dec("-48.75")},
		{Key: "licences|1861|E5", Category: billing.Licences, Ref: "E5", Description: "Microsoft 365 E5 beyond the allotment",
			Change: "changed", Old: dec("3300.00"), New: dec("2900.10"), Amount: dec("-399.90")},
	}
	return ledger.Document{Number: "2025-0012", Kind: ledger.Correction, Member: "1861", Period: q1, Total: dec("813.85"),
		Corrects: "2025-0003", IssueDate: day("2025-05-02"), DueDate: day("2025-06-01"), IssuedBy: "Karin Ek",
		Reason: "Late support export for February; licence count corrected", Lines: lines,
		ByCategory: map[string]decimal.Decimal{"support": dec("1262.50"), "storage": dec("-48.75"), "licences": dec("-399.90")},
		Inputs:     []ledger.Input{{Category: "config", Name: "memberfee.yaml", SHA256: strings.Repeat("ab", 32)}, {Category: "support", Name: "support.csv", SHA256: strings.Repeat("cd", 32), Rows: 912}}}
}

// year are Hallsberg's documents of 2025: two installments, Q1's
// chargeback, its correction, and a correction without a chargeback.
func year() []ledger.Document {
	c := correction()
	c.Lines = nil
	q2 := ledger.Period{From: day("2025-04-01"), To: day("2025-06-30")}
	return []ledger.Document{
		{Number: "2025-0001", Kind: ledger.Fee, Member: "1861", Period: q1, Total: dec("812345.00"), Installment: 1, Installments: 4,
			IssueDate: day("2025-01-10"), DueDate: day("2025-01-31"), IssuedBy: "Karin Ek", ByCategory: map[string]decimal.Decimal{"fee": dec("812345.00")}},
		{Number: "2025-0003", Kind: ledger.Chargeback, Member: "1861", Period: q1, Total: dec("41220.50"),
			IssueDate: day("2025-04-10"), DueDate: day("2025-05-10"), IssuedBy: "Karin Ek",
			ByCategory: map[string]decimal.Decimal{"equipment": dec("30120.00"), "printers": dec("2100.00"), "storage": dec("1200.50"), "support": dec("4500.00"), "licences": dec("3300.00")}},
		{Number: "2025-0009", Kind: ledger.Fee, Member: "1861", Period: q2, Total: dec("812344.00"), Installment: 2, Installments: 4,
			IssueDate: day("2025-04-10"), DueDate: day("2025-04-30"), IssuedBy: "Karin Ek"}, // no ByCategory: its total is the fee
		c,
		{Number: "2025-0013", Kind: ledger.Correction, Member: "1861", Period: q2, Total: dec("-0.01"),
			IssueDate: day("2025-07-01"), DueDate: day("2025-07-31"), IssuedBy: "Per Olsson", Reason: "Rounding",
			ByCategory: map[string]decimal.Decimal{"services": dec("-0.01")}},
	}
}

func statement() *report.StatementInput {
	return &report.StatementInput{Organisation: "Sydnärkes IT-nämnd", Member: "1861", Name: "Hallsberg", Year: 2025, Documents: year(),
		Audit: &report.Audit{Engine: "test"}}
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := report.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDocumentsJSONGolden: documents-*.json and ledger list --json, as SPEC
// writes them.
func TestDocumentsJSONGolden(t *testing.T) {
	golden(t, "documents.golden.json", marshal(t, report.NewDocumentsJSON(year())))
}

// TestCorrectionsJSONGolden: corrections-*.json, with the lines.
func TestCorrectionsJSONGolden(t *testing.T) {
	j, err := report.NewCorrectionsJSON([]ledger.Document{correction()})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "corrections.golden.json", marshal(t, j))
}

// TestStatementJSONGolden: statement-<member>-<year>.json.
func TestStatementJSONGolden(t *testing.T) {
	golden(t, "statement.golden.json", marshal(t, report.NewStatementJSON(statement())))
}

// TestDocumentsJSONContract holds the JSON to SPEC's contract, field by
// field: the keys and their types, corrects null when none, money as
// decimal strings with two decimals, every category in by_category.
func TestDocumentsJSONContract(t *testing.T) {
	var list struct {
		Documents []map[string]any `json:"documents"`
	}
	if err := json.Unmarshal(marshal(t, report.NewDocumentsJSON(year())), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Documents) != 5 {
		t.Fatalf("%d documents", len(list.Documents))
	}
	for _, d := range list.Documents {
		for _, k := range []string{"number", "kind", "member", "total", "due_date", "issue_date", "issued_by"} {
			if _, ok := d[k].(string); !ok {
				t.Errorf("%v: %s is %T, not a string", d["number"], k, d[k])
			}
		}
		p, ok := d["period"].(map[string]any)
		if !ok || p["from"] == nil || p["to"] == nil {
			t.Errorf("%v: period %v", d["number"], d["period"])
		}
		c, present := d["corrects"]
		if !present {
			t.Errorf("%v: no corrects key (null when none)", d["number"])
		}
		if d["number"] == "2025-0012" && c != "2025-0003" || d["number"] != "2025-0012" && c != nil {
			t.Errorf("%v: corrects %v", d["number"], c)
		}
		if s, _ := d["total"].(string); !money.MatchString(s) {
			t.Errorf("%v: total %q is not a decimal string with 2 decimals", d["number"], s)
		}
		if _, ok := d["lines"]; ok {
			t.Errorf("%v: lines in a document list", d["number"])
		}
	}
	var st map[string]any
	if err := json.Unmarshal(marshal(t, report.NewStatementJSON(statement())), &st); err != nil {
		t.Fatal(err)
	}
	by, _ := st["by_category"].(map[string]any)
	for _, c := range []string{"fee", "equipment", "printers", "storage", "support", "licences", "services"} {
		if s, _ := by[c].(string); !money.MatchString(s) {
			t.Errorf("by_category %s: %v", c, by[c])
		}
	}
	if len(by) != 7 || st["member"] != "1861" || st["year"] != float64(2025) {
		t.Errorf("statement %v", st)
	}
	// Σ documents = total; Σ categories = total.
	want := "1666723.34" // 812345 + 41220.50 + 812344 + 813.85 − 0.01
	if st["total"] != want {
		t.Errorf("total %v, want %s", st["total"], want)
	}
	sum := decimal.Zero
	for _, v := range by {
		sum = sum.Add(dec(v.(string)))
	}
	if sum.StringFixed(2) != want {
		t.Errorf("Σ by_category %s, want %s", sum, want)
	}
}

// TestStatementJSONEmpty: a year without documents has every key, an empty
// list (not null) and zero totals.
func TestStatementJSONEmpty(t *testing.T) {
	b := marshal(t, report.NewStatementJSON(&report.StatementInput{Member: "1814", Year: 2026}))
	for _, want := range []string{`"documents": []`, `"total": "0.00"`, `"fee": "0.00"`, `"services": "0.00"`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("no %s in\n%s", want, b)
		}
	}
	if b := marshal(t, report.NewDocumentsJSON(nil)); !bytes.Contains(b, []byte(`"documents": []`)) {
		t.Errorf("no documents: %s", b)
	}
}

// TestCorrectionsJSONStreamError: a document whose lines fail to read
// fails the JSON, naming the document, rather than write it without them.
func TestCorrectionsJSONStreamError(t *testing.T) {
	d := correction()
	d.Lines = nil
	broken := errors.New("disk gone")
	d.Stream = func(func(*ledger.Line) error) error { return broken }
	if _, err := report.NewCorrectionsJSON([]ledger.Document{d}); !errors.Is(err, broken) || !strings.Contains(err.Error(), "2025-0012") {
		t.Errorf("err %v", err)
	}
	if _, err := report.CorrectionBook(&report.CorrectionInput{Document: &d}, report.Swedish); !errors.Is(err, broken) {
		t.Errorf("workbook: err %v", err)
	}
	cb := year()[1]
	if _, err := report.CorrectionBook(&report.CorrectionInput{Document: &cb}, report.Swedish); err == nil || !strings.Contains(err.Error(), "not a correction") {
		t.Errorf("a chargeback as a correction: err %v", err)
	}
}

// dump is every cell of a workbook as text, sheet by sheet: its value and
// its formula, for golden files a person can read in a diff.
func dump(t *testing.T, book []byte) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out bytes.Buffer
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&out, "== %s\n", sheet)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				ref := xlsx.Ref(c+1, r+1)
				formula, _ := f.GetCellFormula(sheet, ref)
				if v == "" && formula == "" {
					continue
				}
				fmt.Fprintf(&out, "%s\t%q", ref, v)
				if formula != "" {
					fmt.Fprintf(&out, "\t=%s", formula)
				}
				out.WriteByte('\n')
			}
		}
	}
	return out.Bytes()
}

func bookBytes(t *testing.T, b *xlsx.Book, err error) []byte {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func correctionBook(t *testing.T, lang report.Lang) []byte {
	d := correction()
	b, err := report.CorrectionBook(&report.CorrectionInput{Organisation: "Sydnärkes IT-nämnd", Name: "Hallsberg", Document: &d, Audit: &report.Audit{Engine: "test"}}, lang)
	return bookBytes(t, b, err)
}

// TestCorrectionBookGolden: the correction workbook's cells, in both
// languages.
func TestCorrectionBookGolden(t *testing.T) {
	for _, lang := range []report.Lang{report.Swedish, report.English} {
		t.Run(string(lang), func(t *testing.T) {
			golden(t, "correction-"+string(lang)+".golden.txt", dump(t, correctionBook(t, lang)))
		})
	}
}

// TestStatementBookGolden: the statement workbook's cells.
func TestStatementBookGolden(t *testing.T) {
	golden(t, "statement-sv.golden.txt", dump(t, bookBytes(t, report.StatementBook(statement(), report.Swedish), nil)))
}

// recalculated writes book, has LibreOffice recalculate it, fails the test
// on every formula whose cached value differs, and returns the
// recalculated workbook.
func recalculated(t *testing.T, name string, book []byte, minFormulas int) *excelize.File {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, book, 0o644); err != nil {
		t.Fatal(err)
	}
	mismatches, n := lotest.CheckFormulas(t, p)
	if n < minFormulas {
		t.Errorf("%s: only %d formulas", name, n)
	}
	for _, m := range mismatches {
		t.Error(m)
	}
	f, err := excelize.OpenFile(lotest.Convert(t, p, "xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// cellAt finds the last row whose column A reads label and returns its
// cell in col, as a recalculating reader computes it.
func cellAt(t *testing.T, f *excelize.File, sheet, label string, col int) string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for r := len(rows) - 1; r >= 0; r-- {
		if len(rows[r]) > 0 && rows[r][0] == label {
			v, _ := f.GetCellValue(sheet, xlsx.Ref(col, r+1), excelize.Options{RawCellValue: true})
			return v
		}
	}
	t.Fatalf("%s: no row %q", sheet, label)
	return ""
}

// TestCorrectionBookRecalculates: in LibreOffice each difference (new −
// old) is the stored difference, the total is the document's amount, and
// every check reads OK.
func TestCorrectionBookRecalculates(t *testing.T) {
	t.Parallel() // LibreOffice and Gnumeric: runs beside the other workbook tests
	f := recalculated(t, "correction.xlsx", correctionBook(t, report.Swedish), 10)
	d := correction()
	rows, _ := f.GetRows("Rättelse", excelize.Options{RawCellValue: true})
	found := 0
	for _, row := range rows {
		for _, l := range d.Lines {
			if len(row) >= 10 && row[3] == l.Key {
				found++
				if !dec(row[9]).Equal(l.Amount) {
					t.Errorf("%s: LibreOffice difference %s, stored %s", l.Key, row[9], l.Amount)
				}
			}
		}
	}
	if found != len(d.Lines) {
		t.Errorf("found %d of %d lines", found, len(d.Lines))
	}
	if got := cellAt(t, f, "Rättelse", "Summa", 2); !dec(got).Equal(d.Total) {
		t.Errorf("total %s, stored %s", got, d.Total)
	}
	if got := cellAt(t, f, "Rättelse", "Kontroll: summan av raderna = rättelsens belopp", 10); got != "OK" {
		t.Errorf("check %q", got)
	}
	if got := cellAt(t, f, "Rättelse", "Licenser", 2); !dec(got).Equal(dec("-399.90")) {
		t.Errorf("licences %s", got)
	}
}

// TestCorrectionBookShowsAMismatch: a document whose stored amount is not
// the sum of its lines shows the difference in its check, not OK.
func TestCorrectionBookShowsAMismatch(t *testing.T) {
	t.Parallel() // LibreOffice and Gnumeric: runs beside the other workbook tests
	d := correction()
	d.Total = dec("800.00")
	b, err := report.CorrectionBook(&report.CorrectionInput{Document: &d}, report.English)
	f := recalculated(t, "mismatch.xlsx", bookBytes(t, b, err), 10)
	if got := cellAt(t, f, "Correction", "Check: the sum of the lines = the correction's amount", 10); got == "OK" || !dec(got).Round(2).Equal(dec("13.85")) {
		t.Errorf("check %q, want the difference 13.85", got)
	}
}

// TestStatementBookRecalculates: in LibreOffice the year's total and its
// total per category are the JSON's, and every check reads OK.
func TestStatementBookRecalculates(t *testing.T) {
	t.Parallel() // LibreOffice and Gnumeric: runs beside the other workbook tests
	in := statement()
	f := recalculated(t, "statement.xlsx", bookBytes(t, report.StatementBook(in, report.Swedish), nil), 20)
	j := report.NewStatementJSON(in)
	if got := cellAt(t, f, "Kontoutdrag", "Årets summa", 2); got == "" || !dec(got).Equal(dec(j.Total)) {
		t.Errorf("the year's total %s, JSON %s", got, j.Total)
	}
	names := map[string]string{"fee": "Medlemsbidrag", "equipment": "Utrustning", "printers": "Skrivare", "storage": "Lagring",
		"support": "Support", "licences": "Licenser", "services": "Tjänster"}
	for c, name := range names {
		if got := cellAt(t, f, "Kontoutdrag", name, 2); !dec(got).Equal(dec(j.ByCategory[c])) {
			t.Errorf("%s: %s, JSON %s", c, got, j.ByCategory[c])
		}
	}
	rows, _ := f.GetRows("Kontoutdrag", excelize.Options{RawCellValue: true})
	checks := 0
	for _, row := range rows {
		if len(row) >= 16 && row[15] != "" && row[15] != "Kontroll" {
			checks++
			if row[15] != "OK" {
				t.Errorf("row %v: check %s", row[0], row[15])
			}
		}
	}
	if checks != len(in.Documents)+1 {
		t.Errorf("%d checks", checks)
	}
}

// TestStatementBookEmpty: a year without documents still lays out, with
// zero totals that recalculate.
func TestStatementBookEmpty(t *testing.T) {
	t.Parallel() // LibreOffice and Gnumeric: runs beside the other workbook tests
	f := recalculated(t, "empty.xlsx", bookBytes(t, report.StatementBook(&report.StatementInput{Member: "1814", Year: 2026}, report.English), nil), 5)
	if got := cellAt(t, f, "Statement", "The year's total", 2); !dec(got).IsZero() {
		t.Errorf("total %q", got)
	}
}

// streamed is d with its lines given by Stream, as the ledger gives a
// large document's; the second reading gives only the first `second`
// lines when second ≥ 0.
func streamed(d ledger.Document, second int) ledger.Document {
	lines, reads := d.Lines, 0
	d.Lines = nil
	d.Stream = func(yield func(*ledger.Line) error) error {
		reads++
		for i := range lines {
			if reads > 1 && second >= 0 && i >= second {
				break
			}
			if err := yield(&lines[i]); err != nil {
				return err
			}
		}
		return nil
	}
	return d
}

// TestCorrectionBookStreamed: a correction whose lines are streamed gives
// the workbook its lines in memory give, byte for byte; lines that change
// between the two readings fail the workbook instead of leaving its
// totals wrong.
func TestCorrectionBookStreamed(t *testing.T) {
	d := correction()
	in := &report.CorrectionInput{Name: "Hallsberg", Document: &d}
	b, err := report.CorrectionBook(in, report.Swedish)
	want := bookBytes(t, b, err)
	s := streamed(correction(), -1)
	in.Document = &s
	b, err = report.CorrectionBook(in, report.Swedish)
	if got := bookBytes(t, b, err); !bytes.Equal(got, want) {
		t.Error("the streamed correction's workbook differs")
	}
	short := streamed(correction(), 2)
	in.Document = &short
	b, err = report.CorrectionBook(in, report.Swedish)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Bytes(); err == nil || !strings.Contains(err.Error(), "2025-0012") {
		t.Errorf("lines that changed between readings: err %v", err)
	}
}

// TestDocumentBooksReadable: every cell of the correction, statement and
// stamped chargeback workbooks has its reference and every zip entry its
// date, as every reader needs (Gnumeric 1.12.55 drops cells without one).
func TestDocumentBooksReadable(t *testing.T) {
	in := examplePack(t)
	issued(in)
	for name, book := range map[string][]byte{
		"correction": correctionBook(t, report.English),
		"statement":  bookBytes(t, report.StatementBook(statement(), report.English), nil),
		"pack":       bookBytes(t, report.ChargebackBook(in, "", report.Swedish), nil),
		"member":     bookBytes(t, report.ChargebackBook(in, "1861", report.Swedish), nil),
	} {
		if n := xlsxtest.Check(t, name, book); n < 50 {
			t.Errorf("%s: only %d cells", name, n)
		}
	}
}

// TestZeroDates: a document without a due date (or a line without a date)
// shows none, not 0001-01-01 in the JSON or a negative serial (####) in
// the workbook.
func TestZeroDates(t *testing.T) {
	d := correction()
	d.DueDate = time.Time{}
	d.Lines[0].Date = time.Time{}
	j, err := report.NewCorrectionsJSON([]ledger.Document{d})
	if err != nil {
		t.Fatal(err)
	}
	if got := j.Documents[0]; got.DueDate != "" || got.Lines[0].Date != "" || got.IssueDate != "2025-05-02" {
		t.Errorf("due %q, line date %q, issued %q", got.DueDate, got.Lines[0].Date, got.IssueDate)
	}
	b, err := report.CorrectionBook(&report.CorrectionInput{Document: &d}, report.English)
	f := open(t, bookBytes(t, b, err))
	if got := cell(t, f, "Correction", "B9"); got != "" {
		t.Errorf("due date cell %q", got)
	}
	st := statement()
	st.Documents[0].DueDate = time.Time{}
	f = open(t, bookBytes(t, report.StatementBook(st, report.English), nil))
	if got := cell(t, f, "Statement", "G5"); got != "" {
		t.Errorf("statement due date %q", got)
	}
}

// BenchmarkStatement: a member's statement of a national year as ledger
// statement writes it: four installments, twelve monthly chargebacks and
// a correction of each, workbook and JSON.
func BenchmarkStatement(b *testing.B) {
	in := &report.StatementInput{Member: "0180", Name: "Stockholm", Year: 2025}
	cb := year()[1]
	co := year()[4]
	for k := range 4 {
		f := year()[0]
		f.Installment, f.Number = k+1, fmt.Sprintf("2025-%04d", k+1)
		in.Documents = append(in.Documents, f)
	}
	for m := range 12 {
		cb.Number, co.Number = fmt.Sprintf("2025-%04d", 10+2*m), fmt.Sprintf("2025-%04d", 11+2*m)
		in.Documents = append(in.Documents, cb, co)
	}
	for b.Loop() {
		if err := report.StatementBook(in, report.Swedish).Write(io.Discard); err != nil {
			b.Fatal(err)
		}
		if _, err := report.Marshal(report.NewStatementJSON(in)); err != nil {
			b.Fatal(err)
		}
	}
}
