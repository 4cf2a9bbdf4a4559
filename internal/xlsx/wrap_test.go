package xlsx

import "testing"

// TestWrappedLines: text wraps word by word at the column's width; a word
// longer than a line is broken; bold text takes more room.
func TestWrappedLines(t *testing.T) {
	for _, c := range []struct {
		text  string
		width float64
		bold  bool
		want  int
	}{
		{"Punkt", 10, true, 1},
		{"", 10, false, 1},
		{"Avskrivningsår", 10, true, 2},             // 14 letters, 7 a line: broken, as the issue saw it
		{"Avskrivningsår", 20, true, 1},             // fitted: whole
		{"Bär själv efter ramväxling", 17, true, 3}, // bold is measured generously
		{"one two three four five six seven", 10, false, 4},
		{"one two three four five six seven", 40, false, 1},
		{"first\nsecond", 40, false, 2},
	} {
		if got := wrappedLines(c.text, c.width, c.bold); got != c.want {
			t.Errorf("%q in %v (bold %v): %d lines, want %d", c.text, c.width, c.bold, got, c.want)
		}
	}
}

// TestFitWidths: a column widens to its heading's longest word, to a text
// beside a filled cell and to a number as shown, never narrower than set and
// never past maxFitWidth; titles, notes, wrapped text and a text running on
// into an empty cell widen nothing.
func TestFitWidths(t *testing.T) {
	s := &Sheet{Name: "s"}
	s.Widths(5, 5, 5, 30)
	s.Row(Styled("A title far longer than any column of the sheet", StyleTitle))
	s.Row(Styled("A note far longer than any column of the sheet, too", StyleNote))
	s.Row(Styled("Avskrivningsår", StyleHeader), Styled("Id", StyleHeader), Styled("x", StyleHeader), Styled("short", StyleHeader))
	s.Row(Text("runs on into the empty cell beside it"), Cell{}, Text("Nätverksuppgradering för digitala nationella prov"), Text("x"))
	s.Row(Cell{}, Styled(int64(61243338), StyleMoney), Cell{}, Styled("wrapped text is never measured", StyleWrap))
	s.Row(Cell{}, Cell{}, Text(string(make([]rune, 200))), Text("x")) // 200 characters: capped
	s.fitWidths(0)
	want := []float64{s.fitted[0], 0, maxFitWidth, 30}
	if w := s.fitted[0]; w < 14/charsPerUnit(true) || w > 20 {
		t.Errorf("A (heading Avskrivningsår, a text running on): %v", w)
	}
	if w := s.fitted[1]; w < 11 || w > 16 {
		t.Errorf("B (61,243,338): %v", w)
	}
	if s.fitted[2] != want[2] {
		t.Errorf("C (a long text beside a filled cell): %v, want %v", s.fitted[2], want[2])
	}
	if s.fitted[3] != want[3] {
		t.Errorf("D (set 30, wrapped text): %v, want %v", s.fitted[3], want[3])
	}
}
