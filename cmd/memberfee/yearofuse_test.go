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
	if !strings.Contains(outputs["ledger verify"], "intact") {
		t.Errorf("ledger verify said:\n%s", outputs["ledger verify"])
	}
	if !strings.Contains(outputs["correct --config"], "would be recorded") {
		t.Errorf("correct --dry-run said:\n%s", outputs["correct --config"])
	}
}
