package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"memberfee/books/sie"
)

// walkThrough returns the shell commands of examples/sydnarke/README.md's
// code blocks, in order.
func walkThrough(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("../../examples/sydnarke/README.md")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, block := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(string(raw), -1) {
		for _, l := range strings.Split(block[1], "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
			}
		}
	}
	return lines
}

// shellWords splits a command line as bash does (quotes, escapes).
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	out, err := exec.Command("bash", "-c", "printf '%s\\0' "+line).Output()
	if err != nil {
		t.Fatalf("splitting %q: %v", line, err)
	}
	return strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
}

// docJSON is a document as the JSON contract has it.
type docJSON struct {
	Number   string `json:"number"`
	Kind     string `json:"kind"`
	Member   string `json:"member"`
	Period   struct{ From, To string }
	Total    string  `json:"total"`
	Corrects *string `json:"corrects"`
	DueDate  string  `json:"due_date"`
}

// TestYearOfUse runs examples/sydnarke/README.md's walk-through exactly as
// written, in a folder laid out as a fresh clone is, then checks what it
// says and the ledger's invariant: for every member, Σ of the quarter's
// chargeback and correction documents = a fresh bill of the corrected
// inputs, to the öre.
func TestYearOfUse(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is needed to run the walk-through's shell lines")
	}
	cmds := walkThrough(t)
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "examples"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(copyExample(t), filepath.Join(root, "examples", "sydnarke")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	if len(cmds) < 8 {
		t.Fatalf("the walk-through has %d commands; examples/sydnarke/README.md lost its code blocks?", len(cmds))
	}
	outputs := map[string]string{}
	for _, line := range cmds {
		rest, ok := strings.CutPrefix(line, "go run ./cmd/memberfee ")
		if !ok {
			if out, err := exec.Command("bash", "-c", line).CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", line, err, out)
			}
			continue
		}
		args := shellWords(t, rest)
		code, stdout, stderr := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("memberfee %s: exit %d\n%s%s", rest, code, stdout, stderr)
		}
		outputs[strings.Join(args[:min(2, len(args))], " ")] += stdout
	}
	cfg := "out/sydnarke/memberfee.yaml"

	code, stdout, stderr := runCLI(t, "ledger", "list", "--config", cfg, "--json")
	if code != 0 {
		t.Fatalf("ledger list: %d %s", code, stderr)
	}
	var listed struct{ Documents []docJSON }
	if err := json.Unmarshal([]byte(stdout), &listed); err != nil {
		t.Fatalf("ledger list --json: %v\n%s", err, stdout)
	}
	// What the walk-through says: 4 fee documents, 4 chargebacks, one
	// correction of Hallsberg citing its chargeback, gapless numbers.
	want := []struct{ number, kind, member, corrects string }{
		{"2025-0001", "fee", "1882", ""}, {"2025-0002", "fee", "1861", ""}, {"2025-0003", "fee", "1860", ""}, {"2025-0004", "fee", "1814", ""},
		{"2025-0005", "chargeback", "1882", ""}, {"2025-0006", "chargeback", "1861", ""}, {"2025-0007", "chargeback", "1860", ""}, {"2025-0008", "chargeback", "1814", ""},
		{"2025-0009", "correction", "1861", "2025-0006"},
	}
	if len(listed.Documents) != len(want) {
		t.Fatalf("the ledger lists %d documents, the walk-through says %d:\n%s", len(listed.Documents), len(want), stdout)
	}
	for i, w := range want {
		d := listed.Documents[i]
		corrects := ""
		if d.Corrects != nil {
			corrects = *d.Corrects
		}
		if d.Number != w.number || d.Kind != w.kind || d.Member != w.member || corrects != w.corrects {
			t.Errorf("document %d: %s %s %s corrects %q, want %s %s %s corrects %q", i, d.Number, d.Kind, d.Member, corrects, w.number, w.kind, w.member, w.corrects)
		}
	}
	if d := listed.Documents[1]; d.DueDate != "2025-01-31" {
		t.Errorf("installment 1 is due %s, the walk-through says 2025-01-31", d.DueDate)
	}

	// The invariant, against a fresh bill of the corrected files.
	code, _, stderr = runCLI(t, "bill", "--config", cfg, "--from", "2025-01-01", "--to", "2025-03-31", "--out", "out/fresh")
	if code != 0 {
		t.Fatalf("bill: %d %s", code, stderr)
	}
	if !strings.Contains(stderr, "2025-0005") {
		t.Errorf("bill of an issued quarter does not say it overlaps the issued documents:\n%s", stderr)
	}
	raw, err := os.ReadFile("out/fresh/chargeback-2025-01-01_2025-03-31.json")
	if err != nil {
		t.Fatal(err)
	}
	var fresh struct {
		Members []struct {
			ID    string `json:"id"`
			Total string `json:"total"`
		} `json:"members"`
	}
	if err := json.Unmarshal(raw, &fresh); err != nil {
		t.Fatal(err)
	}
	issued := map[string]decimal.Decimal{}
	for _, d := range listed.Documents {
		if d.Kind != "fee" && d.Period.From == "2025-01-01" && d.Period.To == "2025-03-31" {
			issued[d.Member] = issued[d.Member].Add(decimal.RequireFromString(d.Total))
		}
	}
	if len(fresh.Members) != 4 {
		t.Fatalf("fresh bill has %d members", len(fresh.Members))
	}
	for _, m := range fresh.Members {
		if got, want := issued[m.ID], decimal.RequireFromString(m.Total); !got.Equal(want) {
			t.Errorf("member %s: Σ documents %s, fresh bill %s", m.ID, got.StringFixed(2), want.StringFixed(2))
		}
	}
	if issued["1861"].Equal(decimal.Zero) {
		t.Error("Hallsberg has no total")
	}

	// The statement is Hallsberg's year: installment + chargeback + correction.
	raw, err = os.ReadFile("out/sydnarke/statement-1861-2025.json")
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Member     string            `json:"member"`
		Year       int               `json:"year"`
		Documents  []docJSON         `json:"documents"`
		Total      string            `json:"total"`
		ByCategory map[string]string `json:"by_category"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatal(err)
	}
	if st.Member != "1861" || st.Year != 2025 || len(st.Documents) != 3 {
		t.Errorf("statement: member %s year %d, %d documents; want 1861, 2025, 3", st.Member, st.Year, len(st.Documents))
	}
	sum := decimal.Zero
	for _, d := range st.Documents {
		sum = sum.Add(decimal.RequireFromString(d.Total))
	}
	if !sum.Equal(decimal.RequireFromString(st.Total)) {
		t.Errorf("statement total %s, Σ documents %s", st.Total, sum)
	}
	for _, cat := range []string{"fee", "equipment", "printers", "storage", "support", "licences", "services"} {
		if _, ok := st.ByCategory[cat]; !ok {
			t.Errorf("statement by_category lacks %s", cat)
		}
	}
	checkBooks(t, listed.Documents, outputs["export sie"])

	if !strings.Contains(outputs["ledger verify"], "intact") {
		t.Errorf("ledger verify said:\n%s", outputs["ledger verify"])
	}
	if !strings.Contains(outputs["correct --config"], "would be recorded") {
		t.Errorf("correct --dry-run said:\n%s", outputs["correct --config"])
	}
}

// checkBooks checks the walk-through's SIE file against the documents:
// every voucher balances (sie.Read refuses one that does not), one per
// document, and Σ of the receivable lines = Σ of the documents' totals
// plus their VAT, the VAT reckoned here on its own: the fee is O, the
// chargeback's categories are all S 25 %, so a chargeback's or
// correction's VAT is its total × 25 %, rounded to the öre once; and
// Σ of the Peppol e-invoices' payable amounts (credit notes negative) is
// the same.
func checkBooks(t *testing.T, docs []docJSON, said string) {
	t.Helper()
	raw, err := os.Open("out/sydnarke/q1.si")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	f, err := sie.Read(raw)
	if err != nil {
		t.Fatalf("the walk-through's SIE file: %v", err)
	}
	if len(f.Vouchers) != len(docs) {
		t.Fatalf("%d vouchers for %d documents", len(f.Vouchers), len(docs))
	}
	want, withVAT, withoutVAT := decimal.Zero, 0, 0
	for _, d := range docs {
		total := decimal.RequireFromString(d.Total)
		vat := decimal.Zero
		if d.Kind != "fee" {
			vat = total.Mul(decimal.RequireFromString("0.25")).Round(2)
		}
		want = want.Add(total).Add(vat)
	}
	got := decimal.Zero
	for i, v := range f.Vouchers {
		if !strings.HasPrefix(v.Text, docs[i].Number+" "+docs[i].Member) {
			t.Errorf("voucher %d is %q, want document %s of %s", i, v.Text, docs[i].Number, docs[i].Member)
		}
		vatLines := 0
		for _, tr := range v.Trans {
			switch tr.Account {
			case "1510":
				got = got.Add(tr.Amount)
				if len(tr.Objects) != 1 || tr.Objects[0].Dim != 8 || tr.Objects[0].ID != docs[i].Member {
					t.Errorf("voucher %s: the receivable's objects %v are not the member's counterpart", v.Text, tr.Objects)
				}
			case "2611":
				vatLines++
			}
		}
		if vatLines > 0 {
			withVAT++
		} else {
			withoutVAT++
		}
	}
	if !got.Equal(want) {
		t.Errorf("Σ receivable lines %s, Σ documents' totals + VAT %s", got.StringFixed(2), want.StringFixed(2))
	}
	if withVAT == 0 || withoutVAT == 0 {
		t.Errorf("%d vouchers with VAT, %d without: the walk-through proves one path only", withVAT, withoutVAT)
	}
	if pay, docs := peppolPayable(t, "out/sydnarke/peppol"); !pay.Equal(want) || len(docs) != len(f.Vouchers) {
		t.Errorf("Σ Peppol payable %s of %d e-invoices, Σ documents' totals + VAT %s of %d", pay.StringFixed(2), len(docs), want.StringFixed(2), len(f.Vouchers))
	}
	if !strings.Contains(said, "receivable "+want.StringFixed(2)) {
		t.Errorf("export sie said %q, not the receivable %s", said, want.StringFixed(2))
	}
}
