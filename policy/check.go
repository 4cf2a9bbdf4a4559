package policy

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"memberfee/internal/quote"
	"memberfee/internal/suggest"
)

// check lists every problem of a decoded policy: the clauses' ids unique
// and well-formed, each with a title and its sentence; the parties' codes
// unique, one of them the board; every matrix row naming known parties;
// every chargeable category once, citing clauses the policy has. lines
// are the lines of the paths (nil: none known).
func (p *Policy) check(lines map[string]int) []*Problem {
	var probs []*Problem
	add := func(path, value string, err error) {
		probs = append(probs, &Problem{Line: lines[path], Path: path, Value: value, Err: err})
	}
	if strings.TrimSpace(p.Source) == "" {
		add("source", "", ErrRequired)
	}
	if len(p.Clauses) == 0 {
		add("clauses", "", ErrRequired)
	}
	first := map[string]string{}
	for i, c := range p.Clauses {
		at := fmt.Sprintf("clauses[%d]", i)
		switch prev, dup := first[c.ID]; {
		case c.ID == "":
			add(at+".id", "", ErrRequired)
		case !wellFormedID(c.ID):
			add(at+".id", quote.Value(c.ID), ErrBadID)
		case dup:
			add(at+".id", quote.Value(c.ID), fmt.Errorf("%w (also %s, line %d)", ErrDuplicate, prev, lines[prev]))
		default:
			first[c.ID] = at + ".id"
		}
		if strings.TrimSpace(c.Title) == "" {
			add(at+".title", "", ErrRequired)
		}
		if strings.TrimSpace(c.InFee) == "" {
			add(at+".in_fee", "", ErrRequired)
		}
	}
	if c := p.ClientsClause; c != "" && !p.HasClause(c) {
		add("clients_clause", quote.Value(c), p.unknownClause(c))
	}
	if len(p.Parties) == 0 {
		add("parties", "", ErrRequired)
	}
	codes, board := map[string]bool{}, false
	for i, x := range p.Parties {
		at := fmt.Sprintf("parties[%d]", i)
		switch {
		case strings.TrimSpace(x.Code) == "":
			add(at+".code", "", ErrRequired)
		case codes[x.Code]:
			add(at+".code", quote.Value(x.Code), ErrDuplicate)
		}
		codes[x.Code] = true
		if strings.TrimSpace(x.Name) == "" {
			add(at+".name", "", ErrRequired)
		}
		board = board || x.InFee
	}
	if len(p.Parties) > 0 && !board {
		add("parties", "", ErrNoBoard)
	}
	probs = append(probs, p.checkMatrixAt("", lines)...)
	slices.SortStableFunc(probs, func(a, b *Problem) int { return a.Line - b.Line })
	return probs
}

// checkMatrix checks the matrix against the policy's parties and clauses,
// its paths under at (the config's responsibility_matrix).
func (p *Policy) checkMatrix(at string) []*Problem { return p.checkMatrixAt(at, nil) }

func (p *Policy) checkMatrixAt(at string, lines map[string]int) []*Problem {
	var probs []*Problem
	add := func(path, value string, err error) {
		if at != "" {
			path = at + "." + path
		}
		probs = append(probs, &Problem{Line: lines[path], Path: path, Value: value, Err: err})
	}
	codes := make([]string, len(p.Parties))
	for i, x := range p.Parties {
		codes[i] = x.Code
	}
	party := func(path, code string) {
		switch {
		case code == "":
			add(path, "", ErrRequired)
		case !slices.Contains(codes, code):
			add(path, quote.Value(code), fmt.Errorf("%w (%s)", ErrUnknownParty, strings.Join(codes, ", ")))
		}
	}
	m := p.Matrix
	if at != "" && strings.TrimSpace(m.Source) == "" {
		add("source", "", ErrRequired)
	}
	for i, c := range m.Components {
		path := fmt.Sprintf("components[%d]", i)
		if strings.TrimSpace(c.Name) == "" {
			add(path+".name", "", ErrRequired)
		}
		party(path+".operation", c.Operation)
		party(path+".management", c.Management)
		party(path+".development", c.Development)
	}
	for i, t := range m.Tasks {
		path := fmt.Sprintf("tasks[%d]", i)
		if strings.TrimSpace(t.Name) == "" {
			add(path+".name", "", ErrRequired)
		}
		party(path+".responsible", t.Responsible)
	}
	seen := map[string]bool{}
	for i, c := range m.Categories {
		path := fmt.Sprintf("categories[%d]", i)
		switch {
		case c.Category == "":
			add(path+".category", "", ErrRequired)
		case !slices.Contains(Categories, c.Category):
			add(path+".category", quote.Value(c.Category),
				fmt.Errorf("%w (%s)%s", ErrUnknownCat, strings.Join(Categories, ", "), suggest.Phrase(c.Category, Categories)))
		case seen[c.Category]:
			add(path+".category", quote.Value(c.Category), ErrDuplicate)
		}
		seen[c.Category] = true
		if len(c.Clauses) == 0 {
			add(path+".clauses", "", ErrRequired)
		}
		for j, cl := range c.Clauses {
			if !p.HasClause(cl) {
				add(fmt.Sprintf("%s.clauses[%d]", path, j), quote.Value(cl), p.unknownClause(cl))
			}
		}
		for _, f := range [][2]string{{"charged_clause", c.ChargedClause}, {"included_clause", c.IncludedClause}} {
			if f[1] != "" && !slices.Contains(c.Clauses, f[1]) {
				add(path+"."+f[0], quote.Value(f[1]), fmt.Errorf("%w (%s)", ErrNotCited, strings.Join(c.Clauses, ", ")))
			}
		}
		for _, f := range [][2]string{{"title", c.Title}, {"charged", c.Charged}, {"included", c.Included}} {
			if strings.TrimSpace(f[1]) == "" {
				add(path+"."+f[0], "", ErrRequired)
			}
		}
	}
	for _, c := range Categories {
		if !seen[c] {
			add("categories", quote.Value(c), ErrMissingCat)
		}
	}
	return probs
}

// unknownClause is the reason id is not a clause: with the nearest ids.
func (p *Policy) unknownClause(id string) error {
	return fmt.Errorf("%w%s", ErrUnknownClause, suggest.Phrase(id, p.ClauseIDs()))
}

// wellFormedID reports a clause id a sheet can list: text without commas
// (a line's clauses are listed "5.1, 5.1.1"), at most 20 characters, no
// space at either end, no line break.
func wellFormedID(id string) bool {
	return utf8.ValidString(id) && utf8.RuneCountInString(id) <= 20 && strings.TrimSpace(id) == id &&
		!strings.ContainsAny(id, ",\n\r\t")
}
