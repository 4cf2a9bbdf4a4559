package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"go.yaml.in/yaml/v3"

	"memberfee/input"
)

// The limits of a config file, checked before its settings are read: a
// config is a page or two of YAML, and what is far larger or deeper is
// refused rather than parsed at a cost that grows faster than its size
// (viper's merging of nested sections is cubic in their depth: a 15 KB file
// nested 2 000 deep took 14 to 19 s).
const (
	// MaxSize is the largest config file read, in bytes (4 MiB).
	MaxSize = 4 << 20
	// MaxDepth is the deepest nesting of sections and lists, the top-level
	// section counting 1 (scenarios[0].set.billing.prices is 5 deep).
	MaxDepth = 64
	// MaxValues is the most values (sections, lists and scalars) a config
	// may hold, its aliases (*name) counted as the values they stand for: a
	// few aliases to an anchor that itself holds aliases (a "billion
	// laughs") stand for more values than the file holds bytes.
	MaxValues = 1 << 20
	// MaxKeys is the most keys one section may have (the config's largest
	// section has 16): the YAML library checks a section for repeated keys
	// in time that grows with the square of its keys (370 000 keys took
	// minutes).
	MaxKeys = 256
)

// Reasons a config file is refused before it is read.
var (
	ErrTooLarge = errors.New("is larger than 4 MiB, the most a config file may be")
	ErrTooDeep  = fmt.Errorf("nests sections or lists deeper than %d levels", MaxDepth)
	ErrTooMany  = fmt.Errorf("holds more than %d values, counting each alias as the values it stands for", MaxValues)
	ErrTooWide  = fmt.Errorf("a section has more than %d keys", MaxKeys)
)

// readFile reads a config file: only a regular file (a named pipe or a
// device is refused before it is read), and only up to MaxSize.
func readFile(path string) ([]byte, error) {
	f, err := input.OpenRegular(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errors.New("the file does not exist")
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, pe.Err
		}
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > MaxSize {
		return nil, ErrTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, pe.Err
		}
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, ErrTooLarge
	}
	return data, nil
}

// checkShape parses data as YAML into nodes only (linear in its size: no
// settings are built, no alias is expanded) and refuses a document nested
// deeper than MaxDepth or standing for more than MaxValues values, counting
// through aliases. Broken YAML is reported here, as the YAML library words
// it.
func checkShape(data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		if strings.Contains(err.Error(), "exceeded max depth") {
			return ErrTooDeep
		}
		return err
	}
	s := shape{memo: map[*yaml.Node]extent{}}
	e, err := s.of(&doc)
	if err != nil {
		return err
	}
	if e.depth > MaxDepth {
		return ErrTooDeep
	}
	if e.values > MaxValues {
		return ErrTooMany
	}
	return nil
}

// extent is how deep a node nests collections and how many values it
// stands for.
type extent struct {
	depth  int
	values int
}

type shape struct {
	memo map[*yaml.Node]extent // the extent of each anchored node, once known
	busy map[*yaml.Node]bool   // anchored nodes being measured: an alias to one refers to itself
}

// of measures n, each anchored node once, so an alias costs no more than a
// lookup; it stops as soon as the limits are passed.
func (s *shape) of(n *yaml.Node) (extent, error) {
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return extent{}, nil
		}
		return s.of(n.Alias)
	case yaml.ScalarNode, 0:
		return extent{values: 1}, nil
	}
	if e, ok := s.memo[n]; ok {
		return e, nil
	}
	if s.busy[n] {
		return extent{}, fmt.Errorf("line %d: the alias of anchor &%s refers to the value it anchors", n.Line, n.Anchor)
	}
	if n.Anchor != "" {
		if s.busy == nil {
			s.busy = map[*yaml.Node]bool{}
		}
		s.busy[n] = true
	}
	if n.Kind == yaml.MappingNode && len(n.Content) > 2*MaxKeys {
		return extent{}, fmt.Errorf("line %d: %w", n.Line, ErrTooWide)
	}
	var e extent
	for _, c := range n.Content {
		ce, err := s.of(c)
		if err != nil {
			return extent{}, err
		}
		e.depth = max(e.depth, ce.depth)
		e.values += ce.values
		if e.values > MaxValues {
			return extent{}, ErrTooMany
		}
		if e.depth > MaxDepth {
			return extent{}, ErrTooDeep
		}
	}
	if n.Kind != yaml.DocumentNode {
		e.depth++
		e.values++
	}
	if n.Anchor != "" {
		delete(s.busy, n)
		s.memo[n] = e
	}
	return e, nil
}
