package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"memberfee/manifest"
)

// auditSheets are the names of the workbooks' audit sheet (report's
// "au.sheet", Swedish and English): what it shows is provenance (the
// engine, the command, every input's SHA-256, size and rows), not figures.
var auditSheets = map[string]bool{"Revision": true, "Audit": true}

// maxDiffSize is the largest output verify compares by content (the
// recorded one is the audited's: it must not cost the auditor unbounded
// memory); a larger one is compared by its SHA-256 alone.
const maxDiffSize = 1 << 30

// maxShown is how many changed figures verify names per output.
const maxShown = 10

// compareOutputs compares the re-run's outputs (in out) with the recorded
// ones (intact: the paths of those in the manifest's folder that are as
// recorded), and the totals.
// Figures that change (totals, members' amounts, cells outside the audit
// sheet, lines) are named; outputs that differ only in provenance are named
// apart, so that "input X changed; figures unchanged" reads as such.
func compareOutputs(key, out string, rec, now *manifest.Run, intact map[string]string, changedInputs []string) []error {
	var problems []error
	fail := func(format string, args ...any) {
		problems = append(problems, fmt.Errorf("%s: "+format, append([]any{showKey(key)}, args...)...))
	}
	produced := map[string]manifest.File{}
	for _, f := range now.Outputs {
		produced[f.Name] = f
	}
	var provenance, unknown []string
	figures := 0
	for _, f := range rec.Outputs {
		g, ok := produced[f.Name]
		delete(produced, f.Name)
		switch {
		case !ok:
			fail("output %s would no longer be written", f.Name)
			figures++
			continue
		case g.SHA256 == f.SHA256:
			continue
		case intact[f.Name] == "":
			// The recorded output is gone or changed: only its hash can be compared.
			fail("output %s would differ: SHA-256 %s…, recorded %s…", f.Name, short(g.SHA256), short(f.SHA256))
			unknown = append(unknown, f.Name)
			continue
		}
		changes, prov, err := diffFile(intact[f.Name], filepath.Join(out, f.Name))
		switch {
		case err != nil:
			fail("output %s would differ: SHA-256 %s…, recorded %s… (%v)", f.Name, short(g.SHA256), short(f.SHA256), err)
			unknown = append(unknown, f.Name)
		case len(changes) > 0:
			figures++
			shown := changes
			if len(shown) > maxShown {
				shown = shown[:maxShown]
			}
			more := ""
			if len(changes) > maxShown {
				more = fmt.Sprintf("\n      … and %d more", len(changes)-maxShown)
			}
			noun := "figure"
			if strings.EqualFold(filepath.Ext(f.Name), ".csv") {
				noun = "line"
			}
			fail("output %s: %s would change:\n      %s%s", f.Name, plural(len(changes), noun), strings.Join(shown, "\n      "), more)
		case prov:
			provenance = append(provenance, f.Name)
		default:
			fail("output %s would differ in its bytes only (same content read back): SHA-256 %s…, recorded %s…", f.Name, short(g.SHA256), short(f.SHA256))
			unknown = append(unknown, f.Name)
		}
	}
	for _, name := range sortedKeys(produced) {
		fail("output %s would be new", name)
		figures++
	}
	totals := 0
	for _, k := range sortedKeys(rec.Totals) {
		if now.Totals[k] != rec.Totals[k] {
			fail("total %s would change from %s to %s", showName(k), quote(rec.Totals[k]), quote(now.Totals[k]))
			totals++
		}
	}
	for _, k := range sortedKeys(now.Totals) {
		if _, ok := rec.Totals[k]; !ok {
			fail("total %s would be new: %s", showName(k), quote(now.Totals[k]))
			totals++
		}
	}
	if len(provenance) > 0 {
		why := "the audit sheet's engine, command or time, or the workbook's properties"
		if len(changedInputs) > 0 {
			why = "the audit sheet's fingerprint of " + strings.Join(changedInputs, ", ")
		}
		what := "1 output differs"
		if len(provenance) > 1 {
			what = fmt.Sprintf("%d outputs differ", len(provenance))
		}
		fail("%s only in provenance (%s); figures unchanged: %s", what, why, listNames(provenance))
	}
	if figures == 0 && totals == 0 && len(unknown) == 0 && len(changedInputs) > 0 {
		fail("figures unchanged: %s changed, and every total and every figure of the outputs is the same", strings.Join(changedInputs, ", "))
	}
	return problems
}

// listNames lists at most 5 names.
func listNames(names []string) string {
	if len(names) <= 5 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s … and %d more", strings.Join(names[:5], ", "), len(names)-5)
}

// diffFile compares a recorded output with the re-run's: the figures that
// change, and whether anything else (provenance) does.
func diffFile(was, now string) (changes []string, provenance bool, err error) {
	for _, p := range []string{was, now} {
		if fi, err := os.Stat(p); err != nil || fi.Size() > maxDiffSize {
			return nil, false, fmt.Errorf("verify compares the content of outputs up to %d MiB", maxDiffSize>>20)
		}
	}
	switch strings.ToLower(filepath.Ext(was)) {
	case ".json":
		return diffJSON(was, now)
	case ".xlsx":
		return diffXLSX(was, now)
	case ".csv":
		return diffLines(was, now)
	}
	return nil, false, fmt.Errorf("verify cannot read %s files", filepath.Ext(was))
}

// diffJSON compares two JSON outputs value by value; list entries with an
// id are matched by it (members[1861].total).
func diffJSON(was, now string) ([]string, bool, error) {
	a, err := flatJSON(was)
	if err != nil {
		return nil, false, err
	}
	b, err := flatJSON(now)
	if err != nil {
		return nil, false, err
	}
	return diffFlat(a, b), false, nil
}

func flatJSON(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d := json.NewDecoder(bufio.NewReader(f))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("%s is not JSON: %w", filepath.Base(path), err)
	}
	flat := map[string]string{}
	flatten(flat, "", v)
	return flat, nil
}

func flatten(flat map[string]string, at string, v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			p := k
			if at != "" {
				p = at + "." + k
			}
			flatten(flat, p, x)
		}
	case []any:
		for i, x := range v {
			idx := fmt.Sprint(i)
			if o, ok := x.(map[string]any); ok {
				idx = entryKey(o, idx)
			}
			flatten(flat, fmt.Sprintf("%s[%s]", at, idx), x)
		}
	case nil:
		flat[at] = "null"
	default:
		flat[at] = fmt.Sprint(v)
	}
}

// entryKey names an entry of a list by what identifies it: its id (a
// member), or its member, department and category (a department's line of
// the chargeback), else its place.
func entryKey(o map[string]any, place string) string {
	if id, ok := o["id"].(string); ok {
		return id
	}
	var parts []string
	for _, k := range []string{"member", "department", "category"} {
		s, ok := o[k].(string)
		if !ok {
			return place
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "/")
}

// diffFlat names every value that changes, appears or goes.
func diffFlat(a, b map[string]string) []string {
	var out []string
	keys := sortedKeys(a)
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		x, inA := a[k]
		y, inB := b[k]
		switch {
		case !inB:
			out = append(out, fmt.Sprintf("%s %s would go", k, quote(x)))
		case !inA:
			out = append(out, fmt.Sprintf("%s %s would be new", k, quote(y)))
		case x != y:
			out = append(out, fmt.Sprintf("%s would change from %s to %s", k, quote(x), quote(y)))
		}
	}
	return out
}

// diffXLSX compares two workbooks cell by cell (values as stored): cells
// outside the audit sheet are figures; the audit sheet is provenance.
func diffXLSX(was, now string) ([]string, bool, error) {
	limits := excelize.Options{UnzipSizeLimit: 4 << 30, UnzipXMLSizeLimit: 64 << 20}
	a, err := excelize.OpenFile(was, limits)
	if err != nil {
		return nil, false, err
	}
	defer a.Close()
	b, err := excelize.OpenFile(now, limits)
	if err != nil {
		return nil, false, err
	}
	defer b.Close()
	var changes []string
	provenance := false
	sheets := a.GetSheetList()
	inA := map[string]bool{}
	for _, s := range sheets {
		inA[s] = true
	}
	for _, s := range b.GetSheetList() {
		if !inA[s] {
			sheets = append(sheets, s)
		}
	}
	for _, s := range sheets {
		ca, errA := sheetCells(a, s)
		cb, errB := sheetCells(b, s)
		if errA != nil || errB != nil {
			changes = append(changes, fmt.Sprintf("sheet %s would be new or go", quote(s)))
			continue
		}
		d := diffFlat(ca, cb)
		if len(d) == 0 {
			continue
		}
		if auditSheets[s] {
			provenance = true
			continue
		}
		for _, c := range d {
			changes = append(changes, s+"!"+c)
		}
	}
	if len(changes) == 0 && !provenance {
		provenance = true // the same cells: what differs is the workbook's own parts (properties, styles)
	}
	return changes, provenance, nil
}

// sheetCells reads a sheet's cells: reference → value as stored.
func sheetCells(f *excelize.File, sheet string) (map[string]string, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cells := map[string]string{}
	for r := 1; rows.Next(); r++ {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		for c, v := range cols {
			if v == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r)
			cells[ref] = v
		}
	}
	return cells, rows.Error()
}

// diffLines compares two text outputs line by line.
func diffLines(was, now string) ([]string, bool, error) {
	fa, err := os.Open(was)
	if err != nil {
		return nil, false, err
	}
	defer fa.Close()
	fb, err := os.Open(now)
	if err != nil {
		return nil, false, err
	}
	defer fb.Close()
	ra, rb := bufio.NewScanner(fa), bufio.NewScanner(fb)
	ra.Buffer(nil, 1<<20)
	rb.Buffer(nil, 1<<20)
	var changes []string
	for n := 1; ; n++ {
		okA, okB := ra.Scan(), rb.Scan()
		if !okA && !okB {
			break
		}
		x, y := ra.Text(), rb.Text()
		switch {
		case !okA:
			changes = append(changes, fmt.Sprintf("line %d %s would be new", n, quote(y)))
		case !okB:
			changes = append(changes, fmt.Sprintf("line %d %s would go", n, quote(x)))
		case x != y:
			changes = append(changes, fmt.Sprintf("line %d would change from %s to %s", n, quote(x), quote(y)))
		}
	}
	if err := errors.Join(ra.Err(), rb.Err()); err != nil {
		return nil, false, err
	}
	return changes, len(changes) == 0, nil
}
