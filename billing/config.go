package billing

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/internal/field"
	"memberfee/internal/quote"
	"memberfee/policy"
)

// Config is the `billing:` section of the config file.
type Config struct {
	Period      Period       `mapstructure:"period"`
	OfficeHours OfficeHours  `mapstructure:"office_hours"`
	Prices      Prices       `mapstructure:"prices"`
	Storage     StorageQuota `mapstructure:"storage"`
	Licences    LicenceRules `mapstructure:"licences"`
	Inputs      Inputs       `mapstructure:"inputs"`
	// Sheets names the sheet to read of an XLSX input, per category; the
	// first sheet when none is named.
	Sheets   Inputs   `mapstructure:"sheets"`
	Workbook Workbook `mapstructure:"workbook"`
	// Columns names, per category and field, the header an export writes
	// a field under (billing.columns.support.ticket: "Nr"), on top of the
	// built-in names; config checks the fields against the schemas.
	Columns Columns `mapstructure:"columns"`
	// OutsidePeriod is what becomes of a row dated outside the period:
	// OutsideReject (the default when empty) rejects it, OutsideSkip
	// counts it as outside, neither charged nor rejected, so that a
	// running year file can be billed quarter by quarter.
	OutsidePeriod string `mapstructure:"outside_period"`
	// Policy is the board's policy: the clause each category's lines cite
	// and the clauses a service may cite (the config's policy key); nil
	// means the built-in one (policy.Default).
	Policy *policy.Policy `mapstructure:"-"`
	// LinesCSV is the dialect of the line-detail CSV, unless --csv names
	// one: LinesCSVExcel (the default when empty: Swedish Excel's decimal
	// comma) or LinesCSVRFC4180 (a decimal point, for programs).
	LinesCSV string `mapstructure:"lines_csv"`
}

// PolicyOrDefault returns the billing's policy, or the built-in one.
func (c Config) PolicyOrDefault() *policy.Policy {
	if c.Policy != nil {
		return c.Policy
	}
	return policy.Default()
}

// The values of billing.lines_csv (and of --csv).
const (
	LinesCSVExcel   = "excel"
	LinesCSVRFC4180 = "rfc4180"
)

// The values of billing.outside_period.
const (
	OutsideReject = "reject"
	OutsideSkip   = "skip"
)

// SkipsOutside reports whether rows dated outside the period are counted
// as outside rather than rejected (billing.outside_period: skip).
func (c Config) SkipsOutside() bool { return c.OutsidePeriod == OutsideSkip }

// Validate lists every problem of the billing section, each a *field.Error
// naming the key path as the config file spells it (billing.prices.…) and
// the offending value; members are the board's, whose ids the licence
// allotments name. It never modifies the config. A config that validates
// makes NewRules fail only for a period that ends before it starts.
func (c Config) Validate(members []Member) []error {
	var errs []error
	add := func(path, value string, err error) {
		errs = append(errs, &field.Error{Path: path, Value: value, Err: err})
	}
	from, fromErr := date(c.Period.From)
	if fromErr != nil {
		add("billing.period.from", quote.Value(c.Period.From), fromErr)
	}
	to, toErr := date(c.Period.To)
	if toErr != nil {
		add("billing.period.to", quote.Value(c.Period.To), toErr)
	}
	if fromErr == nil && toErr == nil && !from.IsZero() && !to.IsZero() && to.Before(from) {
		add("billing.period.to", c.Period.To, fmt.Errorf("%w (before billing.period.from %s)", field.ErrOutOfRange, c.Period.From))
	}
	_, _, hoursErrs := c.OfficeHours.span()
	errs = append(errs, hoursErrs...)

	p := c.Prices
	for _, f := range []struct {
		path string
		d    decimal.Decimal
	}{
		{"billing.prices.support_hour", p.SupportHour},
		{"billing.prices.call_out_fee", p.CallOutFee},
		{"billing.prices.storage_gb_month", p.StorageGBMonth},
		{"billing.prices.equipment_markup", p.EquipmentMarkup},
		{"billing.prices.consulting_hour", p.ConsultingHour},
		{"billing.storage.quota_gb", c.Storage.QuotaGB},
		{"billing.storage.tolerance_gb", c.Storage.ToleranceGB},
		{"billing.licences.negligible", c.Licences.Negligible},
	} {
		if f.d.Sign() < 0 {
			add(f.path, f.d.String(), field.ErrNegative)
		}
	}
	if p.SupportIncrementMinutes < 0 {
		add("billing.prices.support_increment_minutes", fmt.Sprint(p.SupportIncrementMinutes), field.ErrNegative)
	}
	if o := c.OutsidePeriod; o != "" && o != OutsideReject && o != OutsideSkip {
		add("billing.outside_period", quote.Value(o), fmt.Errorf("%w (%s or %s)", field.ErrOutOfRange, OutsideReject, OutsideSkip))
	}
	if d := c.LinesCSV; d != "" && d != LinesCSVExcel && d != LinesCSVRFC4180 {
		add("billing.lines_csv", quote.Value(d), fmt.Errorf("%w (%s or %s)", field.ErrOutOfRange, LinesCSVExcel, LinesCSVRFC4180))
	}
	if m := c.Workbook.MaxIncludedLines; m != nil && *m < 0 {
		add("billing.workbook.max_included_lines", fmt.Sprint(*m), field.ErrNegative)
	}
	notLicenceType := fmt.Errorf("%w (%s)", field.ErrOutOfRange, licenceTypeList)
	seenType := map[string]bool{}
	for i, lp := range c.Licences.PricesMonth {
		path := fmt.Sprintf("billing.licences.prices_month[%d]", i)
		if !IsLicenceType(lp.Type) {
			add(path+".type", quote.Value(lp.Type), notLicenceType)
		} else if seenType[lp.Type] {
			add(path+".type", quote.Value(lp.Type), field.ErrDuplicate)
		}
		seenType[lp.Type] = true
		if lp.Price.Sign() < 0 {
			add(path+".price", lp.Price.String(), field.ErrNegative)
		}
	}
	ids := make(map[string]bool, len(members))
	for _, m := range members {
		ids[m.ID] = true
	}
	seenAllot := map[string]bool{}
	for i, a := range c.Licences.Allotments {
		path := fmt.Sprintf("billing.licences.allotments[%d]", i)
		if !ids[a.Member] {
			add(path+".member", quote.Value(a.Member), field.ErrUnknownMember)
		}
		if !IsLicenceType(a.Type) {
			add(path+".type", quote.Value(a.Type), notLicenceType)
		}
		if seenAllot[a.Member+" "+a.Type] {
			add(path, a.Member+" "+a.Type, field.ErrDuplicate)
		}
		seenAllot[a.Member+" "+a.Type] = true
		if a.Count.Sign() < 0 {
			add(path+".count", a.Count.String(), field.ErrNegative)
		}
	}
	errs = append(errs, c.Licences.validateUsers(ids)...)
	return errs
}

// validateUsers checks the user list's keys: from, member_by_domain and
// names.
func (l LicenceRules) validateUsers(ids map[string]bool) []error {
	var errs []error
	add := func(path, value string, err error) {
		errs = append(errs, &field.Error{Path: path, Value: value, Err: err})
	}
	if f := l.From; f != "" && f != LicencesFromCounts && f != LicencesFromUsers {
		add("billing.licences.from", quote.Value(f), fmt.Errorf("%w (%s or %s)", field.ErrOutOfRange, LicencesFromCounts, LicencesFromUsers))
	}
	// once checks that a key of a list entry is given and given once.
	once := func(seen map[string]string, path, key, value string) {
		switch first, dup := seen[key]; {
		case key == "":
			add(path, "", field.ErrRequired)
		case dup:
			add(path, quote.Value(value), fmt.Errorf("%w (also %s)", field.ErrDuplicate, first))
		default:
			seen[key] = path[:strings.LastIndexByte(path, '.')]
		}
	}
	seenDomain := map[string]string{}
	for i, d := range l.MemberByDomain {
		path := fmt.Sprintf("billing.licences.member_by_domain[%d]", i)
		once(seenDomain, path+".domain", normalDomain(d.Domain), d.Domain)
		if !ids[d.Member] {
			add(path+".member", quote.Value(d.Member), field.ErrUnknownMember)
		}
	}
	seenName := map[string]string{}
	for i, n := range l.Names {
		path := fmt.Sprintf("billing.licences.names[%d]", i)
		once(seenName, path+".name", normalLicenceName(n.Name), n.Name)
		if !IsLicenceType(n.Type) {
			add(path+".type", quote.Value(n.Type), fmt.Errorf("%w (%s)", field.ErrOutOfRange, licenceTypeList))
		}
	}
	if !l.FromUsers() && (len(l.MemberByDomain) > 0 || len(l.Names) > 0) {
		add("billing.licences.from", quote.Value(l.From), fmt.Errorf("%w (member_by_domain and names are read only with from: %s)", field.ErrOutOfRange, LicencesFromUsers))
	}
	return errs
}

// date parses a date written 2025-03-31; an empty one is the zero time.
func date(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, field.ErrNotDate
	}
	return t, nil
}

// Workbook shapes the chargeback workbooks.
type Workbook struct {
	// MaxIncludedLines: a category with more included lines than this in
	// the period lists only its charged lines on its sheets; its included
	// lines (0 kr each) are counted per department and listed one by one
	// in the line-detail CSV. nil means DefaultMaxIncludedLines.
	MaxIncludedLines *int `mapstructure:"max_included_lines"`
}

// DefaultMaxIncludedLines keeps a small board's workbooks complete and a
// region's million storage user-months (nearly all within quota) out of
// them.
const DefaultMaxIncludedLines = 10_000

// IncludedLinesLimit is Workbook.MaxIncludedLines or its default.
func (c Config) IncludedLinesLimit() int {
	if c.Workbook.MaxIncludedLines != nil {
		return *c.Workbook.MaxIncludedLines
	}
	return DefaultMaxIncludedLines
}

// Period is the billing period; both days are included. Dates are written
// 2025-01-01.
type Period struct {
	From string `mapstructure:"from"`
	To   string `mapstructure:"to"`
}

// OfficeHours (ordinarie kontorstid) on weekdays that are not holidays.
// Times are written "07:30". EvesAreHolidays defaults to true: Midsummer
// Eve, Christmas Eve and New Year's Eve are then days off.
type OfficeHours struct {
	Start           string `mapstructure:"start"`
	End             string `mapstructure:"end"`
	EvesAreHolidays *bool  `mapstructure:"eves_are_holidays"`
}

// The office hours where the config names none.
const (
	DefaultOfficeStart = "07:30"
	DefaultOfficeEnd   = "16:30"
)

// Hours returns the start and end of the office hours as written, the
// defaults filling what is not given.
func (o OfficeHours) Hours() (start, end string) {
	start, end = o.Start, o.End
	if start == "" {
		start = DefaultOfficeStart
	}
	if end == "" {
		end = DefaultOfficeEnd
	}
	return start, end
}

// Eves reports whether Midsummer Eve, Christmas Eve and New Year's Eve are
// days off: EvesAreHolidays, true when it is not given.
func (o OfficeHours) Eves() bool { return o.EvesAreHolidays == nil || *o.EvesAreHolidays }

// span is the one parse of the office hours, Validate's and NewCalendar's:
// start and end (the defaults filling what is not given) as time since
// midnight, and each problem as a *field.Error naming its key.
func (o OfficeHours) span() (start, end time.Duration, errs []error) {
	s, e := o.Hours()
	start, startErr := clock(s)
	if startErr != nil {
		errs = append(errs, &field.Error{Path: "billing.office_hours.start", Value: quote.Value(o.Start), Err: startErr})
	}
	end, endErr := clock(e)
	if endErr != nil {
		errs = append(errs, &field.Error{Path: "billing.office_hours.end", Value: quote.Value(o.End), Err: endErr})
	}
	if startErr != nil || endErr != nil || end > start {
		return start, end, errs
	}
	switch {
	case o.End == "":
		errs = append(errs, &field.Error{Path: "billing.office_hours.start", Value: o.Start,
			Err: fmt.Errorf("%w (not before office_hours.end %s, the default)", field.ErrOutOfRange, DefaultOfficeEnd)})
	case o.Start == "":
		errs = append(errs, &field.Error{Path: "billing.office_hours.end", Value: o.End,
			Err: fmt.Errorf("%w (not after office_hours.start %s, the default)", field.ErrOutOfRange, DefaultOfficeStart)})
	default:
		errs = append(errs, &field.Error{Path: "billing.office_hours.end", Value: o.End,
			Err: fmt.Errorf("%w (not after office_hours.start %s)", field.ErrOutOfRange, o.Start)})
	}
	return start, end, errs
}

// clock parses a time of day written 07:30 as time since midnight.
func clock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, field.ErrNotClock
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// Prices of what is billed.
type Prices struct {
	SupportHour             decimal.Decimal `mapstructure:"support_hour"`
	CallOutFee              decimal.Decimal `mapstructure:"call_out_fee"`
	SupportIncrementMinutes int             `mapstructure:"support_increment_minutes"`
	StorageGBMonth          decimal.Decimal `mapstructure:"storage_gb_month"`
	EquipmentMarkup         decimal.Decimal `mapstructure:"equipment_markup"`
	ConsultingHour          decimal.Decimal `mapstructure:"consulting_hour"`
}

// StorageQuota is the per-user quota of the personal folders (clause 4.1).
type StorageQuota struct {
	QuotaGB     decimal.Decimal `mapstructure:"quota_gb"`
	ToleranceGB decimal.Decimal `mapstructure:"tolerance_gb"`
}

// LicenceRules are the Microsoft 365 licence rules (clause 1.2).
type LicenceRules struct {
	Negligible  decimal.Decimal `mapstructure:"negligible"`
	PricesMonth []LicencePrice  `mapstructure:"prices_month"`
	Allotments  []Allotment     `mapstructure:"allotments"`
	// From is what the licence input is: LicencesFromCounts (the default
	// when empty: member, department, type, count) or LicencesFromUsers
	// (one row per user, as the admin center's Active users export).
	From string `mapstructure:"from"`
	// MemberByDomain finds a user's member from the domain of its user
	// principal name, where the user list has no member column (or the
	// row's member cell is empty).
	MemberByDomain []DomainMember `mapstructure:"member_by_domain"`
	// Names maps the licence names of a user list to licence types (case
	// and surrounding space ignored); a name not here is not billed.
	Names []LicenceName `mapstructure:"names"`
}

// The values of billing.licences.from.
const (
	LicencesFromCounts = "counts"
	LicencesFromUsers  = "users"
)

// FromUsers reports whether the licence input is a user list.
func (l LicenceRules) FromUsers() bool { return l.From == LicencesFromUsers }

// DomainMember is the member whose users have a domain (askersund.se).
type DomainMember struct {
	Domain string `mapstructure:"domain"`
	Member string `mapstructure:"member"`
}

// LicenceName maps a licence's name in a user list ("Microsoft 365 E3")
// to its type (E3).
type LicenceName struct {
	Name string `mapstructure:"name"`
	Type string `mapstructure:"type"`
}

// LicenceTypes are the Microsoft 365 licence types of clause 1.2: F3 for
// shared computers, E3 or A3 for a computer of one's own.
var LicenceTypes = []string{"F3", "E3", "A3"}

// IsLicenceType reports whether t is one of LicenceTypes, as written.
func IsLicenceType(t string) bool { return slices.Contains(LicenceTypes, t) }

// licenceTypeList names LicenceTypes in a message: "F3, E3 or A3".
var licenceTypeList = strings.Join(LicenceTypes[:len(LicenceTypes)-1], ", ") + " or " + LicenceTypes[len(LicenceTypes)-1]

// LicencePrice is the monthly price of a licence type (F3, E3, A3).
type LicencePrice struct {
	Type  string          `mapstructure:"type"`
	Price decimal.Decimal `mapstructure:"price"`
}

// Allotment is the number of licences of a type a member has in the fee.
type Allotment struct {
	Member string          `mapstructure:"member"`
	Type   string          `mapstructure:"type"`
	Count  decimal.Decimal `mapstructure:"count"`
}

// Inputs names the input file of each category, relative to the config
// file (or, as Config.Sheets, the sheet of each XLSX input).
type Inputs struct {
	Equipment string `mapstructure:"equipment"`
	Printers  string `mapstructure:"printers"`
	Storage   string `mapstructure:"storage"`
	Support   string `mapstructure:"support"`
	Licences  string `mapstructure:"licences"`
	Services  string `mapstructure:"services"`
}

// Columns is billing.columns: per category, field name → the header the
// category's file writes it under.
type Columns struct {
	Equipment map[string]string `mapstructure:"equipment"`
	Printers  map[string]string `mapstructure:"printers"`
	Storage   map[string]string `mapstructure:"storage"`
	Support   map[string]string `mapstructure:"support"`
	Licences  map[string]string `mapstructure:"licences"`
	Services  map[string]string `mapstructure:"services"`
}

// Of returns the category's columns, nil where none are named.
func (c Columns) Of(cat Category) map[string]string {
	switch cat {
	case Equipment:
		return c.Equipment
	case Printers:
		return c.Printers
	case Storage:
		return c.Storage
	case Support:
		return c.Support
	case Licences:
		return c.Licences
	case Services:
		return c.Services
	}
	return nil
}
