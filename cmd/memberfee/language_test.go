package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding/charmap"

	"memberfee/policy"
)

// The words of one language that a text in the other must not hold: a
// small list of each, words a machine text would carry and a quoted name
// would not.
var (
	englishWords = []string{"the", "within", "used", "outside", "office hours", "licences", "exceed", "exceeds", "charged",
		"rejected", "included", "see", "is", "not", "of", "and", "or", "quota", "allotment", "months", "with", "delimiter",
		"installment", "whole member", "excess", "belongs", "pcs"}
	swedishWords = []string{"inom", "utanför", "debiteras", "avvisad", "avvisade", "kommun", "kommunens", "och", "är", "inte",
		"av", "ingår", "eller", "rad", "rader", "med", "för", "på", "tim", "st", "månader", "tilldelning", "tilldelningen",
		"kvot", "kvoten", "utfärdad", "överskottsraden", "avgränsare", "delbetalning", "hela kommunen", "använt"}
)

var numberText = regexp.MustCompile(`[−+-]?\d[\d\s\x{a0},.:]*`)

// wordsOf compiles a word list into one whole-word matcher.
func wordsOf(words []string) *regexp.Regexp {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(`(?i)(?:^|[^\pL\pN_.-])(` + strings.Join(q, "|") + `)(?:$|[^\pL\pN_-])`)
}

// quoted is what a workbook quotes rather than says: the example's data
// (names, departments, the offices' descriptions), its config's texts and
// keys, the policy's own sentences, and the walk-through's typed reason.
// A quote is taken out of a text before its words are looked at.
type quoted []string

func (q *quoted) add(s string) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) >= 4 && !slices.Contains(englishWords, strings.ToLower(s)) && !slices.Contains(swedishWords, strings.ToLower(s)) {
		*q = append(*q, s)
	}
}

// strings adds every string in v (a decoded YAML or JSON, the policy's
// structs), map keys included.
func (q *quoted) strings(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		q.add(v.String())
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			q.strings(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			q.strings(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			q.strings(k)
			q.strings(v.MapIndex(k))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				q.strings(v.Field(i))
			}
		}
	}
}

func exampleQuotes(t *testing.T, dir string, extra ...string) quoted {
	t.Helper()
	var q quoted
	q.strings(reflect.ValueOf(policy.Default()))
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		if rel, _ := filepath.Rel(dir, p); strings.HasPrefix(rel, "out"+string(filepath.Separator)) {
			return nil
		}
		switch filepath.Ext(p) {
		case ".yaml", ".yml": // the config, a policy
			raw, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			var v any
			if err := yaml.Unmarshal(raw, &v); err != nil {
				return err
			}
			q.strings(reflect.ValueOf(v))
		case ".csv": // the offices' data
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if !utf8.Valid(b) {
				if b, err = charmap.Windows1252.NewDecoder().Bytes(b); err != nil {
					return err
				}
			}
			for _, field := range regexp.MustCompile(`[;,\r\n"]+`).Split(string(b), -1) {
				q.add(field)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range extra {
		q.add(e)
	}
	sort.Slice(q, func(i, j int) bool { return len(q[i]) > len(q[j]) })
	return slices.Compact(q)
}

// fileName is a file's name or path, an id in any language.
var fileName = regexp.MustCompile(`[\pL\pN_./-]+\.(csv|xlsx|yaml|json|db|si)\b`)

// inputRoles are the ids the Revision sheet names an input by (the
// config's section names).
var inputRoles = []string{"config", "equipment", "printers", "storage", "support", "licences", "services", "clients", "register", "population"}

// strip takes the quotes, the file names and the numbers out of a text; an
// input's role id is all quote.
func (q quoted) strip(s string) string {
	if slices.Contains(inputRoles, s) {
		return ""
	}
	s = fileName.ReplaceAllString(s, " ")
	for _, x := range q {
		if strings.Contains(s, x) {
			s = strings.ReplaceAll(s, x, " ")
		}
	}
	return numberText.ReplaceAllString(s, " ")
}

// workbookTexts are every text of a workbook: its sheets' names, cells
// (shared and inline strings alike), headers and footers and comments.
func workbookTexts(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	texts := map[string]string{}
	for _, sheet := range f.GetSheetList() {
		texts[sheet+" (sheet name)"] = sheet
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v != "" {
					cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
					texts[sheet+"!"+cell] = v
				}
			}
		}
		if hf, err := f.GetHeaderFooter(sheet); err == nil && hf != nil {
			for i, s := range []string{hf.OddHeader, hf.OddFooter, hf.EvenHeader, hf.EvenFooter, hf.FirstHeader, hf.FirstFooter} {
				if s != "" {
					texts[sheet+" header/footer "+string(rune('0'+i))] = regexp.MustCompile(`&[A-Z]|&"[^"]*"|&\d+`).ReplaceAllString(s, " ")
				}
			}
		}
		if cs, err := f.GetComments(sheet); err == nil {
			for _, c := range cs {
				texts[sheet+"!"+c.Cell+" (comment)"] = c.Text
			}
		}
	}
	return texts
}

// TestLanguages renders every workbook of each example under examples/
// (allocate, bill's pack and member workbooks, compare, forecast, clients;
// for Sydnärke also its walk-through's fee notices, issued chargeback,
// correction and statement) in Swedish and in English, and fails on a word
// of the other language in any text that is not a quote of the example's
// own data, config or policy; and on every JSON reason: English in
// "reason", Swedish in "reason_sv", with a "reason_code" for each row's.
func TestLanguages(t *testing.T) {
	if testing.Short() {
		t.Skip("renders every workbook twice")
	}
	examples, _ := filepath.Glob("../../examples/*/memberfee.yaml")
	if len(examples) == 0 {
		t.Fatal("no examples/*/memberfee.yaml")
	}
	for _, ex := range examples {
		name := filepath.Base(filepath.Dir(ex))
		for _, lang := range []string{"sv", "en"} {
			t.Run(name+"/"+lang, func(t *testing.T) { languageRun(t, filepath.Dir(ex), lang) })
		}
	}
}

// languageRun runs an example's commands in lang on a copy of it and
// checks every workbook and JSON they write.
func languageRun(t *testing.T, src, lang string) {
	const why = "Ärende IT-2025-00069 avslutades 19:23"
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "memberfee.yaml")
	out := filepath.Join(dir, "out")
	cmds := [][]string{
		{"allocate", "--config", cfg, "--out", out, "--lang", lang},
		{"bill", "--config", cfg, "--out", out, "--lang", lang, "--quiet"},
		{"compare", "--config", cfg, "--out", out, "--lang", lang},
		{"forecast", "--config", cfg, "--years", "3", "--out", out, "--lang", lang},
		{"clients", "--config", cfg, "--out", out, "--lang", lang},
	}
	walk := filepath.Base(src) == "sydnarke" // its README's walk-through, into the ledger
	if walk {
		q1 := []string{"--from", "2025-01-01", "--to", "2025-03-31", "--allow-rejected", "--lang", lang}
		cmds = append(cmds,
			[]string{"adopt", "--config", cfg, "--by", "Eva Lind", "--date", "2024-12-12"},
			[]string{"issue", "--config", cfg, "--installment", "1", "--by", "Eva Lind", "--date", "2025-01-10", "--out", filepath.Join(out, "fee"), "--lang", lang},
			append([]string{"issue", "--config", cfg, "--by", "Eva Lind", "--date", "2025-04-07", "--out", filepath.Join(out, "q1")}, q1...),
			[]string{"edit"},
			append([]string{"correct", "--config", cfg, "--reason", why, "--by", "Eva Lind", "--date", "2025-04-22", "--out", filepath.Join(out, "q1-correction")}, q1...),
			[]string{"ledger", "statement", "--config", cfg, "--member", "1861", "--year", "2025", "--out", out, "--lang", lang})
	}
	for _, args := range cmds {
		if args[0] == "edit" { // the walk-through's changed ticket
			p := filepath.Join(dir, "data", "support.csv")
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			changed := strings.Replace(string(b), "2025-02-27 13:58,2025-02-27 17:23", "2025-02-27 13:58,2025-02-27 19:23", 1)
			if changed == string(b) {
				t.Fatal("support.csv lacks the walk-through's ticket")
			}
			if err := os.WriteFile(p, []byte(changed), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if code, _, stderr := runCLI(t, args...); code != 0 && code != 3 { // 3: rows rejected, as the example has
			t.Fatalf("memberfee %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
		}
	}
	quotes := exampleQuotes(t, dir, why, "Eva Lind")
	other := wordsOf(swedishWords) // the words an English workbook must not hold
	if lang == "sv" {
		other = wordsOf(englishWords)
	}
	var books, jsons []string
	filepath.Walk(out, func(p string, info os.FileInfo, err error) error {
		switch {
		case err != nil:
			return err
		case strings.HasSuffix(p, ".xlsx"):
			books = append(books, p)
		case strings.HasSuffix(p, ".json") && filepath.Base(p) != "manifest.json":
			jsons = append(jsons, p)
		}
		return nil
	})
	want := []string{"allocation-", "chargeback-", "compare-", "forecast-", "clients-"}
	if walk {
		want = append(want, "statement-1861-2025.xlsx", "fee-2025-1-1861.xlsx", "q1-correction/")
	}
	for _, w := range want {
		if !slices.ContainsFunc(books, func(p string) bool { return strings.Contains(p, w) }) {
			t.Errorf("no %s… among the workbooks: %v", w, books)
		}
	}
	bad := 0
	for _, b := range books {
		texts := workbookTexts(t, b)
		keys := make([]string, 0, len(texts))
		for k := range texts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if m := other.FindStringSubmatch(quotes.strip(texts[k])); m != nil {
				if bad++; bad <= 40 {
					t.Errorf("%s %s: %q has %q", strings.TrimPrefix(b, out+"/"), k, texts[k], m[1])
				}
			}
		}
	}
	en, sv := wordsOf(englishWords), wordsOf(swedishWords)
	for _, j := range jsons {
		raw, err := os.ReadFile(j)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		reasons(v, func(obj map[string]any) {
			reason, _ := obj["reason"].(string)
			if m := sv.FindStringSubmatch(quotes.strip(reason)); m != nil {
				t.Errorf("%s: reason %q has the Swedish %q", filepath.Base(j), reason, m[1])
			}
			if _, isRow := obj["row"]; !isRow {
				return // a correction's reason, typed by its author
			}
			code, _ := obj["reason_code"].(string)
			rsv, _ := obj["reason_sv"].(string)
			if code == "" || rsv == "" {
				t.Errorf("%s: reason %q has no reason_code or reason_sv: %v", filepath.Base(j), reason, obj)
			}
			if m := en.FindStringSubmatch(quotes.strip(rsv)); m != nil {
				t.Errorf("%s: reason_sv %q has the English %q", filepath.Base(j), rsv, m[1])
			}
		})
	}
	t.Logf("%d workbooks, %d JSON files", len(books), len(jsons))
}

// reasons calls f with every object of a decoded JSON that has a reason.
func reasons(v any, f func(map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v["reason"]; ok {
			f(v)
		}
		for _, x := range v {
			reasons(x, f)
		}
	case []any:
		for _, x := range v {
			reasons(x, f)
		}
	}
}
