package report

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"sort"
)

// sortedZip is an excelize.ZipWriter that writes the entries of a workbook
// in name order ([Content_Types].xml first) with no timestamps, so that the
// same workbook always gives the same bytes; excelize itself writes
// streamed sheets in map order. Each entry is compressed as it arrives and
// only the compressed bytes are held until Close.
type sortedZip struct {
	w       io.Writer
	entries map[string]*zipEntry
	open    *zipEntry
}

type zipEntry struct {
	name string
	buf  bytes.Buffer // compressed
	fw   *flate.Writer
	crc  hash.Hash32
	size uint64 // uncompressed
	raw  []byte // [Content_Types].xml, kept uncompressed to be sorted
}

func newSortedZip(w io.Writer) *sortedZip {
	return &sortedZip{w: w, entries: map[string]*zipEntry{}}
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	e := &zipEntry{name: name, crc: crc32.NewIEEE()}
	// The fastest level: line sheets of a million rows are compressed in a
	// third of the time, for files about a third larger.
	fw, err := flate.NewWriter(&e.buf, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	e.fw = fw
	z.entries[name], z.open = e, e
	return e, nil
}

func (e *zipEntry) Write(p []byte) (int, error) {
	if e.name == "[Content_Types].xml" {
		e.raw = append(e.raw, p...)
		return len(p), nil
	}
	e.crc.Write(p)
	e.size += uint64(len(p))
	return e.fw.Write(p)
}

// finish closes the entry being written.
func (z *sortedZip) finish() error {
	if z.open == nil {
		return nil
	}
	err := z.open.fw.Close()
	z.open = nil
	return err
}

func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("sortedZip: AddFS is not supported")
}

func (z *sortedZip) Close() error {
	if err := z.finish(); err != nil {
		return err
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
		if e.raw != nil {
			sorted, err := sortContentTypes(e.raw)
			if err != nil {
				return err
			}
			w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate})
			if err != nil {
				return err
			}
			if _, err := w.Write(sorted); err != nil {
				return err
			}
			continue
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: n, Method: zip.Deflate, CRC32: e.crc.Sum32(),
			CompressedSize64: uint64(e.buf.Len()), UncompressedSize64: e.size})
		if err != nil {
			return err
		}
		if _, err := w.Write(e.buf.Bytes()); err != nil {
			return err
		}
	}
	return zw.Close()
}

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
