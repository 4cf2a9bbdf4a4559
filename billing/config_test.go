package billing

import (
	"bufio"
	"errors"
	"os"
	"strings"
	"testing"

	"memberfee/internal/field"
)

// validConfig is a billing section that validates, for two members.
func validConfig() Config {
	max := 100
	return Config{
		Period:      Period{From: "2025-01-01", To: "2025-12-31"},
		OfficeHours: OfficeHours{Start: "07:30", End: "16:30"},
		Prices: Prices{SupportHour: dec("925"), CallOutFee: dec("1450"), SupportIncrementMinutes: 15,
			StorageGBMonth: dec("3.20"), ConsultingHour: dec("1150"), EquipmentMarkup: dec("0.05")},
		Storage: StorageQuota{QuotaGB: dec("25"), ToleranceGB: dec("5")},
		Licences: LicenceRules{Negligible: dec("0.02"),
			PricesMonth: []LicencePrice{{"F3", dec("95")}, {"E3", dec("335")}, {"A3", dec("60")}},
			Allotments:  []Allotment{{"1882", "E3", dec("100")}, {"1861", "F3", dec("50")}}},
		Workbook: Workbook{MaxIncludedLines: &max},
	}
}

var validMembers = []Member{{"1882", "Askersund"}, {"1861", "Hallsberg"}}

func TestValidate(t *testing.T) {
	if errs := validConfig().Validate(validMembers); len(errs) > 0 {
		t.Fatalf("a valid section: %v", errs)
	}
	if errs := (Config{}).Validate(nil); len(errs) > 0 {
		t.Fatalf("an empty section (every default): %v", errs)
	}
	for _, mode := range []string{OutsideReject, OutsideSkip} {
		c := validConfig()
		c.OutsidePeriod = mode
		if errs := c.Validate(validMembers); len(errs) > 0 {
			t.Fatalf("outside_period %s: %v", mode, errs)
		}
	}
	tests := []struct {
		name   string
		modify func(*Config)
		path   string
		reason error
	}{
		{"a day that is no date", func(c *Config) { c.Period.From = "2025-02-30" }, "billing.period.from", field.ErrNotDate},
		{"a date written otherwise", func(c *Config) { c.Period.To = "31/12/2025" }, "billing.period.to", field.ErrNotDate},
		{"a period that ends before it starts", func(c *Config) { c.Period.To = "2024-12-31" }, "billing.period.to", field.ErrOutOfRange},
		{"office hours that end before the default start", func(c *Config) { c.OfficeHours = OfficeHours{End: "07:00"} }, "billing.office_hours.end", field.ErrOutOfRange},
		{"office hours that start after the default end", func(c *Config) { c.OfficeHours = OfficeHours{Start: "17:00"} }, "billing.office_hours.start", field.ErrOutOfRange},
		{"office hours the wrong way round", func(c *Config) { c.OfficeHours = OfficeHours{Start: "16:30", End: "07:30"} }, "billing.office_hours.end", field.ErrOutOfRange},
		{"office hours that are no time", func(c *Config) { c.OfficeHours.Start = "7.30" }, "billing.office_hours.start", field.ErrNotClock},
		{"a negative support price", func(c *Config) { c.Prices.SupportHour = dec("-1") }, "billing.prices.support_hour", field.ErrNegative},
		{"a negative call-out fee", func(c *Config) { c.Prices.CallOutFee = dec("-0.01") }, "billing.prices.call_out_fee", field.ErrNegative},
		{"a negative storage price", func(c *Config) { c.Prices.StorageGBMonth = dec("-3.2") }, "billing.prices.storage_gb_month", field.ErrNegative},
		{"a negative markup", func(c *Config) { c.Prices.EquipmentMarkup = dec("-0.05") }, "billing.prices.equipment_markup", field.ErrNegative},
		{"a negative consulting rate", func(c *Config) { c.Prices.ConsultingHour = dec("-1150") }, "billing.prices.consulting_hour", field.ErrNegative},
		{"a negative increment", func(c *Config) { c.Prices.SupportIncrementMinutes = -15 }, "billing.prices.support_increment_minutes", field.ErrNegative},
		{"a negative quota", func(c *Config) { c.Storage.QuotaGB = dec("-25") }, "billing.storage.quota_gb", field.ErrNegative},
		{"a negative tolerance", func(c *Config) { c.Storage.ToleranceGB = dec("-5") }, "billing.storage.tolerance_gb", field.ErrNegative},
		{"a negative negligible share", func(c *Config) { c.Licences.Negligible = dec("-0.02") }, "billing.licences.negligible", field.ErrNegative},
		{"rows of another period neither rejected nor skipped", func(c *Config) { c.OutsidePeriod = "ignore" }, "billing.outside_period", field.ErrOutOfRange},
		{"rows of another period skipped in capitals", func(c *Config) { c.OutsidePeriod = "Skip" }, "billing.outside_period", field.ErrOutOfRange},
		{"a lines CSV of no dialect", func(c *Config) { c.LinesCSV = "semicolon" }, "billing.lines_csv", field.ErrOutOfRange},
		{"a negative line limit", func(c *Config) { m := -1; c.Workbook.MaxIncludedLines = &m }, "billing.workbook.max_included_lines", field.ErrNegative},
		{"a price of an unknown licence type", func(c *Config) { c.Licences.PricesMonth[0].Type = "E5" }, "billing.licences.prices_month[0].type", field.ErrOutOfRange},
		{"a licence type in lower case", func(c *Config) { c.Licences.PricesMonth[1].Type = "e3" }, "billing.licences.prices_month[1].type", field.ErrOutOfRange},
		{"a licence type priced twice", func(c *Config) { c.Licences.PricesMonth[2].Type = "F3" }, "billing.licences.prices_month[2].type", field.ErrDuplicate},
		{"a negative licence price", func(c *Config) { c.Licences.PricesMonth[1].Price = dec("-335") }, "billing.licences.prices_month[1].price", field.ErrNegative},
		{"an allotment of no member", func(c *Config) { c.Licences.Allotments[0].Member = "9999" }, "billing.licences.allotments[0].member", field.ErrUnknownMember},
		{"an allotment naming a member by name", func(c *Config) { c.Licences.Allotments[0].Member = "Askersund" }, "billing.licences.allotments[0].member", field.ErrUnknownMember},
		{"an allotment of an unknown type", func(c *Config) { c.Licences.Allotments[1].Type = "G1" }, "billing.licences.allotments[1].type", field.ErrOutOfRange},
		{"an allotment twice", func(c *Config) { c.Licences.Allotments[1] = Allotment{"1882", "E3", dec("1")} }, "billing.licences.allotments[1]", field.ErrDuplicate},
		{"a negative allotment", func(c *Config) { c.Licences.Allotments[0].Count = dec("-100") }, "billing.licences.allotments[0].count", field.ErrNegative},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validConfig()
			tt.modify(&c)
			errs := c.Validate(validMembers)
			if len(errs) != 1 {
				t.Fatalf("%d problems, want 1: %v", len(errs), errs)
			}
			var fe *field.Error
			if !errors.As(errs[0], &fe) || fe.Path != tt.path || !errors.Is(errs[0], tt.reason) {
				t.Fatalf("%v, want a %v at %s", errs[0], tt.reason, tt.path)
			}
		})
	}
}

// TestOfficeHoursOneParse: for every pair of testdata/office-hours.tsv,
// Validate and NewRules accept the same office hours, and refuse the others
// naming the same key (NewRules used to refuse end 07:00 without the start
// after the default, which Validate let through).
func TestOfficeHoursOneParse(t *testing.T) {
	f, err := os.Open("testdata/office-hours.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 3 {
			t.Fatalf("%q: %d columns, want 3", sc.Text(), len(cols))
		}
		n++
		t.Run(cols[0]+"–"+cols[1], func(t *testing.T) {
			checkOfficeHours(t, OfficeHours{Start: cols[0], End: cols[1]}, cols[2])
		})
	}
	if err := sc.Err(); err != nil || n < 10 {
		t.Fatalf("read %d pairs: %v", n, err)
	}
}

// checkOfficeHours checks that Validate and NewRules agree on h, and
// refuse it at want unless want is "ok" ("" for either verdict, agreeing).
func checkOfficeHours(t *testing.T, h OfficeHours, want string) {
	t.Helper()
	c := validConfig()
	c.OfficeHours = h
	var paths []string
	for _, e := range c.Validate(validMembers) {
		var fe *field.Error
		if !errors.As(e, &fe) {
			t.Fatalf("Validate: %v is no *field.Error", e)
		}
		paths = append(paths, fe.Path)
	}
	_, err := NewRules(c, validMembers, day("2025-01-01"), day("2025-12-31"))
	switch {
	case want == "ok" && (len(paths) > 0 || err != nil):
		t.Fatalf("refused: Validate %v, NewRules %v", paths, err)
	case want != "ok" && want != "" && (len(paths) == 0 || paths[0] != want):
		t.Fatalf("Validate names %v, want %s", paths, want)
	case (len(paths) == 0) != (err == nil):
		t.Fatalf("Validate names %v but NewRules says %v", paths, err)
	case err != nil:
		var fe *field.Error
		if !errors.As(err, &fe) || fe.Path != paths[0] {
			t.Fatalf("NewRules: %v, want a *field.Error at %s", err, paths[0])
		}
	}
}

// FuzzOfficeHours: whatever the office hours, Validate and NewRules agree
// and neither panics.
func FuzzOfficeHours(f *testing.F) {
	for _, s := range [][2]string{{"", ""}, {"", "07:00"}, {"17:00", ""}, {"7.30", "16:30"}, {"24:00", "25:61"}, {"07:30", "16:30\x00"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, start, end string) {
		checkOfficeHours(t, OfficeHours{Start: start, End: end}, "")
	})
}

func TestLicenceTypes(t *testing.T) {
	if licenceTypeList != "F3, E3 or A3" {
		t.Errorf("licenceTypeList = %q", licenceTypeList)
	}
	for _, typ := range LicenceTypes {
		if !IsLicenceType(typ) {
			t.Errorf("%s is no licence type", typ)
		}
	}
	for _, typ := range []string{"", "f3", "E5", " E3", "F3 "} {
		if IsLicenceType(typ) {
			t.Errorf("%q is a licence type", typ)
		}
	}
}
