package billing

import (
	"errors"
	"strings"
	"testing"

	"memberfee/internal/field"
)

func TestSplitLicenceNames(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Microsoft 365 E3+Microsoft Teams Rooms Pro", "Microsoft 365 E3|Microsoft Teams Rooms Pro"},
		{"Microsoft 365 E3; Power BI Pro , Visio Plan 2", "Microsoft 365 E3|Power BI Pro|Visio Plan 2"},
		{"Microsoft 365 F3\r\nPower BI Pro\n", "Microsoft 365 F3|Power BI Pro"},
		{"Unlicensed", ""}, {" unlicensed ", ""}, {"", ""}, {"++;", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(SplitLicenceNames(tt.in), "|"); got != tt.want {
			t.Errorf("SplitLicenceNames(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzSplitLicenceNames: a Licenses cell splits into trimmed names, none
// empty, none a separator, none Unlicensed; never a panic.
func FuzzSplitLicenceNames(f *testing.F) {
	for _, s := range []string{"Microsoft 365 E3+Power BI Pro", "a;b,c\nd", "Unlicensed", "", "+ +", "Ä\u00a0+ö"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		for _, n := range SplitLicenceNames(cell) {
			if n == "" || n != strings.TrimSpace(n) || strings.ContainsAny(n, "+;,\r\n") || strings.EqualFold(n, "unlicensed") {
				t.Fatalf("SplitLicenceNames(%q) gives %q", cell, n)
			}
		}
	})
}

// TestValidateUserList: the user list's keys are checked: from, a domain
// of no board member (naming it), duplicates, a type that is none.
func TestValidateUserList(t *testing.T) {
	c := Config{Licences: LicenceRules{From: "users",
		MemberByDomain: []DomainMember{{"askersund.se", "1882"}, {"Askersund.se", "1882"}, {"laxa.se", "9999"}, {"", "1882"}},
		Names:          []LicenceName{{"Microsoft 365 E3", "E3"}, {" microsoft 365  e3", "E3"}, {"Microsoft 365 E5", "E5"}}}}
	var got []string
	for _, err := range c.Validate([]Member{{ID: "1882", Name: "Askersund"}}) {
		got = append(got, err.Error())
	}
	text := strings.Join(got, "\n")
	for _, want := range []string{
		`billing.licences.member_by_domain[1].domain: "Askersund.se" is used twice (also billing.licences.member_by_domain[0])`,
		`billing.licences.member_by_domain[2].member: "9999"`,
		"billing.licences.member_by_domain[3].domain",
		`billing.licences.names[1].name: " microsoft 365  e3" is used twice`,
		`billing.licences.names[2].type: "E5"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("errors lack %q:\n%s", want, text)
		}
	}
	c = Config{Licences: LicenceRules{From: "user"}}
	errs := c.Validate(nil)
	if len(errs) != 1 || !errors.Is(errs[0], field.ErrOutOfRange) || !strings.Contains(errs[0].Error(), "counts or users") {
		t.Fatalf("errs %v", errs)
	}
}
