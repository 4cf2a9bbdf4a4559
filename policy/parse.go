package policy

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"memberfee/internal/field"
	"memberfee/internal/quote"
	"memberfee/internal/suggest"
)

// Problem is one problem of a policy file: where (the YAML path as the
// file spells it, clauses[3].id, and its line), the offending value and why.
type Problem struct {
	Line  int    // 0 when unknown
	Path  string // "" for the file as a whole
	Value string // as written (quoted, cut), empty when missing
	Err   error
}

func (p *Problem) Error() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", p.Line)
	}
	if p.Path != "" {
		b.WriteString(p.Path + ": ")
	}
	if p.Value != "" {
		b.WriteString(p.Value + " ")
	}
	b.WriteString(p.Err.Error())
	return b.String()
}

func (p *Problem) Unwrap() error { return p.Err }

// Problems are every problem of one policy file, in the file's order.
type Problems struct {
	File string
	List []*Problem
}

func (e *Problems) Error() string {
	lines := make([]string, len(e.List))
	for i, p := range e.List {
		lines[i] = p.Error()
	}
	head := "policy"
	if e.File != "" {
		head += " " + e.File
	}
	return fmt.Sprintf("%s:\n  %s", head, strings.Join(lines, "\n  "))
}

func (e *Problems) Unwrap() []error {
	errs := make([]error, len(e.List))
	for i, p := range e.List {
		errs[i] = p
	}
	return errs
}

// The reasons of a Problem; match them with errors.Is.
var (
	ErrUnknownKey    = errors.New("is not a key of a policy")
	ErrNotText       = errors.New("must be text")
	ErrNotBool       = errors.New("must be true or false")
	ErrNotList       = errors.New("must be a list")
	ErrNotSection    = errors.New("must be a section of keys")
	ErrRequired      = field.ErrRequired
	ErrDuplicate     = field.ErrDuplicate
	ErrUnknownClause = field.ErrUnknownClause
	ErrUnknownParty  = errors.New("is not the code of a party")
	ErrBadID         = errors.New("is not a clause id (text without commas, at most 20 characters, no space at either end)")
	ErrUnknownCat    = errors.New("is not a chargeable category")
	ErrMissingCat    = errors.New("cites no clause: every chargeable category needs its entry")
	ErrNotCited      = errors.New("is not one of the category's clauses")
	ErrEmpty         = errors.New("holds no policy")
	ErrNoBoard       = errors.New("has no party with in_fee: true (the board, whose responsibilities are in the fee)")
)

// The shape of a policy file: what each key holds.
type kind int

const (
	text kind = iota
	boolean
	list
	section
)

type shape struct {
	kind kind
	of   *shape            // a list's entries
	keys map[string]*shape // a section's keys
}

func keys(ks map[string]*shape) *shape { return &shape{kind: section, keys: ks} }
func listOf(s *shape) *shape           { return &shape{kind: list, of: s} }

var (
	textShape = &shape{kind: text}
	boolShape = &shape{kind: boolean}
	langText  = keys(map[string]*shape{"sv": textShape, "en": textShape})

	matrixKeys = map[string]*shape{
		"source": textShape,
		"components": listOf(keys(map[string]*shape{"name": textShape, "operation": textShape,
			"management": textShape, "development": textShape})),
		"tasks": listOf(keys(map[string]*shape{"name": textShape, "responsible": textShape})),
		"notes": listOf(textShape),
		"categories": listOf(keys(map[string]*shape{"category": textShape, "clauses": listOf(textShape),
			"charged_clause": textShape, "included_clause": textShape, "title": textShape,
			"charged": textShape, "included": textShape, "rule": textShape})),
	}
	policyShape = keys(func() map[string]*shape {
		m := map[string]*shape{
			"names":          keys(map[string]*shape{"baseline": langText}),
			"parties":        listOf(keys(map[string]*shape{"code": textShape, "name": textShape, "in_fee": boolShape})),
			"clauses":        listOf(keys(map[string]*shape{"id": textShape, "title": textShape, "in_fee": textShape})),
			"clients_clause": textShape,
		}
		for k, v := range matrixKeys {
			m[k] = v
		}
		return m
	}())
)

// Parse reads a policy file's content and checks it: every problem comes
// back in one *Problems naming file, each with its YAML path and line.
// data is untrusted but must already be within the limits of a config file
// (size, depth and aliases: config.ReadPolicy checks them first).
func Parse(data []byte, file string) (*Policy, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &Problems{File: file, List: []*Problem{{Err: err}}}
	}
	if len(doc.Content) == 0 {
		return nil, &Problems{File: file, List: []*Problem{{Err: ErrEmpty}}}
	}
	root := doc.Content[0]
	w := &walker{lines: map[string]int{}, budget: maxValues}
	probs := w.walk(root, policyShape, "")
	if len(probs) > 0 && (root.Kind != yaml.MappingNode || errors.Is(probs[len(probs)-1].Err, ErrTooMany)) {
		return nil, &Problems{File: file, List: probs}
	}
	p := &Policy{}
	if err := root.Decode(p); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) || len(probs) == 0 {
			return nil, &Problems{File: file, List: append(probs, &Problem{Err: err})}
		}
		// A value of the wrong kind, reported by walk: check the rest.
	}
	probs = append(probs, without(p.check(w.lines), probs)...)
	if len(probs) > 0 {
		slices.SortStableFunc(probs, func(a, b *Problem) int { return a.Line - b.Line })
		return nil, &Problems{File: file, List: probs}
	}
	return p, nil
}

// without returns the problems of checks but those of a value the shape
// already refused (a list where text belongs is not also missing).
func without(checks, shape []*Problem) []*Problem {
	var out []*Problem
	for _, c := range checks {
		dup := false
		for _, s := range shape {
			dup = dup || c.Path == s.Path || strings.HasPrefix(c.Path, s.Path+".") || strings.HasPrefix(c.Path, s.Path+"[")
		}
		if !dup {
			out = append(out, c)
		}
	}
	return out
}

// maxValues is the most values walk visits, aliases counted as what they
// stand for: the limit of a config file (config.MaxValues), so that Parse
// stays cheap on a file no one has checked.
const maxValues = 1 << 20

// ErrTooMany is the reason a policy that stands for too many values is refused.
var ErrTooMany = fmt.Errorf("holds more than %d values, counting each alias as the values it stands for", maxValues)

// walker checks a policy file's nodes; lines records the line of each
// path, for the checks that follow decoding.
type walker struct {
	lines  map[string]int
	budget int
}

// walk checks node against its shape: every key known (with a "did you
// mean" for one that is not), every value of its kind.
func (w *walker) walk(n *yaml.Node, s *shape, path string) []*Problem {
	for depth := 0; n.Kind == yaml.AliasNode && n.Alias != nil && depth < 64; depth++ {
		n = n.Alias
	}
	if w.budget--; w.budget < 0 {
		if w.budget == -1 {
			return []*Problem{{Line: n.Line, Path: path, Err: ErrTooMany}}
		}
		return nil
	}
	w.lines[path] = n.Line
	at := func(err error) []*Problem {
		return []*Problem{{Line: n.Line, Path: path, Value: valueOf(n), Err: err}}
	}
	switch s.kind {
	case text:
		if n.Kind != yaml.ScalarNode {
			return at(ErrNotText)
		}
	case boolean:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!bool" && n.Tag != "!!null") {
			return at(ErrNotBool)
		}
	case list:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return nil
		}
		if n.Kind != yaml.SequenceNode {
			return at(ErrNotList)
		}
		var probs []*Problem
		for i, c := range n.Content {
			probs = append(probs, w.walk(c, s.of, fmt.Sprintf("%s[%d]", path, i))...)
		}
		return probs
	case section:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return nil
		}
		if n.Kind != yaml.MappingNode {
			if path == "" {
				return []*Problem{{Line: n.Line, Err: fmt.Errorf("%w: a policy file is a section of keys (source, clauses, categories …)", ErrEmpty)}}
			}
			return at(ErrNotSection)
		}
		known := make([]string, 0, len(s.keys))
		for k := range s.keys {
			known = append(known, k)
		}
		slices.Sort(known)
		var probs []*Problem
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			kp := k.Value
			if path != "" {
				kp = path + "." + k.Value
			}
			sub, ok := s.keys[k.Value]
			switch {
			case !ok:
				probs = append(probs, &Problem{Line: k.Line, Path: quote.Cut(kp),
					Err: fmt.Errorf("%w%s", ErrUnknownKey, suggest.Phrase(k.Value, known))})
			case seen[k.Value] > 0:
				probs = append(probs, &Problem{Line: k.Line, Path: kp, Err: fmt.Errorf("%w (first at line %d)", ErrDuplicate, seen[k.Value])})
			default:
				seen[k.Value] = k.Line
				probs = append(probs, w.walk(v, sub, kp)...)
			}
		}
		return probs
	}
	return nil
}

// valueOf is a scalar node's value as a message quotes it, "" for a section
// or a list.
func valueOf(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		return ""
	}
	return quote.Value(n.Value)
}
