package suggest

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Distance is the optimal string alignment (restricted Damerau-Levenshtein)
// distance of a and b over runes: the fewest insertions, deletions,
// substitutions and swaps of two neighbouring runes ("form" for "from")
// that turn one into the other, no rune edited twice.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	// Three rows: the one two back is what a swap reaches.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// MaxLength is the longest name compared: a longer one is nobody's typo,
// and the distance costs the product of the lengths.
const MaxLength = 100

// Closest returns the known names nearest to name, in the order known lists
// them: those at the smallest distance, if that distance is at most a third
// of name's length (at least 1, at most 3), compared without case, and at
// most MaxSuggestions of them. A known name that begins with name (a
// cut-off key) counts too. None when name is empty, too long or far from
// everything.
func Closest(name string, known []string) []string {
	if name == "" || utf8.RuneCountInString(name) > MaxLength {
		return nil
	}
	n := strings.ToLower(name)
	limit := min(max(utf8.RuneCountInString(name)/3, 1), 3)
	best, out := limit, []string(nil)
	for _, k := range known {
		if k == "" || k == name || utf8.RuneCountInString(k) > MaxLength || slices.Contains(out, k) {
			continue
		}
		lk := strings.ToLower(k)
		d := Distance(n, lk)
		if d > limit && len(n) >= 3 && strings.HasPrefix(lk, n) {
			d = limit
		}
		switch {
		case d > limit:
		case d < best:
			best, out = d, []string{k}
		case d == best:
			out = append(out, k)
		}
	}
	if len(out) > MaxSuggestions {
		return nil // near to so many, it says nothing
	}
	return out
}

// MaxSuggestions is the most names Closest returns: a name as near to more
// (a two-character clause id among dozens) is no typo of any one of them.
const MaxSuggestions = 3

// Phrase is the "did you mean" of name among known: " (did you mean year?)",
// " (did you mean 5.1 or 5.1.1?)", or "" when nothing is near.
func Phrase(name string, known []string) string {
	c := Closest(name, known)
	switch len(c) {
	case 0:
		return ""
	case 1:
		return " (did you mean " + c[0] + "?)"
	}
	return " (did you mean " + strings.Join(c[:len(c)-1], ", ") + " or " + c[len(c)-1] + "?)"
}
