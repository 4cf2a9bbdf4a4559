package report_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"memberfee/billing"
	"memberfee/report"
)

// TestLineSheetsSorted: a line sheet lists its lines by member,
// department and date (a line of the whole member after its departments),
// not in file order, each member's name beside its code; the total under
// them is the category's.
func TestLineSheetsSorted(t *testing.T) {
	in := examplePack(t)
	names := map[string]string{}
	for _, m := range in.Summary.Members {
		names[m.ID] = m.Name
	}
	for _, member := range []string{"", "1861"} {
		data, err := report.ChargebackBook(in, member, report.Swedish).Bytes()
		if err != nil {
			t.Fatal(err)
		}
		f := open(t, data)
		for c, sheet := range map[billing.Category]string{billing.Equipment: "Utrustning", billing.Support: "Support", billing.Licences: "Licenser"} {
			rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			hr := headingRow(t, rows, sheet)
			if got := rows[hr][:3]; got[0] != "Kommun" || got[1] != "Namn" || got[2] != "Förvaltning" {
				t.Fatalf("%s headings %q", sheet, got)
			}
			var prev []string
			n := 0
			for _, r := range rows[hr+1:] {
				if len(r) < 4 || r[0] == "Summa" {
					break
				}
				n++
				if r[1] != names[r[0]] {
					t.Errorf("%s: member %s named %q, want %q", sheet, r[0], r[1], names[r[0]])
				}
				key := []string{r[0], wholeLast(r[2]), r[3]} // the date is a serial number: same width within the year
				if prev != nil && strings.Join(key, "\x00") < strings.Join(prev, "\x00") {
					t.Fatalf("%s (member %q): %q after %q", sheet, member, key, prev)
				}
				prev = key
			}
			if want := in.Lines.Count(member, c, billing.ChargedAndIncluded); n != want {
				t.Errorf("%s (member %q): %d lines, want %d", sheet, member, n, want)
			}
		}
	}
}

// wholeLast makes the whole member's department sort after the others.
func wholeLast(dept string) string {
	if strings.HasPrefix(dept, "(") {
		return "\uffff"
	}
	return dept
}

// headingRow is the index of a sheet's column headings (the row starting
// with Kommun).
func headingRow(t *testing.T, rows [][]string, sheet string) int {
	t.Helper()
	for i, r := range rows {
		if len(r) > 0 && r[0] == "Kommun" {
			return i
		}
	}
	t.Fatalf("%s has no headings", sheet)
	return 0
}

// TestFeeSummaryForTheBoard: page 1 of the fee workbook shows the key share
// as a percentage, the common additions (in the pool's working and in a
// note naming the sum), each member's own additions apart, and the next
// base in whole kronor as the fees are.
func TestFeeSummaryForTheBoard(t *testing.T) {
	c, r := example(t)
	data, err := report.AllocationBook(&c.Input, r, report.Swedish, &report.Audit{Engine: "test"}).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, data)
	const sheet = "Sammanställning"
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	hr := headingRow(t, rows, sheet)
	if rows[hr][3] != "Nyckelandel" || rows[hr][5] != "Egna tillägg" {
		t.Errorf("headings %q", rows[hr])
	}
	share := "D" + strconv.Itoa(hr+2)
	if got := format(t, f, sheet, share); got != "0.00%" {
		t.Errorf("%s (a key share) formatted %q, want 0.00%%", share, got)
	}
	text := ""
	for _, r := range rows {
		text += strings.Join(r, "|") + "\n"
	}
	common := r.Common.FloatString(0)
	for _, want := range []string{"Indexerad bas, avrundad", "+ gemensamma tillägg", "− ramväxling", "Pool att fördela, avrundad", "Bas för nästa års indexering"} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary has no %q:\n%s", want, text)
		}
	}
	if !strings.Contains(text, "Gemensamma tillägg, "+common[:3]+"\u00a0"+common[3:]+" SEK, ingår i Fördelat") {
		t.Errorf("no note of the common additions (%s):\n%s", common, text)
	}
	for i, row := range rows {
		if len(row) > 4 && (row[0] == "Bas för nästa års indexering" || row[0] == "+ gemensamma tillägg") {
			if got := format(t, f, sheet, "E"+strconv.Itoa(i+1)); got != "#,##0" {
				t.Errorf("%s formatted %q beside whole kronor", row[0], got)
			}
		}
	}
}

// format is a cell's number format.
func format(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

// TestFeeNoticeWholeKronor: a fee in whole kronor is noticed in whole
// kronor (not 6 019 992,00 beside the fee workbook's 24 079 966).
func TestFeeNoticeWholeKronor(t *testing.T) {
	f := open(t, feeNoticeBook(t, feeNotice(), report.Swedish))
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i, r := range rows {
		for j, v := range r {
			if v == "" || !strings.ContainsAny(v[:1], "0123456789") || !strings.Contains(v, ",") {
				continue // amounts show thousands separators
			}
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if got := format(t, f, sheet, ref); got != "#,##0" {
				t.Errorf("%s %q formatted %q", ref, v, got)
			}
			n++
		}
	}
	if n < 5 {
		t.Errorf("%d amounts found", n)
	}
}
