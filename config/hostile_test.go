package config

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// hostile lists every file of testdata/hostile and what Load or Validate
// must say of it: a sentinel the error wraps, or text it holds (a key path
// and the reason). Each is refused quickly: before the limits, the 2 000-deep
// file took 14–19 s.
var hostile = map[string]struct {
	err  error
	says []string
}{
	"deep-flow-map.yaml":   {err: ErrTooDeep},
	"deep-flow-list.yaml":  {err: ErrTooDeep},
	"deep-block-map.yaml":  {err: ErrTooDeep},
	"deep-block-list.yaml": {err: ErrTooDeep},
	"deep-aliases.yaml":    {err: ErrTooDeep},
	"alias-bomb.yaml":      {err: ErrTooMany},
	"alias-bomb-map.yaml":  {err: ErrTooMany},
	"alias-self.yaml":      {says: []string{"alias-self.yaml", "anchor"}},
	"wide-section.yaml":    {err: ErrTooWide, says: []string{"line 1"}},
}

func TestHostile(t *testing.T) {
	files, err := filepath.Glob("testdata/hostile/*")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	for _, path := range files {
		name := filepath.Base(path)
		want, ok := hostile[name]
		if !ok {
			t.Errorf("%s: no expectation in the hostile table", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			c, err := Load(path)
			if err == nil {
				if errs := append(c.Validate(), c.CheckFiles()...); len(errs) > 0 {
					err = errors.Join(errs...)
				}
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v", took)
			}
			if err == nil {
				t.Fatal("accepted")
			}
			if want.err != nil && !errors.Is(err, want.err) {
				t.Errorf("err = %v, want %v", err, want.err)
			}
			for _, s := range want.says {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
			if len(err.Error()) > 2000 {
				t.Errorf("the message is %d bytes long", len(err.Error()))
			}
		})
	}
	for name := range hostile {
		if _, err := os.Stat(filepath.Join("testdata/hostile", name)); err != nil {
			t.Errorf("%s: in the table but not in testdata/hostile", name)
		}
	}
}
