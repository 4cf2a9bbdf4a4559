package config

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"memberfee/billing"
	"memberfee/clients"
	"memberfee/input"
	"memberfee/internal/field"
	"memberfee/internal/quote"
	"memberfee/internal/suggest"
)

// Validate lists every problem of the config, each a *field.Error naming
// the key path and the offending value. It checks the fee calculation
// (allocation.Input.Validate), the billing section (billing.Config.Validate)
// and the shape of the clients and scenario sections; whether the
// input files exist is CheckFiles' concern, so that the annual fee can be
// computed from a config whose chargeback inputs are elsewhere. It never
// modifies the config.
func (c *Config) Validate() []error {
	return append(shorten(c.Input.Validate()), c.validateSections()...)
}

// ValidateBilling lists the problems that matter to the chargeback and the
// clients: the members' ids and the billing, clients and scenario
// sections, not the fee calculation (a chargeback config need not carry
// populations or last year's total).
func (c *Config) ValidateBilling() []error {
	var errs []error
	seen := map[string]string{}
	for i, m := range c.Members {
		path := fmt.Sprintf("members[%d].id", i)
		switch first, dup := seen[m.ID]; {
		case m.ID == "":
			errs = append(errs, &field.Error{Path: path, Err: field.ErrRequired})
		case dup:
			errs = append(errs, &field.Error{Path: path, Value: quote.Value(m.ID), Err: fmt.Errorf("%w (also %s)", field.ErrDuplicate, first)})
		default:
			seen[m.ID] = path
		}
	}
	if len(c.Members) == 0 {
		errs = append(errs, &field.Error{Path: "members", Err: field.ErrRequired})
	}
	return append(errs, c.validateSections()...)
}

// validateSections checks the billing, clients and scenario sections and
// the range of every number.
func (c *Config) validateSections() []error {
	var errs []error
	add := func(path, value string, err error) {
		errs = append(errs, &field.Error{Path: path, Value: value, Err: err})
	}
	errs = append(errs, c.numberProblems()...)
	errs = append(errs, c.ledgerProblems()...)
	if c.Accounting.Given() {
		errs = append(errs, c.ValidateAccounting()...)
	}
	errs = append(errs, billing.ValidateMembers(c.BillingMembers())...)
	errs = append(errs, c.Billing.Validate(c.BillingMembers())...)
	errs = append(errs, c.columnProblems()...)
	if r := c.Clients.InterestRate; r.Sign() < 0 {
		add("clients.interest_rate", r.String(), field.ErrNegative)
	}
	seenClientType := map[string]bool{}
	for i, t := range c.Clients.Types {
		path := fmt.Sprintf("clients.types[%d]", i)
		known := false
		for _, k := range clients.Types {
			known = known || strings.EqualFold(k, t.Type)
		}
		switch {
		case !known:
			add(path+".type", quote.Value(t.Type), fmt.Errorf("%w (PC, Mac, tablet, phone or other)", field.ErrOutOfRange))
		case seenClientType[strings.ToLower(t.Type)]:
			add(path+".type", quote.Value(t.Type), field.ErrDuplicate)
		}
		seenClientType[strings.ToLower(t.Type)] = true
		if t.DepreciationYears <= 0 {
			add(path+".depreciation_years", fmt.Sprint(t.DepreciationYears), field.ErrNotPositive)
		}
		if t.ReplacementPrice.Sign() < 0 {
			add(path+".replacement_price", t.ReplacementPrice.String(), field.ErrNegative)
		}
	}
	seenScenario := map[string]bool{"baseline": true}
	for i, s := range c.Scenarios {
		path := fmt.Sprintf("scenarios[%d].id", i)
		switch {
		case s.ID == "":
			add(path, "", field.ErrRequired)
		case seenScenario[s.ID]:
			add(path, quote.Value(s.ID), fmt.Errorf("%w (baseline is the config itself)", field.ErrDuplicate))
		}
		seenScenario[s.ID] = true
	}
	// A scenario's problems, but for those it inherits from the config.
	inherited := map[string]bool{}
	for _, e := range append(shorten(c.Input.Validate()), errs...) {
		inherited[e.Error()] = true
	}
	if c.raw != nil {
		for _, s := range c.Scenarios {
			if s.ID == "" || s.ID == Baseline {
				continue
			}
			_, err := c.Scenario(s.ID)
			multi, ok := err.(interface{ Unwrap() []error })
			if !ok {
				continue
			}
			for _, e := range multi.Unwrap() {
				var se *ScenarioError
				if errors.As(e, &se) && inherited[se.Err.Error()] {
					continue
				}
				errs = append(errs, e)
			}
		}
	}
	return errs
}

// BillingMembers returns the config's members as billing knows them, for
// billing.Config.Validate and billing.NewRules.
func (c *Config) BillingMembers() []billing.Member {
	ms := make([]billing.Member, len(c.Members))
	for i, m := range c.Members {
		ms[i] = billing.Member{ID: m.ID, Name: m.Name}
	}
	return ms
}

// CheckFiles lists the input files the config names that do not exist or
// cannot be read, each naming its key.
func (c *Config) CheckFiles() []error {
	var errs []error
	in := c.Billing.Inputs
	for _, f := range []struct{ path, name string }{
		{"billing.inputs.equipment", in.Equipment},
		{"billing.inputs.printers", in.Printers},
		{"billing.inputs.storage", in.Storage},
		{"billing.inputs.support", in.Support},
		{"billing.inputs.licences", in.Licences},
		{"billing.inputs.services", in.Services},
		{"clients.register", c.Clients.Register},
	} {
		if f.name == "" {
			continue
		}
		if err := exists(c.Resolve(f.name)); err != nil {
			errs = append(errs, &field.Error{Path: f.path, Value: quote.Value(f.name), Err: err})
		}
	}
	return errs
}

// columnProblems checks billing.columns: each field must be one its
// category's file has (the user list's where billing.licences.from is
// users), each header not empty; an unknown category is the decoder's.
func (c *Config) columnProblems() []error {
	var errs []error
	cols := c.Billing.Columns
	for _, cat := range billing.Categories {
		schema := input.Schemas[string(cat)]
		if cat == billing.Licences && c.Billing.Licences.FromUsers() {
			schema = input.UserListSchema
		}
		names := schema.Names()
		m := cols.Of(cat)
		fields := make([]string, 0, len(m))
		for f := range m {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			path := "billing.columns." + string(cat) + "." + quote.Cut(f)
			switch {
			case !slices.Contains(names, f):
				err := fmt.Errorf("%w (the %s file's fields are %s)", errUnknownField, cat, strings.Join(names, ", "))
				if hint := suggest.Phrase(f, names); hint != "" {
					err = fmt.Errorf("%w%s", errUnknownField, hint)
				}
				errs = append(errs, &field.Error{Path: path, Err: err})
			case strings.TrimSpace(m[f]) == "":
				errs = append(errs, &field.Error{Path: path, Err: field.ErrRequired})
			}
		}
	}
	return errs
}

// errUnknownField is the reason for a billing.columns entry naming a field
// its category's file does not have.
var errUnknownField = errors.New("is not a field of the file")
