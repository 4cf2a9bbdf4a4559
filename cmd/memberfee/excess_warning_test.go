package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestBillNamesAndExcessWarnings: members written as offices write them
// ("Skara kommun", "Lidkoping") are billed as theirs, a row that could be
// two members is rejected naming both, and a rejected row that would
// change a member's licence excess is said so: on stdout, in the JSON's
// warnings[] and on the summary sheets of the pack and of that member's
// workbook.
func TestBillNamesAndExcessWarnings(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "licenser.csv"), []byte("Kommun;Förvaltning;Licenstyp;Antal\r\n"+
		"Skara kommun;Soc;F3;12\r\n"+ // 2 over 10: 2 × 95 × 6 = 1 140
		"Lidkoping;IT;F3;10\r\n"+
		"Lidköpings kommun;IT;F3;många\r\n"+ // may change Lidköping's excess
		"Óby;Soc;F3;3\r\n"), 0o644) // Öby or Oby kommun, without diacritics
	os.WriteFile(filepath.Join(dir, "c.yaml"), []byte(`members: [{id: "1495", name: Skara}, {id: "1494", name: Lidköping}, {id: "0003", name: Öby}, {id: "0004", name: Oby kommun}]
billing:
  period: {from: 2025-01-01, to: 2025-06-30}
  licences:
    negligible: 0.02
    prices_month: [{type: F3, price: 95}]
    allotments: [{member: "1495", type: F3, count: 10}, {member: "1494", type: F3, count: 10}]
  inputs: {licences: licenser.csv}
`), 0o644)
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "bill", "--config", filepath.Join(dir, "c.yaml"), "--out", out)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"total 1140.00; rows 4 = charged 1 + included 1 + rejected 2",
		"warning: the rejected row licenser.csv row 4 may change member Lidköping (1494)'s F3 licence excess, now 0.00: its count was rejected",
		"warning: the rejected row licenser.csv row 5 would change member Öby (0003)'s F3 licence excess: 1,710.00 instead of 0.00",
		"warning: the rejected row licenser.csv row 5 would change member Oby kommun (0004)'s F3 licence excess: 1,710.00 instead of 0.00"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	raw, err := os.ReadFile(filepath.Join(out, "chargeback-2025-01-01_2025-06-30.json"))
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		Rejected []struct {
			Row    int
			Reason string
		}
		Warnings []struct {
			Kind, File, Member, Type, Now, Message string
			Row                                    int
			With                                   *string
		}
	}
	if err := json.Unmarshal(raw, &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Rejected) != 2 || j.Rejected[1].Reason != `"Óby" could be more than one member (Öby (0003), Oby kommun (0004)): write the member's code` {
		t.Errorf("rejected %+v", j.Rejected)
	}
	if len(j.Warnings) != 3 {
		t.Fatalf("warnings %+v", j.Warnings)
	}
	if w := j.Warnings[0]; w.Kind != "licence_excess" || w.File != "licenser.csv" || w.Row != 4 || w.Member != "1494" || w.Type != "F3" || w.Now != "0.00" || w.With != nil {
		t.Errorf("warning %+v", w)
	}
	if w := j.Warnings[1]; w.Member != "0003" || w.With == nil || *w.With != "1710.00" || !strings.HasPrefix(w.Message, "the rejected row licenser.csv row 5 would change") {
		t.Errorf("warning %+v", w)
	}
	// The summary sheets say it in the workbook's language.
	for book, want := range map[string][]string{
		"chargeback-2025-01-01_2025-06-30.xlsx": {"Avvisade rader som påverkar ett licensöverskott",
			"Den avvisade raden licenser.csv rad 4 kan ändra överskottet av F3-licenser för Lidköping (1494), nu 0,00: dess antal avvisades",
			"Den avvisade raden licenser.csv rad 5 skulle ändra överskottet av F3-licenser för Oby kommun (0004): 1\u00a0710,00 i stället för 0,00."},
		"chargeback-2025-01-01_2025-06-30-0003.xlsx": {"Den avvisade raden licenser.csv rad 5 skulle ändra överskottet av F3-licenser för Öby (0003)"},
	} {
		text := firstSheetText(t, filepath.Join(out, book))
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q:\n%s", book, w, text)
			}
		}
		if strings.HasSuffix(book, "0003.xlsx") && strings.Contains(text, "0004") {
			t.Errorf("%s names another member's warning:\n%s", book, text)
		}
	}
}

// firstSheetText is every cell of a workbook's first sheet, a line a row.
func firstSheetText(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, r := range rows {
		sb.WriteString(strings.Join(r, " | ") + "\n")
	}
	return sb.String()
}
