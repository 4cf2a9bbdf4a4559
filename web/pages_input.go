package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"slices"
	"strconv"

	"memberfee/billing"
	"memberfee/input"
)

// ---- an input row

type inputData struct {
	base
	V         *periodView
	Cat       billing.Category
	File      string
	Row       int
	Cells     []inputCell
	SHANow    string
	SHAIssued string
	Differs   bool
	Lines     []lineRow
	Problem   string // the file or row cannot be read: why
}

type inputCell struct{ Header, Value string }

func (s *Server) inputRowPage(w http.ResponseWriter, r *http.Request) {
	snap, v, ok := s.periodOf(w, r)
	if !ok {
		return
	}
	c, ok := categoryOf(r.PathValue("category"))
	row, err := strconv.Atoi(r.PathValue("row"))
	cfg := s.cfg()
	name := inputName(&cfg.Billing.Inputs, c)
	if !ok || err != nil || row < 2 || name == "" {
		s.notFound(w, r)
		return
	}
	d := &inputData{V: v, Cat: c, File: name, Row: row}
	d.Title = labelOr(s, "input_row") + " " + name + ":" + strconv.Itoa(row)
	d.Up = s.periodCrumbs(v)
	path := cfg.Resolve(name)
	header, cells, found, err := readInputRow(path, name, inputName(&cfg.Billing.Sheets, c), row)
	switch {
	case err != nil:
		d.Problem = err.Error()
	case !found:
		s.notFound(w, r)
		return
	}
	for i, h := range header {
		val := ""
		if i < len(cells) {
			val = cells[i]
		}
		d.Cells = append(d.Cells, inputCell{h, val})
	}
	if sum, err := s.fileSum(path); err == nil {
		d.SHANow = sum
	}
	for _, doc := range v.Chargebacks {
		for _, in := range doc.Inputs {
			if in.Category == string(c) && in.Name == name && doc.Number != "" {
				d.SHAIssued = in.SHA256
			}
		}
	}
	d.Differs = d.SHAIssued != "" && d.SHANow != d.SHAIssued
	var lines []indexedLine
	if doc := v.chargeback(r.URL.Query().Get("member")); doc != nil {
		all, err := s.lines(r.Context(), doc)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for i := range all {
			lines = append(lines, indexedLine{Member: doc.Member, Doc: doc.Number, N: i + 1, Line: &all[i]})
		}
	} else if v.Issued || v.Draft != nil {
		ix, err := s.index(r.Context(), snap, v)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		lines = ix.all
	}
	for _, l := range lines {
		if l.Row == row && l.Category == c && !l.Derived() {
			d.Lines = append(d.Lines, s.lineRow(v, l))
		}
	}
	s.render(w, r, http.StatusOK, "inputrow", d)
}

// readInputRow reads the header of the input file at path and the cells of
// the row numbered row (as a spreadsheet numbers it), through package
// input: the file is read as rating reads it (encoding, delimiter, sheet).
// found is false when the file has no such row.
func readInputRow(path, name, sheet string, row int) (header, cells []string, found bool, err error) {
	opts := input.Options{Sheet: sheet}
	t, err := input.Open(path, name, nil, opts)
	if err != nil {
		return nil, nil, false, err
	}
	header = slices.Clone(t.Header)
	t.Close()
	// Every column a field of its own, so that Get gives each cell.
	schema := make(input.Schema, 0, len(header))
	seen := map[string]bool{}
	var fields []string
	for i, h := range header {
		f := fmt.Sprintf("\x00col%d", i)
		if h != "" && !seen[h] {
			seen[h] = true
			schema = append(schema, input.Field{Name: f, Aliases: []string{h}})
		}
		fields = append(fields, f)
	}
	t, err = input.Open(path, name, schema, opts)
	if err != nil {
		return header, nil, false, err
	}
	defer t.Close()
	for {
		rec, err := t.Next()
		if errors.Is(err, io.EOF) {
			return header, nil, false, nil
		}
		if rec == nil {
			ce, ok := errors.AsType[*input.CellError](err)
			switch {
			case !ok:
				return header, nil, false, err
			case ce.Row < row:
				continue
			case ce.Row == row:
				return header, nil, true, err // the row that cannot be read: why
			}
			return header, nil, false, nil
		}
		if rec.Row < row {
			continue
		}
		if rec.Row > row {
			return header, nil, false, nil
		}
		for _, f := range fields {
			cells = append(cells, rec.Get(f))
		}
		return header, cells, true, nil
	}
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ---- downloads

var downloadKinds = map[string]bool{"bill": true, "lines": true, "json": true, "statement": true, "sie": true, "csv": true, "peppol": true}

// download serves one file the Backend makes: /download/{kind}?period=…
// &member=…&year=…
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	kind := r.PathValue("kind")
	q := r.URL.Query()
	d := Download{Kind: kind, Member: q.Get("member"), Lang: s.lang().code, By: userOf(r)}
	if !downloadKinds[kind] || (kind == "statement" && d.Member == "") {
		s.notFound(w, r)
		return
	}
	if ps := q.Get("period"); ps != "" {
		p, ok := parsePeriod(ps)
		if !ok {
			s.notFound(w, r)
			return
		}
		d.Period = p
	} else if kind != "statement" {
		s.notFound(w, r)
		return
	}
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			s.notFound(w, r)
			return
		}
		d.Year = n
	} else if kind == "statement" {
		s.notFound(w, r)
		return
	}
	if d.Member != "" && s.memberName(d.Member) == "" {
		s.notFound(w, r)
		return
	}
	f, err := s.o.Backend.Download(r.Context(), d)
	if err != nil {
		s.failed(w, r, err)
		return
	}
	if c, ok := f.Body.(io.Closer); ok {
		defer c.Close()
	}
	if f.ContentType != "" {
		w.Header().Set("Content-Type", f.ContentType)
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	http.ServeContent(w, r, f.Name, f.ModTime, f.Body)
}
