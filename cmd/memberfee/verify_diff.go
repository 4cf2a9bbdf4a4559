package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/xuri/excelize/v2"

	"memberfee/manifest"
)

// auditSheets are the names of the workbooks' audit sheet (report's
// "au.sheet", Swedish and English): what it shows is provenance (the
// engine, the command, every input's SHA-256, size and rows), not figures.
var auditSheets = map[string]bool{"Revision": true, "Audit": true}

// What verify compares figure by figure. The recorded outputs are the
// audited's: comparing them must not cost the auditor unbounded memory or
// time. A larger output is compared by its SHA-256 alone and said to be
// "too large to compare figure by figure". The national year (BENCHMARKS.md)
// writes a 231 MB lines CSV and a 16 MB pack whose XML is 162 MB and whose
// line sheets hold some 20 million cells: each limit is several times that.
// CSV is compared line by line and a workbook row by row, so the memory
// either costs is bounded whatever the size; a JSON output is read whole.
var (
	maxCSVSize       int64 = 2 << 30   // a lines CSV
	maxJSONSize      int64 = 16 << 20  // a JSON output (read whole; the example's is 25 kB)
	maxJSONValues          = 1 << 20   // the values of a JSON output
	maxXLSXSize      int64 = 128 << 20 // a workbook's file (excelize reads it whole)
	maxXLSXUnzipped  int64 = 2 << 30   // a workbook's parts, uncompressed, as its zip declares them
	maxXLSXStrings   int64 = 64 << 20  // a workbook's shared-string table, uncompressed (read whole)
	maxXLSXInMemory  int64 = 64 << 20  // the parts excelize unzips into memory (all but sheets and shared strings over xlsxPartInMemory)
	xlsxPartInMemory int64 = 1 << 20
	maxXLSXParts           = 10000    // a workbook's zip entries
	maxCells         int64 = 64 << 20 // cells read of one workbook (both sides counted; excelize reads some 500 000 a second)
	maxLine                = 1 << 20  // a line of a CSV, in bytes; a record, all its lines
)

// maxCompared bounds what one verify compares figure by figure, over all
// its runs and outputs: a row or a CSV record counts one, a cell one. A
// crafted manifest may list the same large workbook under many runs, or a
// workbook of millions of empty rows (which hold no cells); each output's
// own caps do not bound their sum. The national year's outputs are some
// 40 M; past this the rest differ "too large to compare".
const maxCompared int64 = 256 << 20

// compared is what this verify has left to compare (reset per verify).
var compared = func() *atomic.Int64 {
	var left atomic.Int64
	left.Store(maxCompared)
	return &left
}()

// takeCompared takes n from what is left, false when it is spent.
func takeCompared(n int64) bool { return compared.Add(-n) >= 0 }

// errTooLarge is an output verify does not compare figure by figure.
type errTooLarge string

func (e errTooLarge) Error() string {
	return string(e) + ": too large to compare figure by figure; it differs"
}

// maxShown is how many changed figures verify names per output.
const maxShown = 10

// changeList keeps the first maxShown changes and counts the rest: an
// output replaced by 50 million lines costs a count, not 50 million
// messages.
type changeList struct {
	shown []string
	n     int
}

// next counts a change and reports whether it is one to show (then add it).
func (c *changeList) next() bool {
	c.n++
	return len(c.shown) < maxShown
}

func (c *changeList) add(s string) { c.shown = append(c.shown, s) }

// addf counts a change and, if it is shown, formats it.
func (c *changeList) addf(format string, args ...any) {
	if c.next() {
		c.add(fmt.Sprintf(format, args...))
	}
}

// compareOutputs compares the re-run's outputs (in out) with the recorded
// ones (intact: the paths of those in the manifest's folder that are as
// recorded), and the totals.
// Figures that change (totals, members' amounts, cells outside the audit
// sheet, lines) are named; outputs that differ only in provenance are named
// apart, so that "input X changed; figures unchanged" reads as such.
func compareOutputs(tmp, key, out string, rec, now *manifest.Run, intact map[string]string, changedInputs []string) []error {
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
		changes, prov, err := diffFile(intact[f.Name], filepath.Join(out, f.Name), tmp)
		switch {
		case err != nil:
			fail("output %s would differ: SHA-256 %s…, recorded %s… (%v)", f.Name, short(g.SHA256), short(f.SHA256), err)
			unknown = append(unknown, f.Name)
		case changes.n > 0:
			figures++
			more := ""
			if changes.n > len(changes.shown) {
				more = fmt.Sprintf("\n      … and %d more", changes.n-len(changes.shown))
			}
			noun := "figure"
			if strings.EqualFold(filepath.Ext(f.Name), ".csv") {
				noun = "line"
			}
			fail("output %s: %s would change:\n      %s%s", f.Name, plural(changes.n, noun), strings.Join(changes.shown, "\n      "), more)
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
// change, and whether anything else (provenance) does. An output larger
// than verify compares is an errTooLarge.
func diffFile(was, now, tmp string) (changes *changeList, provenance bool, err error) {
	ext := strings.ToLower(filepath.Ext(was))
	limit := map[string]int64{".json": maxJSONSize, ".xlsx": maxXLSXSize, ".csv": maxCSVSize}[ext]
	if limit == 0 {
		return nil, false, fmt.Errorf("verify cannot read %s files", filepath.Ext(was))
	}
	for _, p := range []string{was, now} {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, false, err
		}
		if fi.Size() > limit {
			return nil, false, errTooLarge(fmt.Sprintf("%s is %d MiB, more than the %d MiB verify compares", filepath.Base(p), fi.Size()>>20, limit>>20))
		}
	}
	changes = &changeList{}
	switch ext {
	case ".json":
		err = diffJSON(changes, was, now)
	case ".xlsx":
		provenance, err = diffXLSX(changes, was, now, tmp)
	case ".csv":
		err = diffLines(changes, was, now)
		provenance = err == nil && changes.n == 0
	}
	if err != nil {
		return nil, false, err
	}
	return changes, provenance, nil
}

// diffJSON compares two JSON outputs value by value; list entries with an
// id are matched by it (members[1861].total).
func diffJSON(c *changeList, was, now string) error {
	a, err := flatJSON(was)
	if err != nil {
		return err
	}
	b, err := flatJSON(now)
	if err != nil {
		return err
	}
	diffFlat(c, "", a, b)
	return nil
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
	if !flatten(flat, "", v) {
		return nil, errTooLarge(fmt.Sprintf("%s holds more than the %d values verify compares", filepath.Base(path), maxJSONValues))
	}
	return flat, nil
}

// flatten adds the values of v to flat, named by their path from at; it
// stops, false, past maxJSONValues.
func flatten(flat map[string]string, at string, v any) bool {
	if len(flat) > maxJSONValues {
		return false
	}
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			p := k
			if at != "" {
				p = at + "." + k
			}
			if !flatten(flat, p, x) {
				return false
			}
		}
	case []any:
		for i, x := range v {
			idx := fmt.Sprint(i)
			if o, ok := x.(map[string]any); ok {
				idx = entryKey(o, idx)
			}
			if !flatten(flat, fmt.Sprintf("%s[%s]", at, idx), x) {
				return false
			}
		}
	case nil:
		flat[at] = "null"
	default:
		flat[at] = fmt.Sprint(v)
	}
	return true
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

// diffFlat names every value that changes, appears or goes, each name
// after prefix.
func diffFlat(c *changeList, prefix string, a, b map[string]string) {
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
			c.addf("%s%s %s would go", prefix, showName(k), quote(x))
		case !inA:
			c.addf("%s%s %s would be new", prefix, showName(k), quote(y))
		case x != y:
			c.addf("%s%s would change from %s to %s", prefix, showName(k), quote(x), quote(y))
		}
	}
}

// checkXLSX refuses, before excelize reads it, a workbook larger than
// verify compares: too many parts, or parts (the shared strings, which
// are read whole; all of them) that unzip to more than the limits.
func checkXLSX(path string) error {
	z, err := zip.OpenReader(path)
	if err != nil {
		return fmt.Errorf("%s is not a workbook: %w", filepath.Base(path), err)
	}
	defer z.Close()
	if len(z.File) > maxXLSXParts {
		return errTooLarge(fmt.Sprintf("%s has %d parts, more than the %d verify reads", filepath.Base(path), len(z.File), maxXLSXParts))
	}
	var total, inMemory uint64
	for _, f := range z.File {
		total += f.UncompressedSize64
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		if f.UncompressedSize64 <= uint64(xlsxPartInMemory) || (!strings.HasPrefix(name, "xl/worksheets/sheet") && name != "xl/sharedstrings.xml") {
			inMemory += f.UncompressedSize64
		}
		if strings.EqualFold(f.Name, "xl/sharedStrings.xml") && f.UncompressedSize64 > uint64(maxXLSXStrings) {
			return errTooLarge(fmt.Sprintf("%s's shared strings unzip to %d MiB, more than the %d MiB verify reads", filepath.Base(path), f.UncompressedSize64>>20, maxXLSXStrings>>20))
		}
	}
	if inMemory > uint64(maxXLSXInMemory) {
		return errTooLarge(fmt.Sprintf("%s has %d MiB of parts other than sheets, more than the %d MiB verify reads", filepath.Base(path), inMemory>>20, maxXLSXInMemory>>20))
	}
	if total > uint64(maxXLSXUnzipped) {
		return errTooLarge(fmt.Sprintf("%s unzips to %d MiB, more than the %d MiB verify reads", filepath.Base(path), total>>20, maxXLSXUnzipped>>20))
	}
	return nil
}

// diffXLSX compares two workbooks cell by cell (values as stored), sheet by
// sheet and row by row, so that only a row of each is held: cells outside
// the audit sheet are figures; the audit sheet is provenance. It reads at
// most maxCells cells of the two.
func diffXLSX(c *changeList, was, now, tmp string) (bool, error) {
	for _, p := range []string{was, now} {
		if err := checkXLSX(p); err != nil {
			return false, err
		}
	}
	// Parts over 1 MiB are unzipped to files in verify's own temporary
	// folder tmp, not into memory.
	limits := excelize.Options{UnzipSizeLimit: maxXLSXUnzipped, UnzipXMLSizeLimit: xlsxPartInMemory, TmpDir: tmp}
	a, err := excelize.OpenFile(was, limits)
	if err != nil {
		return false, err
	}
	defer a.Close()
	b, err := excelize.OpenFile(now, limits)
	if err != nil {
		return false, err
	}
	defer b.Close()
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
	budget := maxCells
	for _, s := range sheets {
		if auditSheets[s] {
			var audit changeList
			differs, err := diffSheet(&audit, a, b, s, &budget)
			if err != nil {
				return false, err
			}
			provenance = provenance || differs
			continue
		}
		if _, err := diffSheet(c, a, b, s, &budget); err != nil {
			return false, err
		}
	}
	if c.n == 0 && !provenance {
		provenance = true // the same cells: what differs is the workbook's own parts (properties, styles)
	}
	return provenance, nil
}

// diffSheet compares a sheet of two workbooks row by row, taking the cells
// it reads from budget; it reports whether anything differs.
func diffSheet(c *changeList, a, b *excelize.File, sheet string, budget *int64) (bool, error) {
	before := c.n
	ra, errA := a.Rows(sheet)
	rb, errB := b.Rows(sheet)
	if errA != nil || errB != nil {
		for _, r := range []*excelize.Rows{ra, rb} {
			if r != nil {
				r.Close()
			}
		}
		c.addf("sheet %s would be new or go", quote(sheet))
		return true, nil
	}
	defer ra.Close()
	defer rb.Close()
	prefix := showName(sheet) + "!"
	raw := excelize.Options{RawCellValue: true}
	for r := 1; ; r++ {
		okA, okB := ra.Next(), rb.Next()
		if !okA && !okB {
			break
		}
		var x, y []string
		var err error
		if okA {
			if x, err = ra.Columns(raw); err != nil {
				return false, err
			}
		}
		if okB {
			if y, err = rb.Columns(raw); err != nil {
				return false, err
			}
		}
		if *budget -= int64(len(x) + len(y)); *budget < 0 {
			return false, errTooLarge(fmt.Sprintf("its sheets hold more than the %d cells verify reads", maxCells))
		}
		if !takeCompared(int64(1 + len(x) + len(y))) {
			return false, errTooLarge(fmt.Sprintf("this verify has compared the %d rows and cells it compares in one run", maxCompared))
		}
		for col := range max(len(x), len(y)) {
			var u, v string
			if col < len(x) {
				u = x[col]
			}
			if col < len(y) {
				v = y[col]
			}
			if u == v || !c.next() {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(col+1, r)
			switch {
			case v == "":
				c.add(fmt.Sprintf("%s%s %s would go", prefix, ref, quote(u)))
			case u == "":
				c.add(fmt.Sprintf("%s%s %s would be new", prefix, ref, quote(v)))
			default:
				c.add(fmt.Sprintf("%s%s would change from %s to %s", prefix, ref, quote(u), quote(v)))
			}
		}
	}
	for _, r := range []*excelize.Rows{ra, rb} {
		if err := r.Error(); err != nil {
			return false, err
		}
	}
	return c.n > before, nil
}

// diffLines compares two CSV outputs record by record, streaming: a
// record is a line, or the lines a quoted field runs across. A changed
// record names the fields that change, by the column names of the
// re-run's header.
func diffLines(c *changeList, was, now string) error {
	fa, err := os.Open(was)
	if err != nil {
		return err
	}
	defer fa.Close()
	fb, err := os.Open(now)
	if err != nil {
		return err
	}
	defer fb.Close()
	ra, rb := newRecordReader(fa, was), newRecordReader(fb, now)
	var header []string
	for {
		x, okA, err := ra.next()
		if err != nil {
			return err
		}
		y, okB, err := rb.next()
		if err != nil {
			return err
		}
		if !okA && !okB {
			return nil
		}
		if !takeCompared(1) {
			return errTooLarge(fmt.Sprintf("this verify has compared the %d rows and cells it compares in one run", maxCompared))
		}
		n := ra.line
		if !okA {
			n = rb.line
		}
		if okB && rb.line == 1 { // the re-run's header: the recorded one is the audited's
			header = splitRecord(strings.TrimPrefix(string(y), "\uFEFF"))
		}
		switch {
		case okA && okB && bytes.Equal(x, y):
		case !c.next():
		case !okA:
			c.add(fmt.Sprintf("line %d %s would be new", n, quote(string(y))))
		case !okB:
			c.add(fmt.Sprintf("line %d %s would go", n, quote(string(x))))
		default:
			c.add(fmt.Sprintf("line %d would change: %s", n, fieldChanges(header, string(x), string(y))))
		}
	}
}

// fieldChanges names the fields of a record that change: column (from
// the header) "old" → "new", each value quoted at most 80 characters.
func fieldChanges(header []string, x, y string) string {
	a, b := splitRecord(x), splitRecord(y)
	var out []string
	for i := range max(len(a), len(b)) {
		var u, v string
		if i < len(a) {
			u = a[i]
		}
		if i < len(b) {
			v = b[i]
		}
		if u == v && i < len(a) && i < len(b) {
			continue
		}
		name := fmt.Sprintf("column %d", i+1)
		if i < len(header) && header[i] != "" {
			name = showName(header[i])
		}
		switch {
		case i >= len(a):
			out = append(out, fmt.Sprintf("%s %s would be new", name, quote(v)))
		case i >= len(b):
			out = append(out, fmt.Sprintf("%s %s would go", name, quote(u)))
		default:
			out = append(out, fmt.Sprintf("%s %s → %s", name, quote(u), quote(v)))
		}
		if len(out) == maxShown && i+1 < max(len(a), len(b)) {
			out = append(out, "…")
			break
		}
	}
	if len(out) == 0 { // the same fields, written differently (quoting, line ending)
		return fmt.Sprintf("from %s to %s", quote(x), quote(y))
	}
	return strings.Join(out, ", ")
}

// splitRecord splits a CSV record (';', encoding/csv's quoting) into its
// fields; a record that does not parse is one field, as it stands.
func splitRecord(rec string) []string {
	r := csv.NewReader(strings.NewReader(rec))
	r.Comma = ';'
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	fields, err := r.Read()
	if err != nil {
		return []string{rec}
	}
	return fields
}

// recordReader reads a CSV's records as bytes, at most maxLine bytes each:
// a line, or the lines a quoted field runs across (an odd number of quotes
// opens a field that the next line continues).
type recordReader struct {
	s    *bufio.Scanner
	name string
	line int // the line the last record began on
	read int // the lines read
	rec  []byte
}

func newRecordReader(r io.Reader, name string) *recordReader {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 0, 64<<10), maxLine)
	return &recordReader{s: s, name: name}
}

// next returns the next record (valid until the next call), false at the
// end of the file.
func (r *recordReader) next() ([]byte, bool, error) {
	r.rec = r.rec[:0]
	quotes := 0
	for first := true; ; first = false {
		if !r.s.Scan() {
			if err := r.s.Err(); err != nil {
				if errors.Is(err, bufio.ErrTooLong) {
					return nil, false, errTooLarge(fmt.Sprintf("%s line %d is longer than %d MiB", filepath.Base(r.name), r.read+1, maxLine>>20))
				}
				return nil, false, err
			}
			if first {
				return nil, false, nil
			}
			return r.rec, true, nil // a quote left open at the end: the rest is the record
		}
		r.read++
		if first {
			r.line = r.read
		} else {
			r.rec = append(r.rec, '\n')
		}
		b := r.s.Bytes()
		if len(r.rec)+len(b) > maxLine {
			return nil, false, errTooLarge(fmt.Sprintf("%s has a record from line %d longer than %d MiB", filepath.Base(r.name), r.line, maxLine>>20))
		}
		r.rec = append(r.rec, b...)
		quotes += bytes.Count(b, []byte{'"'})
		if quotes%2 == 0 {
			return r.rec, true, nil
		}
	}
}
