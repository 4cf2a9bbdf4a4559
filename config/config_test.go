package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/allocation"
	"memberfee/internal/field"
)

const minimal = `year: 2025
members:
  - {id: "1882", name: Askersund, population: 11478}
fee:
  previous_total: 1000
`

func write(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "memberfee.yaml")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadExample(t *testing.T) {
	c, err := Load("../examples/sydnarke/memberfee.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if errs := c.Validate(); len(errs) > 0 {
		t.Fatalf("the example is invalid: %v", errs)
	}
	if len(c.Members) != 4 || c.Members[1].Name != "Hallsberg" || c.Billing.Period.From != "2025-01-01" {
		t.Fatalf("unexpected content: %+v", c.Members)
	}
}

// TestExactDecimals: YAML numbers of up to 15 significant digits and quoted
// numbers of any length come out exactly as written.
func TestExactDecimals(t *testing.T) {
	for _, v := range []string{"0.1", "1234567.89", "99999999999.99", "0.034", "3.20", "61250000", "0.000001",
		`"12345678901234567.89"`, `"1 234 567,50"`, "-0.5", "999999999999999"} {
		t.Run(v, func(t *testing.T) {
			c, err := Load(write(t, minimal+"billing:\n  prices:\n    support_hour: "+v+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			want := strings.Trim(v, `"`)
			want = strings.NewReplacer(" ", "", ",", ".").Replace(want)
			if got := c.Billing.Prices.SupportHour; !got.Equal(decimal.RequireFromString(want)) {
				t.Fatalf("decoded %s, want %s", got, want)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string // empty: the file does not exist
		want    []string
	}{
		{"missing file", "", []string{"does not exist"}},
		{"broken YAML", "year: [2025\n", []string{"memberfee.yaml"}},
		{"unknown top-level key", minimal + "yeer: 2025\n", []string{"yeer: is not a known key (did you mean year?)"}},
		{"unknown nested key", minimal + "billing:\n  prices:\n    support_houre: 9\n", []string{"billing.prices.support_houre: is not a known key (did you mean support_hour?)"}},
		{"unknown key in a list entry", "year: 2025\nmembers:\n  - {id: a, population: 1, popluation: 2}\n", []string{"members[0].popluation: is not a known key (did you mean population?)"}},
		{"two unknown keys, each its own", minimal + "yeer: 2025\ncurency: SEK\naaaaaa: 1\n", []string{"aaaaaa: is not a known key\n", "curency: is not a known key (did you mean currency?)",
			"yeer: is not a known key (did you mean year?)"}},
		{"swapped letters", minimal + "billing:\n  licences:\n    form: users\n", []string{"billing.licences.form: is not a known key (did you mean from?)"}},
		{"a mistyped policy key", minimal + "polcy: p.yaml\n", []string{"polcy: is not a known key (did you mean policy?)"}},
		{"non-numeric amount", minimal + "transfers:\n  - {id: wan, amounts: [{member: \"1882\", amount: lots}]}\n", []string{`transfers[0].amounts[0].amount: "lots" is not a number`}},
		{"fractional year", "year: 2025.5\n", []string{"year: 2025.5 is not a whole number"}},
		{"every problem at once", "year: x\nfee: {previous_total: y}\n", []string{"year:", "fee.previous_total:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "memberfee.yaml")
			if tt.content != "" {
				path = write(t, tt.content)
			}
			_, err := Load(path)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestUnknownKeyIsMatchable(t *testing.T) {
	_, err := Load(write(t, minimal+"extra: 1\n"))
	if !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("err = %v", err)
	}
}

func TestEnvOverrides(t *testing.T) {
	t.Setenv("MEMBERFEE_FEE_PREVIOUS_TOTAL", "2000.50")
	t.Setenv("MEMBERFEE_BILLING_PRICES_CONSULTING_HOUR", "1150") // a key the file does not have
	t.Setenv("MEMBERFEE_YEAR", "2026")
	c, err := Load(write(t, minimal))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Fee.PreviousTotal.Equal(decimal.RequireFromString("2000.50")) || c.Year != 2026 ||
		!c.Billing.Prices.ConsultingHour.Equal(decimal.NewFromInt(1150)) {
		t.Fatalf("overrides not applied: %s %d %s", c.Fee.PreviousTotal, c.Year, c.Billing.Prices.ConsultingHour)
	}
}

func TestValidateBilling(t *testing.T) {
	c, err := Load(write(t, minimal+`billing:
  period: {from: 2025-12-31, to: 2025-01-01}
  office_hours: {start: "7.30", end: "16:30"}
  prices: {support_hour: -1}
  licences:
    prices_month: [{type: E5, price: 1}]
    allotments: [{member: "9999", type: E3, count: 1}]
  inputs: {storage: data/missing.csv}
scenarios:
  - {id: baseline}
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"billing.period.to", "billing.office_hours.start", "billing.prices.support_hour",
		"billing.licences.prices_month[0].type", "billing.licences.allotments[0].member", "billing.inputs.storage", "scenarios[0].id"}
	errs := append(c.Validate(), c.CheckFiles()...)
	for _, w := range want {
		found := false
		for _, e := range errs {
			var fe *field.Error
			if errors.As(e, &fe) && fe.Path == w {
				found = true
			}
		}
		if !found {
			t.Errorf("no problem reported at %s: %v", w, errs)
		}
	}
}

// TestValidateBillingOfficeHours: the chargeback's check refuses office
// hours that end before the default start, naming the key; they used to
// pass it and stop the bill in billing.NewRules.
func TestValidateBillingOfficeHours(t *testing.T) {
	for file, path := range map[string]string{
		"testdata/hostile/office-hours-end-before-default-start.yaml": "billing.office_hours.end",
		"testdata/hostile/office-hours-start-after-default-end.yaml":  "billing.office_hours.start",
	} {
		c, err := Load(file)
		if err != nil {
			t.Fatal(err)
		}
		errs := c.ValidateBilling()
		var fe *field.Error
		if len(errs) != 1 || !errors.As(errs[0], &fe) || fe.Path != path || !errors.Is(fe, field.ErrOutOfRange) {
			t.Errorf("%s: %v, want one field.ErrOutOfRange at %s", file, errs, path)
		}
	}
}

func TestParseDecimal(t *testing.T) {
	for in, want := range map[string]string{"1": "1", " 61 250 000 ": "61250000", "3,20": "3.2", "1\u00a0234,5": "1234.5", "1_000": "1000", "-0.25": "-0.25"} {
		got, err := ParseDecimal(in)
		if err != nil || !got.Equal(decimal.RequireFromString(want)) {
			t.Errorf("ParseDecimal(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "1,2,3", "1e5", "1.2.3", "12kr"} {
		if _, err := ParseDecimal(in); err == nil {
			t.Errorf("ParseDecimal(%q) accepted", in)
		}
	}
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1", "3,20", "1 234 567,50", "-0.5", "1e5", "", "١٢"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			return
		}
		// What it accepts round-trips through its canonical form.
		back, err := ParseDecimal(d.String())
		if err != nil || !back.Equal(d) {
			t.Fatalf("%q → %s → %s, %v", s, d, back, err)
		}
	})
}

// FuzzLoad: no config, however broken, makes loading or validation panic,
// and none takes long (the limits refuse what would). It fuzzes the content
// (loadData), not a file, so that an execution costs no file system work.
// Run it with a short minimisation time: with the default (60 s) the fuzzer
// spends its minute shrinking the first new input it finds:
//
//	go test ./config/ -run '^$' -fuzz '^FuzzLoad$' -fuzztime 5m -fuzzminimizetime 1s -parallel 1
func FuzzLoad(f *testing.F) {
	seed, _ := os.ReadFile("../examples/sydnarke/memberfee.yaml")
	f.Add(string(seed))
	f.Add(minimal)
	f.Add("members: 5\n")
	f.Add("year: {a: 1}\nmembers: [{id: [1]}]\n")
	f.Add(minimal + "rounding_unit: 0\ninstallments: 0\n")
	f.Add(minimal + "scenarios:\n  - {id: s, set: {fee: {previous_total: 1e300}}}\n")
	f.Add("a: &a [1]\nb: &b [*a, *a]\nc: [*b, *b]\n")
	hostileFiles, _ := filepath.Glob("testdata/hostile/*")
	for _, p := range hostileFiles {
		if b, err := os.ReadFile(p); err == nil && len(b) < 16<<10 {
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, content string) {
		start := time.Now()
		c, err := loadData([]byte(content), "c.yaml")
		if err == nil {
			if errs := c.Validate(); len(errs) == 0 {
				_, _ = allocation.Compute(&c.Input)
			}
			for _, id := range c.ScenarioIDs() {
				_, _ = c.Scenario(id)
			}
		}
		if took := time.Since(start); took > 10*time.Second {
			t.Fatalf("%d bytes took %v", len(content), took)
		}
	})
}

// TestZeroIsNotDefault: rounding_unit and installments left out (or empty)
// take their defaults; written as zero in any form, in the file or the
// environment, they are errors naming the key (they became 1 and 12).
func TestZeroIsNotDefault(t *testing.T) {
	for _, tt := range []struct {
		name, add string
		env       map[string]string
		want      string // "": no error
	}{
		{"absent", "", nil, ""},
		{"null", "rounding_unit: ~\ninstallments:\n", nil, ""},
		{"set", "rounding_unit: 0.01\ninstallments: 4\n", nil, ""},
		{"rounding_unit 0", "rounding_unit: 0\n", nil, "rounding_unit: 0 must be greater than 0"},
		{"rounding_unit 0.00", "rounding_unit: 0.00\n", nil, "rounding_unit: 0 must be greater than 0"},
		{"rounding_unit \"0\"", "rounding_unit: \"0\"\n", nil, "rounding_unit: 0 must be greater than 0"},
		{"installments 0", "installments: 0\n", nil, "installments: 0 must be greater than 0"},
		{"installments \"0\"", "installments: \"0\"\n", nil, "installments: 0 must be greater than 0"},
		{"installments 0 from the environment", "", map[string]string{"MEMBERFEE_INSTALLMENTS": "0"}, "installments: 0 must be greater than 0"},
		{"rounding_unit 0 from the environment", "rounding_unit: 1\n", map[string]string{"MEMBERFEE_ROUNDING_UNIT": "0"}, "rounding_unit: 0 must be greater than 0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			c, err := Load(write(t, minimal+tt.add))
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if c.InstallmentCount() < 1 || c.Unit().Sign() <= 0 {
					t.Fatalf("defaults lost: %d, %s", c.InstallmentCount(), c.Unit())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, field.ErrNotPositive) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestColumnsKeys: billing.columns names fields of its category's file; a
// field or category that does not exist is an error naming it.
func TestColumnsKeys(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"unknown field", "  columns: {support: {tickett: Nr}}\n", "billing.columns.support.tickett: is not a field of the file (did you mean ticket?)"},
		{"field of another file", "  columns: {support: {used_gb: GB}}\n", "billing.columns.support.used_gb: is not a field of the file (the support file's fields are ticket, member, department, start, end, duration, system, call_out)"},
		{"unknown category", "  columns: {suport: {ticket: Nr}}\n", "billing.columns.suport: is not a known key (did you mean support?)"},
		{"empty header", "  columns: {support: {ticket: \"\"}}\n", "billing.columns.support.ticket: is required"},
		{"user-list field with counts", "  columns: {licences: {licenses: Licenses}}\n", "billing.columns.licences.licenses: is not a field of the file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(write(t, minimal+"billing:\n"+tt.yaml))
			if err == nil {
				err = errors.Join(c.Validate()...)
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant %s", err, tt.want)
			}
		})
	}
	c, err := Load(write(t, minimal+"billing:\n  licences: {from: users}\n  columns: {licences: {licenses: Licenses, user: UPN}, support: {ticket: Nr, duration: Minuter}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if errs := c.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	if c.Billing.Columns.Support["ticket"] != "Nr" || c.Billing.Columns.Licences["user"] != "UPN" {
		t.Fatalf("columns %+v", c.Billing.Columns)
	}
}

// TestMemberNameIsAnotherID: a member named by another member's id is
// refused by both checks, naming both members.
func TestMemberNameIsAnotherID(t *testing.T) {
	c, err := Load(write(t, `year: 2025
members:
  - {id: "1882", name: Askersund, population: 11478}
  - {id: "1860", name: "1882", population: 5600}
fee:
  previous_total: 1000
`))
	if err != nil {
		t.Fatal(err)
	}
	for name, errs := range map[string][]error{"Validate": c.Validate(), "ValidateBilling": c.ValidateBilling()} {
		var fe *field.Error
		if len(errs) != 1 || !errors.As(errs[0], &fe) || fe.Path != "members[1].name" || !errors.Is(fe, field.ErrNameIsID) ||
			!strings.Contains(fe.Error(), "would name Askersund (1882), never this member (1860)") {
			t.Errorf("%s: %v, want one problem at members[1].name naming 1882 and 1860", name, errs)
		}
	}
}
