package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"memberfee/internal/msg"
)

// The lines of testdata/time/support.csv as bill must report them: the
// repeated hour read as its first occurrence and said so, offsets exact,
// the skipped hour rejected with its reason (not as "end is not after start").
var timeLines = map[string]struct{ desc, status, amount, reason string }{
	"IT-1": {"Procapita 2025-10-26 02:30+02:00–2025-10-26 03:30", "charged", "1850,00", "2h0m0s outside office hours; start 2025-10-26 02:30 occurs twice in Swedish time and has no offset: read as the first (summer time, +02:00)"},
	"IT-2": {"Procapita 2025-10-26 02:30+01:00–2025-10-26 03:30", "charged", "925,00", "1h0m0s outside office hours; start 2025-10-26 02:30 is the second of the two in Swedish time (winter time, +01:00), as its offset says"},
	"IT-4": {"Procapita 2025-10-26 02:30+02:00–2025-10-26 02:30+01:00", "charged", "925,00", "1h0m0s outside office hours; start 2025-10-26 02:30 is the first of the two in Swedish time (summer time, +02:00), as its offset says; " +
		"end 2025-10-26 02:30 is the second of the two in Swedish time (winter time, +01:00), as its offset says"},
	"IT-7": {"Procapita 2025-10-27 09:00–2025-10-27 10:00", "included", "0,00", "wholly inside office hours on a working day"},
}

var timeRejected = map[int][2]string{ // by row: column, reason
	4: {"start", "2025-03-30 02:30 does not exist in Swedish time: clocks moved from 02:00 to 03:00"},
	6: {"end", "end is not after start; start 2025-10-26 02:50 occurs twice in Swedish time and has no offset: read as the first (summer time, +02:00); " +
		"end 2025-10-26 02:10 occurs twice in Swedish time and has no offset: read as the first (summer time, +02:00)"},
	7: {"start", "2025-03-30T02:00:00 does not exist in Swedish time: clocks moved from 02:00 to 03:00"},
}

// TestBillTimes: bill on testdata/time, from the CSV and from an XLSX whose
// times are date serials, reports every ticket as timeLines and
// timeRejected say: in the JSON, the line-detail CSV and the workbook.
func TestBillTimes(t *testing.T) {
	for _, form := range []string{"csv", "xlsx"} {
		t.Run(form, func(t *testing.T) {
			dir := t.TempDir()
			cfg, _ := os.ReadFile("testdata/time/c.yaml")
			data, _ := os.ReadFile("testdata/time/support.csv")
			rejected := timeRejected
			if form == "csv" {
				os.WriteFile(filepath.Join(dir, "support.csv"), data, 0o644)
			} else {
				cfg = []byte(strings.Replace(string(cfg), "support.csv", "support.xlsx", 1))
				writeSerials(t, filepath.Join(dir, "support.xlsx"), string(data))
				rejected = map[int][2]string{4: {"start", "2025-03-30 02:30 does not exist in Swedish time: clocks moved from 02:00 to 03:00"},
					6: timeRejected[6], 7: {"start", "2025-03-30 02:00 does not exist in Swedish time: clocks moved from 02:00 to 03:00"}}
			}
			os.WriteFile(filepath.Join(dir, "c.yaml"), cfg, 0o644)
			out := t.TempDir()
			if code, stdout, stderr := runCLI(t, "bill", "--config", filepath.Join(dir, "c.yaml"), "--out", out); code != 0 {
				t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
			}
			checkTimeOutputs(t, out, rejected)
		})
	}
}

func checkTimeOutputs(t *testing.T, out string, rejected map[int][2]string) {
	js, err := os.ReadFile(filepath.Join(out, stem+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		Rejected []struct {
			Row            int
			Column, Reason string
		} `json:"rejected"`
	}
	if err := json.Unmarshal(js, &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Rejected) != len(rejected) {
		t.Errorf("%d rejected, want %d: %+v", len(j.Rejected), len(rejected), j.Rejected)
	}
	for _, r := range j.Rejected {
		if want := rejected[r.Row]; r.Column != want[0] || r.Reason != want[1] {
			t.Errorf("row %d rejected: column %s %q\nwant column %s %q", r.Row, r.Column, r.Reason, want[0], want[1])
		}
	}

	f, err := os.Open(filepath.Join(out, stem+"-lines.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.Comma = ';'
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	seen := 0
	for _, r := range recs[1:] {
		if want, ok := timeLines[r[col["reference"]]]; ok {
			seen++
			if r[col["description"]] != want.desc || r[col["status"]] != want.status || r[col["amount"]] != want.amount || r[col["reason"]] != want.reason {
				t.Errorf("lines CSV %s: %q %s %s %q\nwant %q %s %s %q", r[col["reference"]], r[col["description"]], r[col["status"]], r[col["amount"]], r[col["reason"]],
					want.desc, want.status, want.amount, want.reason)
			}
		} else if r[col["status"]] != "rejected" {
			t.Errorf("lines CSV: an unexpected line %v", r)
		} else if want := rejected[atoi(r[col["row"]])]; r[col["reason"]] != want[1] {
			t.Errorf("lines CSV row %s: %q, want %q", r[col["row"]], r[col["reason"]], want[1])
		}
	}
	if seen != len(timeLines) {
		t.Errorf("lines CSV: %d of the %d lines", seen, len(timeLines))
	}

	// The pack for IT administration and the member's workbook.
	for _, book := range []string{stem + ".xlsx", stem + "-1882.xlsx"} {
		x, err := excelize.OpenFile(filepath.Join(out, book))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows("Support")
		x.Close()
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, r := range rows {
			for _, c := range r {
				if want, ok := timeLines[c]; ok {
					found++
					// the workbook says the line's canonical reason in Swedish
					if sv := msg.Render(want.reason, "sv"); !contains(r, sv) || !contains(r, want.desc) {
						t.Errorf("%s Support row %q lacks %q or %q", book, r, sv, want.desc)
					}
				}
			}
		}
		if found != len(timeLines) {
			t.Errorf("%s Support: %d of the %d lines", book, found, len(timeLines))
		}
	}
}

func contains(cells []string, s string) bool {
	for _, c := range cells {
		if c == s {
			return true
		}
	}
	return false
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// writeSerials writes the CSV's table as a workbook whose times without an
// offset are date serials, as Excel stores a date cell; the others stay text.
func writeSerials(t *testing.T, path, data string) {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for i, line := range strings.Split(strings.TrimSpace(data), "\n") {
		var row []any
		for j, v := range strings.Split(line, ",") {
			if i > 0 && (j == 3 || j == 4) && !strings.ContainsAny(v[10:], "Z+-") {
				row = append(row, serial(t, v))
			} else {
				row = append(row, v)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// serial is the Excel date serial of a wall clock written 2025-10-26 02:30
// (or with a T and seconds): days since 1899-12-30 and the day's fraction.
func serial(t *testing.T, v string) float64 {
	v = strings.Replace(v, "T", " ", 1)
	if len(v) == 16 {
		v += ":00"
	}
	wall, err := time.Parse(time.DateTime, v)
	if err != nil {
		t.Fatal(err)
	}
	return wall.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
}
