package report_test

import (
	"strings"
	"testing"

	"memberfee/internal/xlsx/xlsxtest"
	"memberfee/ledger"
	"memberfee/report"
)

// feeNotice is Hallsberg's installment 2 of 4 of 2025: a fee of
// 3 249 377 kr split with the extra kronor on the earliest installments.
func feeNotice() *report.FeeNoticeInput {
	d := year()[2] // 2025-0009, installment 2 of 4, 812 344.00
	d.Inputs = []ledger.Input{{Category: "config", Name: "memberfee.yaml", SHA256: strings.Repeat("ab", 32)}}
	q := func(k int, from, to, due, amount string) report.FeeInstallment {
		return report.FeeInstallment{K: k, Period: ledger.Period{From: day(from), To: day(to)}, DueDate: day(due), Amount: dec(amount)}
	}
	return &report.FeeNoticeInput{Organisation: "Sydnärkes IT-nämnd", Name: "Hallsberg", Document: &d, Fee: dec("3249377.00"),
		Installments: []report.FeeInstallment{
			q(1, "2025-01-01", "2025-03-31", "2025-01-31", "812345.00"),
			q(2, "2025-04-01", "2025-06-30", "2025-04-30", "812344.00"),
			q(3, "2025-07-01", "2025-09-30", "2025-07-31", "812344.00"),
			q(4, "2025-10-01", "2025-12-31", "2025-10-31", "812344.00"),
		},
		Audit: &report.Audit{Engine: "test"}}
}

func feeNoticeBook(t *testing.T, in *report.FeeNoticeInput, lang report.Lang) []byte {
	t.Helper()
	b, err := report.FeeNoticeBook(in, lang)
	return bookBytes(t, b, err)
}

// TestFeeNoticeBookGolden: the fee notice's cells, in both languages.
func TestFeeNoticeBookGolden(t *testing.T) {
	for _, lang := range []report.Lang{report.Swedish, report.English} {
		t.Run(string(lang), func(t *testing.T) {
			golden(t, "fee-notice-"+string(lang)+".golden.txt", dump(t, feeNoticeBook(t, feeNotice(), lang)))
		})
	}
}

// TestFeeNoticeBookRecalculates: in LibreOffice the installments sum to
// the adopted fee, both checks read OK, and the title, number and dates
// are the document's.
func TestFeeNoticeBookRecalculates(t *testing.T) {
	t.Parallel() // LibreOffice and Gnumeric: runs beside the other workbook tests
	in := feeNotice()
	f := recalculated(t, "fee.xlsx", feeNoticeBook(t, in, report.Swedish), 3)
	const sheet = "Medlemsbidrag"
	if got, _ := f.GetCellValue(sheet, "A1"); got != "Medlemsbidrag 2025, delbetalning 2 av 4: Hallsberg (1861)" {
		t.Errorf("title %q", got)
	}
	if got := cellAt(t, f, sheet, "Medlemsbidrag, delbetalning 2 av 4", 2); got != "2025-0009" {
		t.Errorf("number %q", got)
	}
	if got := cellAt(t, f, sheet, "Period", 2); got != "2025-04-01 – 2025-06-30" {
		t.Errorf("period %q", got)
	}
	if got, _ := f.GetCellValue(sheet, "B8"); got != "2025-04-30" {
		t.Errorf("due date %q (B8)", got)
	}
	if got := cellAt(t, f, sheet, "Utfärdat av", 2); got != "Karin Ek" {
		t.Errorf("issued by %q", got)
	}
	if got := cellAt(t, f, sheet, "Summa delbetalningar", 4); !dec(got).Equal(in.Fee) {
		t.Errorf("Σ installments %s, fee %s", got, in.Fee)
	}
	for _, check := range []string{"Kontroll: delbetalningarna = medlemsbidraget", "Kontroll: beloppet = delbetalningen"} {
		if got := cellAt(t, f, sheet, check, 4); got != "OK" {
			t.Errorf("%s: %q", check, got)
		}
	}
}

// TestFeeNoticeBookShowsAMismatch: installments that do not make the fee,
// or an amount that is not its installment's, show the difference in
// their checks, not OK.
func TestFeeNoticeBookShowsAMismatch(t *testing.T) {
	t.Parallel() // LibreOffice and Gnumeric: runs beside the other workbook tests
	in := feeNotice()
	in.Fee = dec("3249370.00")
	in.Document.Total = dec("812340.00")
	f := recalculated(t, "mismatch.xlsx", feeNoticeBook(t, in, report.English), 3)
	for check, want := range map[string]string{"Check: the installments = the fee": "7", "Check: the amount = the installment": "-4"} {
		if got := cellAt(t, f, "Member fee", check, 4); got == "OK" || !dec(got).Round(2).Equal(dec(want)) {
			t.Errorf("%s: %q, want %s", check, got, want)
		}
	}
}

// TestFeeNoticeBookRefuses: a document that is not a fee document, or an
// installment the adopted fee does not have, fails the notice naming the
// document rather than lay out a wrong one.
func TestFeeNoticeBookRefuses(t *testing.T) {
	cb := year()[1]
	in := feeNotice()
	in.Document = &cb
	if _, err := report.FeeNoticeBook(in, report.Swedish); err == nil || !strings.Contains(err.Error(), "not a fee document") {
		t.Errorf("a chargeback: err %v", err)
	}
	in = feeNotice()
	in.Installments = in.Installments[:1]
	if _, err := report.FeeNoticeBook(in, report.Swedish); err == nil || !strings.Contains(err.Error(), "2025-0009 is installment 2") {
		t.Errorf("a missing installment: err %v", err)
	}
	if _, err := report.FeeNoticeBook(&report.FeeNoticeInput{}, report.Swedish); err == nil {
		t.Error("no document: no error")
	}
}

// TestFeeNoticeBookReadable: every cell has its reference and every zip
// entry its date.
func TestFeeNoticeBookReadable(t *testing.T) {
	if n := xlsxtest.Check(t, "fee", feeNoticeBook(t, feeNotice(), report.English)); n < 30 {
		t.Errorf("only %d cells", n)
	}
}
