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

// TestStorageUnits: a file server's report's sizes are read exactly, in
// powers of 1024; a unit memberfee does not know rejects the row naming
// file, row and column.
func TestStorageUnits(t *testing.T) {
	res, err := runFiles(t, "  inputs: {storage: st.csv}\n", map[string]string{"st.csv": "date;user;member;department;used_gb\n" +
		"2025-01-31;a;1882;Soc;870 MB\n" + // within quota
		"2025-01-31;b;1882;Soc;40,5 GB\n" + // 15.5 GB over at 2 kr: 31.00
		"2025-01-31;c;1882;Soc;1,2 TB\n" + // 1228.8 − 25 = 1203.8 GB at 2 kr: 2407.60
		"2025-01-31;d;1882;Soc;36\n" + // bare GB: 11 × 2 = 22.00
		"2025-01-31;e;1882;Soc;12 GiGa\n"})
	if err != nil {
		t.Fatal(err)
	}
	lines := res.Lines[billing.Storage]
	var got []string
	for _, l := range lines {
		got = append(got, string(l.Status)+" "+l.Quantity.String()+" "+l.Amount.String())
	}
	want := "included 0 0|charged 15.5 31|charged 1203.8 2407.6|charged 11 22|rejected 0 0"
	if strings.Join(got, "|") != want {
		t.Fatalf("lines\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	if d := lines[0].Description; !strings.HasPrefix(d, "0.849609375 GB used") {
		t.Errorf("870 MB described as %q", d)
	}
	r := res.Summary.Rejected[0]
	if r.File != "st.csv" || r.Row != 6 || r.Column != "used_gb" || !errors.Is(r.Err(), billing.ErrNotSize) ||
		r.Reason != `"12 GiGa" is not a size in B, KB, MB, GB, TB or KiB … TiB` {
		t.Fatalf("rejected %+v", r)
	}
}

// TestSupportDuration: a ticket with a duration ends at its start plus the
// duration in real time: two hours from 01:30 on the night clocks go
// forward end at 04:30 by the wall clock; zero or a negative duration is
// rejected naming file, row and column; an end where a file has both wins.
func TestSupportDuration(t *testing.T) {
	res, err := runFiles(t, "  columns: {support: {ticket: Nr, duration: Tid}}\n  inputs: {support: s.csv}\n", map[string]string{"s.csv": "Nr;member;department;start;Tid\n" +
		"T-1;1882;Soc;2025-03-30 01:30;120\n" + // Sunday, DST: 120 real minutes outside office hours
		"T-2;1882;Soc;2025-10-26 01:30;2:00\n" + // Sunday, clocks back: 120 real minutes
		"T-3;1882;Soc;2025-03-04 16:00;1:00\n" + // Tuesday: 30 minutes after 16:30
		"T-4;1882;Soc;2025-03-04 17:00;0\n" +
		"T-5;1882;Soc;2025-03-04 17:00;-30\n" +
		"T-6;1882;Soc;2025-03-04 17:00;1:75\n"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range res.Lines[billing.Support] {
		got = append(got, string(l.Status)+" "+l.Quantity.String()+" "+l.Column)
	}
	want := "charged 120 |charged 120 |charged 30 |rejected 0 duration|rejected 0 duration|rejected 0 duration"
	if strings.Join(got, "|") != want {
		t.Fatalf("lines\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	rej := res.Summary.Rejected
	if rej[0].Row != 5 || !errors.Is(rej[0].Err(), billing.ErrDurationNotPositive) || !errors.Is(rej[2].Err(), billing.ErrNotDuration) {
		t.Fatalf("rejected %+v", rej)
	}
	if rej[1].Reason != `"-30" is not a duration of more than zero` {
		t.Fatalf("reason %q", rej[1].Reason)
	}

	// A file with neither end nor duration names both.
	_, err = runFiles(t, "  inputs: {support: s.csv}\n", map[string]string{"s.csv": "ticket;member;department;start\nT-1;1882;Soc;2025-03-04 17:00\n"})
	if err == nil || !strings.Contains(err.Error(), `lacks a required column "end" (or "duration" instead)`) {
		t.Fatalf("err = %v", err)
	}
}

// TestSupportDurationNote: an end that is the start plus a duration, in
// the hour clocks go back, is noted as computed (never "as its offset
// says": no offset was written for it), and is guessed when the start was.
func TestSupportDurationNote(t *testing.T) {
	tests := []struct {
		start, duration string
		note            string
	}{
		{"2025-10-26 02:30", "30", "start 2025-10-26 02:30 occurs twice in Swedish time and has no offset: read as the first (summer time, +02:00); " +
			"end 2025-10-26 02:00 = start + duration, from a start read as the first of its two: the second of the two in Swedish time (winter time, +01:00), as uncertain as the start"},
		{"2025-10-26 02:30+02:00", "0:30", "start 2025-10-26 02:30 is the first of the two in Swedish time (summer time, +02:00), as its offset says; " +
			"end 2025-10-26 02:00 = start + duration: the second of the two in Swedish time (winter time, +01:00)"},
		{"2025-10-26 01:30", "1:00", "end 2025-10-26 02:30 = start + duration: the first of the two in Swedish time (summer time, +02:00)"},
		{"2025-10-26 03:30", "30", ""},
	}
	for _, tt := range tests {
		t.Run(tt.start+"+"+tt.duration, func(t *testing.T) {
			res, err := runFiles(t, "  columns: {support: {duration: Tid}}\n  inputs: {support: s.csv}\n",
				map[string]string{"s.csv": "ticket;member;department;start;Tid\nT-1;1882;Soc;" + tt.start + ";" + tt.duration + "\n"})
			if err != nil {
				t.Fatal(err)
			}
			l := res.Lines[billing.Support][0]
			if l.Status != billing.Charged || l.Note != tt.note {
				t.Errorf("%s %q\nnote %q\nwant %q", l.Status, l.Reason, l.Note, tt.note)
			}
		})
	}
}

// TestSupportEndOrDuration: where a file has both columns, a row's end is
// read, and its duration where its end is empty.
func TestSupportEndOrDuration(t *testing.T) {
	res, err := runFiles(t, "  inputs: {support: s.csv}\n", map[string]string{"s.csv": "ticket;member;department;start;end;duration\n" +
		"T-1;1882;Soc;2025-03-04 17:00;2025-03-04 18:00;15\n" + // the end: 60 minutes
		"T-2;1882;Soc;2025-03-04 17:00;;0:30\n" + // the duration: 30 minutes
		"T-3;1882;Soc;2025-03-04 17:00;;\n"}) // neither: the duration is empty
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range res.Lines[billing.Support] {
		got = append(got, string(l.Status)+" "+l.Quantity.String()+" "+l.Column)
	}
	if want := "charged 60 |charged 30 |rejected 0 duration"; strings.Join(got, "|") != want {
		t.Fatalf("lines %s, want %s", strings.Join(got, "|"), want)
	}
}
