package report_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"memberfee/chargeback"
	"memberfee/config"
	"memberfee/report"
)

// examplePack is the example's chargeback of its period, as bill lays it
// out.
func examplePack(t *testing.T) *report.ChargebackInput {
	t.Helper()
	c, err := config.Load("../examples/sydnarke/memberfee.yaml")
	if err != nil {
		t.Fatal(err)
	}
	from, to, err := chargeback.Period(c.Billing.Period, "", "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := chargeback.Run(c.Billing, c.BillingMembers(), c.Resolve, from, to, chargeback.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &report.ChargebackInput{Organisation: c.Organisation, From: from, To: to, Lines: report.MemoryLines(res.Lines), Summary: res.Summary,
		Rules: c.Billing, Months: res.Rules.Months, Matrix: c.Matrix(), Audit: &report.Audit{Engine: "test"}, LinesFile: "lines.csv"}
}

// issued stamps every member of the example but Lekeberg (1814), as if
// it had nothing charged, with numbers from 2025-0003 on.
func issued(in *report.ChargebackInput) {
	in.Issued = map[string]report.IssuedStamp{}
	for i, m := range in.Summary.Members {
		if m.ID == "1814" {
			continue
		}
		in.Issued[m.ID] = report.IssuedStamp{Number: fmt.Sprintf("2025-%04d", 3+i), IssueDate: day("2026-01-15"), DueDate: day("2026-02-14"), IssuedBy: "Karin Ek"}
	}
}

func open(t *testing.T, book []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func cell(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestChargebackIssuedMember: an issued member's workbook says which
// document it is, when it was issued, when it is due and by whom, under
// its title; a member without a document says it has none.
func TestChargebackIssuedMember(t *testing.T) {
	in := examplePack(t)
	issued(in)
	for _, tt := range []struct {
		lang                                      report.Lang
		member, title, sheet, kind, by, due, none string
	}{
		{report.Swedish, "1861", "Debiteringsbesked 2025-0004: Hallsberg (1861), 2025-01-01 – 2025-12-31", "Sammanställning", "Debiteringsbesked", "Utfärdat av", "Förfallodag", ""},
		{report.English, "1861", "Chargeback notice 2025-0004: Hallsberg (1861), 2025-01-01 – 2025-12-31", "Summary", "Chargeback notice", "Issued by", "Due date", ""},
		{report.Swedish, "1814", "Debiteringsunderlag 2025-01-01 – 2025-12-31: Lekeberg (1814)", "Sammanställning", "Debiteringsbesked", "", "", "inget: inget att debitera i perioden"},
	} {
		t.Run(string(tt.lang)+"/"+tt.member, func(t *testing.T) {
			f := open(t, bookBytes(t, report.ChargebackBook(in, tt.member, tt.lang), nil))
			if got := cell(t, f, tt.sheet, "A1"); got != tt.title {
				t.Errorf("title %q, want %q", got, tt.title)
			}
			// title, note, blank, member, then the stamp
			if got := cell(t, f, tt.sheet, "A5"); got != tt.kind {
				t.Fatalf("A5 %q, want %q", got, tt.kind)
			}
			if tt.none != "" {
				if got := cell(t, f, tt.sheet, "B5"); got != tt.none {
					t.Errorf("B5 %q, want %q", got, tt.none)
				}
				return
			}
			want := map[string]string{"B5": "2025-0004", "B6": "46037", "A7": tt.due, "B7": "46067", "A8": tt.by, "B8": "Karin Ek"}
			for ref, v := range want {
				if got := cell(t, f, tt.sheet, ref); got != v {
					t.Errorf("%s %q, want %q", ref, got, v)
				}
			}
		})
	}
}

// TestChargebackIssuedPack: the pack lists the documents by number (not
// Lekeberg's, which has none), each with its member's total from the
// summary, and LibreOffice computes every formula as cached.
func TestChargebackIssuedPack(t *testing.T) {
	t.Parallel() // LibreOffice and Gnumeric: runs beside the other workbook tests
	in := examplePack(t)
	issued(in)
	book := bookBytes(t, report.ChargebackBook(in, "", report.Swedish), nil)
	f := open(t, book)
	if sheets := f.GetSheetList(); len(sheets) < 2 || sheets[1] != "Debiteringsbesked" {
		t.Fatalf("sheets %v", sheets)
	}
	rows, _ := f.GetRows("Debiteringsbesked", excelize.Options{RawCellValue: true})
	var numbers []string
	for _, row := range rows[4:] {
		if len(row) > 0 && strings.HasPrefix(row[0], "2025-") {
			numbers = append(numbers, row[0]+" "+row[1])
		}
	}
	if got, want := strings.Join(numbers, ", "), "2025-0003 1882, 2025-0004 1861, 2025-0005 1860"; got != want {
		t.Errorf("documents %s, want %s", got, want)
	}
	lo := recalculated(t, "pack.xlsx", book, 100)
	total := cellAt(t, lo, "Debiteringsbesked", "Summa", 7)
	want := in.Summary.Total.Sub(in.Summary.Member("1814").Total)
	if !dec(total).Equal(want) {
		t.Errorf("the documents sum to %s in LibreOffice, want %s", total, want)
	}
}

// TestChargebackDraft: bill over an issued period says so in the title of
// every sheet, and the summary names the documents (at most five, then
// how many).
func TestChargebackDraft(t *testing.T) {
	in := examplePack(t)
	for _, tt := range []struct {
		lang          report.Lang
		numbers       []string
		member        string
		title, reason string
	}{
		{report.Swedish, []string{"2025-0003", "2025-0004"}, "", "Utkast — Debiteringsunderlag 2025-01-01 – 2025-12-31",
			"Utkast — perioden överlappar debiteringsbesked 2025-0003, 2025-0004 redan utfärdade: detta underlag är inget nytt debiteringsbesked."},
		{report.English, []string{"2025-0003"}, "1861", "Draft — Chargeback 2025-01-01 – 2025-12-31: Hallsberg (1861)",
			"Draft — the period overlaps chargeback notices 2025-0003 already issued: this is not a new notice."},
		{report.Swedish, []string{"2025-0001", "2025-0002", "2025-0003", "2025-0004", "2025-0005", "2025-0006", "2025-0007"}, "", "Utkast — Debiteringsunderlag 2025-01-01 – 2025-12-31",
			"Utkast — perioden överlappar debiteringsbesked 2025-0001, 2025-0002, 2025-0003, 2025-0004, 2025-0005 … (7 i allt) redan utfärdade: detta underlag är inget nytt debiteringsbesked."},
	} {
		t.Run(string(tt.lang)+tt.member, func(t *testing.T) {
			in.DraftOverlaps = tt.numbers
			f := open(t, bookBytes(t, report.ChargebackBook(in, tt.member, tt.lang), nil))
			for i, sheet := range f.GetSheetList() {
				title := cell(t, f, sheet, "A1")
				if i == 0 && (title != tt.title || cell(t, f, sheet, "A3") != tt.reason) {
					t.Errorf("%s: title %q, %q; want %q, %q", sheet, title, cell(t, f, sheet, "A3"), tt.title, tt.reason)
				}
				if !strings.Contains(title, tt.title) && !strings.Contains(cell(t, f, sheet, "A2"), tt.title) && sheet != "Revision" && sheet != "Audit" &&
					sheet != "Gränsdragning" && sheet != "Responsibility" {
					t.Errorf("%s: neither %q nor its note says it is a draft", sheet, title)
				}
			}
		})
	}
}

// TestChargebackUnstamped: without a stamp the workbook is bill's, byte for
// byte, whether the fields are nil or empty (scripts/same-outputs.sh holds
// the commands' outputs to the same).
func TestChargebackUnstamped(t *testing.T) {
	in := examplePack(t)
	plain := bookBytes(t, report.ChargebackBook(in, "1861", report.Swedish), nil)
	in.DraftOverlaps = []string{}
	if !bytes.Equal(plain, bookBytes(t, report.ChargebackBook(in, "1861", report.Swedish), nil)) {
		t.Error("an empty DraftOverlaps changed the workbook")
	}
	in.Issued = map[string]report.IssuedStamp{"1861": {Number: "2025-0001"}}
	if bytes.Equal(plain, bookBytes(t, report.ChargebackBook(in, "1861", report.Swedish), nil)) {
		t.Error("the stamp did not change the workbook")
	}
}
