package config

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"memberfee/allocation"
	"memberfee/billing"
	"memberfee/internal/field"
	"memberfee/internal/luhn"
	"memberfee/internal/quote"
)

// DefaultPaymentTerms is the days from a chargeback's or correction's
// issue date to its due date when accounting.payment_terms_days is not set.
const DefaultPaymentTerms = 30

// Accounting is how the host municipality books and invoices what the
// board issues (SPEC "Into the books"). The export commands require it
// whole (ValidateAccounting); every command validates it when it is Given;
// bill and issue read PaymentTermsDays.
type Accounting struct {
	Seller  Seller             `mapstructure:"seller"`
	Members []AccountingMember `mapstructure:"members"`
	// PaymentTermsDays is the days from issue to due date; 0 means
	// DefaultPaymentTerms.
	PaymentTermsDays int         `mapstructure:"payment_terms_days"`
	VAT              []VATRule   `mapstructure:"vat"`
	Accounts         Accounts    `mapstructure:"accounts"`
	Dimensions       []Dimension `mapstructure:"dimensions"`
}

// Seller is the host municipality, which invoices the members.
type Seller struct {
	Name               string    `mapstructure:"name"`
	OrganisationNumber string    `mapstructure:"organisation_number"` // nnnnnn-nnnn
	PeppolID           string    `mapstructure:"peppol_id"`           // scheme:id, e.g. 0007:2120001234
	Address            Address   `mapstructure:"address"`
	Contact            Contact   `mapstructure:"contact"`
	Bankgiro           string    `mapstructure:"bankgiro"` // nnn-nnnn or nnnn-nnnn
	VAT                SellerVAT `mapstructure:"vat"`
}

// SellerVAT is the seller's VAT registration.
type SellerVAT struct {
	Registered bool   `mapstructure:"registered"`
	Number     string `mapstructure:"number"` // SE + organisation number + 01
}

// Address is a postal address; Country is ISO 3166-1 alpha-2 (SE).
type Address struct {
	Street     string `mapstructure:"street"`
	City       string `mapstructure:"city"`
	PostalCode string `mapstructure:"postal_code"`
	Country    string `mapstructure:"country"`
}

// Contact is a person to ask about an invoice.
type Contact struct {
	Name  string `mapstructure:"name"`
	Email string `mapstructure:"email"`
}

// AccountingMember is a member as the books and its invoices know it.
type AccountingMember struct {
	Member             string  `mapstructure:"member"` // the member's id
	OrganisationNumber string  `mapstructure:"organisation_number"`
	PeppolID           string  `mapstructure:"peppol_id"`
	BuyerReference     string  `mapstructure:"buyer_reference"` // what the member's receiving system routes on
	Address            Address `mapstructure:"address"`
	// VATNumber is the member's VAT identifier (SE + organisation number
	// + 01), required when a category is AE or K (BR-AE-02, BR-IC-02).
	VATNumber string `mapstructure:"vat_number"`
}

// VATRule is a category's VAT: its EN 16931 category code (UNCL5305) and,
// for S (and L, M), its rate in per cent.
type VATRule struct {
	Category string              `mapstructure:"category"` // fee or a chargeback category
	Code     string              `mapstructure:"code"`
	Rate     decimal.NullDecimal `mapstructure:"rate"`
}

// Accounts are the account numbers the vouchers use: the receivable, the
// revenue per category and VAT out.
type Accounts struct {
	Receivable string `mapstructure:"receivable"`
	Fee        string `mapstructure:"fee"`
	Equipment  string `mapstructure:"equipment"`
	Printers   string `mapstructure:"printers"`
	Storage    string `mapstructure:"storage"`
	Support    string `mapstructure:"support"`
	Licences   string `mapstructure:"licences"`
	Services   string `mapstructure:"services"`
	VATOut     string `mapstructure:"vat_out"`
}

// Dimension is an SIE dimension the vouchers carry: a fixed Object on
// every revenue line, or (PerMember) the member's id as object, the
// counterpart, on every line of the member's voucher but VAT's.
type Dimension struct {
	Dim       int    `mapstructure:"dim"`
	Name      string `mapstructure:"name"`
	Object    string `mapstructure:"object"`
	PerMember bool   `mapstructure:"per_member"`
}

// FeeCategory is the category of a fee document's single line.
const FeeCategory = "fee"

// DefaultMemberDim is the SIE dimension of the member as counterpart (8,
// kund, in the standard's numbering) when no dimension is per_member.
const DefaultMemberDim = 8

// AccountingCategories lists the categories the accounting section must
// give VAT and an account: the fee, then the chargeback's six.
func AccountingCategories() []string {
	cs := []string{FeeCategory}
	for _, c := range billing.Categories {
		cs = append(cs, string(c))
	}
	return cs
}

// Given reports whether the config has an accounting section beyond
// payment_terms_days: then every command validates it whole, so that a
// mistyped organisation number is refused before anything is issued (a
// config without one stays valid for bill and issue).
func (a *Accounting) Given() bool {
	return a.Seller != (Seller{}) || len(a.Members) > 0 || len(a.VAT) > 0 || a.Accounts != (Accounts{}) || len(a.Dimensions) > 0
}

// PaymentTerms returns the days from issue to due date.
func (c *Config) PaymentTerms() int {
	if c.Accounting.PaymentTermsDays == 0 {
		return DefaultPaymentTerms
	}
	return c.Accounting.PaymentTermsDays
}

// Account returns the revenue account of category ("" when not configured).
func (a *Accounts) Account(category string) string {
	switch category {
	case FeeCategory:
		return a.Fee
	case string(billing.Equipment):
		return a.Equipment
	case string(billing.Printers):
		return a.Printers
	case string(billing.Storage):
		return a.Storage
	case string(billing.Support):
		return a.Support
	case string(billing.Licences):
		return a.Licences
	case string(billing.Services):
		return a.Services
	}
	return ""
}

// VATFor returns category's VAT rule.
func (a *Accounting) VATFor(category string) (VATRule, bool) {
	for _, v := range a.VAT {
		if v.Category == category {
			return v, true
		}
	}
	return VATRule{}, false
}

// RatePercent is the rule's rate, 0 when it has none.
func (v VATRule) RatePercent() decimal.Decimal {
	if v.Rate.Valid {
		return v.Rate.Decimal
	}
	return decimal.Zero
}

// Member returns the accounting entry of member id, nil when there is none.
func (a *Accounting) Member(id string) *AccountingMember {
	for i := range a.Members {
		if a.Members[i].Member == id {
			return &a.Members[i]
		}
	}
	return nil
}

// MemberDimension is the dimension of the member as counterpart: the
// configured per_member one, else dimension 8 (kund).
func (a *Accounting) MemberDimension() Dimension {
	for _, d := range a.Dimensions {
		if d.PerMember {
			return d
		}
	}
	return Dimension{Dim: DefaultMemberDim, Name: "Kund", PerMember: true}
}

// The reasons of the accounting section's errors, beside field's.
var (
	ErrCheckDigit   = errors.New("fails its check digit")
	ErrBadFormat    = errors.New("is not written as required")
	ErrMixedVAT     = errors.New("mix O (not subject to VAT) with other VAT categories on one document (EN 16931 BR-O-11/12)")
	ErrUnregistered = errors.New("charge VAT, but accounting.seller.vat.registered is false")
)

// SwedishRates are the S rates Sweden allows a Swedish seller (Peppol
// SE-R-006), in per cent.
var SwedishRates = []decimal.Decimal{decimal.NewFromInt(25), decimal.NewFromInt(12), decimal.NewFromInt(6)}

// VATCodes are EN 16931's VAT category codes (UNCL5305 subset); L and M
// are refused, as Peppol BIS 3 does (BR-CL-18).
var VATCodes = []string{"S", "Z", "E", "AE", "K", "G", "O", "L", "M"}

var (
	orgNumberRE = regexp.MustCompile(`^[0-9]{6}-[0-9]{4}$`)
	bankgiroRE  = regexp.MustCompile(`^[0-9]{3,4}-[0-9]{4}$`)
	peppolIDRE  = regexp.MustCompile(`^[0-9]{4}:[0-9A-Za-z.\-_]{1,50}$`)
	countryRE   = regexp.MustCompile(`^[A-Z]{2}$`)
	currencyRE  = regexp.MustCompile(`^[A-Z]{3}$`)
	accountRE   = regexp.MustCompile(`^[0-9]{1,10}$`)
)

// Luhn reports whether the digits of s (anything else ignored) pass the
// Luhn (mod 10) check that Swedish organisation numbers and Bankgiro
// numbers carry in their last digit.
func Luhn(s string) bool { return luhn.Valid(s) }

// digits is s without its hyphens.
func digits(s string) string { return strings.ReplaceAll(s, "-", "") }

// ValidateAccounting checks the accounting section whole, as the export
// commands need it: every problem a *field.Error naming its key path.
// Organisation numbers (nnnnnn-nnnn) and Bankgiro numbers by their Luhn
// check digit; every member of the config and every category (fee and
// the six of the chargeback) present in vat and accounts; the categories
// that share a document (the six chargeback categories share chargeback
// and correction documents; the fee is alone on its own) all O or none
// (BR-O-11/12); S needs a rate; VAT only from a registered seller; the
// config's currency an ISO 4217 code.
func (c *Config) ValidateAccounting() []error {
	a := &c.Accounting
	var errs []error
	add := func(path, value string, err error) {
		errs = append(errs, &field.Error{Path: path, Value: value, Err: err})
	}
	required := func(path, v string) bool {
		if strings.TrimSpace(v) == "" {
			add(path, "", field.ErrRequired)
			return false
		}
		return true
	}
	orgNumber := func(path, v string) {
		switch {
		case !required(path, v):
		case !orgNumberRE.MatchString(v):
			add(path, quote.Value(v), fmt.Errorf("%w (nnnnnn-nnnn, ten digits with a hyphen)", ErrBadFormat))
		case !Luhn(v):
			add(path, quote.Value(v), fmt.Errorf("%w (Luhn): a digit is mistyped", ErrCheckDigit))
		}
	}
	peppolID := func(path, v, org string) {
		if v == "" {
			return
		}
		scheme, id, _ := strings.Cut(v, ":")
		switch {
		case !peppolIDRE.MatchString(v):
			add(path, quote.Value(v), fmt.Errorf("%w (scheme:identifier, e.g. 0007:2120001234)", ErrBadFormat))
		case scheme == "0007" && orgNumberRE.MatchString(org) && id != digits(org):
			add(path, quote.Value(v), fmt.Errorf("%w: scheme 0007 is the organisation number %s without its hyphen", ErrBadFormat, org))
		}
	}
	address := func(path string, ad Address) {
		if required(path+".country", ad.Country) && !countryRE.MatchString(ad.Country) {
			add(path+".country", quote.Value(ad.Country), fmt.Errorf("%w (two capital letters, ISO 3166: SE)", ErrBadFormat))
		}
	}

	if c.Currency == "" || !currencyRE.MatchString(c.Currency) {
		add("currency", quote.Value(c.Currency), fmt.Errorf("%w (three capital letters, ISO 4217: SEK)", ErrBadFormat))
	}

	s := &a.Seller
	required("accounting.seller.name", s.Name)
	orgNumber("accounting.seller.organisation_number", s.OrganisationNumber)
	peppolID("accounting.seller.peppol_id", s.PeppolID, s.OrganisationNumber)
	address("accounting.seller.address", s.Address)
	switch bg := s.Bankgiro; {
	case !required("accounting.seller.bankgiro", bg):
	case !bankgiroRE.MatchString(bg):
		add("accounting.seller.bankgiro", quote.Value(bg), fmt.Errorf("%w (nnn-nnnn or nnnn-nnnn)", ErrBadFormat))
	case !Luhn(bg):
		add("accounting.seller.bankgiro", quote.Value(bg), fmt.Errorf("%w (Luhn): a digit is mistyped", ErrCheckDigit))
	}
	if s.VAT.Registered {
		want := "SE" + digits(s.OrganisationNumber) + "01"
		switch n := s.VAT.Number; {
		case !required("accounting.seller.vat.number", n):
		case orgNumberRE.MatchString(s.OrganisationNumber) && n != want:
			add("accounting.seller.vat.number", quote.Value(n), fmt.Errorf("%w: a Swedish VAT number is SE, the organisation number and 01 (%s)", ErrBadFormat, want))
		}
	}

	// Members: each of the config's, once, and no other.
	seen := map[string]string{}
	for i, m := range a.Members {
		path := fmt.Sprintf("accounting.members[%d]", i)
		switch first, dup := seen[m.Member]; {
		case !required(path+".member", m.Member):
		case dup:
			add(path+".member", quote.Value(m.Member), fmt.Errorf("%w (also %s)", field.ErrDuplicate, first))
		case !slices.ContainsFunc(c.Members, func(cm allocation.Member) bool { return cm.ID == m.Member }):
			add(path+".member", quote.Value(m.Member), field.ErrUnknownMember)
		default:
			seen[m.Member] = path
		}
		orgNumber(path+".organisation_number", m.OrganisationNumber)
		peppolID(path+".peppol_id", m.PeppolID, m.OrganisationNumber)
		address(path+".address", m.Address)
	}
	for _, m := range c.Members {
		if _, ok := seen[m.ID]; !ok && m.ID != "" {
			add("accounting.members", "", fmt.Errorf("lack member %s (%s): every member needs its organisation number and address", m.ID, m.Name))
		}
	}

	// VAT: every category once, a known code, a rate where the code has one.
	countrySE := s.Address.Country == "SE"
	categories := AccountingCategories()
	seenVAT := map[string]bool{}
	anyVAT := false
	for i, v := range a.VAT {
		path := fmt.Sprintf("accounting.vat[%d]", i)
		switch {
		case !required(path+".category", v.Category):
		case !slices.Contains(categories, v.Category):
			add(path+".category", quote.Value(v.Category), fmt.Errorf("%w (%s)", field.ErrOutOfRange, strings.Join(categories, ", ")))
		case seenVAT[v.Category]:
			add(path+".category", quote.Value(v.Category), field.ErrDuplicate)
		}
		seenVAT[v.Category] = true
		if !slices.Contains(VATCodes, v.Code) {
			add(path+".code", quote.Value(v.Code), fmt.Errorf("%w (an EN 16931 VAT category: %s)", field.ErrOutOfRange, strings.Join(VATCodes, ", ")))
			continue
		}
		r := v.Rate
		switch v.Code {
		case "S":
			if !r.Valid || r.Decimal.Sign() <= 0 || r.Decimal.GreaterThanOrEqual(decimal.NewFromInt(100)) {
				add(path+".rate", rateText(r), fmt.Errorf("%w: code S (standard rate) needs its rate in per cent, above 0 and below 100", field.ErrOutOfRange))
			}
			if r.Valid && countrySE && !slices.ContainsFunc(SwedishRates, r.Decimal.Equal) {
				add(path+".rate", rateText(r), fmt.Errorf("%w: a Swedish seller's S rate is 25, 12 or 6 (Peppol SE-R-006)", field.ErrOutOfRange))
			}
		case "L", "M":
			add(path+".code", quote.Value(v.Code), fmt.Errorf("%w: Peppol BIS 3 does not allow code %s (BR-CL-18: S, Z, E, AE, K, G, O)", field.ErrOutOfRange, v.Code))
		default:
			if r.Valid && !r.Decimal.IsZero() {
				add(path+".rate", rateText(r), fmt.Errorf("%w: code %s carries no VAT (leave the rate out)", field.ErrOutOfRange, v.Code))
			}
		}
		if r.Valid && r.Decimal.Exponent() < -2 {
			add(path+".rate", rateText(r), fmt.Errorf("%w: a rate has at most two decimals", field.ErrOutOfRange))
		}
		if v.Code != "O" && r.Valid && r.Decimal.Sign() > 0 {
			anyVAT = true
		}
	}
	// AE (reverse charge) and K (intra-community) name the buyer's VAT number.
	for _, v := range a.VAT {
		if v.Code != "AE" && v.Code != "K" {
			continue
		}
		for i, m := range a.Members {
			if strings.TrimSpace(m.VATNumber) == "" {
				add(fmt.Sprintf("accounting.members[%d].vat_number", i), "", fmt.Errorf("%w: category %s is %s, which needs the buyer's VAT number (BR-AE-02/BR-IC-02)", field.ErrRequired, v.Category, v.Code))
			}
		}
		break
	}
	for _, cat := range categories {
		if !seenVAT[cat] {
			add("accounting.vat", "", fmt.Errorf("lacks category %s: every category needs its VAT code", cat))
		}
	}
	if anyVAT && !s.VAT.Registered {
		var with []string
		for _, v := range a.VAT {
			if v.Code != "O" && v.RatePercent().Sign() > 0 {
				with = append(with, v.Category)
			}
		}
		add("accounting.vat", "", fmt.Errorf("%s %w", strings.Join(with, ", "), ErrUnregistered))
	}
	// BR-O-11/12: the categories of one document are all O or none. The
	// fee is alone on its document; the six chargeback categories share
	// the chargeback and correction documents.
	var isO, notO []string
	for _, cat := range categories[1:] {
		if v, ok := a.VATFor(cat); ok && slices.Contains(VATCodes, v.Code) {
			if v.Code == "O" {
				isO = append(isO, cat)
			} else {
				notO = append(notO, cat)
			}
		}
	}
	if len(isO) > 0 && len(notO) > 0 {
		add("accounting.vat", "", fmt.Errorf("%s (O) and %s (not O) %w: give them all O or none", strings.Join(isO, ", "), strings.Join(notO, ", "), ErrMixedVAT))
	}

	// Accounts: every one, all digits.
	acc := &a.Accounts
	for _, f := range []struct{ key, v string }{
		{"receivable", acc.Receivable}, {"fee", acc.Fee}, {"equipment", acc.Equipment}, {"printers", acc.Printers},
		{"storage", acc.Storage}, {"support", acc.Support}, {"licences", acc.Licences}, {"services", acc.Services}, {"vat_out", acc.VATOut},
	} {
		path := "accounting.accounts." + f.key
		if required(path, f.v) && !accountRE.MatchString(f.v) {
			add(path, quote.Value(f.v), fmt.Errorf("%w (an account number: digits only)", ErrBadFormat))
		}
	}

	// Dimensions: a number once each, a name, a fixed object or per_member.
	seenDim := map[int]bool{}
	perMember := 0
	for i, d := range a.Dimensions {
		path := fmt.Sprintf("accounting.dimensions[%d]", i)
		switch {
		case d.Dim < 1 || d.Dim > 999:
			add(path+".dim", fmt.Sprint(d.Dim), fmt.Errorf("%w (1 to 999: SIE's numbering, 1 kostnadsställe, 6 projekt, 8 kund …)", field.ErrOutOfRange))
		case seenDim[d.Dim]:
			add(path+".dim", fmt.Sprint(d.Dim), field.ErrDuplicate)
		}
		seenDim[d.Dim] = true
		required(path+".name", d.Name)
		switch {
		case d.PerMember && d.Object != "":
			add(path+".object", quote.Value(d.Object), fmt.Errorf("%w: a per_member dimension takes the member's id as object; give one or the other", field.ErrOutOfRange))
		case !d.PerMember && strings.TrimSpace(d.Object) == "":
			add(path+".object", "", fmt.Errorf("%w (or per_member: true)", field.ErrRequired))
		}
		if !d.PerMember && d.Dim == a.MemberDimension().Dim {
			add(path+".dim", fmt.Sprint(d.Dim), fmt.Errorf("%w: dimension %d holds the member as counterpart, so it cannot also hold a fixed object (give it per_member: true, or another dimension per_member)", field.ErrDuplicate, d.Dim))
		}
		if d.PerMember {
			perMember++
			if perMember == 2 {
				add(path+".per_member", "true", fmt.Errorf("%w: one dimension holds the member as counterpart", field.ErrDuplicate))
			}
		}
	}
	return errs
}

func rateText(r decimal.NullDecimal) string {
	if !r.Valid {
		return ""
	}
	return r.Decimal.String()
}
