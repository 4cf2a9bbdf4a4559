package config

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"memberfee/internal/field"
)

func TestLuhn(t *testing.T) {
	for _, c := range []struct {
		s  string
		ok bool
	}{
		{"212000-1843", true}, {"212000-1844", false}, {"556036-0793", true}, {"556036-0794", false},
		{"5050-1055", true}, {"5050-1056", false}, {"123-4566", true}, {"", false}, {"-", false},
	} {
		if Luhn(c.s) != c.ok {
			t.Errorf("Luhn(%q) = %v", c.s, !c.ok)
		}
	}
}

func loadExample(t *testing.T) *Config {
	t.Helper()
	c, err := Load("../examples/sydnarke/memberfee.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestValidateAccountingExample(t *testing.T) {
	c := loadExample(t)
	if errs := c.ValidateAccounting(); len(errs) > 0 {
		t.Fatalf("the example's accounting section: %v", errs)
	}
	if d := c.Accounting.MemberDimension(); d.Dim != 8 || d.Name != "Motpart" {
		t.Errorf("member dimension %+v", d)
	}
	if v, _ := c.Accounting.VATFor("storage"); v.Code != "S" || v.RatePercent().String() != "25" {
		t.Errorf("storage VAT %+v", v)
	}
}

// TestValidateAccounting: each broken key is named, with its reason.
func TestValidateAccounting(t *testing.T) {
	for _, c := range []struct {
		name, path string
		edit       func(*Accounting)
		want       error
	}{
		{"seller's org number fails Luhn", "accounting.seller.organisation_number", func(a *Accounting) { a.Seller.OrganisationNumber = "212000-1844" }, ErrCheckDigit},
		{"org number without hyphen", "accounting.members[1].organisation_number", func(a *Accounting) { a.Members[1].OrganisationNumber = "2120001868" }, ErrBadFormat},
		{"bankgiro fails its check digit", "accounting.seller.bankgiro", func(a *Accounting) { a.Seller.Bankgiro = "5050-1056" }, ErrCheckDigit},
		{"bankgiro missing", "accounting.seller.bankgiro", func(a *Accounting) { a.Seller.Bankgiro = "" }, field.ErrRequired},
		{"peppol id is another org number", "accounting.members[0].peppol_id", func(a *Accounting) { a.Members[0].PeppolID = "0007:2120001868" }, ErrBadFormat},
		{"a member missing", "accounting.members", func(a *Accounting) { a.Members = a.Members[1:] }, nil},
		{"an unknown member", "accounting.members[0].member", func(a *Accounting) { a.Members[0].Member = "9999" }, field.ErrUnknownMember},
		{"a member twice", "accounting.members[1].member", func(a *Accounting) { a.Members[1].Member = "1882" }, field.ErrDuplicate},
		{"a category without VAT", "accounting.vat", func(a *Accounting) { a.VAT = a.VAT[:6] }, nil},
		{"an unknown code", "accounting.vat[0].code", func(a *Accounting) { a.VAT[0].Code = "X" }, field.ErrOutOfRange},
		{"S without a rate", "accounting.vat[1].rate", func(a *Accounting) { a.VAT[1].Rate.Valid = false }, field.ErrOutOfRange},
		{"O with a rate", "accounting.vat[0].rate", func(a *Accounting) { a.VAT[0].Rate = a.VAT[1].Rate }, field.ErrOutOfRange},
		{"O mixed on the chargeback", "accounting.vat", func(a *Accounting) { a.VAT[3].Code, a.VAT[3].Rate.Valid = "O", false }, ErrMixedVAT},
		{"VAT without registration", "accounting.vat", func(a *Accounting) { a.Seller.VAT.Registered = false }, ErrUnregistered},
		{"a wrong VAT number", "accounting.seller.vat.number", func(a *Accounting) { a.Seller.VAT.Number = "SE212000186801" }, ErrBadFormat},
		{"an account missing", "accounting.accounts.vat_out", func(a *Accounting) { a.Accounts.VATOut = "" }, field.ErrRequired},
		{"an account not digits", "accounting.accounts.fee", func(a *Accounting) { a.Accounts.Fee = "30x0" }, ErrBadFormat},
		{"a dimension twice", "accounting.dimensions[1].dim", func(a *Accounting) { a.Dimensions[1].Dim = 1 }, field.ErrDuplicate},
		{"a dimension with neither object nor per_member", "accounting.dimensions[0].object", func(a *Accounting) { a.Dimensions[0].Object = "" }, field.ErrRequired},
		{"a country not ISO", "accounting.seller.address.country", func(a *Accounting) { a.Seller.Address.Country = "Sverige" }, ErrBadFormat},
		// What peppol.Check refuses is refused here already, naming the key.
		{"an S rate Sweden does not have (SE-R-006)", "accounting.vat[1].rate", func(a *Accounting) { a.VAT[1].Rate.Decimal = decimal.NewFromInt(19) }, field.ErrOutOfRange},
		{"code L (BR-CL-18)", "accounting.vat[2].code", func(a *Accounting) { a.VAT[2].Code = "L" }, field.ErrOutOfRange},
		{"code M (BR-CL-18)", "accounting.vat[2].code", func(a *Accounting) { a.VAT[2].Code = "M" }, field.ErrOutOfRange},
		{"AE without the buyer's VAT number", "accounting.members[1].vat_number", func(a *Accounting) {
			for i := 1; i < len(a.VAT); i++ {
				a.VAT[i].Code, a.VAT[i].Rate.Valid = "AE", false
			}
			a.Members[0].VATNumber = "SE212000188401"
		}, field.ErrRequired},
		{"K without the buyer's VAT number", "accounting.members[0].vat_number", func(a *Accounting) {
			for i := 1; i < len(a.VAT); i++ {
				a.VAT[i].Code, a.VAT[i].Rate.Valid = "K", false
			}
		}, field.ErrRequired},
		// The member's counterpart dimension holds no fixed object too.
		{"a fixed dimension 8 beside the default member dimension", "accounting.dimensions[1].dim", func(a *Accounting) {
			a.Dimensions[1] = Dimension{Dim: 8, Name: "Kund", Object: "9999"}
		}, field.ErrDuplicate},
		{"a fixed dimension on the per_member one's number", "accounting.dimensions[0].dim", func(a *Accounting) {
			a.Dimensions[0].Dim, a.Dimensions[1].Dim = 6, 6
		}, field.ErrDuplicate},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := loadExample(t)
			c.edit(&cfg.Accounting)
			errs := cfg.ValidateAccounting()
			found := false
			for _, err := range errs {
				var fe *field.Error
				if errors.As(err, &fe) && fe.Path == c.path && (c.want == nil || errors.Is(err, c.want)) {
					found = true
				}
			}
			if !found {
				t.Fatalf("want an error at %s (%v), got %v", c.path, c.want, errs)
			}
		})
	}
	cfg := loadExample(t)
	cfg.Accounting.VAT[2].Code, cfg.Accounting.VAT[2].Rate.Valid = "O", false
	for _, err := range cfg.ValidateAccounting() {
		if errors.Is(err, ErrMixedVAT) && (!strings.Contains(err.Error(), "printers (O)") || !strings.Contains(err.Error(), "storage")) {
			t.Errorf("the mixed categories are not named: %v", err)
		}
	}
	cfg.Currency = "kr"
	if errs := cfg.ValidateAccounting(); len(errs) == 0 || !strings.Contains(errs[0].Error(), "currency") {
		t.Errorf("a currency that is no ISO code: %v", errs)
	}
}

// TestValidateAccountingPasses: what the checks above must not refuse.
func TestValidateAccountingPasses(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*Accounting)
	}{
		{"S at 12 and 6", func(a *Accounting) {
			a.VAT[1].Rate.Decimal, a.VAT[2].Rate.Decimal = decimal.NewFromInt(12), decimal.NewFromInt(6)
		}},
		{"AE with every member's VAT number", func(a *Accounting) {
			for i := 1; i < len(a.VAT); i++ {
				a.VAT[i].Code, a.VAT[i].Rate.Valid = "AE", false
			}
			for i := range a.Members {
				a.Members[i].VATNumber = "SE" + strings.ReplaceAll(a.Members[i].OrganisationNumber, "-", "") + "01"
			}
		}},
		{"a fixed dimension 8 beside a per_member dimension 6", func(a *Accounting) {
			a.Dimensions[1] = Dimension{Dim: 6, Name: "Motpart", PerMember: true}
			a.Dimensions = append(a.Dimensions, Dimension{Dim: 8, Name: "Kund", Object: "9999"})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := loadExample(t)
			c.edit(&cfg.Accounting)
			if errs := cfg.ValidateAccounting(); len(errs) > 0 {
				t.Errorf("refused: %v", errs)
			}
		})
	}
}

// TestAccountingInGeneralValidation: a given accounting section is
// checked by Validate and ValidateBilling; an absent one is not required.
func TestAccountingInGeneralValidation(t *testing.T) {
	cfg := loadExample(t)
	cfg.Accounting.Members[0].OrganisationNumber = "212000-1885"
	for name, errs := range map[string][]error{"Validate": cfg.Validate(), "ValidateBilling": cfg.ValidateBilling()} {
		if !slices.ContainsFunc(errs, func(err error) bool {
			var fe *field.Error
			return errors.As(err, &fe) && fe.Path == "accounting.members[0].organisation_number"
		}) {
			t.Errorf("%s: a Luhn-failing organisation number passes: %v", name, errs)
		}
	}
	cfg = loadExample(t)
	cfg.Accounting = Accounting{PaymentTermsDays: 21}
	if errs := cfg.ValidateBilling(); len(errs) > 0 {
		t.Errorf("a config without an accounting section (but payment terms): %v", errs)
	}
}
