package input

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestDurationTimeCells: in a workbook a duration cell formatted as a
// time holds a fraction of a day (Excel shows 0.0625 as 1:30), read to
// whole minutes; a plain number stays minutes; seconds, zero and more than
// 366 days are rejected, the value named as the cell shows it.
func TestDurationTimeCells(t *testing.T) {
	type style struct {
		id     int    // built-in number format
		custom string // or a custom one
	}
	tests := []struct {
		name  string
		value any
		style style
		want  time.Duration
		err   error
		shown string // the CellError's value
	}{
		{"h:mm built in", 1.5 / 24, style{id: 20}, 90 * time.Minute, nil, ""},
		{"h:mm:ss built in", 1.5 / 24, style{id: 21}, 90 * time.Minute, nil, ""},
		{"[h]:mm custom", 80.0 / 1440, style{custom: "[h]:mm"}, 80 * time.Minute, nil, ""},
		{"more than a day", 1.5, style{custom: "[h]:mm"}, 36 * time.Hour, nil, ""},
		{"mm:ss built in", 5.0 / 1440, style{id: 45}, 5 * time.Minute, nil, ""},
		{"general number is minutes", 90, style{}, 90 * time.Minute, nil, ""},
		{"general fraction is no duration", 1.5 / 24, style{}, 0, ErrDuration, "0.0625"},
		{"a number format is not time", 90, style{id: 2}, 90 * time.Minute, nil, ""},
		{"a date format is not time", 90, style{custom: "yyyy-mm-dd hh:mm"}, 90 * time.Minute, nil, ""},
		{"text stays text", "1:30", style{id: 20}, 90 * time.Minute, nil, ""},
		{"seconds", (90*60 + 29) / 86400.0, style{id: 21}, 0, ErrDuration, "1:30:29"},
		{"zero", 0.0, style{id: 20}, 0, ErrDurationNotPositive, "0"},
		{"more than 366 days", 400.0, style{custom: "[h]:mm"}, 0, ErrDurationTooLong, "400"},
	}
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"ticket", "member", "department", "start", "duration"})
	for i, tc := range tests {
		row := i + 2
		cell := func(col int) string { c, _ := excelize.CoordinatesToCellName(col, row); return c }
		_ = f.SetSheetRow("Sheet1", cell(1), &[]any{tc.name, "1882", "Soc", "2025-03-03 08:00", tc.value})
		var st *excelize.Style
		switch {
		case tc.style.custom != "":
			st = &excelize.Style{CustomNumFmt: &tc.style.custom}
		case tc.style.id != 0:
			st = &excelize.Style{NumFmt: tc.style.id}
		}
		if st != nil {
			id, err := f.NewStyle(st)
			if err != nil {
				t.Fatal(err)
			}
			_ = f.SetCellStyle("Sheet1", cell(5), cell(5), id)
		}
	}
	p := filepath.Join(t.TempDir(), "support.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	tab, err := Open(p, "support.xlsx", SupportSchema, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	for i, tc := range tests {
		rec, err := tab.Next()
		if err != nil {
			t.Fatalf("row %d: %v", i+2, err)
		}
		got, ce := rec.Duration("duration")
		if tc.err != nil {
			if ce == nil || !errors.Is(ce, tc.err) || ce.Row != i+2 || ce.Column != "duration" || ce.File != "support.xlsx" || ce.Value != tc.shown {
				t.Errorf("%s: %v, %#v; want %v with the value %q", tc.name, got, ce, tc.err, tc.shown)
			}
			continue
		}
		if ce != nil || got != tc.want {
			t.Errorf("%s: %v, %v; want %v", tc.name, got, ce, tc.want)
		}
	}
	if _, err := tab.Next(); err != io.EOF {
		t.Fatalf("after the rows: %v", err)
	}
}

// TestSizeTooLargeCell: a workbook's numeric size beyond a billion GB (a
// byte count without its unit) rejects its row naming file, row and column.
func TestSizeTooLargeCell(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"date", "user", "member", "department", "used_gb"})
	_ = f.SetSheetRow("Sheet1", "A2", &[]any{"2025-03-31", "anna", "1882", "Soc", 12.5})
	_ = f.SetSheetRow("Sheet1", "A3", &[]any{"2025-03-31", "bo", "1882", "Soc", 1073741824000.0})
	p := filepath.Join(t.TempDir(), "storage.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	tab, err := Open(p, "storage.xlsx", StorageSchema, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()
	for _, want := range []string{"", "storage.xlsx row 3 column used_gb: \"1073741824000\" is more than a billion GB"} {
		rec, err := tab.Next()
		if err != nil {
			t.Fatal(err)
		}
		_, ce := rec.Size("used_gb")
		switch {
		case want == "" && ce != nil:
			t.Errorf("row %d: %v", rec.Row, ce)
		case want != "" && (ce == nil || !errors.Is(ce, ErrSizeTooLarge) || !strings.HasPrefix(ce.Error(), want)):
			t.Errorf("row %d: %v; want %s", rec.Row, ce, want)
		}
	}
}
