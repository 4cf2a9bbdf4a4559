package report_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"memberfee/allocation"
	"memberfee/config"
	"memberfee/internal/lotest"
	"memberfee/report"
)

// exampleBridge is the example's bridge from its illustrative 2024 config.
func exampleBridge(t *testing.T) (*config.Config, *allocation.Result, *allocation.Bridge) {
	t.Helper()
	c, r := example(t)
	prev, err := config.Load("../examples/sydnarke/memberfee-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if errs := prev.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	b, err := allocation.ComputeBridge(&prev.Input, &c.Input)
	if err != nil {
		t.Fatal(err)
	}
	return c, r, b
}

func writeBridgeBook(t *testing.T, lang report.Lang) string {
	t.Helper()
	c, r, b := exampleBridge(t)
	data, err := report.AllocationBookWithBridge(&c.Input, r, b, lang, &report.Audit{Engine: "test"}).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "allocation.xlsx")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBridgeBookNilIsAllocationBook: without a bridge the workbook is
// byte for byte AllocationBook's.
func TestBridgeBookNilIsAllocationBook(t *testing.T) {
	c, r := example(t)
	a, err := report.AllocationBook(&c.Input, r, report.Swedish, &report.Audit{Engine: "test"}).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	b, err := report.AllocationBookWithBridge(&c.Input, r, nil, report.Swedish, &report.Audit{Engine: "test"}).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("a nil bridge changed the workbook")
	}
}

// TestBridgeSheet: the sheet is second, in both languages, with the
// example's figures and a sentence per member.
func TestBridgeSheet(t *testing.T) {
	for _, tt := range []struct {
		lang            report.Lang
		sheet, sentence string
	}{
		{report.Swedish, "Förändring", "Laxå betalar 116\u00a0558 kr mer (+1,4\u00a0%): indexeringen +230\u00a0067, befolkningsandelen −7\u00a0909 (13,2\u00a0% → 13,1\u00a0%), gemensamma tillägg +37\u00a0599, ramväxlingen −197\u00a0199, volymjusteringen +54\u00a0000."},
		{report.English, "Change", "Laxå pays 116,558 more (+1.4%): indexation +230,067, population share -7,909 (13.2% → 13.1%), common additions +37,599, transfers -197,199, volume adjustment +54,000."},
	} {
		t.Run(string(tt.lang), func(t *testing.T) {
			f, err := excelize.OpenFile(writeBridgeBook(t, tt.lang))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if got := f.GetSheetList(); len(got) != 10 || got[1] != tt.sheet {
				t.Fatalf("sheets %v", got)
			}
			rows, err := f.GetRows(tt.sheet)
			if err != nil {
				t.Fatal(err)
			}
			found := 0
			for _, row := range rows {
				if len(row) == 2 && row[0] == "1860" {
					found++
					if got := row[1]; got != tt.sentence {
						t.Errorf("sentence\n got %q\nwant %q", got, tt.sentence)
					}
				}
			}
			if found != 1 {
				t.Fatalf("%d sentences for 1860", found)
			}
		})
	}
}

// TestBridgeBookRecalculates: in LibreOffice every formula of the
// workbook with the bridge (the check shows OK, the shares, the
// waterfall's working for the selected member) gives its cached value.
func TestBridgeBookRecalculates(t *testing.T) {
	t.Parallel() // LibreOffice and Gnumeric: runs beside the other workbook tests
	path := writeBridgeBook(t, report.Swedish)
	mismatches, n := lotest.CheckFormulas(t, path)
	if n < 150 {
		t.Fatalf("only %d formulas", n)
	}
	for _, m := range mismatches {
		t.Error(m)
	}
	f, err := excelize.OpenFile(lotest.Convert(t, path, "xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Förändring")
	if err != nil {
		t.Fatal(err)
	}
	checks := 0
	for _, row := range rows {
		if len(row) > 11 && (strings.HasPrefix(row[0], "18") || row[0] == "Summa") {
			if row[11] != "OK" {
				t.Errorf("%s: the check shows %q", row[0], row[11])
			}
			checks++
		}
	}
	if checks != 5 {
		t.Errorf("%d checks, want 5 (four members and the total)", checks)
	}
	if out := os.Getenv("BRIDGE_PNG"); out != "" { // render the sheet to look at it
		pdf := lotest.Convert(t, path, "pdf")
		if data, err := os.ReadFile(pdf); err == nil {
			_ = os.WriteFile(out+".pdf", data, 0o644)
		}
		if _, err := exec.LookPath("pdftoppm"); err != nil {
			t.Skip("no pdftoppm")
		}
		if msg, err := exec.Command("pdftoppm", "-png", "-r", "70", pdf, out).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, msg)
		}
	}
}

// TestBridgeJSON: the bridge's JSON, and none without one.
func TestBridgeJSON(t *testing.T) {
	c, r, b := exampleBridge(t)
	plain, err := report.Marshal(report.NewAllocationJSON(&c.Input, r))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(plain, []byte(`"bridge"`)) {
		t.Error("a bridge without last year's config")
	}
	j := report.NewAllocationJSON(&c.Input, r)
	j.Bridge = report.NewBridgeJSON(b)
	data, err := report.Marshal(j)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"bridge": {`, `"previous_year": 2024`, `"id": "1860",
        "previous": "8060000",
        "steps": [
          {
            "id": "base",
            "amount": "230067"
          },`, `"fee": "8176558",
        "change": "116558"`} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("the JSON lacks %s", want)
		}
	}
}

// TestBridgeSheetYearGap: a previous config of another year than the one
// before is a warning on the sheet.
func TestBridgeSheetYearGap(t *testing.T) {
	c, r := example(t)
	prev, err := config.Load("../examples/sydnarke/memberfee-2024.yaml")
	if err != nil {
		t.Fatal(err)
	}
	prev.Year = 2022
	b, err := allocation.ComputeBridge(&prev.Input, &c.Input)
	if err != nil {
		t.Fatal(err)
	}
	data, err := report.AllocationBookWithBridge(&c.Input, r, b, report.Swedish, nil).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, _ := f.GetCellValue("Förändring", "A3")
	if want := "Obs: förra årets config gäller 2022, inte året före 2025 (2024): ett eller flera år är överhoppade."; got != want {
		t.Errorf("A3 = %q, want %q", got, want)
	}
}
