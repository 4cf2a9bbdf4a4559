package config

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/clients"
	"memberfee/internal/field"
	"memberfee/internal/quote"
)

// LicenceTypes are the Microsoft 365 licence types of clause 1.2: F3 for
// shared computers, E3 or A3 for a computer of one's own.
var LicenceTypes = []string{"F3", "E3", "A3"}

// Validate lists every problem of the config, each an *field.Error
// naming the key path and the offending value. It checks the fee calculation
// and the shape of the billing, clients and scenario sections; whether the
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

// validateSections checks the billing, clients and scenario sections.
func (c *Config) validateSections() []error {
	var errs []error
	add := func(path, value string, err error) {
		errs = append(errs, &field.Error{Path: path, Value: value, Err: err})
	}
	members := map[string]bool{}
	for _, m := range c.Members {
		members[m.ID] = true
	}

	errs = append(errs, c.numberProblems()...)

	b := c.Billing
	from, fromErr := checkDate(b.Period.From)
	if fromErr != nil {
		add("billing.period.from", quote.Value(b.Period.From), fromErr)
	}
	to, toErr := checkDate(b.Period.To)
	if toErr != nil {
		add("billing.period.to", quote.Value(b.Period.To), toErr)
	}
	if fromErr == nil && toErr == nil && !from.IsZero() && !to.IsZero() && to.Before(from) {
		add("billing.period.to", b.Period.To, fmt.Errorf("%w (before billing.period.from %s)", field.ErrOutOfRange, b.Period.From))
	}
	start, startErr := checkClock(b.OfficeHours.Start)
	if startErr != nil {
		add("billing.office_hours.start", quote.Value(b.OfficeHours.Start), startErr)
	}
	end, endErr := checkClock(b.OfficeHours.End)
	if endErr != nil {
		add("billing.office_hours.end", quote.Value(b.OfficeHours.End), endErr)
	}
	if startErr == nil && endErr == nil && b.OfficeHours.Start != "" && b.OfficeHours.End != "" && !end.After(start) {
		add("billing.office_hours.end", b.OfficeHours.End, fmt.Errorf("%w (not after office_hours.start %s)", field.ErrOutOfRange, b.OfficeHours.Start))
	}
	p := b.Prices
	for _, f := range []struct {
		path string
		d    decimal.Decimal
	}{
		{"billing.prices.support_hour", p.SupportHour},
		{"billing.prices.call_out_fee", p.CallOutFee},
		{"billing.prices.storage_gb_month", p.StorageGBMonth},
		{"billing.prices.equipment_markup", p.EquipmentMarkup},
		{"billing.prices.consulting_hour", p.ConsultingHour},
		{"billing.storage.quota_gb", b.Storage.QuotaGB},
		{"billing.storage.tolerance_gb", b.Storage.ToleranceGB},
		{"billing.licences.negligible", b.Licences.Negligible},
		{"clients.interest_rate", c.Clients.InterestRate},
	} {
		if f.d.Sign() < 0 {
			add(f.path, f.d.String(), field.ErrNegative)
		}
	}
	if p.SupportIncrementMinutes < 0 {
		add("billing.prices.support_increment_minutes", fmt.Sprint(p.SupportIncrementMinutes), field.ErrNegative)
	}
	if m := b.Workbook.MaxIncludedLines; m != nil && *m < 0 {
		add("billing.workbook.max_included_lines", fmt.Sprint(*m), field.ErrNegative)
	}
	seenType := map[string]bool{}
	for i, lp := range b.Licences.PricesMonth {
		path := fmt.Sprintf("billing.licences.prices_month[%d]", i)
		if !isLicenceType(lp.Type) {
			add(path+".type", quote.Value(lp.Type), fmt.Errorf("%w (F3, E3 or A3)", field.ErrOutOfRange))
		} else if seenType[lp.Type] {
			add(path+".type", quote.Value(lp.Type), field.ErrDuplicate)
		}
		seenType[lp.Type] = true
		if lp.Price.Sign() < 0 {
			add(path+".price", lp.Price.String(), field.ErrNegative)
		}
	}
	seenAllot := map[string]bool{}
	for i, a := range b.Licences.Allotments {
		path := fmt.Sprintf("billing.licences.allotments[%d]", i)
		if !members[a.Member] {
			add(path+".member", quote.Value(a.Member), field.ErrUnknownMember)
		}
		if !isLicenceType(a.Type) {
			add(path+".type", quote.Value(a.Type), fmt.Errorf("%w (F3, E3 or A3)", field.ErrOutOfRange))
		}
		if seenAllot[a.Member+" "+a.Type] {
			add(path, a.Member+" "+a.Type, field.ErrDuplicate)
		}
		seenAllot[a.Member+" "+a.Type] = true
		if a.Count.Sign() < 0 {
			add(path+".count", a.Count.String(), field.ErrNegative)
		}
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

func isLicenceType(t string) bool {
	for _, l := range LicenceTypes {
		if l == t {
			return true
		}
	}
	return false
}

// checkDate parses a date written 2025-03-31; an empty one is the zero time.
func checkDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, fmt.Errorf("is not a date written as 2025-03-31")
	}
	return t, nil
}

// checkClock parses a time of day written 07:30; an empty one is midnight.
func checkClock(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("15:04", s)
	if err != nil {
		return t, fmt.Errorf("is not a time of day written as 07:30")
	}
	return t, nil
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
