package chargeback

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"time"

	"memberfee/billing"
)

// Spill keeps the rated lines of a period on disk instead of in memory: one
// file per category, and one per member and category, in the order the
// lines were rated (the record format is in codec.go). It gives them back
// one category at a time (it implements report.Lines), so a period of a
// million rows is written in bounded memory. Rejected and outside lines are
// not spilled; they stay in the summary. It only stores and replays lines: the
// line-detail CSV is a sink of its own (Options.Lines).
type Spill struct {
	dir    string
	prefix string // of the files' names: a shard's category
	files  map[spillKey]*spillFile
	counts map[string]map[billing.Category]*[2]int // member, "" for all → category → charged, included
	enc    lineEncoder
	rec    []byte

	// maxIncluded, when set, is how many included input rows of a
	// category are kept: a category with more is listed in the workbooks
	// by its charged lines only (billing.Workbook), so the rest are counted
	// and not spilled.
	maxIncluded *int
	included    map[billing.Category]int  // included input rows seen
	dropped     map[billing.Category]bool // categories whose included lines were not all kept

	last [2]spillTarget // the last line's: of all members, of its member
}

// SpillError is a failure to write the spilled lines (a full disk): a
// failure of the run's writing, not of its inputs.
type SpillError struct {
	Dir string // the spill's folder
	Err error
}

func (e *SpillError) Error() string { return "writing the lines in " + e.Dir + ": " + e.Err.Error() }

func (e *SpillError) Unwrap() error { return e.Err }

// spillErr wraps a failure of the spill in dir.
func spillErr(dir string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*SpillError); ok {
		return err
	}
	return &SpillError{Dir: dir, Err: err}
}

type spillFile struct {
	path string
	f    *os.File
	w    *bufio.Writer
}

// NewSpill spills into a new folder memberfee-lines-NNN inside dir
// (os.TempDir() when empty; bill gives its output folder's staging area,
// which goes with the run, see internal/outdir), keeping at most
// maxIncluded included rows per category when it is not nil. Its failures
// to write are *SpillError.
func NewSpill(dir string, maxIncluded *int) (*Spill, error) {
	d, err := os.MkdirTemp(dir, "memberfee-lines-")
	if err != nil {
		return nil, spillErr(dir, err)
	}
	return &Spill{dir: d, files: map[spillKey]*spillFile{}, counts: map[string]map[billing.Category]*[2]int{},
		maxIncluded: maxIncluded, included: map[billing.Category]int{}, dropped: map[billing.Category]bool{}}, nil
}

func (s *Spill) file(key spillKey) (*spillFile, error) {
	if sf, ok := s.files[key]; ok {
		return sf, nil
	}
	p := filepath.Join(s.dir, fmt.Sprintf("%s%d.lines", s.prefix, len(s.files)))
	f, err := os.Create(p)
	if err != nil {
		return nil, err
	}
	size := 64 << 10 // a large board has hundreds of files open: 64 KiB each
	if key.member == "" {
		size = 256 << 10 // a category's file of all members: one per category
	}
	w := bufio.NewWriterSize(f, size)
	sf := &spillFile{path: p, f: f, w: w}
	s.files[key] = sf
	return sf, nil
}

// add spills a charged or included line.
func (s *Spill) add(l billing.Line) error { return spillErr(s.dir, s.add1(l)) }

func (s *Spill) add1(l billing.Line) error {
	status, keep := 0, true
	if l.Status == billing.Included {
		status = 1
		if !l.Derived && s.maxIncluded != nil {
			s.included[l.Category]++
			if s.included[l.Category] > *s.maxIncluded {
				keep = false
				s.dropped[l.Category] = true
			}
		}
	}
	var rec []byte
	if keep {
		var err error
		if rec, err = s.enc.encode(s.rec[:0], &l); err != nil {
			return err
		}
		s.rec = rec
	}
	for j, m := range [2]string{"", l.Member} {
		// Lines come member by member more often than not: the last
		// target of each kind is at hand without hashing.
		t := &s.last[j]
		if key := (spillKey{m, l.Category}); t.count == nil || t.key != key {
			*t = spillTarget{key: key, count: s.count(key)}
		}
		if keep {
			if t.file == nil {
				var err error
				if t.file, err = s.file(t.key); err != nil {
					return err
				}
			}
			if _, err := t.file.w.Write(rec); err != nil {
				return err
			}
		}
		t.count[status]++
	}
	return nil
}

// spillTarget is where a line of a member (or of all members) and a
// category goes: its file, once a line is kept, and its counts.
type spillTarget struct {
	key   spillKey
	file  *spillFile
	count *[2]int
}

// count returns the charged and included counts of key.
func (s *Spill) count(key spillKey) *[2]int {
	if s.counts[key.member] == nil {
		s.counts[key.member] = map[billing.Category]*[2]int{}
	}
	k := s.counts[key.member][key.category]
	if k == nil {
		k = new([2]int)
		s.counts[key.member][key.category] = k
	}
	return k
}

// shard returns a Spill that writes into the same folder, for one
// goroutine to spill one category's lines.
func (s *Spill) shard(category string) *Spill {
	return &Spill{dir: s.dir, prefix: category + "-", files: map[spillKey]*spillFile{}, counts: map[string]map[billing.Category]*[2]int{},
		maxIncluded: s.maxIncluded, included: map[billing.Category]int{}, dropped: map[billing.Category]bool{}}
}

// absorb takes over the files and counts of a finished shard, whose
// category s does not have yet.
func (s *Spill) absorb(o *Spill) {
	for k, f := range o.files {
		s.files[k] = f
	}
	for c := range o.dropped {
		if s.dropped == nil {
			s.dropped = map[billing.Category]bool{}
		}
		s.dropped[c] = true
	}
	for m, cats := range o.counts {
		if s.counts[m] == nil {
			s.counts[m] = map[billing.Category]*[2]int{}
		}
		for c, k := range cats {
			s.counts[m][c] = k
		}
	}
}

// finish writes out what is buffered; the lines can be read after it.
func (s *Spill) finish() error {
	var errs []error
	for _, sf := range s.files {
		errs = append(errs, sf.w.Flush(), sf.f.Close())
	}
	return spillErr(s.dir, errors.Join(errs...))
}

// Count returns the number of a category's selected lines, for a member or
// all ("").
func (s *Spill) Count(member string, c billing.Category, sel billing.Selection) int {
	k := s.counts[member][c]
	if k == nil {
		return 0
	}
	if sel == billing.ChargedOnly {
		return k[0]
	}
	return k[0] + k[1]
}

// Each calls fn with a category's selected lines, for a member or all (""),
// in the order they were rated. It may be called from several goroutines.
func (s *Spill) Each(member string, c billing.Category, sel billing.Selection, fn func(billing.Line) error) error {
	if sel != billing.ChargedOnly && s.dropped[c] {
		return fmt.Errorf("the included lines of %s were counted, not kept: list its charged lines only", c)
	}
	sf, ok := s.files[spillKey{member, c}]
	if !ok {
		return nil
	}
	f, err := os.Open(sf.path)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := newLineDecoder(f)
	for {
		var l billing.Line
		if err := dec.next(&l, sel == billing.ChargedOnly); err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("reading the spilled lines of %s: %w", sf.path, err)
		}
		if err := fn(l); err != nil {
			return err
		}
	}
}

// Sorted calls fn with the lines Each gives, in the line sheets' order
// (billing.CompareSheetOrder). A member's lines of a category are read into
// memory and sorted; all members' ("") are each member's in turn, by id,
// so that no more than one member's lines are held at a time.
func (s *Spill) Sorted(member string, c billing.Category, sel billing.Selection, fn func(billing.Line) error) error {
	if member != "" {
		return billing.SortLines(func(keep func(billing.Line) error) error { return s.Each(member, c, sel, keep) }, fn)
	}
	var members []string
	for m := range s.counts {
		if m != "" {
			members = append(members, m)
		}
	}
	slices.Sort(members)
	for _, m := range members {
		if err := s.Sorted(m, c, sel, fn); err != nil {
			return err
		}
	}
	return nil
}

// spillKey names a spill file: a member's lines of a category, or all
// members' ("").
type spillKey struct {
	member   string
	category billing.Category
}

// Remove deletes the spilled lines.
func (s *Spill) Remove() error { return os.RemoveAll(s.dir) }

// Names of a spill's folder and files (and the "detail" files that spills
// held when the line detail was written in them, as the killed runs of
// those versions left it).
var (
	spillDirName  = regexp.MustCompile(`^memberfee-lines-[0-9]+$`)
	spillFileName = regexp.MustCompile(`^([a-z]+-)?([0-9]+\.lines|detail)$`)
)

// RemoveStale removes the spill folders that killed runs of memberfee left
// in dir when spills went to the system's temporary folder (before they
// moved into the output folder's staging area, whose lock makes cleaning
// it safe). No lock covers dir, so a folder is taken for stale only when
// its name and every file in it are a spill's and none has changed for
// age: a live run writes its spill within seconds. It returns how many
// folders it removed and their bytes.
func RemoveStale(dir string, age time.Duration) (n int, freed int64) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, 0
	}
	cutoff := time.Now().Add(-age)
next:
	for _, e := range entries {
		if !e.IsDir() || !spillDirName.MatchString(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		info, err := e.Info()
		if err != nil || info.ModTime().After(cutoff) {
			continue
		}
		files, err := os.ReadDir(p)
		if err != nil {
			continue
		}
		var size int64
		for _, f := range files {
			fi, err := f.Info()
			if err != nil || !f.Type().IsRegular() || !spillFileName.MatchString(f.Name()) || fi.ModTime().After(cutoff) {
				continue next
			}
			size += fi.Size()
		}
		if os.RemoveAll(p) == nil {
			n++
			freed += size
		}
	}
	return n, freed
}
