package config

import (
	"errors"
	"fmt"

	"memberfee/internal/field"
	"memberfee/internal/quote"
	"memberfee/policy"
)

// ReadPolicy reads and checks a policy file (docs/policy.md) with the
// limits of a config file: a regular file of at most MaxSize bytes, nested
// at most MaxDepth deep, at most MaxValues values counting through aliases.
// A policy that does not check comes back as a *policy.Problems listing
// every problem with its YAML path and line.
func ReadPolicy(path string) (*policy.Policy, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("policy %s: %w", path, err)
	}
	return parsePolicy(data, path)
}

// parsePolicy is ReadPolicy of the content of the file at path.
func parsePolicy(data []byte, path string) (*policy.Policy, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("policy %s: %w", path, ErrTooLarge)
	}
	if err := checkShape(data); err != nil {
		return nil, fmt.Errorf("policy %s: %w", path, err)
	}
	return policy.Parse(data, path)
}

// loadPolicy reads the config's policy file (the built-in policy when it
// names none), lays the config's responsibility_matrix over it and hands
// it to the fee calculation and the billing.
func (c *Config) loadPolicy() error {
	p := policy.Default()
	if c.PolicyFile != "" {
		var err error
		if p, err = ReadPolicy(c.Resolve(c.PolicyFile)); err != nil {
			var probs *policy.Problems
			if errors.As(err, &probs) {
				return err
			}
			return &DecodeErrors{File: c.Path, Errs: []error{&field.Error{Path: "policy", Value: quote.Value(c.PolicyFile), Err: errors.Unwrap(err)}}}
		}
	}
	if c.ResponsibilityMatrix != nil {
		var err error
		if p, err = p.WithMatrix(*c.ResponsibilityMatrix, "responsibility_matrix"); err != nil {
			var probs *policy.Problems
			errors.As(err, &probs)
			de := &DecodeErrors{File: c.Path}
			for _, pr := range probs.List {
				de.Errs = append(de.Errs, &field.Error{Path: pr.Path, Value: pr.Value, Err: pr.Err})
			}
			return de
		}
	}
	c.setPolicy(p)
	return nil
}

// setPolicy hands the policy to the parts that cite its clauses.
func (c *Config) setPolicy(p *policy.Policy) {
	c.Input.Policy = p
	c.Billing.Policy = p
}
