package billing

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"memberfee/internal/field"
	"memberfee/internal/quote"
)

// memberIndex resolves a row's member cell, the way offices write it
// (medlemskommun): by its id (kommunkod), by its name in any case, and
// then by its name case-folded and without the word "kommun" (with the
// genitive s Swedish names take before it: "Lidköpings kommun" is
// Lidköping), first with its diacritics ("Granås kommun" is Granås, though
// Granas folds to it too), then without them ("Lidkoping" is Lidköping).
// Each step is tried only where the one
// before found nothing, and a step that finds more than one member finds
// no member: the row is rejected naming them all (ErrAmbiguousMember).
type memberIndex struct {
	ids    map[string]string   // id → id
	lower  map[string][]string // lower-case name → ids
	kept   map[string][]string // folded name with its diacritics → ids
	folded map[string][]string // folded name → ids
	names  map[string]string   // id → name
}

func newMemberIndex(members []Member) memberIndex {
	x := memberIndex{ids: map[string]string{}, lower: map[string][]string{}, kept: map[string][]string{}, folded: map[string][]string{}, names: map[string]string{}}
	for _, m := range members {
		x.ids[m.ID] = m.ID
		x.names[m.ID] = m.Name
		x.lower[strings.ToLower(m.Name)] = appendNew(x.lower[strings.ToLower(m.Name)], m.ID)
		k, _ := foldKommun(m.Name, true)
		x.kept[k] = appendNew(x.kept[k], m.ID)
		f := foldName(m.Name)
		x.folded[f] = appendNew(x.folded[f], m.ID)
	}
	return x
}

func appendNew(ids []string, id string) []string {
	if slices.Contains(ids, id) {
		return ids
	}
	return append(ids, id)
}

// lookup returns the ids the cell s may name: one when it names a member,
// several when it could be any of them, none when it names no member.
func (x memberIndex) lookup(s string) []string {
	if id, ok := x.ids[s]; ok {
		return []string{id}
	}
	if ids := x.lower[strings.ToLower(s)]; len(ids) > 0 {
		return ids
	}
	if id, ok := x.ids[strings.TrimSpace(s)]; ok {
		return []string{id}
	}
	if ids := x.foldedStep(x.kept, s, true); len(ids) == 1 {
		return ids
	}
	return x.foldedStep(x.folded, s, false)
}

// foldedStep looks s up, folded (with its diacritics or without), in
// index: the name itself, else, before "kommun", without its genitive s.
func (x memberIndex) foldedStep(index map[string][]string, s string, keepMarks bool) []string {
	f, kommun := foldKommun(s, keepMarks)
	if f == "" {
		return nil
	}
	ids := index[f]
	if kommun && len(ids) == 0 && strings.HasSuffix(f, "s") {
		ids = index[strings.TrimSuffix(f, "s")] // Lidköpings kommun
	}
	return ids
}

// candidates names the members ids stands for, "Skara (1495), Skåra
// (1496)", for the reason a row is rejected.
func (x memberIndex) candidates(ids []string) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("%s (%s)", x.names[id], id)
	}
	return strings.Join(parts, ", ")
}

// stripMarks returns a transformer that takes the diacritics off: ö → o,
// å → a, é → e. A transform.Chain keeps state between calls: each use
// needs its own (the raters of a period, and the web view's drafts, fold
// names at once).
func stripMarks() transform.Transformer {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}

// foldName is a name as the folded step compares it: without diacritics,
// case-folded, its words joined by single spaces and the word "kommun"
// left out.
func foldName(s string) string {
	f, _ := foldKommun(s, false)
	return f
}

// foldKommun folds s as foldName does, keeping its diacritics if
// keepMarks, and says whether it held the word "kommun".
func foldKommun(s string, keepMarks bool) (string, bool) {
	plain := norm.NFC.String(s) // å typed as a and a ring is å
	if !keepMarks {
		if p, _, err := transform.String(stripMarks(), s); err == nil {
			plain = p
		}
	}
	plain = cases.Fold().String(plain)
	words := strings.Fields(plain)
	kept := words[:0]
	kommun := false
	for _, w := range words {
		if w == "kommun" {
			kommun = true
			continue
		}
		kept = append(kept, w)
	}
	return strings.Join(kept, " "), kommun
}

// ValidateMembers lists the members whose name is another member's id (in
// any case, with spaces around it): a cell holding it names that member by
// its id, never this one, so {id: "1860", name: "1882"} beside a member
// 1882 is refused, naming both, each a *field.Error at members[i].name.
func ValidateMembers(members []Member) []error {
	ids := make(map[string]int, len(members))
	for i, m := range members {
		if _, dup := ids[strings.ToLower(m.ID)]; !dup && m.ID != "" {
			ids[strings.ToLower(m.ID)] = i
		}
	}
	var errs []error
	for i, m := range members {
		j, ok := ids[strings.ToLower(strings.TrimSpace(m.Name))]
		if !ok || members[j].ID == m.ID {
			continue
		}
		o := members[j]
		errs = append(errs, &field.Error{Path: fmt.Sprintf("members[%d].name", i), Value: quote.Value(m.Name),
			Err: fmt.Errorf("%w (members[%d].id, %s): a member cell %s would name %s (%s), never this member (%s); give it its own name",
				field.ErrNameIsID, j, o.Name, quote.Value(strings.TrimSpace(m.Name)), o.Name, o.ID, m.ID)})
	}
	return errs
}

// Members resolves member cells as the rules do, for the readers of other
// inputs (the client register, clause 2.1).
type Members struct{ x memberIndex }

// NewMembers prepares the matching of members' cells.
func NewMembers(members []Member) Members { return Members{newMemberIndex(members)} }

// Lookup returns the ids the cell s may name: one when it names a member
// (by id, by name, by its folded name), several when it could be any of
// them, none when it names no member.
func (m Members) Lookup(s string) []string { return m.x.lookup(s) }
