package msg

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// holes lists the value indexes a form uses, sorted.
func holes(s string) []string {
	h := regexp.MustCompile(`\{\d+\}`).FindAllString(s, -1)
	slices.Sort(h)
	return slices.Compact(h)
}

// TestCatalogue: every entry has a key and both languages, each language
// uses exactly the canonical form's values, and no two entries share a
// canonical form.
func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range Entries {
		if e.Key == "" || e.Canon == "" || e.SV == "" || e.EN == "" {
			t.Errorf("%q: a key, a canonical form, Swedish and English are all needed: %+v", e.Key, e)
		}
		if seen[e.Canon] {
			t.Errorf("%q: canonical form %q twice", e.Key, e.Canon)
		}
		seen[e.Canon] = true
		c := holes(e.Canon)
		if sv, en := holes(e.SV), holes(e.EN); !slices.Equal(c, sv) || !slices.Equal(c, en) {
			t.Errorf("%q: values %v, Swedish %v, English %v", e.Key, c, sv, en)
		}
		if len(e.Kinds) > len(c) {
			t.Errorf("%q: %d kinds for %d values", e.Key, len(e.Kinds), len(c))
		}
		if regexp.MustCompile(`\}\{`).MatchString(e.Canon) {
			t.Errorf("%q: two values side by side cannot be told apart", e.Key)
		}
	}
	for w, f := range Words {
		if f.SV == "" || f.EN == "" {
			t.Errorf("word %q lacks a language", w)
		}
	}
	for u, f := range Units {
		if f.SV == "" || f.EN == "" {
			t.Errorf("unit %q lacks a language", u)
		}
	}
}

// englishWords and swedishWords are words of one language that the other's
// forms must not hold.
var (
	englishWords = []string{"the", "within", "used", "outside", "office hours", "licences", "exceed", "charged",
		"rejected", "see", "is", "not", "of", "and", "or", "quota", "allotment", "months", "fee", "installment", "time", "device", "bought", "write"}
	swedishWords = []string{"inom", "utanför", "debiteras", "avvisad", "kommun", "är", "inte", "och", "eller", "av",
		"kvot", "tilldelning", "månader", "delbetalning", "enheten", "köpt", "skriv", "ingår", "rad"}
)

// hasWord reports whether text holds word as a whole word (case folded).
func hasWord(text, word string) bool {
	return regexp.MustCompile(`(?i)(^|[^\pL])` + regexp.QuoteMeta(word) + `($|[^\pL])`).MatchString(text)
}

func TestLanguagesApart(t *testing.T) {
	for _, e := range Entries {
		for _, w := range englishWords {
			if hasWord(e.SV, w) {
				t.Errorf("%q: Swedish %q has the English %q", e.Key, e.SV, w)
			}
		}
		for _, w := range swedishWords {
			if hasWord(e.EN, w) {
				t.Errorf("%q: English %q has the Swedish %q", e.Key, e.EN, w)
			}
		}
	}
}

// TestRender: the texts the rules write, as each language shows them.
func TestRender(t *testing.T) {
	for _, c := range []struct{ canon, key, sv, en string }{
		{"3h2m0s outside office hours", "support.outside", "3 tim 2 min utanför kontorstid", "3 h 2 min outside office hours"},
		{"17m0s outside office hours", "support.outside", "17 min utanför kontorstid", "17 min outside office hours"},
		{"within quota 25 GB + tolerance 5 GB", "storage.within", "inom kvoten 25 GB + toleransen 5 GB", "within quota 25 GB + tolerance 5 GB"},
		{"31.5 GB used, quota 25 GB", "storage.used", "31,5 GB använt, kvot 25 GB", "31.5 GB used, quota 25 GB"},
		{"the member's F3 licences exceed the allotment: see the excess line", "licences.excess",
			"kommunens F3-licenser överstiger tilldelningen: se överskottsraden", "the member's F3 licences exceed the allotment: see the excess line"},
		{"E3: 420.5 licences against an allotment of 400, 20.5 over, 12 months", "licences.excess_line",
			"E3: 420,5 licenser mot en tilldelning på 400, 20,5 över, 12 månader", "E3: 420.5 licences against an allotment of 400, 20.5 over, 12 months"},
		{"monitoring of printers is in the member fee", "printers.included", "övervakning av skrivare ingår i medlemsbidraget", "monitoring of printers is in the member fee"},
		{`"E5" is not a licence type (F3, E3 or A3)`, "unknown_licence_type", `"E5" är ingen licenstyp (F3, E3 eller A3)`, `"E5" is not a licence type (F3, E3 or A3)`},
		{"a use of -3.5 GB is negative", "negative_use", "en användning på −3,5 GB är negativ", "a use of -3.5 GB is negative"},
		{`"1.890" is ambiguous (a thousands point or a decimal point? write 1,890 or 1890)`, "ambiguous_number",
			`"1.890" är tvetydigt (tusentalspunkt eller decimalpunkt? skriv 1,890 eller 1890)`, `"1.890" is ambiguous (a thousands point or a decimal point? write 1,890 or 1890)`},
		{`"abc" is not a number`, "not_number", `"abc" är inte ett tal`, `"abc" is not a number`},
		{"is empty", "empty_cell", "är tom", "is empty"},
		{"2025-05-02 is outside the period 2025-01-01 – 2025-03-31", "outside_period",
			"2025-05-02 ligger utanför perioden 2025-01-01 – 2025-03-31: raden hör till en annan period",
			"2025-05-02 is outside the period 2025-01-01 – 2025-03-31: the row belongs to another period"},
		{"start 2025-10-26 02:30 occurs twice in Swedish time and has no offset: read as the first (summer time, +02:00)", "support.repeated_guessed",
			"starttiden 2025-10-26 02:30 inträffar två gånger i svensk tid och saknar UTC-förskjutning: läst som den första (sommartid, +02:00)",
			"start 2025-10-26 02:30 occurs twice in Swedish time and has no offset: read as the first (summer time, +02:00)"},
		{"end 2025-10-26 02:10 is the second of the two in Swedish time (winter time, +01:00), as its offset says", "support.repeated",
			"sluttiden 2025-10-26 02:10 är den andra av de två i svensk tid (vintertid, +01:00), enligt sin UTC-förskjutning",
			"end 2025-10-26 02:10 is the second of the two in Swedish time (winter time, +01:00), as its offset says"},
		{"end 2025-10-26 02:00 = start + duration: the second of the two in Swedish time (winter time, +01:00)", "support.repeated_computed",
			"sluttiden 2025-10-26 02:00 = starttiden + varaktigheten: den andra av de två i svensk tid (vintertid, +01:00)",
			"end 2025-10-26 02:00 = start + duration: the second of the two in Swedish time (winter time, +01:00)"},
		{"end 2025-10-26 02:00 = start + duration, from a start read as the first of its two: the second of the two in Swedish time (winter time, +01:00), as uncertain as the start",
			"support.repeated_computed_guessed",
			"sluttiden 2025-10-26 02:00 = starttiden + varaktigheten, från en starttid läst som den första av sina två: den andra av de två i svensk tid (vintertid, +01:00), lika osäker som starttiden",
			"end 2025-10-26 02:00 = start + duration, from a start read as the first of its two: the second of the two in Swedish time (winter time, +01:00), as uncertain as the start"},
		{"annual fee 2025, installment 1 of 4", "fee.installment", "medlemsbidrag 2025, delbetalning 1 av 4", "annual fee 2025, installment 1 of 4"},
		{"a price of -6200 is negative", "clients.negative_price", "ett pris på −6\u00a0200 är negativt", "a price of -6,200 is negative"},
	} {
		if got := Code(c.canon); got != c.key {
			t.Errorf("Code(%q) = %q, want %q", c.canon, got, c.key)
		}
		if got := Render(c.canon, "sv"); got != c.sv {
			t.Errorf("Render(%q, sv) =\n %q, want\n %q", c.canon, got, c.sv)
		}
		if got := Render(c.canon, "en"); got != c.en {
			t.Errorf("Render(%q, en) =\n %q, want\n %q", c.canon, got, c.en)
		}
	}
}

// TestRenderJoined: a reason and its note, each rendered; text no entry
// knows (an office's description) stays as it is.
func TestRenderJoined(t *testing.T) {
	in := "end is not after start; start 2025-10-26 02:30 occurs twice in Swedish time and has no offset: read as the first (summer time, +02:00)"
	want := "sluttiden ligger inte efter starttiden; starttiden 2025-10-26 02:30 inträffar två gånger i svensk tid och saknar UTC-förskjutning: läst som den första (sommartid, +02:00)"
	if got := Render(in, "sv"); got != want {
		t.Errorf("Render = %q, want %q", got, want)
	}
	for _, s := range []string{"Tangentbord nordiskt", "Ciceron 2025-05-28 08:20–2025-05-28 08:37", "x; y", "", "{0}"} {
		if got := Render(s, "sv"); got != s {
			t.Errorf("Render(%q) = %q, want it as it is", s, got)
		}
	}
	if Code("Tangentbord nordiskt") != "" {
		t.Error("an office's text has no code")
	}
}

// TestCanonRoundTrip: what Canon makes, Parse reads back to its entry and
// values, for every entry.
func TestCanonRoundTrip(t *testing.T) {
	sample := map[Kind]string{Plain: `"x y"`, Duration: "1h5m3s", Exact: "12.25", Word: "first", List: "A, B or C", Nested: "is empty"}
	for i := range Entries {
		e := &Entries[i]
		var vals []string
		for k := range holes(e.Canon) {
			vals = append(vals, sample[e.kind(k)])
		}
		text := e.canonT.fill(vals)
		got, gotVals, ok := Parse(text)
		if !ok || got.Key != e.Key || !slices.Equal(gotVals, vals) {
			t.Errorf("%q: Parse(%q) = %v %q %v", e.Key, text, ok, gotVals, got)
			continue
		}
		if sv := Render(text, "sv"); strings.Contains(sv, "{") {
			t.Errorf("%q: Swedish %q has a value left unfilled", e.Key, sv)
		}
	}
	if Canon("support.outside", "3h2m0s") != "3h2m0s outside office hours" {
		t.Error("Canon")
	}
	if In("sv", "support.outside", "3h2m0s") != "3 tim 2 min utanför kontorstid" {
		t.Error("In")
	}
}

// FuzzRender: any text renders without a panic, and a text no entry
// matches comes back as it was.
func FuzzRender(f *testing.F) {
	for _, e := range Entries {
		f.Add(e.Canon)
	}
	f.Add("3h2m0s outside office hours; x")
	f.Fuzz(func(t *testing.T, s string) {
		for _, lang := range []string{"sv", "en"} {
			out := Render(s, lang)
			if _, _, ok := Parse(s); !ok && !strings.Contains(s, "; ") && out != s {
				t.Fatalf("Render(%q) = %q for a text no entry matches", s, out)
			}
		}
	})
}
