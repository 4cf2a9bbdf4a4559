package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/klauspost/compress/flate"
)

// sortedZip is an excelize.ZipWriter that writes the entries of a workbook
// in name order ([Content_Types].xml first) with one fixed date, so that the
// same workbook always gives the same bytes; excelize itself writes
// streamed sheets in map order. excelize's parts are small: it writes each
// worksheet as a shell (page setup, columns, panes, merges) whose rows are
// spliced in on Close, when the workbook's relationships say which sheet
// each worksheet part is. Each entry is compressed into a temporary file, so
// a workbook of a million rows is not held in memory; Close then copies the
// compressed entries in order.
type sortedZip struct {
	w       io.Writer
	fills   map[string]func(io.Writer) error // a worksheet's rows, by the name of its sheet
	strings func() []byte                    // the shared strings, made once the sheets are written
	entries map[string]*zipEntry
	order   []*zipEntry   // the entries as excelize made them
	spool   *os.File      // the compressed entries, one after the other
	spoolW  *bufio.Writer // buffers the compressor's small writes to the spool
	end     int64         // bytes in spool
	err     error
}

type zipEntry struct {
	name   string
	offset int64 // of the compressed bytes in the spool
	length int64
	fw     *flate.Writer
	crc    hash.Hash32
	size   uint64 // uncompressed
	raw    []byte // what excelize wrote
}

func newSortedZip(w io.Writer) *sortedZip {
	z := &sortedZip{w: w, entries: map[string]*zipEntry{}, fills: map[string]func(io.Writer) error{}}
	z.spool, z.err = os.CreateTemp("", "memberfee-xlsx-")
	if z.err == nil {
		os.Remove(z.spool.Name()) // gone when closed
	}
	return z
}

// spoolWriter appends to the spool.
type spoolWriter struct{ z *sortedZip }

func (s spoolWriter) Write(p []byte) (int, error) {
	n, err := s.z.spool.WriteAt(p, s.z.end)
	s.z.end += int64(n)
	return n, err
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	if z.err != nil {
		return nil, z.err
	}
	e := &zipEntry{name: name, crc: crc32.NewIEEE()}
	z.entries[name] = e
	z.order = append(z.order, e)
	return e, nil
}

// Write keeps what excelize writes: its parts are small (a worksheet is
// a shell whose rows are spliced in), and each is tidied on Close.
func (e *zipEntry) Write(p []byte) (int, error) {
	e.raw = append(e.raw, p...)
	return len(p), nil
}

// compress adds p to the entry's compressed bytes.
func (e *zipEntry) compress(p []byte) (int, error) {
	e.crc.Write(p)
	e.size += uint64(len(p))
	return e.fw.Write(p)
}

// spoolEntry compresses an entry into the spool: a worksheet with the rows
// of its sheet (fill), any other part as excelize wrote it, tidied.
func (z *sortedZip) spoolEntry(e *zipEntry, fill func(io.Writer) error) error {
	// The fastest level: line sheets of a million rows are compressed in a
	// third of the time, for files about a third larger.
	if z.spoolW == nil {
		z.spoolW = bufio.NewWriterSize(spoolWriter{z}, 256<<10)
	}
	e.offset = z.end
	e.fw = newFlate(z.spoolW)
	switch {
	case fill != nil:
		if err := splice(e, fill); err != nil {
			return fmt.Errorf("%s: %w", e.name, err)
		}
	case e.name == "[Content_Types].xml" || e.name == sharedStringsPart:
		// written by Close
	default:
		raw := e.raw
		if isXMLPart(e.name) {
			raw = selfClose(raw)
		}
		e.raw = nil
		if _, err := e.compress(raw); err != nil {
			return fmt.Errorf("%s: %w", e.name, err)
		}
	}
	err := e.fw.Close()
	flates.Put(e.fw)
	e.fw = nil
	if ferr := z.spoolW.Flush(); err == nil {
		err = ferr
	}
	e.length = z.end - e.offset
	return err
}

// splice writes a worksheet excelize made as a shell (its layout, no rows
// but the first sheet's one string) with the rows of the Book's sheet in
// place of the shell's <sheetData>, and without the shell's dimension,
// which only the rows would know.
func splice(e *zipEntry, fill func(io.Writer) error) error {
	doc := string(selfClose(e.raw))
	e.raw = nil
	i := strings.Index(doc, "<sheetData")
	if i < 0 {
		return errors.New("a worksheet without <sheetData>")
	}
	j := i + len("<sheetData/>")
	if !strings.HasPrefix(doc[i:], "<sheetData/>") {
		end := strings.Index(doc[i:], "</sheetData>")
		if end < 0 {
			return errors.New("a worksheet whose <sheetData> does not end")
		}
		j = i + end + len("</sheetData>")
	}
	head := doc[:i]
	if d := strings.Index(head, "<dimension "); d >= 0 {
		rest := head[d:]
		end := strings.IndexByte(rest, '>') + 1
		if end > 1 && rest[end-2] != '/' {
			if close := strings.Index(rest, "</dimension>"); close >= 0 {
				end = close + len("</dimension>")
			} else {
				end = 0
			}
		}
		if end > 1 {
			head = head[:d] + rest[end:]
		}
	}
	w := writerFunc(e.compress)
	if _, err := io.WriteString(w, head+"<sheetData>"); err != nil {
		return err
	}
	if err := fill(w); err != nil {
		return err
	}
	_, err := io.WriteString(w, "</sheetData>"+doc[j:])
	return err
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("sortedZip: AddFS is not supported")
}

func (z *sortedZip) Close() error {
	if z.err != nil {
		return z.err
	}
	defer z.spool.Close()
	sheets, err := worksheets(z.entries)
	if err != nil {
		return err
	}
	for _, e := range z.order { // the rows in the order excelize made the shells
		var fill func(io.Writer) error
		if sheet, ok := sheets[e.name]; ok {
			if fill = z.fills[sheet]; fill == nil {
				return fmt.Errorf("%s: the worksheet of sheet %q, which the book does not have", e.name, sheet)
			}
			delete(z.fills, sheet) // each sheet's rows are written once
		}
		if err := z.spoolEntry(e, fill); err != nil {
			return err
		}
	}
	if len(z.fills) > 0 {
		return fmt.Errorf("the rows of %d sheets were not written: excelize wrote no worksheet for them", len(z.fills))
	}
	names := make([]string, 0, len(z.entries))
	for n := range z.entries {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == "[Content_Types].xml") != (names[j] == "[Content_Types].xml") {
			return names[i] == "[Content_Types].xml"
		}
		return names[i] < names[j]
	})
	zw := zip.NewWriter(z.w)
	for _, n := range names {
		e := z.entries[n]
		if e.name == sharedStringsPart || e.name == "[Content_Types].xml" {
			var data []byte
			var err error
			if e.name == sharedStringsPart && z.strings != nil {
				data = z.strings() // the rows' table, not the shell's
			} else if e.name == sharedStringsPart {
				data = e.raw
			} else if data, err = sortContentTypes(e.raw); err != nil {
				return err
			} else {
				data = selfClose(data)
			}
			sorted := data
			w, err := zw.CreateHeader(dated(&zip.FileHeader{Name: n, Method: zip.Deflate}))
			if err != nil {
				return err
			}
			if _, err := w.Write(sorted); err != nil {
				return err
			}
			continue
		}
		w, err := zw.CreateRaw(dated(&zip.FileHeader{Name: n, Method: zip.Deflate, CRC32: e.crc.Sum32(),
			CompressedSize64: uint64(e.length), UncompressedSize64: e.size}))
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, io.NewSectionReader(z.spool, e.offset, e.length)); err != nil {
			return err
		}
	}
	return zw.Close()
}

// The MS-DOS date and time of every entry: 1980-01-01 00:00, the first a
// zip can hold (day 1 of month 1 of 1980; all zeros would be the invalid
// 1980-00-00). A fixed date keeps the bytes the same run to run.
const (
	zipDate = 1<<5 | 1
	zipTime = 0
)

// dated gives an entry the fixed date. The DOS fields are set directly:
// CreateRaw ignores Modified, and CreateHeader would add an extended
// timestamp besides.
func dated(h *zip.FileHeader) *zip.FileHeader {
	h.ModifiedDate, h.ModifiedTime = zipDate, zipTime //nolint:staticcheck // the DOS fields are what a zip holds
	return h
}

// flates keeps compressors for reuse: each holds tables of some hundred
// kilobytes, and a chargeback run compresses over a thousand entries.
var flates sync.Pool

// newFlate returns a compressor at the fastest level writing to w.
func newFlate(w io.Writer) *flate.Writer {
	if fw, ok := flates.Get().(*flate.Writer); ok {
		fw.Reset(w)
		return fw
	}
	fw, _ := flate.NewWriter(w, flate.BestSpeed) // cannot fail for a valid level
	return fw
}

// sharedStringsPart is the workbook's table of shared strings.
const sharedStringsPart = "xl/sharedStrings.xml"

// contentTypes is [Content_Types].xml, whose entries excelize writes in map
// order.
type contentTypes struct {
	XMLName   xml.Name          `xml:"http://schemas.openxmlformats.org/package/2006/content-types Types"`
	Defaults  []contentDefault  `xml:"Default"`
	Overrides []contentOverride `xml:"Override"`
}

type contentDefault struct {
	Extension   string `xml:"Extension,attr"`
	ContentType string `xml:"ContentType,attr"`
}

type contentOverride struct {
	PartName    string `xml:"PartName,attr"`
	ContentType string `xml:"ContentType,attr"`
}

// sortContentTypes puts the entries of [Content_Types].xml in a fixed order.
func sortContentTypes(data []byte) ([]byte, error) {
	var ct contentTypes
	if err := xml.Unmarshal(data, &ct); err != nil {
		return nil, err
	}
	sort.Slice(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	sort.Slice(ct.Overrides, func(i, j int) bool { return ct.Overrides[i].PartName < ct.Overrides[j].PartName })
	out, err := xml.Marshal(ct)
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

// isXMLPart reports whether a part of the package is XML.
func isXMLPart(name string) bool {
	return strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels")
}

// selfClose writes every element without content as an empty-element tag:
// <a:sysClr val="window"/>, not <a:sysClr val="window"></a:sysClr>, which
// encoding/xml (and so excelize) writes. The two mean the same in XML, but
// strict readers know OOXML by its usual form: SheetJS with WTF set
// rejects the theme's </a:sysClr> ("Unrecognized </a:sysClr> in
// clrScheme"). Text in XML holds no '<' unescaped, so every '<' starts a
// tag.
func selfClose(doc []byte) []byte {
	out := doc[:0:0]
	last := 0 // doc[:last] is in out
	for i := 0; ; {
		k := bytes.Index(doc[i:], []byte("></"))
		if k < 0 {
			break
		}
		k += i // doc[k] is the start tag's '>'
		i = k + 1
		end := bytes.IndexByte(doc[k+3:], '>')
		if end < 0 {
			break
		}
		name := doc[k+3 : k+3+end]
		open := bytes.LastIndexByte(doc[last:k], '<')
		if open < 0 {
			continue
		}
		open += last
		tag := doc[open+1 : k]
		if !bytes.HasPrefix(tag, name) || len(tag) > len(name) && !isXMLSpace(tag[len(name)]) {
			continue
		}
		out = append(out, doc[last:k]...)
		out = append(out, '/', '>')
		last = k + 3 + end + 1
		i = last
	}
	if last == 0 {
		return doc
	}
	return append(out, doc[last:]...)
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
