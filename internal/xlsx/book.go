package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Style names a cell style of a Book.
type Style int

// The styles of a workbook. Number formats are written US-style, as the
// file format wants; the reader's locale shows them Swedish (1 234 567).
const (
	StyleNone        Style = iota
	StyleTitle             // a sheet's title
	StyleNote              // an explanatory line
	StyleHeader            // a column heading
	StyleText              // ordinary text
	StyleMoney             // an amount in the rounding unit (#,##0)
	StyleMoney2            // an amount to the öre (#,##0.00)
	StyleExact             // an exact intermediate figure (#,##0.0000)
	StyleInt               // a count (#,##0)
	StyleShare             // a key share, as a percentage (27.45%)
	StylePercent           // a percentage (0.00%)
	StyleFactor            // an index factor (0.000000)
	StyleTotalText         // the label of a totals row
	StyleTotalMoney        // a total in the rounding unit
	StyleTotalMoney2       // a total to the öre
	StyleTotalInt          // a total count
	StyleTotalShare        // a total of shares
	StyleCheck             // a reconciliation check (OK or the difference)
	StyleDate              // a day (yyyy-mm-dd)
	StyleWrap              // text that wraps
	StyleNumber            // a number as it is (General)
	StyleShareExact        // a key share in the working, to 4 decimals of a percent (27.4508%)
	StyleNoteWrap          // a note longer than the sheet is wide, wrapped across it (set by the writer)
	styleCount
)

// Cell is one cell to write: a value, or a formula with its cached value.
// A formula's cached value must be what the formula computes: it is shown
// by readers that do not recalculate. The zero Cell is an empty cell;
// Cell{Style: st} is an empty cell with a style.
//
// A cell keeps its value typed, whichever constructor made it (Styled and
// Formula take the value as an any and unbox it once): the encoder has one
// path per kind of value, and a line sheet's million cells box nothing.
type Cell struct {
	Style   Style
	kind    cellKind
	formula string   // a formula's text, "" for a value
	parts   []string // or a RowFormula's text around its row numbers
	text    string   // text, shared text; the Go type of an invalid value
	num     decimal.Decimal
	day     time.Time
	n       int64 // a whole number; a bool as 0 or 1
}

// cellKind says what value a Cell holds, and in which field.
type cellKind uint8

const (
	kindNone     cellKind = iota // no value
	kindText                     // text
	kindLabel                    // text, shared
	kindNumber                   // num
	kindRational                 // num: a rational rounded to MaxDigits digits
	kindDay                      // day
	kindInt                      // n
	kindBool                     // n
	kindInvalid                  // text names a type no cell holds
)

// Sheet collects the rows of one worksheet.
type Sheet struct {
	Name    string
	rows    [][]Cell
	widths  []float64
	charts  []chartAt
	count   int             // rows so far, held and streamed
	streams map[int]stream  // streamed runs, by the index of the held row they precede
	freeze  int             // rows to keep in view when scrolling, 0 for none
	onePage bool            // print on one page, height and width
	fitted  []float64       // the widths written: widths, widened to the held cells (fitWidths)
	spans   map[int]float64 // by held row: the width a wrapped note spans (wrapNotes)
	merges  [][2]string
}

type chartAt struct {
	cell  string
	chart *excelize.Chart
}

// Book is a workbook being assembled; Bytes writes it.
type Book struct {
	Title   string
	created time.Time // the document's creation time; a fixed date when zero
	places  int32     // decimals of StyleMoney
	sheets  []*Sheet
}

// NewBook starts a workbook whose money is shown with places decimals.
func NewBook(title string, places int32) *Book { return &Book{Title: title, places: places} }

// SetCreated sets the document's creation time (its properties' Created
// and Modified); without it they hold a fixed date, 2000-01-01.
func (b *Book) SetCreated(t time.Time) { b.created = t }

// Order puts the sheets in the order of names; a sheet not named is left
// out.
func (b *Book) Order(names ...string) {
	out := make([]*Sheet, 0, len(b.sheets))
	for _, n := range names {
		for _, s := range b.sheets {
			if s.Name == n {
				out = append(out, s)
			}
		}
	}
	b.sheets = out
}

// Sheet adds a worksheet.
func (b *Book) Sheet(name string) *Sheet {
	s := &Sheet{Name: name}
	b.sheets = append(b.sheets, s)
	return s
}

// Row appends a row and returns its number (the first row is 1).
func (s *Sheet) Row(cells ...Cell) int {
	s.rows = append(s.rows, cells)
	s.count++
	return s.count
}

// Set replaces the cells of an earlier row added with Row.
func (s *Sheet) Set(row int, cells ...Cell) {
	for i, r := 0, 0; i < len(s.rows); i++ {
		if st, ok := s.streams[i]; ok {
			r += st.n
		}
		r++
		if r == row {
			s.rows[i] = cells
			return
		}
	}
	panic(fmt.Sprintf("xlsx: row %d of %s is not a row added with Row", row, s.Name))
}

// Stream reserves n rows that fill emits while the workbook is written,
// instead of holding them: for sheets of hundreds of thousands of lines.
// Rows added after it follow the n rows. fill must emit exactly n rows.
func (s *Sheet) Stream(n int, fill func(emit func(cells ...Cell) error) error) {
	if s.streams == nil {
		s.streams = map[int]stream{}
	}
	s.streams[len(s.rows)] = stream{n: n, fill: fill} // before the next buffered row
	s.count += n
}

// stream is a run of rows written by a function, not held.
type stream struct {
	n    int
	fill func(emit func(cells ...Cell) error) error
}

// Next returns the number the next row will have.
func (s *Sheet) Next() int { return s.count + 1 }

// Blank appends an empty row.
func (s *Sheet) Blank() { s.Row() }

// Widths sets the widths of the columns from A on.
func (s *Sheet) Widths(w ...float64) { s.widths = w }

// Freeze keeps the first n rows in view.
func (s *Sheet) Freeze(n int) { s.freeze = n }

// OnePage makes the sheet print on one A4 page (a summary for the board).
func (s *Sheet) OnePage() { s.onePage = true }

// Merge merges a range of cells, e.g. "A1", "F1".
func (s *Sheet) Merge(from, to string) { s.merges = append(s.merges, [2]string{from, to}) }

// Chart places a chart with its top-left corner at cell. Its texts (title,
// legend, axes, data labels) are dark unless the chart sets their font: a
// reader's default is a pale grey that a printed page barely shows; its
// values' axis groups thousands unless it sets a format.
func (s *Sheet) Chart(cell string, c *excelize.Chart) {
	readable(c)
	s.charts = append(s.charts, chartAt{cell, c})
}

// chartText is the colour of a chart's texts.
const chartText = "1F1F1F"

// readable gives a chart's texts a dark font where it sets none.
func readable(c *excelize.Chart) {
	dark := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Color: chartText, Size: size, Bold: bold, Family: "Calibri"}
	}
	if c.Title.Font == nil {
		c.Title.Font = dark(13, true)
	}
	for i := range c.Title.Paragraph {
		if c.Title.Paragraph[i].Font == nil {
			c.Title.Paragraph[i].Font = dark(13, true)
		}
	}
	if c.Legend.Font == nil {
		c.Legend.Font = dark(10, false)
	}
	for _, ax := range []*excelize.ChartAxis{&c.XAxis, &c.YAxis} {
		if ax.Font == (excelize.Font{}) {
			ax.Font = *dark(10, false)
		}
	}
	if c.YAxis.NumFmt.CustomNumFmt == "" {
		c.YAxis.NumFmt.CustomNumFmt = "#,##0" // 600 000, not 600000
	}
	for i := range c.Series {
		if c.Series[i].DataLabel.Font == (excelize.Font{}) {
			c.Series[i].DataLabel.Font = *dark(10, true)
		}
	}
}

// Ref returns the A1 reference of a column (1 = A) and row, e.g. "C7".
func Ref(col, row int) string {
	r, _ := excelize.CoordinatesToCellName(col, row)
	return r
}

// AbsRef returns the absolute reference of a column and row, e.g. "$C$7".
func AbsRef(col, row int) string {
	r, _ := excelize.CoordinatesToCellName(col, row, true)
	return r
}

// Col returns a column's letters (1 = A).
func Col(col int) string {
	n, _ := excelize.ColumnNumberToName(col)
	return n
}

// On returns a reference qualified with a sheet name: 'Fördelning'!C7.
func On(sheet, ref string) string {
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!" + ref
}

// Text is a text cell. Text is never a formula, whatever it starts with.
func Text(s string) Cell { return Cell{kind: kindText, text: s, Style: StyleText} }

// Number is a decimal number cell with a style.
func Number(d decimal.Decimal, st Style) Cell { return Cell{kind: kindNumber, num: d, Style: st} }

// Day is a date (or time) cell with a style.
func Day(t time.Time, st Style) Cell { return Cell{kind: kindDay, day: t, Style: st} }

// Int is a whole number cell with a style.
func Int(n int64, st Style) Cell { return Cell{kind: kindInt, n: n, Style: st} }

// RowFormula is a formula cell whose text is parts joined by the number of
// the row it is written on (parts "ROUND(G", "*I", ",2)" on row 5 give
// ROUND(G5*I5,2)), so that the formula of a line sheet's column is made
// once, not once a row; cached is its value.
func RowFormula(parts []string, cached decimal.Decimal, st Style) Cell {
	return Cell{kind: kindNumber, parts: parts, num: cached, Style: st}
}

// Styled is a value cell with a style: v is a string, int, int64,
// decimal.Decimal, *big.Rat (written to MaxDigits significant digits),
// time.Time, bool or nil (an empty cell). Another type is an error when
// the workbook is written.
func Styled(v any, st Style) Cell {
	switch x := v.(type) {
	case nil:
		return Cell{Style: st}
	case string:
		return Cell{kind: kindText, text: x, Style: st}
	case int:
		return Int(int64(x), st)
	case int64:
		return Int(x, st)
	case decimal.Decimal:
		return Number(x, st)
	case *big.Rat:
		return Cell{kind: kindRational, num: significant(x), Style: st}
	case time.Time:
		return Day(x, st)
	case bool:
		n := int64(0)
		if x {
			n = 1
		}
		return Cell{kind: kindBool, n: n, Style: st}
	}
	return Cell{kind: kindInvalid, text: fmt.Sprintf("%T", v), Style: st}
}

// Formula is a formula cell with the engine's value as its cached value,
// any value Styled takes; nil caches none.
func Formula(f string, cached any, st Style) Cell {
	c := Styled(cached, st)
	c.formula = f
	return c
}

// textValue returns a cell's text (or a formula's cached text), if it has
// one.
func (c Cell) textValue() (string, bool) {
	return c.text, c.kind == kindText || c.kind == kindLabel
}

// Bytes writes the workbook into memory.
func (b *Book) Bytes() ([]byte, error) {
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write writes the workbook to out as it is made, without holding it.
// excelize makes each sheet's shell (page setup, columns, panes, merges,
// charts); the rows themselves are encoded by a rowEncoder straight into
// the zip entry of that shell, which the zip writer finds by the
// workbook's relationships (parts.go).
func (b *Book) Write(out io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	// The zip goes straight to out: excelize's own buffer stays empty.
	z := newSortedZip(out)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return z })
	shared := newSharedStrings()
	z.strings = shared.xml
	styles, err := b.styles(f)
	if err != nil {
		return err
	}
	// No clock: the same result gives the same bytes unless a time is given.
	created := "2000-01-01T00:00:00Z"
	if !b.created.IsZero() {
		created = b.created.UTC().Format(time.RFC3339)
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: b.Title, Creator: "memberfee", Created: created, Modified: created, Language: "sv-SE",
	}); err != nil {
		return err
	}
	for i, s := range b.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			return fmt.Errorf("sheet %s: %w", s.Name, err)
		}
		if err := b.shell(f, s); err != nil {
			return fmt.Errorf("sheet %s: %w", s.Name, err)
		}
		if i == 0 {
			// A string in a shell makes excelize write the shared strings
			// part (and its relationship); the zip writer puts the rows'
			// table in its place.
			if err := f.SetCellStr(s.Name, "B1", "memberfee"); err != nil {
				return err
			}
		}
		z.fills[s.Name] = func(w io.Writer) error {
			if err := b.writeRows(w, s, &styles, shared); err != nil {
				return fmt.Errorf("sheet %s: %w", s.Name, err)
			}
			return nil
		}
	}
	_, err = f.WriteToBuffer()
	return err
}

// shell lays out a sheet with excelize, without its rows.
func (b *Book) shell(f *excelize.File, s *Sheet) error {
	if err := b.pageSetup(f, s.Name, s.onePage); err != nil {
		return err
	}
	s.fitWidths(b.places)
	s.wrapNotes()
	for i, w := range s.fitted {
		if i >= len(s.widths) && w == defaultWidth {
			continue // a column left at the default
		}
		if err := f.SetColWidth(s.Name, Col(i+1), Col(i+1), w); err != nil {
			return err
		}
	}
	if s.freeze > 0 {
		// The column headings, the frozen rows' last, head every printed page.
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: s.Name,
			RefersTo: On(s.Name, fmt.Sprintf("$%d:$%d", s.freeze, s.freeze))}); err != nil {
			return err
		}
		if err := f.SetPanes(s.Name, &excelize.Panes{Freeze: true, YSplit: s.freeze,
			TopLeftCell: Ref(1, s.freeze+1), ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: Ref(1, s.freeze+1), ActiveCell: Ref(1, s.freeze+1), Pane: "bottomLeft"}}}); err != nil {
			return err
		}
	}
	for _, m := range s.merges {
		if err := f.MergeCell(s.Name, m[0], m[1]); err != nil {
			return err
		}
	}
	for _, c := range s.charts {
		if err := f.AddChart(s.Name, c.cell, c.chart); err != nil {
			return err
		}
	}
	return nil
}

// writeRows encodes a sheet's rows, held and streamed, in order.
func (b *Book) writeRows(w io.Writer, s *Sheet, styles *[styleCount]int, shared *sharedStrings) error {
	e := &rowEncoder{w: w, styles: styles, shared: shared, buf: make([]byte, 0, flushAt+4096)}
	write := func(cells ...Cell) error { return e.encodeRow(s.rowHeight(e.row+1, cells), cells) }
	streamAt := func(i int) error {
		st, ok := s.streams[i]
		if !ok {
			return nil
		}
		start := e.row
		if err := st.fill(write); err != nil {
			return err
		}
		if e.row-start != st.n {
			return fmt.Errorf("%d rows streamed, %d reserved", e.row-start, st.n)
		}
		return nil
	}
	for i, cells := range s.rows {
		if err := streamAt(i); err != nil {
			return err
		}
		if span, ok := s.spans[i]; ok {
			text, _ := cells[0].textValue()
			if err := e.encodeRow(float64(wrappedLines(text, span, false))*13+3, cells); err != nil {
				return err
			}
			continue
		}
		if err := write(cells...); err != nil {
			return err
		}
	}
	if err := streamAt(len(s.rows)); err != nil {
		return err
	}
	return e.flush()
}

// MaxDigits is the number of significant digits a spreadsheet number holds
// exactly.
const MaxDigits = 15

// significant rounds a rational to MaxDigits significant digits.
func significant(r *big.Rat) decimal.Decimal {
	if r.Sign() == 0 {
		return decimal.Zero
	}
	d := decimal.NewFromBigRat(r, 30)
	intDigits := len(d.Abs().Truncate(0).String())
	if d.Abs().LessThan(decimal.NewFromInt(1)) {
		// leading zeros after the point do not count
		lead := 0
		for t := d.Abs(); t.LessThan(decimal.New(1, -1)); t = t.Shift(1) {
			lead++
		}
		return decimal.NewFromBigRat(r, int32(MaxDigits+lead))
	}
	return decimal.NewFromBigRat(r, int32(max(0, MaxDigits-intDigits)))
}

// pageSetup makes a sheet print on A4 landscape, all columns on one page
// width, with the title and sheet in the header and page numbers in the
// footer. Each sheet's pages are numbered from 1 and without a total: a
// spreadsheet's total is the whole workbook's pages, so the summary printed
// alone (--pdf) would say "1 / 9".
func (b *Book) pageSetup(f *excelize.File, sheet string, onePage bool) error {
	height := 0
	if onePage {
		height = 1
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: ptr(9), Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(height),
		FirstPageNumber: ptr(uint(1)),
	}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return err
	}
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: ptr(0.5), Right: ptr(0.5), Top: ptr(0.75), Bottom: ptr(0.75), Header: ptr(0.3), Footer: ptr(0.3),
	}); err != nil {
		return err
	}
	title := strings.ReplaceAll(b.Title, "&", "&&")
	return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + title + "&R&A",
		OddFooter: "&Lmemberfee&R&A &P",
	})
}

// rowHeight returns the height a row with wrapped text needs (headings and
// StyleWrap cells), estimated by wrapping the text's words at the column's
// width, or 0 for the default height.
func (s *Sheet) rowHeight(row int, cells []Cell) float64 {
	lines, title := 0, false
	for i, c := range cells {
		title = title || c.Style == StyleTitle
		if c.Style != StyleHeader && c.Style != StyleWrap {
			continue
		}
		text, ok := c.textValue()
		if !ok {
			continue
		}
		n := wrappedLines(text, s.spanWidth(i+1, row), c.Style == StyleHeader)
		if c.Style == StyleHeader && n < 2 {
			n = 2 // headings keep room for a second line
		}
		lines = max(lines, n)
	}
	if lines <= 1 {
		if title {
			return titleHeight // a 14-point title in a row of the default 15 points is cut at the top
		}
		return 0
	}
	return float64(lines)*14.5 + 2
}

// titleHeight is the height of a row holding a title.
const titleHeight = 19

// spanWidth is the width of the cell at col and row: its column's, or the
// merged range's that starts there.
func (s *Sheet) spanWidth(col, row int) float64 {
	for _, m := range s.merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m[0])
		c2, r2, err2 := excelize.CellNameToCoordinates(m[1])
		if err1 != nil || err2 != nil || c1 != col || r1 != row || r2 != r1 {
			continue
		}
		w := 0.0
		for c := c1; c <= c2; c++ {
			w += s.width(c)
		}
		return w
	}
	return s.width(col)
}

// width returns a column's width (1 = A) as it is written: set with Widths,
// widened to what its held cells need (fitWidths), 9 by default.
func (s *Sheet) width(col int) float64 {
	if col <= len(s.fitted) {
		return s.fitted[col-1]
	}
	if col <= len(s.widths) {
		return s.widths[col-1]
	}
	return defaultWidth
}

// charsPerUnit is how many characters of Calibri 11 a unit of column width
// holds, measured generously: a width counts the digit 0; ordinary text is
// a little narrower in Excel and LibreOffice but as wide in Gnumeric's
// font, bold text wider. A row measured generously has room to spare; one
// measured short cuts its last line off.
func charsPerUnit(bold bool) float64 {
	if bold {
		return 0.85
	}
	return 1.0
}

// fitCharsPerUnit is charsPerUnit for a column fitted to a text on one line,
// which may fill it to the edge.
func fitCharsPerUnit(bold bool) float64 {
	if bold {
		return 0.85
	}
	return 1.15
}

// wrappedLines is the number of lines text takes wrapped word by word in a
// column width wide; a word longer than a line is broken, as a spreadsheet
// breaks it.
func wrappedLines(text string, width float64, bold bool) int {
	perLine := max(1, int(width*charsPerUnit(bold))-1) // a cell's padding
	lines := 0
	for _, para := range strings.Split(text, "\n") {
		lines++
		used := 0
		for _, word := range strings.Fields(para) {
			n := utf8.RuneCountInString(word)
			switch {
			case used == 0:
				used = n
			case used+1+n <= perLine:
				used += 1 + n
			default:
				lines++
				used = n
			}
			for used > perLine { // a word longer than the line
				lines++
				used -= perLine
			}
		}
	}
	return lines
}

// Widths a fitted column is kept within: a longer text wraps or is cut
// where it is wider still.
const (
	maxFitWidth  = 60.0
	defaultWidth = 9.0 // a column's width when none is set
)

// fitWidths widens each column to what its held cells need, never
// narrower than Widths set it: a heading's longest word (so that no word
// is broken), a text beside a filled cell (a text beside an empty cell
// runs on into it), a number as its format shows it. Titles, notes and
// wrapping cells do not widen a column; streamed rows are not seen (a line
// sheet's widths are set).
func (s *Sheet) fitWidths(places int32) {
	need := append([]float64(nil), s.widths...)
	grow := func(col int, w float64) {
		for len(need) < col {
			need = append(need, defaultWidth)
		}
		need[col-1] = max(need[col-1], min(w, maxFitWidth))
	}
	cols := s.usedColumns()
	for _, row := range s.rows {
		for i, c := range row {
			// A text runs on into an empty cell beside it, but not past the
			// table's last column: the page ends there.
			bounded := i+1 < len(row) && !row[i+1].empty() || i+1 == cols && cols > 1
			if w := cellWidth(c, places, bounded); w > 0 {
				grow(i+1, w)
			}
		}
	}
	s.fitted = need
}

// wrapNotes wraps each note (a row of one StyleNote cell) that is longer
// than the sheet's columns are wide across them, merged, so that it does not
// run off the printed page.
func (s *Sheet) wrapNotes() {
	cols := s.usedColumns()
	if cols < 2 {
		return
	}
	total := 0.0
	for c := 1; c <= cols; c++ {
		total += s.width(c)
	}
	for i, row := range s.rows {
		if len(row) == 0 || row[0].Style != StyleNote {
			continue
		}
		text, ok := row[0].textValue()
		alone := ok
		for _, c := range row[1:] {
			alone = alone && c.empty()
		}
		if !alone || float64(utf8.RuneCountInString(text)) <= total*charsPerUnit(false)*1.1 { // notes are smaller
			continue
		}
		n := s.heldRow(i)
		row = append([]Cell(nil), row...)
		row[0].Style = StyleNoteWrap
		s.rows[i] = row
		s.merges = append(s.merges, [2]string{Ref(1, n), Ref(cols, n)})
		if s.spans == nil {
			s.spans = map[int]float64{}
		}
		s.spans[i] = total * 1.1
	}
}

// usedColumns is the number of the last column a held row fills.
func (s *Sheet) usedColumns() int {
	cols := 0
	for _, row := range s.rows {
		for i := len(row) - 1; i >= 0; i-- {
			if !row[i].empty() {
				cols = max(cols, i+1)
				break
			}
		}
	}
	return cols
}

// heldRow is the number of the i-th held row, counting the streamed rows
// before it.
func (s *Sheet) heldRow(i int) int {
	n := i + 1
	for at, st := range s.streams {
		if at <= i {
			n += st.n
		}
	}
	return n
}

// empty says whether a cell shows nothing.
func (c Cell) empty() bool {
	if t, ok := c.textValue(); ok {
		return t == ""
	}
	return c.kind == kindNone
}

// cellWidth is the width a held cell needs, 0 when it asks for none.
func cellWidth(c Cell, places int32, filledRight bool) float64 {
	runes := func(t string, bold bool) float64 {
		return float64(utf8.RuneCountInString(t))/fitCharsPerUnit(bold) + 1.5
	}
	switch c.Style {
	case StyleTitle, StyleNote, StyleWrap:
		return 0
	case StyleHeader:
		t, _ := c.textValue()
		longest := 0
		for _, w := range strings.Fields(t) {
			longest = max(longest, utf8.RuneCountInString(w))
		}
		if longest == 0 {
			return 0
		}
		return float64(longest)/charsPerUnit(true) + 1.5
	}
	bold := c.Style == StyleTotalText || c.Style == StyleTotalMoney || c.Style == StyleTotalMoney2 ||
		c.Style == StyleTotalInt || c.Style == StyleTotalShare || c.Style == StyleCheck
	if t, ok := c.textValue(); ok {
		if !filledRight || t == "" {
			return 0
		}
		return runes(t, bold)
	}
	var digits string
	switch c.kind {
	case kindNumber, kindRational:
		digits = c.num.Truncate(0).Abs().String()
	case kindInt:
		digits = fmt.Sprint(c.n)
	case kindDay:
		return 11
	default:
		return 0
	}
	n := len(digits) + (len(digits)-1)/3 + 1 // thousands separators, a sign
	switch c.Style {
	case StyleMoney, StyleTotalMoney:
		if places > 0 {
			n += 1 + int(places)
		}
	case StyleMoney2, StyleTotalMoney2:
		n += 3
	case StyleExact, StyleShare, StyleFactor, StyleTotalShare:
		n += 7
	case StylePercent:
		n += 5
	}
	w := float64(n) + 1.5
	if bold {
		w += 1
	}
	return w
}
