package report

import (
	"archive/zip"
	"bytes"
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
