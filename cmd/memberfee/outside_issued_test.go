package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exportedDoc is a document of `ledger export`, with its lines' sources.
type exportedDoc struct {
	Number, Kind, Member string
	Period               struct{ From, To string }
	Lines                []struct {
		Category, Description, File, Status string
		Row                                 int
	}
}

// TestHalfMonthsIssued: April issued in two halves bills its licence
// excess once, on the first half's documents (the earliest period touching
// the month); the second half's outside rows dated in the first name the
// document of their own member; and a correct of the first half, the
// second issued since, finds nothing to correct.
func TestHalfMonthsIssued(t *testing.T) {
	dir := copyExample(t)
	cfg := filepath.Join(dir, "memberfee.yaml")
	for _, half := range [][3]string{{"2025-04-01", "2025-04-15", "a"}, {"2025-04-16", "2025-04-30", "b"}} {
		code, stdout, stderr := runCLI(t, "issue", "--config", cfg, "--from", half[0], "--to", half[1], "--allow-rejected",
			"--by", "A", "--date", "2025-05-02", "--out", filepath.Join(dir, half[2]), "--quiet")
		if code != 0 {
			t.Fatalf("issue %s – %s: exit %d\n%s%s", half[0], half[1], code, stdout, stderr)
		}
	}
	export := filepath.Join(dir, "export.json")
	if code, _, stderr := runCLI(t, "ledger", "export", "--config", cfg, "--out", export); code != 0 {
		t.Fatalf("ledger export: %s", stderr)
	}
	raw, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	var ex struct{ Documents []exportedDoc }
	if err := json.Unmarshal(raw, &ex); err != nil {
		t.Fatal(err)
	}
	// The licence excess lines, by member and type: each on exactly one
	// document, of the first half.
	excess := map[string][]string{} // member and type → the documents with its excess line
	byRow := map[string]string{}    // file:row of a line of the first half → its document
	for _, d := range ex.Documents {
		for _, l := range d.Lines {
			if l.Category == "licences" && strings.Contains(l.Description, "licences against an allotment") {
				typ, _, _ := strings.Cut(l.Description, ":")
				excess[d.Member+" "+typ] = append(excess[d.Member+" "+typ], d.Number+" ("+d.Period.From+")")
				if !strings.HasSuffix(l.Description, ", 1 months") {
					t.Errorf("%s: %q", d.Number, l.Description)
				}
			}
			if d.Period.From == "2025-04-01" && l.File != "" {
				byRow[l.File+":"+itoa(l.Row)] = d.Number
			}
		}
	}
	if len(excess) == 0 {
		t.Fatal("no licence excess in April: the example's licences should exceed their allotments")
	}
	for m, docs := range excess {
		if len(docs) != 1 || !strings.HasSuffix(docs[0], "(2025-04-01)") {
			t.Errorf("%s: April's licence excess is on %v, want one document of 2025-04-01 – 2025-04-15", m, docs)
		}
	}

	// The second half's outside rows of the first name their member's
	// document of it.
	raw, err = os.ReadFile(filepath.Join(dir, "b", "chargeback-2025-04-16_2025-04-30.json"))
	if err != nil {
		t.Fatal(err)
	}
	var b struct {
		Outside []struct {
			File     string
			Row      int
			Date     string
			Document *string
		}
	}
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	named, distinct := 0, map[string]bool{}
	for _, o := range b.Outside {
		want, ok := byRow[o.File+":"+itoa(o.Row)]
		if !ok {
			continue // not a charged line of the first half's documents
		}
		named++
		if o.Document == nil || *o.Document != want {
			got := "null"
			if o.Document != nil {
				got = *o.Document
			}
			t.Errorf("%s row %d (%s) names %s, want its member's %s", o.File, o.Row, o.Date, got, want)
			continue
		}
		distinct[want] = true
	}
	if named == 0 || len(distinct) < 2 {
		t.Errorf("%d outside rows of the first half checked, naming %d documents: want rows of several members", named, len(distinct))
	}

	code, stdout, stderr := runCLI(t, "correct", "--config", cfg, "--from", "2025-04-01", "--to", "2025-04-15", "--allow-rejected",
		"--reason", "check", "--by", "A", "--date", "2025-05-03", "--out", filepath.Join(dir, "c"))
	if code != 0 || !strings.Contains(stdout, "nothing to correct") {
		t.Errorf("correct of the first half, the second issued: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, "correct", "--config", cfg, "--from", "2025-04-16", "--to", "2025-04-30", "--allow-rejected",
		"--reason", "check", "--by", "A", "--date", "2025-05-03", "--out", filepath.Join(dir, "d"))
	if code != 0 || !strings.Contains(stdout, "nothing to correct") {
		t.Errorf("correct of the second half: exit %d\n%s%s", code, stdout, stderr)
	}
}
