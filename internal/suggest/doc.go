// Package suggest finds what a mistyped name was probably meant to be (the
// "did you mean" of a config key, a clause id or a category): the known
// names nearest by edit distance (optimal string alignment: Levenshtein
// plus swaps of neighbouring runes, over runes, case folded).
package suggest
