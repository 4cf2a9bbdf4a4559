package input

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// The bounds on what an XLSX file may make the reader hold; beyond them the
// file stops with a *FileError (ErrTooLarge) that says which was passed.
const (
	// MaxCellChars is the most characters a cell may hold: Excel's own
	// limit (32 767).
	MaxCellChars = 32767
	// MaxRowText bounds the text of one row's cells together, in bytes.
	MaxRowText = 4 << 20
	// MaxSharedStrings and MaxSharedStringBytes bound a workbook's shared
	// strings table, by count and by the bytes of their text.
	MaxSharedStrings     = 4 << 20
	MaxSharedStringBytes = 128 << 20
	// maxDepth bounds how deep a part's elements nest (a sheet's are 5 deep).
	maxDepth = 64
	// maxPart bounds a workbook part held whole: the workbook and the
	// relationships.
	maxPart = 16 << 20
)

// A workbook is read from its zip with archive/zip and its parts' XML with
// encoding/xml, streamed: the sheet's rows one at a time, the shared
// strings into one block of text. excelize, which the reports are written
// with, is not used to read: its Rows stops at an XML error without
// reporting it, reads a shared-string index of "abc" as string 0, and holds
// the whole shared strings table as structs (255 MB of tiny strings took
// 3.4 GB). Every part read is read to its end, so that archive/zip checks its
// size and checksum, and the XML is checked as it goes: a part that is cut
// off, malformed (an unescaped &, a mismatched tag), or whose zip entry does
// not match its declared size stops the file, naming the part.

// openXLSX opens a workbook and reads the header of its first sheet, or of
// the sheet named in opts.
func (t *Table) openXLSX(r io.ReadSeeker, opts Options) error {
	unzip := opts.MaxUnzipSize
	if unzip == 0 {
		unzip = 1 << 30
	}
	ra, size, err := readerAt(r)
	if err != nil {
		return &FileError{File: t.File, Err: err}
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return &FileError{File: t.File, Err: reason(ErrFormat, "it is not a workbook: %v", err)}
	}
	wb := &workbook{file: t.File, zr: zr, unzip: unzip, opts: opts}
	sheetName, sheetPart, sstPart, err := wb.findSheet(opts.Sheet)
	if err != nil {
		return err
	}
	sst, err := wb.sharedStrings(sstPart)
	if err != nil {
		return err
	}
	times, err := wb.timeStyles(wb.styles)
	if err != nil {
		return err
	}
	sr, err := wb.openSheet(sheetName, sheetPart, sst)
	if err != nil {
		return err
	}
	sr.timeStyle = times
	t.xlsx = true
	t.timeCell = func(i int) bool { return i < len(sr.timeCols) && sr.timeCols[i] }
	t.closer = sr
	next := func() (int, []string, error) {
		row, vals, err := sr.next()
		if ce, ok := err.(*CellError); ok && ce.Column == "" && sr.col > 0 {
			ce.Column = t.columnName(sr.col - 1)
		}
		return row, vals, err
	}
	return t.readHeader(next, fmt.Sprintf("sheet %q has no header row", clip(sheetName)))
}

// readerAt gives r as an io.ReaderAt and its size.
func readerAt(r io.ReadSeeker) (io.ReaderAt, int64, error) {
	size, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, 0, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, 0, err
	}
	if ra, ok := r.(io.ReaderAt); ok {
		return ra, size, nil
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, 0, err
	}
	return bytes.NewReader(b), int64(len(b)), nil
}

type workbook struct {
	file     string
	zr       *zip.Reader
	unzip    int64 // what the parts read may unpack to, in all
	unzipped int64
	opts     Options
	styles   string // the styles part, from the workbook's relationships
}

// partMax bounds the workbook and relationships parts.
func (wb *workbook) partMax() int64 {
	if wb.opts.MaxXMLSize > 0 {
		return min(wb.opts.MaxXMLSize, maxPart)
	}
	return maxPart
}

// part finds a part of the zip by name (part names are case-insensitive).
func (wb *workbook) part(name string) *zip.File {
	name = strings.TrimPrefix(name, "/")
	for _, f := range wb.zr.File {
		if f.Name == name {
			return f
		}
	}
	for _, f := range wb.zr.File {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

// tooLarge is a bound passed while reading a part.
type tooLarge string

func (e tooLarge) Error() string { return string(e) }

// damaged is the file error of a part that cannot be read.
func (wb *workbook) damaged(part string, row int, err error) error {
	if errors.Is(err, errTokenTooLarge) {
		return &FileError{File: wb.file, Row: row, Err: reason(ErrTooLarge, "%s holds a value of more than %d characters, more than a cell holds", part, MaxCellChars)}
	}
	var tl tooLarge
	if errors.As(err, &tl) {
		return &FileError{File: wb.file, Row: row, Err: reason(ErrTooLarge, "%s: %s", part, tl)}
	}
	msg := err.Error()
	if len(msg) > 200 {
		msg = clip(msg[:200]) + "…"
	}
	return &FileError{File: wb.file, Row: row, Err: reason(ErrDamaged, "%s: %s", part, msg)}
}

// open opens a part for reading, within the bounds on unpacking; max bounds
// this part alone (0: none but the workbook's).
func (wb *workbook) open(f *zip.File, what string, max int64) (*partReader, error) {
	declared := int64(f.UncompressedSize64)
	if declared < 0 || max > 0 && declared > max || wb.unzipped+declared > wb.unzip {
		limit := wb.unzip
		if max > 0 {
			limit = min(max, limit)
		}
		return nil, &FileError{File: wb.file, Err: reason(ErrTooLarge, "%s (%s) unpacks to %d bytes, more than the %d it may", what, f.Name, declared, limit)}
	}
	wb.unzipped += declared
	rc, err := f.Open()
	if err != nil {
		return nil, wb.damaged(what+" ("+f.Name+")", 0, err)
	}
	p := &partReader{rc: rc, name: what + " (" + f.Name + ")", wb: wb}
	p.lim = &tokenLimit{r: rc}
	p.dec = xml.NewDecoder(p.lim)
	return p, nil
}

// partReader reads one part's XML a token at a time, checking that it is
// well formed, nests at most maxDepth deep and holds no token longer than a
// cell may be; at the end of the XML it reads the zip entry to its end, so
// that its size and checksum are checked.
type partReader struct {
	rc    io.ReadCloser
	lim   *tokenLimit
	dec   *xml.Decoder
	name  string
	wb    *workbook
	depth int
	done  bool
}

// token returns the next token; io.EOF once the part has been read whole
// and found sound.
func (p *partReader) token() (xml.Token, error) {
	if p.done {
		return nil, io.EOF
	}
	p.lim.reset()
	tok, err := p.dec.Token()
	if err == io.EOF {
		p.done = true
		// The XML ended: the entry must end here too, at its declared
		// size and checksum.
		p.lim.off = true
		if _, err := io.Copy(io.Discard, p.rc); err != nil {
			return nil, err
		}
		if p.depth != 0 {
			return nil, errors.New("the XML is cut off")
		}
		return nil, io.EOF
	}
	if err != nil {
		return nil, err
	}
	switch tok.(type) {
	case xml.StartElement:
		p.depth++
		if p.depth > maxDepth {
			return nil, fmt.Errorf("its elements nest more than %d deep", maxDepth)
		}
	case xml.EndElement:
		p.depth--
	}
	return tok, nil
}

// rest reads the part to its end.
func (p *partReader) rest() error {
	for {
		if _, err := p.token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func (p *partReader) Close() error { return p.rc.Close() }

// errTokenTooLarge is an XML token longer than any cell may be.
var errTokenTooLarge = errors.New("a token is too large")

// tokenLimit bounds what the XML decoder may read for one token (reset
// before each): a cell of a gigabyte is not read into memory.
type tokenLimit struct {
	r    io.Reader
	left int
	off  bool
}

// tokenBytes is the most a token may take: a cell's characters at 4 bytes
// each, and the decoder's read-ahead.
const tokenBytes = 4*MaxCellChars + 64<<10

func (l *tokenLimit) reset() { l.left = tokenBytes }

func (l *tokenLimit) Read(b []byte) (int, error) {
	if l.off {
		return l.r.Read(b)
	}
	if l.left <= 0 {
		return 0, errTokenTooLarge
	}
	if len(b) > l.left {
		b = b[:l.left]
	}
	n, err := l.r.Read(b)
	l.left -= n
	return n, err
}

// scan reads a small part (what names it in messages) whole, giving each
// token to fn; a part the workbook does not have is (false, nil), a damaged
// one stops the file.
func (wb *workbook) scan(name, what string, fn func(xml.Token)) (bool, error) {
	f := wb.part(name)
	if f == nil {
		return false, nil
	}
	p, err := wb.open(f, what, wb.partMax())
	if err != nil {
		return false, err
	}
	defer p.Close()
	for {
		tok, err := p.token()
		if err == io.EOF {
			return true, nil
		}
		if err != nil {
			return false, wb.damaged(p.name, 0, err)
		}
		fn(tok)
	}
}

// rels reads a relationships part: id → (type, target resolved against base).
func (wb *workbook) rels(name, base string) (map[string][2]string, error) {
	out := map[string][2]string{}
	found, err := wb.scan(name, "the relationships", func(tok xml.Token) {
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			var id, typ, target, mode string
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "Id":
					id = a.Value
				case "Type":
					typ = a.Value
				case "Target":
					target = a.Value
				case "TargetMode":
					mode = a.Value
				}
			}
			if mode == "External" {
				return
			}
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(target, "/")
			} else {
				target = path.Join(base, target)
			}
			out[id] = [2]string{typ, target}
		}
	})
	if !found || err != nil {
		return nil, err
	}
	return out, nil
}

// findSheet finds the sheet named name (the first when name is ""), its
// part and the shared strings part.
func (wb *workbook) findSheet(name string) (sheet, sheetPart, sstPart string, err error) {
	book := "xl/workbook.xml"
	root, err := wb.rels("_rels/.rels", "")
	if err != nil {
		return "", "", "", err
	}
	for _, r := range root {
		if strings.HasSuffix(r[0], "/officeDocument") {
			book = r[1]
		}
	}
	f := wb.part(book)
	if f == nil {
		return "", "", "", &FileError{File: wb.file, Err: reason(ErrFormat, "it is not a workbook: it has no %s", clip(book))}
	}
	dir, base := path.Split(book)
	rels, err := wb.rels(dir+"_rels/"+base+".rels", strings.TrimSuffix(dir, "/"))
	if err != nil {
		return "", "", "", err
	}
	p, err := wb.open(f, "the workbook", wb.partMax())
	if err != nil {
		return "", "", "", err
	}
	defer p.Close()
	var names, ids []string
	for {
		tok, err := p.token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", "", "", wb.damaged(p.name, 0, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "sheet" {
			var n, id string
			for _, a := range se.Attr {
				switch {
				case a.Name.Local == "name":
					n = a.Value
				case a.Name.Local == "id" && a.Name.Space != "":
					id = a.Value
				}
			}
			names, ids = append(names, n), append(ids, id)
		}
	}
	for _, r := range rels {
		if strings.HasSuffix(r[0], "/sharedStrings") {
			sstPart = r[1]
		}
		if strings.HasSuffix(r[0], "/styles") {
			wb.styles = r[1]
		}
	}
	if wb.styles == "" {
		wb.styles = "xl/styles.xml"
	}
	if sstPart == "" && wb.part("xl/sharedStrings.xml") != nil {
		sstPart = "xl/sharedStrings.xml"
	}
	pick := -1
	for i, n := range names {
		if name == "" || n == name {
			pick = i
			break
		}
	}
	for i, n := range names {
		if pick < 0 && strings.EqualFold(n, name) {
			pick = i
		}
	}
	if pick < 0 {
		if name == "" {
			return "", "", "", &FileError{File: wb.file, Err: reason(ErrFormat, "it is a workbook without sheets")}
		}
		return "", "", "", &FileError{File: wb.file, Err: reason(ErrFormat, "it has no sheet %q; it has %s", clip(name), headerList(names))}
	}
	sheet = names[pick]
	rel, ok := rels[ids[pick]]
	if !ok {
		return "", "", "", &FileError{File: wb.file, Err: reason(ErrDamaged, "sheet %q has no part in the workbook's relationships", clip(sheet))}
	}
	if !strings.HasSuffix(rel[0], "/worksheet") {
		return "", "", "", &FileError{File: wb.file, Err: reason(ErrFormat, "sheet %q is not a worksheet (a chart sheet?)", clip(sheet))}
	}
	return sheet, rel[1], sstPart, nil
}

// sharedStringTable is a workbook's shared strings: one block of text and
// where each string ends in it.
type sharedStringTable struct {
	text string
	ends []uint32
}

func (s *sharedStringTable) len() int { return len(s.ends) }

func (s *sharedStringTable) at(i int) string {
	from := uint32(0)
	if i > 0 {
		from = s.ends[i-1]
	}
	return s.text[from:s.ends[i]]
}

// sharedStrings reads the shared strings part, within MaxSharedStrings and
// MaxSharedStringBytes (or opts' bounds).
func (wb *workbook) sharedStrings(name string) (*sharedStringTable, error) {
	sst := &sharedStringTable{}
	if name == "" {
		return sst, nil
	}
	f := wb.part(name)
	if f == nil {
		return sst, nil
	}
	maxCount, maxBytes := wb.opts.MaxSharedStrings, wb.opts.MaxSharedStringBytes
	if maxCount == 0 {
		maxCount = MaxSharedStrings
	}
	if maxBytes == 0 {
		maxBytes = MaxSharedStringBytes
	}
	xmlMax := wb.opts.MaxXMLSize
	if xmlMax == 0 {
		xmlMax = 256 << 20
	}
	p, err := wb.open(f, "the shared strings", xmlMax)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	var text []byte
	var si strings.Builder
	// in: inside <si>; keep: inside a <t> that is the string's (not a
	// phonetic reading's, <rPh>).
	in, keep, rph := false, false, 0
	for {
		tok, err := p.token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, wb.damaged(p.name, 0, err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "si":
				in = true
				si.Reset()
			case "rPh":
				rph++
			case "t":
				keep = in && rph == 0
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "si":
				in = false
				if len(sst.ends) == maxCount {
					return nil, &FileError{File: wb.file, Err: reason(ErrTooLarge, "%s holds more than %d strings", p.name, maxCount)}
				}
				s := unescapeOOXML(si.String())
				if len(text)+len(s) > maxBytes {
					return nil, &FileError{File: wb.file, Err: reason(ErrTooLarge, "%s holds more than %d MiB of text", p.name, maxBytes>>20)}
				}
				text = append(text, s...)
				sst.ends = append(sst.ends, uint32(len(text)))
			case "rPh":
				rph--
			case "t":
				keep = false
			}
		case xml.CharData:
			if keep {
				if si.Len()+len(el) > 4*MaxCellChars {
					return nil, &FileError{File: wb.file, Err: reason(ErrTooLarge, "%s: string %d holds more than %d characters, more than a cell holds", p.name, len(sst.ends), MaxCellChars)}
				}
				si.Write(el)
			}
		}
	}
	sst.text = string(text)
	return sst, nil
}

// openSheet opens a sheet's part for its rows.
func (wb *workbook) openSheet(sheet, name string, sst *sharedStringTable) (*sheetReader, error) {
	f := wb.part(name)
	if f == nil {
		return nil, &FileError{File: wb.file, Err: reason(ErrDamaged, "sheet %q has no part %s", clip(sheet), clip(name))}
	}
	p, err := wb.open(f, fmt.Sprintf("sheet %q", clip(sheet)), 0)
	if err != nil {
		return nil, err
	}
	return &sheetReader{p: p, sst: sst, wb: wb}, nil
}

// sheetReader gives a sheet's rows one at a time.
type sheetReader struct {
	p    *partReader
	sst  *sharedStringTable
	wb   *workbook
	row  int // the last row's number
	vals []string
	col  int // for a row's error: the column (from 1) of the cell, or 0
	err  error
	// timeStyle is, by cell format, whether it shows a time (timeStyles);
	// timeCols, by column from 0, whether the row's cell is a number so
	// formatted.
	timeStyle []bool
	timeCols  []bool
}

func (sr *sheetReader) Close() error { return sr.p.Close() }

// next returns the next row that holds a cell, with its number; a row with
// a cell that cannot be read is a *CellError, and reading goes on; a sheet
// that cannot be read further is a *FileError.
func (sr *sheetReader) next() (int, []string, error) {
	if sr.err != nil {
		return 0, nil, sr.err
	}
	row, vals, err := sr.readRow()
	if err != nil {
		if _, ok := err.(*CellError); !ok {
			if err != io.EOF {
				// the damage is in the last row read or after it
				err = sr.wb.damaged(sr.p.name, sr.row, err)
			}
			sr.err = err
		}
	}
	return row, vals, err
}

// rowOf reads a row number: digits, 1 to 1 048 576.
func rowOf(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1 && n <= 1<<20 && s[0] != '+' && s[0] != '-'
}

// cellRefRE is a cell reference: its column letters and row digits.
var cellRefRE = regexp.MustCompile(`^([A-Za-z]{1,3})([0-9]{1,7})$`)

// columnOf reads a cell reference's column, from 1 to 16 384.
func columnOf(ref string) (int, bool) {
	m := cellRefRE.FindStringSubmatch(ref)
	if m == nil {
		return 0, false
	}
	col := 0
	for _, c := range strings.ToUpper(m[1]) {
		col = col*26 + int(c-'A') + 1
	}
	return col, col <= 16384
}

// readRow reads up to the next <row> that holds a cell and returns its cells.
func (sr *sheetReader) readRow() (int, []string, error) {
	p := sr.p
	for {
		tok, err := p.token()
		if err != nil {
			return 0, nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "row" || p.depth != 3 {
			continue
		}
		num := sr.row + 1
		for _, a := range se.Attr {
			if a.Name.Local == "r" && a.Name.Space == "" {
				n, ok := rowOf(a.Value)
				if !ok {
					return 0, nil, fmt.Errorf("a row is numbered %q, not 1 to 1048576", clip(a.Value))
				}
				num = n
			}
		}
		if num <= sr.row {
			return 0, nil, fmt.Errorf("row %d comes after row %d", num, sr.row)
		}
		if num > 1<<20 {
			return 0, nil, fmt.Errorf("it has more than 1048576 rows, more than a sheet holds")
		}
		sr.row = num
		vals, err := sr.cells()
		if err != nil {
			return num, nil, err
		}
		if len(vals) > 0 {
			return num, vals, nil
		}
	}
}

// cells reads the cells of the row just opened, to its end.
func (sr *sheetReader) cells() ([]string, error) {
	p := sr.p
	sr.vals = sr.vals[:0]
	sr.timeCols = sr.timeCols[:0]
	sr.col = 0
	rowDepth := p.depth
	col, text := 0, 0
	var bad *CellError // the row's first cell that cannot be read
	fail := func(sentinel error, format string, args ...any) {
		if bad == nil {
			bad = &CellError{File: sr.wb.file, Row: sr.row, Err: reason(sentinel, format, args...)}
			sr.col = col
		}
	}
	for {
		tok, err := p.token()
		if err != nil {
			if err == io.EOF {
				err = errors.New("the XML is cut off")
			}
			return nil, err
		}
		if ee, ok := tok.(xml.EndElement); ok && p.depth < rowDepth {
			_ = ee
			if bad != nil {
				return nil, bad
			}
			return sr.vals, nil
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "c" {
			continue
		}
		var ref, typ string
		style := -1
		for _, a := range se.Attr {
			if a.Name.Space != "" {
				continue
			}
			switch a.Name.Local {
			case "r":
				ref = a.Value
			case "t":
				typ = a.Value
			case "s":
				if n, err := strconv.Atoi(a.Value); err == nil {
					style = n
				}
			}
		}
		next := col + 1
		if ref != "" {
			c, ok := columnOf(ref)
			if !ok {
				col = next
				fail(ErrFormat, "the cell reference %q is not one", clip(ref))
			} else {
				next = c
			}
		}
		if next > 16384 {
			return nil, fmt.Errorf("row %d has more than 16384 cells, more than a sheet holds", sr.row)
		}
		if next <= col && bad == nil {
			col = next
			fail(ErrFormat, "cell %s comes after a cell to its right", clip(ref))
		}
		col = next
		v, is, err := sr.cell(col)
		if err != nil {
			return nil, err
		}
		var val string
		switch typ {
		case "s":
			if v == "" {
				break
			}
			idx, err := strconv.Atoi(strings.TrimSpace(v))
			switch {
			case err != nil || idx < 0:
				fail(ErrShared, "cell %s: its shared string index %q is not a number", cellName(col, sr.row), clip(v))
			case idx >= sr.sst.len():
				fail(ErrShared, "cell %s: its shared string index %d is out of range, the workbook has %d shared strings", cellName(col, sr.row), idx, sr.sst.len())
			default:
				val = sr.sst.at(idx)
			}
		case "inlineStr":
			if is != nil {
				val = unescapeOOXML(*is)
			} else {
				val = v
			}
		default:
			val = v
		}
		if why := textOK(val); why != "" {
			fail(ErrEncoding, "cell %s %s", cellName(col, sr.row), why)
			val = ""
		}
		if len(val) > MaxCellChars && utf8.RuneCountInString(val) > MaxCellChars {
			return nil, tooLarge(fmt.Sprintf("cell %s holds more than %d characters, more than a cell holds", cellName(col, sr.row), MaxCellChars))
		}
		text += len(val)
		if text > MaxRowText {
			return nil, tooLarge(fmt.Sprintf("row %d holds more than %d MiB of text", sr.row, MaxRowText>>20))
		}
		if val == "" {
			continue
		}
		for len(sr.vals) < col-1 {
			sr.vals = append(sr.vals, "")
		}
		sr.vals = append(sr.vals, val)
		if (typ == "" || typ == "n") && style >= 0 && style < len(sr.timeStyle) && sr.timeStyle[style] {
			for len(sr.timeCols) < col-1 {
				sr.timeCols = append(sr.timeCols, false)
			}
			sr.timeCols = append(sr.timeCols, true)
		}
	}
}

// cell reads the cell just opened to its end: its value (<v>) and its
// inline string (<is>), if any.
func (sr *sheetReader) cell(col int) (v string, is *string, err error) {
	p := sr.p
	depth := p.depth
	var vb, ib strings.Builder
	inV, inT, rph, inIS := false, false, 0, false
	for {
		tok, err := p.token()
		if err != nil {
			if err == io.EOF {
				err = errors.New("the XML is cut off")
			}
			return "", nil, err
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "v":
				inV = p.depth == depth+1
			case "is":
				inIS = p.depth == depth+1
			case "rPh":
				rph++
			case "t":
				inT = inIS && rph == 0
			}
		case xml.EndElement:
			if p.depth < depth {
				if inIS || ib.Len() > 0 {
					s := ib.String()
					return vb.String(), &s, nil
				}
				return vb.String(), nil, nil
			}
			switch el.Name.Local {
			case "v":
				inV = false
			case "is":
				inIS = false
				s := ib.String()
				is = &s
			case "rPh":
				rph--
			case "t":
				inT = false
			}
		case xml.CharData:
			switch {
			case inV:
				vb.Write(el)
			case inT:
				ib.Write(el)
			default:
				continue
			}
			if vb.Len()+ib.Len() > 4*MaxCellChars {
				return "", nil, tooLarge(fmt.Sprintf("cell %s holds more than %d characters, more than a cell holds", cellName(col, sr.row), MaxCellChars))
			}
		}
	}
}

// cellName is the A1 name of a cell.
func cellName(col, row int) string {
	var b []byte
	for c := col; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	return fmt.Sprintf("%s%d", b, row)
}

// ooxmlEscape is an OOXML escape of a character XML cannot hold: _x000D_.
var ooxmlEscape = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

// unescapeOOXML reads the _xHHHH_ escapes of a shared or inline string, as
// excelize and Excel do (_x005F_ is the underscore that keeps a literal).
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return ooxmlEscape.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[2:6], 16, 32)
		if n >= 0xD800 && n <= 0xDFFF {
			return m
		}
		return string(rune(n))
	})
}

// rawNumberRE matches a number as an XLSX numeric cell stores it.
var rawNumberRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// rawNumber reads a numeric XLSX cell's stored value, rounded to the 15
// significant digits a spreadsheet shows (Excel stores 0.1 + 0.2 as
// 0.30000000000000004).
func rawNumber(v string) (decimal.Decimal, bool) {
	if !rawNumberRE.MatchString(v) {
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		return decimal.Zero, false
	}
	return round15(d), true
}

// round15 rounds d to 15 significant digits, what a workbook holds.
func round15(d decimal.Decimal) decimal.Decimal {
	if d.IsZero() {
		return d
	}
	// digits before the point
	intDigits := int32(len(d.Abs().Truncate(0).String()))
	if d.Abs().LessThan(decimal.NewFromInt(1)) {
		intDigits = 0
		for t := d.Abs(); t.LessThan(decimal.New(1, -1)); t = t.Shift(1) {
			intDigits--
		}
	}
	return d.Round(15 - intDigits)
}
