package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"memberfee/books/sie"
)

// issuedExample copies the example and issues its first installment and
// first quarter, as the walk-through does; it returns the config's path.
func issuedExample(t *testing.T) string {
	t.Helper()
	ex := copyExample(t)
	cfg := filepath.Join(ex, "memberfee.yaml")
	for _, args := range [][]string{
		{"adopt", "--config", cfg, "--by", "Eva Lind", "--date", "2024-12-12"},
		{"issue", "--config", cfg, "--installment", "1", "--by", "Eva Lind", "--date", "2025-01-10", "--out", filepath.Join(ex, "fee")},
		{"issue", "--config", cfg, "--from", "2025-01-01", "--to", "2025-03-31", "--allow-rejected", "--by", "Eva Lind", "--date", "2025-04-07", "--out", filepath.Join(ex, "q1")},
	} {
		if code, out, errb := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, code, out, errb)
		}
	}
	return cfg
}

// readSIE reads back the SIE file export sie wrote at path.
func readSIE(t *testing.T, path string) *sie.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	file, err := sie.Read(f)
	if err != nil {
		t.Fatalf("reading back what export sie wrote: %v", err)
	}
	return file
}

// editConfig replaces old by new in the config, which must hold old.
func editConfig(t *testing.T, cfg, old, new string) {
	t.Helper()
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("the example's config lacks %q", old)
	}
	if err := os.WriteFile(cfg, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestExport(t *testing.T) {
	cfg := issuedExample(t)
	dir := filepath.Dir(cfg)
	si, csvFile := filepath.Join(dir, "books.si"), filepath.Join(dir, "books.csv")

	// A file already there is replaced whole, nothing left beside it.
	if err := os.WriteFile(si, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errb := runCLI(t, "export", "sie", "--config", cfg, "--year", "2025", "--date", "2025-05-02", "--out", si)
	if code != 0 {
		t.Fatalf("export sie: %d %s%s", code, out, errb)
	}
	file := readSIE(t, si)
	if len(file.Vouchers) != 8 || file.OrgNumber != "212000-1843" || file.Company != "Lekebergs kommun" {
		t.Errorf("%d vouchers, #ORGNR %s, #FNAMN %s", len(file.Vouchers), file.OrgNumber, file.Company)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".books.si.tmp-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	code, out, errb = runCLI(t, "export", "csv", "--config", cfg, "--from", "2025-04-07", "--to", "2025-04-07", "--out", csvFile)
	if code != 0 {
		t.Fatalf("export csv: %d %s%s", code, out, errb)
	}
	b, _ := os.ReadFile(csvFile)
	if !bytes.HasPrefix(b, []byte("\ufeffnumber;kind;")) || !bytes.Contains(b, []byte("\r\n2025-0005;chargeback;1882;Askersund;2025-04-07;2025-05-07;")) ||
		bytes.Contains(b, []byte(";fee;3010;")) {
		t.Errorf("the invoice basis of 7 April:\n%s", b)
	}

	// A failed export leaves the file it would have replaced as it was.
	if err := os.WriteFile(si, []byte("kept"), 0o644); err != nil {
		t.Fatal(err)
	}
	orig, _ := os.ReadFile(cfg)
	editConfig(t, cfg, `name: Lekebergs kommun`, `name: Lekebergs kommun €`)
	if code, _, errb := runCLI(t, "export", "sie", "--config", cfg, "--year", "2025", "--out", si); code != 1 || !strings.Contains(errb, "#FNAMN") {
		t.Errorf("a seller's name with €: exit %d %s", code, errb)
	}
	if b, _ := os.ReadFile(si); string(b) != "kept" {
		t.Errorf("a failed export changed the file there: %q", b)
	}
	if err := os.WriteFile(cfg, orig, 0o644); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name string
		args []string
		edit [2]string // a change to the config
		code int
		says string
	}{
		{"nothing issued", []string{"export", "sie", "--from", "2025-06-01", "--to", "2025-06-30"}, [2]string{}, 1, "nothing was issued 2025-06-01 – 2025-06-30"},
		{"nothing issued, csv", []string{"export", "csv", "--year", "2024"}, [2]string{}, 1, "nothing was issued in 2024"},
		{"year and range", []string{"export", "sie", "--year", "2025", "--from", "2025-01-01", "--to", "2025-01-31"}, [2]string{}, 2, "not both"},
		{"no range", []string{"export", "sie"}, [2]string{}, 2, "--year Y"},
		{"to before from", []string{"export", "csv", "--from", "2025-02-01", "--to", "2025-01-31"}, [2]string{}, 2, "before"},
		{"org number fails Luhn", []string{"export", "sie", "--year", "2025"}, [2]string{`organisation_number: "212000-1884"`, `organisation_number: "212000-1885"`}, 1, "accounting.members[0].organisation_number"},
		{"bankgiro fails its check digit", []string{"export", "csv", "--year", "2025"}, [2]string{`bankgiro: "5050-1055"`, `bankgiro: "5050-1054"`}, 1, "accounting.seller.bankgiro"},
		{"a member missing", []string{"export", "sie", "--year", "2025"}, [2]string{`{member: "1814", organisation_number`, `{member: "1882", organisation_number`}, 1, "lack member 1814"},
		{"an account missing", []string{"export", "sie", "--year", "2025"}, [2]string{`vat_out: "2611"`, `vat_out: ""`}, 1, "accounting.accounts.vat_out"},
		{"O mixed with S", []string{"export", "sie", "--year", "2025"}, [2]string{`{category: storage, code: S, rate: 25}`, `{category: storage, code: O}`}, 1, "storage (O) and"},
		{"currency no code", []string{"export", "sie", "--year", "2025"}, [2]string{`currency: SEK`, `currency: kronor`}, 1, "currency"},
		{"a name CP437 cannot hold", []string{"export", "sie", "--year", "2025"}, [2]string{`name: Lekebergs kommun`, `name: Lekebergs kommun €`}, 1, "#FNAMN"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.edit[0] != "" {
				orig, _ := os.ReadFile(cfg)
				t.Cleanup(func() { os.WriteFile(cfg, orig, 0o644) })
				editConfig(t, cfg, c.edit[0], c.edit[1])
			}
			target := filepath.Join(t.TempDir(), "x.out")
			args := append(append([]string{}, c.args...), "--config", cfg, "--out", target)
			code, out, errb := runCLI(t, args...)
			if code != c.code || !strings.Contains(errb, c.says) {
				t.Fatalf("exit %d, want %d saying %q:\n%s%s", code, c.code, c.says, out, errb)
			}
			if _, err := os.Stat(target); err == nil {
				t.Error("a file was written")
			}
		})
	}
}
