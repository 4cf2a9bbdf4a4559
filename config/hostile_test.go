package config

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"memberfee/internal/field"
)

// hostile lists every file of testdata/hostile and what Load or Validate
// must say of it: a sentinel the error wraps, or text it holds (a key path
// and the reason). Each is refused quickly: before the limits, the 2 000-deep
// file took 14–19 s.
var hostile = map[string]struct {
	err  error
	says []string
}{
	"deep-flow-map.yaml":              {err: ErrTooDeep},
	"deep-flow-list.yaml":             {err: ErrTooDeep},
	"deep-block-map.yaml":             {err: ErrTooDeep},
	"deep-block-list.yaml":            {err: ErrTooDeep},
	"deep-aliases.yaml":               {err: ErrTooDeep},
	"alias-bomb.yaml":                 {err: ErrTooMany},
	"alias-bomb-map.yaml":             {err: ErrTooMany},
	"alias-self.yaml":                 {says: []string{"alias-self.yaml", "anchor"}},
	"rounding-unit-zero.yaml":         {err: field.ErrNotPositive, says: []string{"rounding_unit: 0 must be greater than 0"}},
	"installments-zero.yaml":          {err: field.ErrNotPositive, says: []string{"installments: 0 must be greater than 0"}},
	"zero-written-otherwise.yaml":     {says: []string{"installments: 0 must", "rounding_unit: 0,00 must"}},
	"scenario-installments-zero.yaml": {says: []string{"scenarios[0] (quarterly): installments: 0 must be greater than 0"}},
	"previous-total-1e300.yaml":       {err: ErrTooBig, says: []string{"fee.previous_total: 1000000000", "characters)"}},
	"amount-30-digits.yaml":           {err: ErrTooBig, says: []string{"transfers[0].amounts[0].amount: 123456789012345"}},
	"rate-17-digits.yaml":             {err: ErrTooPrecise, says: []string{"fee.indexation[0].rate: 0.03412345678901234"}},
	"rate-19-decimals.yaml":           {err: ErrTooSmall, says: []string{"fee.indexation[0].rate: 0.0000000000000000001"}},
	"start-year-overflow.yaml":        {err: field.ErrOutOfRange, says: []string{"additions[0].start_year: 100000000000000000000 is out of range"}},
	"minutes-overflow-text.yaml":      {err: field.ErrOutOfRange, says: []string{`billing.prices.support_increment_minutes: "99999999999999999999" is out of range`}},
	"scenario-huge-total.yaml":        {err: ErrTooBig, says: []string{"scenarios[0] (huge): fee.previous_total: 100000000000000000000"}},
	"long-value.yaml":                 {err: field.ErrNotWhole, says: []string{`year: "2025` + strings.Repeat("x", 76) + `"… (20 004 characters) is not a whole number`}},
	"long-key.yaml":                   {err: ErrUnknownKey, says: []string{strings.Repeat("k", 80) + "… (1 000 characters): is not a known key"}},
	"long-member-id.yaml":             {err: field.ErrUnknownMember, says: []string{`"` + strings.Repeat("x", 80) + `"… (20 000 characters) is not the id`}},
	"long-addition-member.yaml":       {err: field.ErrUnknownMember, says: []string{`additions[0].member: "` + strings.Repeat("x", 80) + `"… (20 000 characters)`}},
	"wide-section.yaml":               {err: ErrTooWide, says: []string{"line 1"}},
	// Passed Validate, then stopped the bill in NewRules without a key.
	"office-hours-end-before-default-start.yaml": {err: field.ErrOutOfRange, says: []string{"billing.office_hours.end: 07:00 is out of range (not after office_hours.start 07:30, the default)"}},
	"office-hours-start-after-default-end.yaml":  {err: field.ErrOutOfRange, says: []string{"billing.office_hours.start: 17:00 is out of range (not before office_hours.end 16:30, the default)"}},
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
			// A message quotes at most quote.Max characters of a value.
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
