package main

import (
	"archive/zip"
	"bytes"
	"html"
	"io"
	"memberfee/internal/lotest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"memberfee/config"
	"memberfee/policy"
)

// sydnarkeWords are what names Sydnärke: the board and its four members,
// and the baseline's name in its policy.
var sydnarkeWords = []string{"sydnärke", "sydnarke", "askersund", "hallsberg", "laxå", "lekeberg", "dagens modell"}

// TestSecondBoard runs every command on the invented second board of
// examples/vastbo (its own policy, five members) and fails if any output —
// the console, every workbook's parts (cells, charts, properties), JSON,
// CSV, SIE, Peppol XML, the ledger and its export — names Sydnärke or one
// of its members, or cites a clause that only Sydnärke's policy has.
func TestSecondBoard(t *testing.T) {
	ex := copyFolder(t, "../../examples/vastbo")
	cfg := filepath.Join(ex, "memberfee.yaml")
	c, err := config.Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	own := c.Policy()
	if own == policy.Default() || own.Source == policy.Default().Source {
		t.Fatal("the second board runs on the built-in policy")
	}
	var onlySydnarke []string
	for _, id := range policy.Default().ClauseIDs() {
		if !own.HasClause(id) {
			onlySydnarke = append(onlySydnarke, regexp.QuoteMeta(id))
		}
	}
	slices.SortFunc(onlySydnarke, func(a, b string) int { return len(b) - len(a) }) // 5.1.1 before 5.1
	clauseRE := regexp.MustCompile(`(?:^|[^0-9.,])(` + strings.Join(onlySydnarke, "|") + `)(?:$|[^0-9.,])`)
	check := func(what, text string) {
		t.Helper()
		low := strings.ToLower(text)
		for _, w := range sydnarkeWords {
			if i := strings.Index(low, w); i >= 0 {
				t.Errorf("%s names %q: …%s…", what, w, excerpt(text, i))
			}
		}
		if m := clauseRE.FindStringSubmatchIndex(text); m != nil {
			t.Errorf("%s cites %s, a clause only Sydnärke's policy has: …%s…", what, text[m[2]:m[3]], excerpt(text, m[2]))
		}
	}

	out, q1 := filepath.Join(ex, "out"), []string{"--from", "2025-01-01", "--to", "2025-03-31"}
	steps := []struct {
		args []string
		code int
	}{
		{[]string{"validate", "--config", cfg}, 1}, // services.csv has a row citing no clause of the policy
		{[]string{"allocate", "--config", cfg, "--out", out}, 0},
		{[]string{"allocate", "--config", cfg, "--out", filepath.Join(ex, "out-en"), "--lang", "en"}, 0},
		{[]string{"bill", "--config", cfg, "--out", out, "--quiet"}, 0},
		{[]string{"bill", "--config", cfg, "--out", filepath.Join(ex, "out-en"), "--lang", "en", "--quiet"}, 0},
		{[]string{"compare", "--config", cfg, "--out", out}, 0},
		{[]string{"compare", "--config", cfg, "--out", filepath.Join(ex, "out-en"), "--lang", "en"}, 0},
		{[]string{"forecast", "--config", cfg, "--years", "3", "--out", out}, 0},
		{[]string{"clients", "--config", cfg, "--out", out}, 0},
		{[]string{"clients", "--config", cfg, "--out", filepath.Join(ex, "out-en"), "--lang", "en"}, 0},
		{[]string{"verify", "--manifest", filepath.Join(out, "manifest.json"), "--root", ex}, 0},
		{[]string{"explain", "--config", cfg}, 0},
		{[]string{"explain", "--config", cfg, "storage"}, 0},
		{[]string{"explain", "--config", cfg, "D2"}, 0},
		{[]string{"explain", "--config", cfg, "E1"}, 0},
		{[]string{"explain", "--config", cfg, "D22"}, 2}, // lists the board's clauses
		{[]string{"policy", "check", filepath.Join(ex, "policy.yaml")}, 0},
		{[]string{"policy", "export", "--out", filepath.Join(ex, "exported.yaml")}, 0},
		{[]string{"adopt", "--config", cfg, "--by", "Kim Berg", "--date", "2024-12-12"}, 0},
		{[]string{"issue", "--config", cfg, "--installment", "1", "--by", "Kim Berg", "--date", "2025-01-10", "--out", filepath.Join(ex, "fee")}, 0},
		{append([]string{"approve", "--config", cfg, "--by", "Anna Ek", "--date", "2025-04-06"}, q1...), 0},
		{append([]string{"issue", "--config", cfg, "--allow-rejected", "--by", "Kim Berg", "--date", "2025-04-07", "--out", filepath.Join(ex, "q1")}, q1...), 0},
		{append([]string{"correct", "--config", cfg, "--dry-run", "--allow-rejected"}, q1...), 0},
		{append([]string{"correct", "--config", cfg, "--allow-rejected", "--reason", "Ärende VB-2025-0002 slutade 22:10", "--by", "Kim Berg",
			"--date", "2025-04-22", "--out", filepath.Join(ex, "q1-correction")}, q1...), 0},
		{[]string{"ledger", "statement", "--config", cfg, "--member", "9101", "--year", "2025", "--out", out}, 0},
		{[]string{"ledger", "verify", "--config", cfg}, 0},
		{[]string{"ledger", "list", "--config", cfg, "--year", "2025"}, 0},
		{[]string{"ledger", "export", "--config", cfg, "--out", filepath.Join(ex, "ledger.json")}, 0},
		{[]string{"ledger", "backup", "--config", cfg, filepath.Join(ex, "backup.db")}, 0},
		{[]string{"export", "sie", "--config", cfg, "--from", "2025-01-01", "--to", "2025-04-30", "--date", "2025-05-02", "--out", filepath.Join(ex, "q1.si")}, 0},
		{[]string{"export", "csv", "--config", cfg, "--from", "2025-01-01", "--to", "2025-04-30", "--out", filepath.Join(ex, "q1.csv")}, 0},
		{[]string{"export", "peppol", "--config", cfg, "--from", "2025-01-01", "--to", "2025-04-30", "--out", filepath.Join(ex, "peppol")}, 0},
	}
	var console strings.Builder
	for _, s := range steps {
		if s.args[0] == "correct" && !slices.Contains(s.args, "--dry-run") {
			// Support finds that a ticket ended an hour later.
			sup := filepath.Join(ex, "data", "support.csv")
			b, _ := os.ReadFile(sup)
			b = bytes.Replace(b, []byte("2025-02-08 19:30,2025-02-08 21:10"), []byte("2025-02-08 19:30,2025-02-08 22:10"), 1)
			if err := os.WriteFile(sup, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		code, stdout, stderr := runCLI(t, s.args...)
		name := strings.Join(s.args[:min(2, len(s.args))], " ")
		if code != s.code {
			t.Fatalf("%s: exit %d, want %d\n%s%s", strings.Join(s.args, " "), code, s.code, stdout, stderr)
		}
		check("the console of "+name, stdout+stderr)
		console.WriteString(stdout + stderr)
	}
	for _, want := range []string{"D22", "did you mean D2?", "E1  Fiber fram till fastigheten", "punkt C2", "Västbo IT-kontor"} {
		if !strings.Contains(console.String(), want) {
			t.Errorf("the console does not say %q", want)
		}
	}

	// Every file the commands wrote, and the ledger.
	files := 0
	var all strings.Builder
	var books []string // every workbook, recalculated in LibreOffice and read in Gnumeric below
	err = filepath.Walk(ex, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(ex, p)
		if rel == "policy.yaml" || rel == "memberfee.yaml" || rel == "README.md" || strings.HasPrefix(rel, "data"+string(filepath.Separator)) {
			return nil // the inputs, and the folder's README
		}
		if rel == "exported.yaml" {
			return nil // the built-in policy, compared below
		}
		files++
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch filepath.Ext(p) {
		case ".xlsx":
			if readBack(rel) {
				books = append(books, p)
			}
			zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Errorf("%s: %v", rel, err)
				return nil
			}
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					return err
				}
				part, err := io.ReadAll(rc)
				rc.Close()
				if err != nil {
					return err
				}
				text := xmlText(part)
				check(rel+" "+f.Name, text)
				all.WriteString(text)
			}
		case ".si":
			text, err := charmap.CodePage437.NewDecoder().Bytes(b)
			if err != nil {
				return err
			}
			check(rel, string(text))
			all.Write(text)
		case ".xml":
			text := xmlText(b)
			check(rel, text)
			all.WriteString(text)
		default:
			check(rel, string(b))
			all.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 40 {
		t.Errorf("only %d output files", files)
	}
	// Another board's workbooks are as readable as Sydnärke's: their
	// formulas recalculate in LibreOffice to what memberfee wrote, and
	// Gnumeric reads every cell as LibreOffice does.
	if len(books) < 8 {
		t.Errorf("only %d workbooks to read back: %q", len(books), books)
	}
	for _, c := range lotest.CheckFormulasAll(t, books...) {
		for _, m := range c.Mismatches {
			rel, _ := filepath.Rel(ex, c.Path)
			t.Errorf("%s: %s", rel, m)
		}
	}
	// The board's own words are there: its clauses on the lines, its names.
	for _, want := range []string{"nuvarande fördelning", "the current split", "Västbo IT-förbund", "Västbo IT-kontor", ";D2;", `"clause":"D2"`, `"clause": "C1"`,
		"(punkt B1)", "(clause B1)"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("no output says %q", want)
		}
	}
	exported, _ := os.ReadFile(filepath.Join(ex, "exported.yaml"))
	if !bytes.Equal(exported, policy.DefaultYAML()) {
		t.Error("policy export --out did not write the built-in policy")
	}
}

// tags are an XML part's markup: its namespaces' addresses are no text
// of the outputs (purl.org/dc/elements/1.1/).
var tags = regexp.MustCompile(`<[^>]*>`)

// xmlText is the text of an XML part: its markup replaced by spaces, its
// entities decoded.
func xmlText(b []byte) string { return html.UnescapeString(tags.ReplaceAllString(string(b), " ")) }

// excerpt is 40 characters of text either side of i.
func excerpt(text string, i int) string {
	from, to := max(0, i-40), min(len(text), i+40)
	return strings.ToValidUTF8(text[from:to], "")
}

// readBack picks the second board's workbooks the readers check: one of
// each kind (the Swedish ones, one member's chargeback, one fee notice,
// the correction), so that the test stays within its time.
func readBack(rel string) bool {
	dir, name := filepath.Split(rel)
	switch filepath.Clean(dir) {
	case "out":
		return !strings.HasPrefix(name, "chargeback-") || !strings.Contains(name, "-910") || strings.HasSuffix(name, "-9101.xlsx")
	case "fee":
		return strings.HasSuffix(name, "-9101.xlsx")
	case "q1-correction":
		return strings.HasPrefix(name, "correction-")
	}
	return false
}
