package billing

import "github.com/shopspring/decimal"

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
}

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
