// Package quote shortens the values that error messages show: a message
// quotes at most Max characters of a value, so a 200 MB line or a 4 MiB
// config value is named, not echoed.
//
//	quote.Value("Skärm 27")                → "Skärm 27"
//	quote.Value(strings.Repeat("x", 1000)) → "xx…(80 x)…xx"… (1 000 characters)
//	quote.Cut(strings.Repeat("9", 301))    → 99…(80 digits)…99… (301 characters)
//
// It is a leaf package: any package may use it.
package quote

import (
	"strconv"
	"unicode/utf8"
)

// Max is the number of characters of a value a message shows.
const Max = 80

// Value returns s quoted as %q does; a value longer than Max characters is
// cut to its first Max, followed by "…" and its length:
// "abc…" (12 345 characters).
func Value(s string) string {
	head, n, cut := prefix(s)
	if !cut {
		return strconv.Quote(s)
	}
	return strconv.Quote(head) + "… (" + group(n) + " characters)"
}

// Cut returns s as it is when it has at most Max characters, else its first
// Max characters followed by "… (N characters)". For values that a message
// shows unquoted (numbers, key paths).
func Cut(s string) string {
	head, n, cut := prefix(s)
	if !cut {
		return s
	}
	return head + "… (" + group(n) + " characters)"
}

// prefix returns the first Max characters of s, the number of characters
// of s (counted only when it is cut), and whether it was cut. Invalid UTF-8
// counts one character per byte.
func prefix(s string) (head string, n int, cut bool) {
	i, chars := 0, 0
	for i < len(s) && chars < Max {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		chars++
	}
	if i == len(s) {
		return s, chars, false
	}
	return s[:i], utf8.RuneCountInString(s), true
}

// group writes n with a space between groups of three digits, as the
// messages write figures (12 345).
func group(n int) string {
	s := strconv.Itoa(n)
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ' ')
		}
		out = append(out, s[i])
	}
	return string(out)
}
