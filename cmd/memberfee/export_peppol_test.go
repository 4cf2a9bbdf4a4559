package main

import (
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"memberfee/internal/peppoltest"
)

// ublTotals is what the tests read of an e-invoice.
type ublTotals struct {
	XMLName xml.Name
	ID      string `xml:"ID"`
	Payable string `xml:"LegalMonetaryTotal>PayableAmount"`
	Cites   string `xml:"BillingReference>InvoiceDocumentReference>ID"`
}

// peppolPayable reads DIR's e-invoices: Σ of their payable amounts, credit
// notes negative, and each by number.
func peppolPayable(t *testing.T, dir string) (decimal.Decimal, map[string]ublTotals) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	sum, byNumber := decimal.Zero, map[string]ublTotals{}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var u ublTotals
		if err := xml.Unmarshal(b, &u); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p := decimal.RequireFromString(u.Payable)
		if u.XMLName.Local == "CreditNote" {
			p = p.Neg()
		}
		sum = sum.Add(p)
		byNumber[u.ID] = u
	}
	return sum, byNumber
}

// validatePeppol runs the official rules over files (peppoltest: one Java
// start per rule set), or skips saying why: MEMBERFEE_PEPPOL_RULES names
// their folder, else ../shared/peppol beside the repository (or beside its
// worktrees' folder).
func validatePeppol(t *testing.T, files []string) {
	t.Run("official rules", func(t *testing.T) {
		if testing.Short() {
			t.Skip("skipped in -short mode: the official rules take about 6 s")
		}
		dir := peppoltest.Dir()
		if dir == "" {
			t.Skip("SKIP: the official Peppol rules are absent (set MEMBERFEE_PEPPOL_RULES to the folder with validate, or place them at ../shared/peppol beside the repository)")
		}
		out, failed, err := peppoltest.Validate(dir, files)
		switch {
		case errors.Is(err, peppoltest.ErrCannotRun):
			t.Skipf("SKIP: %v", err)
		case err != nil:
			t.Fatal(err)
		case failed:
			t.Fatalf("the official rules refuse what export peppol wrote:\n%s", out)
		}
	})
}

func TestExportPeppol(t *testing.T) {
	t.Parallel() // long and independent: runs beside the other long ones
	cfg := issuedExample(t)
	dir := filepath.Dir(cfg)
	// Ticket IT-2025-00069 was never Hallsberg's: the correction credits it.
	support := filepath.Join(dir, "data", "support.csv")
	b, err := os.ReadFile(support)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if !strings.HasPrefix(l, "IT-2025-00069,") {
			kept = append(kept, l)
		}
	}
	if err := os.WriteFile(support, []byte(strings.Join(kept, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errb := runCLI(t, "correct", "--config", cfg, "--from", "2025-01-01", "--to", "2025-03-31", "--allow-rejected",
		"--reason", "Ärendet var inte Hallsbergs", "--by", "Eva Lind", "--date", "2025-04-22", "--out", filepath.Join(dir, "corr")); code != 0 {
		t.Fatalf("correct: %d %s%s", code, out, errb)
	}
	out := filepath.Join(dir, "peppol")
	code, said, errb := runCLI(t, "export", "peppol", "--config", cfg, "--from", "2025-01-01", "--to", "2025-04-30", "--out", out)
	if code != 0 {
		t.Fatalf("export peppol: %d %s%s", code, said, errb)
	}
	sum, docs := peppolPayable(t, out)
	if len(docs) != 9 {
		t.Fatalf("%d e-invoices, want 9", len(docs))
	}
	credit := docs["2025-0009"]
	if credit.XMLName.Local != "CreditNote" || credit.Cites != "2025-0006" {
		t.Errorf("the negative correction is a %s citing %q, want a CreditNote citing 2025-0006", credit.XMLName.Local, credit.Cites)
	}
	if docs["2025-0005"].XMLName.Local != "Invoice" {
		t.Errorf("a chargeback is a %s", docs["2025-0005"].XMLName.Local)
	}
	fee, _ := os.ReadFile(filepath.Join(out, "2025-0001.xml"))
	cb, _ := os.ReadFile(filepath.Join(out, "2025-0005.xml"))
	if strings.Contains(string(fee), "SE212000184301") || !strings.Contains(string(cb), "SE212000184301") {
		t.Error("the seller's VAT number must be on the chargeback (S) and not on the all-O fee (BR-O-02)")
	}
	// The same sum as the SIE vouchers' receivable.
	si := filepath.Join(dir, "q1.si")
	if code, said, errb := runCLI(t, "export", "sie", "--config", cfg, "--from", "2025-01-01", "--to", "2025-04-30", "--out", si); code != 0 ||
		!strings.Contains(said, "receivable "+sum.StringFixed(2)+" ") {
		t.Errorf("export sie said %q (%s), Σ Peppol payable %s", said, errb, sum.StringFixed(2))
	}
	// The fee (all O), a chargeback (S 25 %) and the credit note.
	validatePeppol(t, []string{filepath.Join(out, "2025-0001.xml"), filepath.Join(out, "2025-0005.xml"), filepath.Join(out, "2025-0009.xml")})

	// One document by number; a member without a Peppol id is named.
	one := filepath.Join(dir, "one")
	if code, _, errb := runCLI(t, "export", "peppol", "--config", cfg, "--number", "2025-0006", "--out", one); code != 0 {
		t.Fatalf("--number: %d %s", code, errb)
	}
	if f, _ := filepath.Glob(filepath.Join(one, "*.xml")); len(f) != 1 {
		t.Errorf("--number wrote %v", f)
	}
	editConfig(t, cfg, `peppol_id: "0007:2120001868", `, ``)
	code, said, errb = runCLI(t, "export", "peppol", "--config", cfg, "--number", "2025-0006", "--out", filepath.Join(dir, "none"))
	if code != 1 || !strings.Contains(errb, "member 1861 (Hallsberg) has no accounting.members[].peppol_id") {
		t.Errorf("a member without a Peppol id: exit %d\n%s%s", code, said, errb)
	}
}
