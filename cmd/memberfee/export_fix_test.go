package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"memberfee/config"
	"memberfee/ledger"
)

// A correction whose total is 0 (ticket IT-2025-00069 renamed: −925 and
// +925 in support) is in all three exports: a voucher with its category
// line, a CSV row and an Invoice payable 0 the official rules accept.
func TestExportZeroCorrection(t *testing.T) {
	t.Parallel() // long and independent: runs beside the other long ones
	cfg := issuedExample(t)
	dir := filepath.Dir(cfg)
	support := filepath.Join(dir, "data", "support.csv")
	b, err := os.ReadFile(support)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte("\nIT-2025-00069,")) {
		t.Fatal("the example lacks ticket IT-2025-00069")
	}
	if err := os.WriteFile(support, bytes.Replace(b, []byte("\nIT-2025-00069,"), []byte("\nIT-2025-09069,"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errb := runCLI(t, "correct", "--config", cfg, "--from", "2025-01-01", "--to", "2025-03-31", "--allow-rejected",
		"--reason", "Ärendet fick fel nummer", "--by", "Eva Lind", "--date", "2025-04-22", "--out", filepath.Join(dir, "corr")); code != 0 {
		t.Fatalf("correct: %d %s%s", code, out, errb)
	}
	rng := []string{"--config", cfg, "--from", "2025-04-22", "--to", "2025-04-22"}

	si := filepath.Join(dir, "q1.si")
	if code, out, errb := runCLI(t, append([]string{"export", "sie", "--date", "2025-05-02", "--out", si}, rng...)...); code != 0 {
		t.Fatalf("export sie: %d %s%s", code, out, errb)
	}
	file := readSIE(t, si)
	if len(file.Vouchers) != 1 || len(file.Vouchers[0].Trans) != 2 || file.Vouchers[0].Trans[1].Account != "3560" || !file.Vouchers[0].Trans[1].Amount.IsZero() {
		t.Errorf("the zero correction's voucher, want the receivable and support's 3560 line of 0: %+v", file.Vouchers)
	}

	csvFile := filepath.Join(dir, "q1.csv")
	if code, out, errb := runCLI(t, append([]string{"export", "csv", "--out", csvFile}, rng...)...); code != 0 {
		t.Fatalf("export csv: %d %s%s", code, out, errb)
	}
	if b, _ := os.ReadFile(csvFile); !bytes.Contains(b, []byte("\r\n2025-0009;correction;1861;")) || !bytes.Contains(b, []byte(";support;")) {
		t.Errorf("the invoice basis lacks the zero correction's row:\n%s", b)
	}

	out := filepath.Join(dir, "peppol")
	if code, said, errb := runCLI(t, "export", "peppol", "--config", cfg, "--from", "2025-01-01", "--to", "2025-04-30", "--out", out); code != 0 {
		t.Fatalf("export peppol: %d %s%s", code, said, errb)
	}
	_, docs := peppolPayable(t, out)
	if d := docs["2025-0009"]; len(docs) != 9 || d.XMLName.Local != "Invoice" || d.Payable != "0.00" || d.Cites != "2025-0006" {
		t.Errorf("%d e-invoices; the zero correction: %+v", len(docs), d)
	}
	validatePeppol(t, []string{filepath.Join(out, "2025-0009.xml")})
}

// A document Peppol cannot take, anywhere in the range, and not one file
// is written: each is checked before any is, and all are renamed in at
// the end.
func TestExportPeppolAllOrNothing(t *testing.T) {
	cfg := issuedExample(t)
	dir := filepath.Dir(cfg)
	// Hallsberg's documents (2025-0002, 2025-0006) come after Askersund's
	// 2025-0001: its name holds what XML cannot.
	editConfig(t, cfg, `{id: "1861", name: Hallsberg,`, `{id: "1861", name: "Hallsberg\x01",`)
	out := filepath.Join(dir, "peppol")
	code, said, errb := runCLI(t, "export", "peppol", "--config", cfg, "--from", "2025-01-01", "--to", "2025-04-30", "--out", out)
	if code != 1 || !strings.Contains(errb, "2025-0002") || !strings.Contains(errb, "nothing was written") {
		t.Errorf("exit %d, want 1 naming 2025-0002:\n%s%s", code, said, errb)
	}
	if left, _ := os.ReadDir(out); len(left) > 0 {
		var names []string
		for _, e := range left {
			names = append(names, e.Name())
		}
		t.Errorf("a failed export left %v in %s", names, out)
	}
}

// A config whose currency is not the documents' is refused, naming the
// key and the documents; the exports of SEK documents as EUR are not
// written.
func TestExportCurrency(t *testing.T) {
	cfg := issuedExample(t)
	editConfig(t, cfg, `currency: SEK`, `currency: EUR`)
	for _, export := range []string{"sie", "csv", "peppol"} {
		target := filepath.Join(t.TempDir(), "x.out")
		code, out, errb := runCLI(t, "export", export, "--config", cfg, "--from", "2025-01-01", "--to", "2025-04-30", "--out", target)
		if code != 1 || !strings.Contains(errb, "currency: the config says EUR") || !strings.Contains(errb, "2025-0001") || !strings.Contains(errb, "in SEK") {
			t.Errorf("export %s: exit %d, want 1 naming currency and 2025-0001:\n%s%s", export, code, out, errb)
		}
		if _, err := os.Stat(target); err == nil {
			t.Errorf("export %s wrote %s", export, target)
		}
	}
}

// Documents of an older ledger, without a recorded currency, are taken as
// the config's; one recorded in another currency is named.
func TestCheckCurrency(t *testing.T) {
	c := &config.Config{}
	c.Currency = "SEK"
	old := ledger.Document{Number: "2025-0001"}
	sek := ledger.Document{Number: "2025-0002", Inputs: []ledger.Input{{Category: "support", Name: "support.csv"}, currencyInput(c)}}
	eur := ledger.Document{Number: "2025-0003", Inputs: []ledger.Input{{Category: currencyCategory, Name: "EUR"}}}
	if err := checkCurrency(c, []ledger.Document{old, sek}); err != nil {
		t.Errorf("SEK and unrecorded documents under a SEK config: %v", err)
	}
	err := checkCurrency(c, []ledger.Document{old, sek, eur})
	if err == nil || !strings.Contains(err.Error(), "2025-0003 are in EUR") || strings.Contains(err.Error(), "2025-0001") {
		t.Errorf("an EUR document under a SEK config: %v", err)
	}
}

// The accounting section is validated by every command that reads the
// config, not only by the exports: a Luhn-failing organisation number
// stops issue before anything is recorded.
func TestAccountingValidatedOnIssue(t *testing.T) {
	ex := copyExample(t)
	cfg := filepath.Join(ex, "memberfee.yaml")
	editConfig(t, cfg, `organisation_number: "212000-1884"`, `organisation_number: "212000-1885"`)
	if code, out, errb := runCLI(t, "adopt", "--config", cfg, "--by", "Eva Lind", "--date", "2024-12-12"); code != 1 || !strings.Contains(errb, "accounting.members[0].organisation_number") {
		t.Errorf("adopt: exit %d, want 1 naming the organisation number:\n%s%s", code, out, errb)
	}
	if code, out, errb := runCLI(t, "issue", "--config", cfg, "--from", "2025-01-01", "--to", "2025-03-31", "--allow-rejected", "--by", "Eva Lind",
		"--date", "2025-04-07", "--out", filepath.Join(ex, "q1")); code != 1 || !strings.Contains(errb, "accounting.members[0].organisation_number") {
		t.Errorf("issue: exit %d, want 1 naming the organisation number:\n%s%s", code, out, errb)
	}
}
