package input

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Field is a column a schema reads: its name, the other header names it may
// have (Swedish ones, say), and whether the column must be present.
type Field struct {
	Name     string
	Aliases  []string
	Required bool
	// Or names the field that may stand in for this one: a Required field
	// is required only when the file has no column for Or (a ticket's end,
	// or its duration).
	Or string
}

// Names returns the field names of the schema.
func (s Schema) Names() []string {
	names := make([]string, len(s))
	for i, f := range s {
		names[i] = f.Name
	}
	return names
}

// Column is where a table reads a field: the header as the file writes
// it, its column (from 0), and whether billing.columns named it
// (Configured) or a built-in name or alias matched it.
type Column struct {
	Field      string
	Header     string
	Index      int
	Configured bool
}

// Schema is the columns of one kind of input file.
type Schema []Field

// Options tune how a file is read. The zero value reads the first sheet of
// an XLSX file and times in Europe/Stockholm.
type Options struct {
	Sheet    string         // XLSX: the sheet to read; empty for the first
	Location *time.Location // where wall-clock times are; nil for Europe/Stockholm
	// MaxUnzipSize bounds what the parts of an XLSX file that are read
	// (workbook, relationships, shared strings, sheet) may unpack to, by
	// their declared sizes (default 1 GiB); the sheet is streamed.
	// MaxXMLSize bounds a part held in memory: the shared strings (default
	// 256 MiB), the workbook and relationships (at most 16 MiB).
	MaxUnzipSize, MaxXMLSize int64
	// MaxSharedStrings and MaxSharedStringBytes bound the shared strings
	// table; 0 is MaxSharedStrings and MaxSharedStringBytes.
	MaxSharedStrings, MaxSharedStringBytes int
	// Columns names, field by field, the header a file writes a field
	// under (billing.columns): it is looked for instead of the field's
	// built-in names (which still find the other fields, on top of it, in
	// the columns no configured header took), and a file without it is a
	// *FileError listing the headers the file has. ColumnsKey is how errors name where the
	// header was configured (billing.columns.support.ticket, say).
	Columns    map[string]string
	ColumnsKey string
}

// Table is an open data file whose rows are read one at a time.
type Table struct {
	File   string   // as named in the config
	Header []string // as written in the file
	// Encoding and Delimiter say how a CSV file was read.
	Encoding  string
	Delimiter rune
	columns   map[string]int // field name → column index
	used      []Column       // the fields found, in the schema's order
	fieldOf   []string       // column index → the field it holds, or ""
	loc       *time.Location
	xlsx      bool
	timeCell  func(col int) bool // XLSX: the row's cell is a number formatted as a time
	next      func() (row int, values []string, err error)
	closer    io.Closer
	rec       Record // the one Next returns
}

// Record is one data row of a Table.
type Record struct {
	Row    int // as a spreadsheet numbers it: the header is row 1
	values []string
	t      *Table
}

// Open opens the data file at path (CSV or XLSX, by its content) and finds
// the schema's columns in its header. name is how errors call the file,
// usually as the config names it.
func Open(path, name string, schema Schema, opts Options) (*Table, error) {
	f, err := OpenRegular(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &FileError{File: name, Err: errors.New("the file does not exist")}
		}
		return nil, &FileError{File: name, Err: err}
	}
	t, err := newTable(f, name, schema, opts, strings.EqualFold(filepath.Ext(path), ".xlsx"))
	if err != nil {
		f.Close()
		return nil, err
	}
	if t.closer == nil {
		t.closer = f
	} else {
		t.closer = closers{t.closer, f} // a workbook's parts are read from f as its rows are
	}
	return t, nil
}

type closers []io.Closer

func (cs closers) Close() error {
	var first error
	for _, c := range cs {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// NewTable reads a table from r; see Open.
func NewTable(r io.ReadSeeker, name string, schema Schema, opts Options) (*Table, error) {
	return newTable(r, name, schema, opts, false)
}

func newTable(r io.ReadSeeker, name string, schema Schema, opts Options, xlsxByName bool) (*Table, error) {
	t := &Table{File: name, loc: opts.Location}
	if t.loc == nil {
		loc, err := time.LoadLocation("Europe/Stockholm")
		if err != nil {
			return nil, err
		}
		t.loc = loc
	}
	magic := make([]byte, 4)
	n, _ := io.ReadFull(r, magic)
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, &FileError{File: name, Err: err}
	}
	var err error
	switch {
	case n == 4 && string(magic) == "PK\x03\x04":
		err = t.openXLSX(r, opts)
	case xlsxByName:
		return nil, &FileError{File: name, Err: reason(ErrFormat, "named .xlsx but not a workbook")}
	default:
		err = t.openCSV(r)
	}
	if err != nil {
		return nil, err
	}
	return t, t.mapColumns(schema, opts)
}

// readHeader takes the first row that is not empty as the header, and
// keeps next for the data rows. The header must be row 1: rows above it
// would shift every row number a message gives.
func (t *Table) readHeader(next func() (int, []string, error), noHeader string) error {
	for {
		row, vals, err := next()
		if err == io.EOF {
			return &FileError{File: t.File, Err: reason(ErrFormat, "%s", noHeader)}
		}
		if err != nil {
			switch e := err.(type) {
			case *FileError:
				return e
			case *CellError:
				return &FileError{File: t.File, Row: e.Row, Err: e.Err}
			}
			return &FileError{File: t.File, Err: err}
		}
		if allEmpty(vals) {
			continue
		}
		if row != 1 {
			return &FileError{File: t.File, Err: reason(ErrFormat, "the header must be the first row, it is row %d", row)}
		}
		t.Header = slices.Clone(vals) // the reader reuses vals for the next row
		t.next = next
		return nil
	}
}

// mapColumns finds each field of the schema in the header: under the
// header opts.Columns names for it, or else under its name or an alias
// in a column no configured header took. Two configured fields naming one
// column are a *FileError naming both.
func (t *Table) mapColumns(schema Schema, opts Options) error {
	index := map[string]int{}
	for i, h := range t.Header {
		k := normalize(h)
		if _, dup := index[k]; !dup && k != "" {
			index[k] = i
		}
	}
	t.columns = map[string]int{}
	t.fieldOf = make([]string, len(t.Header))
	found := func(f Field, i int, configured bool) {
		t.columns[f.Name] = i
		if t.fieldOf[i] == "" {
			t.fieldOf[i] = f.Name
		}
		t.used = append(t.used, Column{Field: f.Name, Header: strings.TrimFunc(t.Header[i], isSpace), Index: i, Configured: configured})
	}
	// The configured headers first: their columns are taken, so a
	// built-in name or alias never reads a column billing.columns gave to
	// another field, and two fields never read one column.
	key := opts.ColumnsKey
	if key == "" {
		key = "billing.columns"
	}
	taken := map[int]string{} // column → the field configured for it
	for _, f := range schema {
		h, ok := opts.Columns[f.Name]
		if !ok {
			continue
		}
		i, ok := index[normalize(h)]
		if !ok {
			return &FileError{File: t.File, Column: f.Name,
				Err: fmt.Errorf("%w %q: %s.%s names the header %q, which the file does not have (the header has %s)", ErrColumn, f.Name, key, f.Name, clip(h), headerList(t.Header))}
		}
		if other, dup := taken[i]; dup {
			return &FileError{File: t.File, Column: f.Name,
				Err: fmt.Errorf("%w: %s.%s and %s.%s both name the header %q (a column holds one field)", ErrColumnTwice, key, other, key, f.Name, clip(strings.TrimFunc(t.Header[i], isSpace)))}
		}
		taken[i] = f.Name
	}
	for _, f := range schema {
		if _, ok := opts.Columns[f.Name]; ok {
			found(f, index[normalize(opts.Columns[f.Name])], true)
			continue
		}
		for _, name := range append([]string{f.Name}, f.Aliases...) {
			i, ok := index[normalize(name)]
			if !ok {
				continue
			}
			if _, isTaken := taken[i]; isTaken {
				continue // billing.columns gave it to another field
			}
			found(f, i, false)
			break
		}
	}
	for _, f := range schema {
		if _, ok := t.columns[f.Name]; ok || !f.Required {
			continue
		}
		if _, alt := t.columns[f.Or]; f.Or != "" && alt {
			continue
		}
		or := ""
		if f.Or != "" {
			or = fmt.Sprintf(" (or %q instead)", f.Or)
		}
		return &FileError{File: t.File, Column: f.Name,
			Err: fmt.Errorf("%w %q%s, which may be headed %s (in any case, with spaces, _ or - alike; the header has %s)", ErrColumn, f.Name, or, acceptedNames(f), headerList(t.Header))}
	}
	return nil
}

// Columns returns where the table reads each field it found, in the
// schema's order: the column, its header and where the name came from.
func (t *Table) Columns() []Column { return slices.Clone(t.used) }

// acceptedNames lists the header names a field is read under, for the
// message of a missing column: "unit_price", "á-pris", … or "pris".
func acceptedNames(f Field) string {
	names := append([]string{f.Name}, f.Aliases...)
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// headerList names a header's columns for a message, each quoted to at
// most maxQuoted characters and at most 20 of them.
func headerList(h []string) string {
	const most = 20
	var names []string
	for i, n := range h {
		if i == most {
			names = append(names, fmt.Sprintf("… (%d columns)", len(h)))
			break
		}
		names = append(names, clip(strings.TrimFunc(n, isSpace)))
	}
	return strings.Join(names, ", ")
}

// columnName names column i (from 0) of the file for a CellError: the
// field it holds, or its header name.
func (t *Table) columnName(i int) string {
	if i < len(t.fieldOf) && t.fieldOf[i] != "" {
		return t.fieldOf[i]
	}
	if i < len(t.Header) {
		if h := clip(strings.TrimFunc(t.Header[i], isSpace)); h != "" {
			return h
		}
	}
	return fmt.Sprintf("%d", i+1)
}

// normalize makes a header name comparable: lower case, trimmed, with
// underscores, hyphens and spaces alike.
func normalize(h string) string {
	h = strings.ToLower(strings.TrimFunc(h, isSpace))
	return strings.NewReplacer("_", " ", "-", " ", "\u00a0", " ").Replace(h)
}

// Next returns the next data row, io.EOF after the last. A row that cannot
// be read at all returns a *CellError; reading may go on after it. Rows
// whose every cell is empty are skipped. The Record is valid until the next
// call (a million rows need not make a million Records); the strings it
// gives stay valid.
func (t *Table) Next() (*Record, error) {
	for {
		row, values, err := t.next()
		if err != nil {
			return nil, err
		}
		if allEmpty(values) {
			continue
		}
		if len(values) > len(t.Header) && !allEmpty(values[len(t.Header):]) {
			return nil, &CellError{File: t.File, Row: row, Err: reason(ErrFields, "%d fields, the header has %d", len(values), len(t.Header))}
		}
		t.rec = Record{Row: row, values: values, t: t}
		return &t.rec, nil
	}
}

// Close releases the file.
func (t *Table) Close() error {
	if t.closer != nil {
		return t.closer.Close()
	}
	return nil
}

func allEmpty(vs []string) bool {
	for _, v := range vs {
		if trim(v) != "" {
			return false
		}
	}
	return true
}

// Has reports whether the file has a column for field.
func (r *Record) Has(field string) bool { _, ok := r.t.columns[field]; return ok }

// Get returns the trimmed value of field, empty when the file has no such
// column or the row no such cell.
func (r *Record) Get(field string) string {
	i, ok := r.t.columns[field]
	if !ok || i >= len(r.values) {
		return ""
	}
	return trim(r.values[i])
}

// trim is strings.TrimFunc(s, isSpace), with the common case — no space at
// either end — decided on two bytes.
func trim(s string) string {
	if s == "" || plainByte(s[0]) && plainByte(s[len(s)-1]) {
		return s
	}
	return strings.TrimFunc(s, isSpace)
}

// plainByte reports whether c is printable ASCII other than a space: never
// part of a space at the end of a text.
func plainByte(c byte) bool { return c > ' ' && c < 0x7f }

// Column returns the header name of field as the file writes it.
func (r *Record) Column(field string) string {
	if i, ok := r.t.columns[field]; ok {
		return strings.TrimFunc(r.t.Header[i], isSpace)
	}
	return field
}

// File returns the name of the record's file.
func (r *Record) File() string { return r.t.File }

// Fail returns a *CellError for field of this row; the column is named by
// its field name (as the spec names it), whatever the header calls it.
func (r *Record) Fail(field string, err error) *CellError {
	return &CellError{File: r.t.File, Row: r.Row, Column: field, Value: r.Get(field), Err: err} // a cell holds at most MaxCellChars; Error quotes 80
}

// Text returns field, or a *CellError when it is required and empty.
func (r *Record) Text(field string, required bool) (string, *CellError) {
	v := r.Get(field)
	if v == "" && required {
		return "", r.Fail(field, ErrMissing)
	}
	return v, nil
}

// Number reads field as a number of kind; an empty optional field is
// (zero, false, nil).
func (r *Record) Number(field string, kind NumberKind, required bool) (d decimal.Decimal, ok bool, err *CellError) {
	v := r.Get(field)
	if v == "" {
		if required {
			return d, false, r.Fail(field, ErrMissing)
		}
		return d, false, nil
	}
	if r.t.xlsx {
		if x, ok := rawNumber(v); ok {
			return x, true, nil
		}
	}
	x, perr := ParseNumber(v, kind)
	if perr != nil {
		return d, false, r.Fail(field, perr)
	}
	return x, true, nil
}

// Date reads field as a day.
func (r *Record) Date(field string) (Date, *CellError) {
	v := r.Get(field)
	if r.t.xlsx {
		if t, ok := fromSerial(v); ok {
			if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 {
				return time.Time{}, r.Fail(field, reason(ErrDate, "it has a time of day"))
			}
			return t, nil
		}
	}
	d, err := ParseDate(v)
	if err != nil {
		return time.Time{}, r.Fail(field, err)
	}
	return d, nil
}

// String describes a table for messages: its file and how it was read.
func (t *Table) String() string {
	if t.xlsx {
		return fmt.Sprintf("%s (xlsx)", t.File)
	}
	return fmt.Sprintf("%s (csv, %s, delimiter %q)", t.File, t.Encoding, t.Delimiter)
}
