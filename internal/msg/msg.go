package msg

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/internal/numtext"
)

// Kind is what a value in a text is, and so how each language writes it.
type Kind uint8

// The kinds of value.
const (
	Plain    Kind = iota // as it is: an id, a date, a quoted cell value, a file name
	Duration             // canonical: Go's time.Duration text ("3h2m0s")
	Exact                // canonical: a decimal as given ("31.5", "-3.5")
	Word                 // canonical: an English word of Words ("monitoring", "first")
	List                 // canonical: "A, B or C"
	Nested               // canonical: another text of the catalogue (a reader's detail)
)

// Entry is one text of the catalogue: its key (the stable machine code, the
// JSON's reason_code), its canonical form and its Swedish and English forms,
// each with {0} … {n} where its values go, and the kind of each value.
type Entry struct {
	Key    string
	Canon  string
	SV, EN string
	Kinds  []Kind

	canonT, svT, enT template
	index            int // its place in Entries: the first that matches wins
}

// template is a form split at its holes.
type template struct {
	lits  []string
	holes []int
}

func parseTemplate(s string) template {
	var t template
	for {
		i := strings.IndexByte(s, '{')
		j := strings.IndexByte(s[max(i, 0):], '}') + max(i, 0)
		if i < 0 || j <= i {
			t.lits = append(t.lits, s)
			return t
		}
		n, err := strconv.Atoi(s[i+1 : j])
		if err != nil {
			t.lits = append(t.lits, s)
			return t
		}
		t.lits = append(t.lits, s[:i])
		t.holes = append(t.holes, n)
		s = s[j+1:]
	}
}

func (t template) fill(vals []string) string {
	var b strings.Builder
	for i, l := range t.lits {
		b.WriteString(l)
		if i < len(t.holes) && t.holes[i] < len(vals) {
			b.WriteString(vals[t.holes[i]])
		}
	}
	return b.String()
}

// byKey indexes the catalogue.
var byKey = map[string]*Entry{}

// byLast indexes the entries whose canonical form ends in a literal by that
// literal's last byte; endsInValue are the others. A text is tried only
// against the entries it can be (a line sheet renders millions).
var (
	byLast      [256][]*Entry
	endsInValue []*Entry
)

func init() {
	all := append(Entries, readerEntries()...)
	Entries = all
	for i := range Entries {
		e := &Entries[i]
		e.canonT, e.svT, e.enT, e.index = parseTemplate(e.Canon), parseTemplate(e.SV), parseTemplate(e.EN), i
		if last := e.canonT.lits[len(e.canonT.lits)-1]; last != "" {
			byLast[last[len(last)-1]] = append(byLast[last[len(last)-1]], e)
		} else {
			endsInValue = append(endsInValue, e)
		}
		if _, ok := byKey[e.Key]; !ok {
			byKey[e.Key] = e // a reader's key is its form alone
		}
	}
}

// Lookup returns the entry of a key.
func Lookup(key string) (*Entry, bool) {
	e, ok := byKey[key]
	return e, ok
}

// Canon is the canonical text of key with its values, each already in its
// canonical form (a duration's String, a decimal's String). An unknown key
// panics: the keys are the program's own, and a test makes each.
func Canon(key string, vals ...string) string {
	e, ok := byKey[key]
	if !ok {
		panic("msg: no text " + key)
	}
	return e.canonT.fill(vals)
}

// In is the text of key with its canonical values in the language ("sv" or
// "en").
func In(lang, key string, vals ...string) string {
	e, ok := byKey[key]
	if !ok {
		panic("msg: no text " + key)
	}
	return e.render(lang, vals)
}

func (e *Entry) kind(i int) Kind {
	if i < len(e.Kinds) {
		return e.Kinds[i]
	}
	return Plain
}

func (e *Entry) render(lang string, vals []string) string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = value(lang, e.kind(i), v)
	}
	if lang == "en" {
		return e.enT.fill(out)
	}
	return e.svT.fill(out)
}

// value writes a canonical value in the language; one that does not read
// as its kind is written as it is.
func value(lang string, k Kind, v string) string {
	f := numtext.Of(lang)
	switch k {
	case Duration:
		if d, err := time.ParseDuration(v); err == nil {
			return f.Duration(d)
		}
	case Exact:
		if d, err := decimal.NewFromString(v); err == nil && !strings.ContainsAny(v, "eE") {
			return f.Exact(d)
		}
	case Word:
		return WordIn(lang, v)
	case List:
		if lang != "en" {
			if i := strings.LastIndex(v, " or "); i >= 0 {
				return v[:i] + " eller " + v[i+4:]
			}
		}
	case Nested:
		return Render(v, lang)
	}
	return v
}

// Parse finds the entry whose canonical form text is, and the values in it.
// Entries are tried in the catalogue's order.
func Parse(text string) (*Entry, []string, bool) {
	if text == "" {
		return nil, nil, false
	}
	var found *Entry
	var vals []string
	try := func(es []*Entry) {
		for _, e := range es {
			if found != nil && found.index < e.index {
				return
			}
			if v, ok := e.match(text); ok {
				found, vals = e, v
				return
			}
		}
	}
	try(byLast[text[len(text)-1]])
	try(endsInValue)
	return found, vals, found != nil
}

// match reads text as the entry's canonical form: its literal parts in
// order, each value the shortest that lets the next part follow, and each
// value one of its kind.
func (e *Entry) match(text string) ([]string, bool) {
	t := e.canonT
	n := len(t.lits)
	if n == 1 {
		return nil, text == t.lits[0]
	}
	if !strings.HasPrefix(text, t.lits[0]) || len(text) < len(t.lits[0])+len(t.lits[n-1]) || !strings.HasSuffix(text, t.lits[n-1]) {
		return nil, false
	}
	vals := make([]string, 0, len(t.holes))
	rest := text[len(t.lits[0]) : len(text)-len(t.lits[n-1])]
	for i := 1; i < n-1; i++ {
		j := strings.Index(rest, t.lits[i])
		if j < 0 {
			return nil, false
		}
		vals = append(vals, rest[:j])
		rest = rest[j+len(t.lits[i]):]
	}
	vals = append(vals, rest)
	ordered := make([]string, len(vals))
	for i, h := range t.holes {
		if h >= len(ordered) || !fits(e.kind(h), vals[i]) {
			return nil, false
		}
		ordered[h] = vals[i]
	}
	return ordered, true
}

// fits reports whether v reads as a canonical value of kind k.
func fits(k Kind, v string) bool {
	switch k {
	case Duration:
		_, err := time.ParseDuration(v)
		return err == nil
	case Exact:
		_, err := decimal.NewFromString(v)
		return err == nil
	case Word:
		_, ok := Words[v]
		return ok
	}
	return v != "" || k == Plain
}

// Render writes a canonical text in the language ("sv" or "en"): the
// entry it matches, or, for texts joined by "; " (a reason and its note)
// where each part matches one, each part; a text no entry matches is as it
// is.
func Render(text, lang string) string {
	if text == "" {
		return ""
	}
	if strings.Contains(text, "; ") {
		if parts, ok := renderParts(text, lang); ok {
			return parts
		}
	}
	if e, vals, ok := Parse(text); ok {
		return e.render(lang, vals)
	}
	return text
}

// renderParts renders each of the "; "-joined parts of text, if each
// matches an entry.
func renderParts(text, lang string) (string, bool) {
	parts := strings.Split(text, "; ")
	for i, p := range parts {
		e, vals, ok := Parse(p)
		if !ok {
			return "", false
		}
		parts[i] = e.render(lang, vals)
	}
	return strings.Join(parts, "; "), true
}

// Code is the key of the entry a canonical text matches ("" for none): the
// stable machine code of a reason.
func Code(text string) string {
	if first, _, ok := strings.Cut(text, "; "); ok {
		if _, ok := renderParts(text, "en"); ok {
			text = first
		}
	}
	if e, _, ok := Parse(text); ok {
		return e.Key
	}
	return ""
}

// WordIn is a word of Words in the language; a word not there is as it is.
func WordIn(lang, w string) string { return Words.in(lang, w) }

// UnitIn is a line's unit (canonically Swedish, as the lines carry it) in
// the language.
func UnitIn(lang, u string) string { return Units.in(lang, u) }

// Pair is a word in Swedish and English.
type Pair struct{ SV, EN string }

// Dictionary is words by their canonical form.
type Dictionary map[string]Pair

// in is a word in the language; a word not in d is as it is.
func (d Dictionary) in(lang, w string) string {
	t, ok := d[w]
	switch {
	case !ok:
		return w
	case lang == "en":
		return t.EN
	}
	return t.SV
}
