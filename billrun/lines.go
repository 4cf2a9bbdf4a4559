package billrun

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"memberfee/billing"
	"memberfee/chargeback"
	"memberfee/report"
)

// linesCSV is the line-detail CSV (report.LinesCSV's format) written as the
// lines are rated: each category into a part of its own, its lines in the
// order rated and then its rejected rows, put together in category order
// by copy.
type linesCSV struct {
	dir     string
	dialect report.CSVDialect
	mu      sync.Mutex // guards parts: the categories start at the same time
	parts   map[billing.Category]string
}

// newLinesCSV writes the parts, in dialect d, into a new folder inside dir.
func newLinesCSV(dir string, d report.CSVDialect) (*linesCSV, error) {
	tmp, err := os.MkdirTemp(dir, "memberfee-detail-")
	if err != nil {
		return nil, &WriteError{Err: err}
	}
	return &linesCSV{dir: tmp, dialect: d, parts: map[billing.Category]string{}}, nil
}

// part starts a category's part: chargeback.Options.Lines.
func (c *linesCSV) part(cat billing.Category) (chargeback.LineSink, error) {
	p := filepath.Join(c.dir, string(cat)+".csv")
	f, err := os.Create(p)
	if err != nil {
		return nil, &WriteError{Err: err}
	}
	c.mu.Lock()
	c.parts[cat] = p
	c.mu.Unlock()
	w := bufio.NewWriterSize(f, 256<<10)
	return &linesPart{f: f, w: w, enc: report.NewLineCSV(w, c.dialect)}, nil
}

// copy writes the CSV: its heading and every category's part.
func (c *linesCSV) copy(w io.Writer) error {
	if err := report.LinesCSVHeader(w, c.dialect); err != nil {
		return err
	}
	for _, cat := range billing.Categories {
		p, ok := c.parts[cat]
		if !ok {
			continue
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		_, err = io.Copy(w, f)
		f.Close()
		if err != nil {
			return fmt.Errorf("copying the line detail of %s: %w", cat, err)
		}
	}
	return nil
}

// remove deletes the parts.
func (c *linesCSV) remove() error { return os.RemoveAll(c.dir) }

// linesPart is one category's part of the CSV, written by that category's
// goroutine alone.
type linesPart struct {
	f        *os.File
	w        *bufio.Writer
	enc      *report.LineCSV
	rejected []billing.Line // written after the category's lines
}

func (p *linesPart) Line(l billing.Line) error {
	if l.Status == billing.Rejected {
		p.rejected = append(p.rejected, l)
		return nil
	}
	return writeErr(p.enc.Line(l))
}

func (p *linesPart) Close() error {
	var errs []error
	for _, l := range p.rejected {
		errs = append(errs, p.enc.Line(l))
	}
	p.rejected = nil
	errs = append(errs, p.enc.Flush(), p.w.Flush(), p.f.Close())
	return writeErr(errors.Join(errs...))
}
