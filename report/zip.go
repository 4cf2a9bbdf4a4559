package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"sort"
)

// sortedZip is an excelize.ZipWriter that writes the entries of a workbook
// in name order ([Content_Types].xml first) with no timestamps, so that the
// same workbook always gives the same bytes. excelize itself writes streamed
// sheets in map order.
type sortedZip struct {
	w       io.Writer
	entries map[string]*bytes.Buffer
}

func newSortedZip(w io.Writer) *sortedZip {
	return &sortedZip{w: w, entries: map[string]*bytes.Buffer{}}
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	b := &bytes.Buffer{}
	z.entries[name] = b
	return b, nil
}

func (z *sortedZip) AddFS(fs.FS) error {
	return errors.New("sortedZip: AddFS is not supported")
}

func (z *sortedZip) Close() error {
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
	if ct, ok := z.entries["[Content_Types].xml"]; ok {
		sorted, err := sortContentTypes(ct.Bytes())
		if err != nil {
			return err
		}
		z.entries["[Content_Types].xml"] = bytes.NewBuffer(sorted)
	}
	zw := zip.NewWriter(z.w)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := w.Write(z.entries[n].Bytes()); err != nil {
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
