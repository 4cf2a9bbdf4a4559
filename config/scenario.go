package config

import (
	"errors"
	"fmt"

	"memberfee/internal/field"
	"memberfee/internal/quote"
)

// ErrPolicyInScenario is the reason a scenario's set may not hold the
// policy: a scenario changes figures, under the config's policy.
var ErrPolicyInScenario = errors.New("cannot be set by a scenario: a scenario changes figures under the config's policy")

// Baseline is the id of the config itself among the scenarios.
const Baseline = "baseline"

// ScenarioError is a problem of one scenario: the scenario and the problem
// with its key path.
type ScenarioError struct {
	Index int
	ID    string
	Err   error
}

func (e *ScenarioError) Error() string {
	return fmt.Sprintf("scenarios[%d] (%s): %v", e.Index, quote.Cut(e.ID), e.Err)
}

func (e *ScenarioError) Unwrap() error { return e.Err }

// Scenario returns the config of the scenario id: its `set` deep-merged
// over this config (maps merge key by key; a list in `set` replaces the
// whole list). Baseline returns the config itself. The result is validated;
// every problem comes back as a *ScenarioError naming the scenario and key.
func (c *Config) Scenario(id string) (*Config, error) {
	if id == Baseline {
		return c, nil
	}
	for i, s := range c.Scenarios {
		if s.ID != id {
			continue
		}
		for _, k := range []string{"policy", "responsibility_matrix"} {
			if _, ok := s.Set[k]; ok {
				return nil, &ScenarioError{Index: i, ID: id, Err: &field.Error{Path: k, Err: ErrPolicyInScenario}}
			}
		}
		merged := deepCopy(c.raw).(map[string]any)
		mergeInto(merged, s.Set)
		delete(merged, "scenarios")
		sc, err := decode(merged, c.Path)
		if err != nil {
			var errs []error
			for _, e := range flattenDecodeErrors(err) {
				errs = append(errs, &ScenarioError{Index: i, ID: id, Err: e})
			}
			return nil, errors.Join(errs...)
		}
		sc.Scenarios = c.Scenarios
		sc.setPolicy(c.Policy()) // a scenario changes figures, not the policy
		if problems := append(shorten(sc.Input.Validate()), sc.numberProblems()...); len(problems) > 0 {
			var errs []error
			for _, e := range problems {
				errs = append(errs, &ScenarioError{Index: i, ID: id, Err: e})
			}
			return nil, errors.Join(errs...)
		}
		return sc, nil
	}
	return nil, fmt.Errorf("there is no scenario %s", quote.Value(id))
}

// ScenarioIDs returns baseline and the ids of the config's scenarios.
func (c *Config) ScenarioIDs() []string {
	ids := []string{Baseline}
	for _, s := range c.Scenarios {
		ids = append(ids, s.ID)
	}
	return ids
}

// ScenarioName returns a scenario's name, "" for the baseline.
func (c *Config) ScenarioName(id string) string {
	for _, s := range c.Scenarios {
		if s.ID == id {
			return s.Name
		}
	}
	return ""
}

// mergeInto merges src into dst: maps key by key, anything else (lists
// included) replaced whole.
func mergeInto(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := asMap(v); ok {
			if dm, ok := asMap(dst[k]); ok {
				mergeInto(dm, sm)
				dst[k] = dm
				continue
			}
		}
		dst[k] = deepCopy(v)
	}
}

func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case map[any]any:
		out := make(map[string]any, len(m))
		for k, x := range m {
			out[fmt.Sprint(k)] = x
		}
		return out, true
	}
	return nil, false
}

func deepCopy(v any) any {
	if m, ok := asMap(v); ok {
		out := make(map[string]any, len(m))
		for k, x := range m {
			out[k] = deepCopy(x)
		}
		return out
	}
	if l, ok := v.([]any); ok {
		out := make([]any, len(l))
		for i, x := range l {
			out[i] = deepCopy(x)
		}
		return out
	}
	return v
}
