package peppol

import "github.com/shopspring/decimal"

// TaxAmount is the VAT of one VAT breakdown group (category, rate): the
// group's net × rate / 100 rounded to 2 decimals half away from zero
// (shopspring/decimal's Round), so TaxAmount(-x, r) = -TaxAmount(x, r).
// It is applied once per group to the sum of the group's line nets
// (document level, BR-CO-17), never per line:
//
//	TaxAmount(100.02, 25)  = 25.01 (25.005 rounded up)
//	TaxAmount(-100.02, 25) = -25.01
//	TaxAmount(3200, 0)     = 0
func TaxAmount(net, rate decimal.Decimal) decimal.Decimal {
	return net.Mul(rate).Shift(-2).Round(2)
}

// VATGroup is one VAT breakdown group (BG-23) of a document, in the
// document's sign.
type VATGroup struct {
	Code    string          // BT-118
	Rate    decimal.Decimal // BT-119; zero for O (not written)
	Taxable decimal.Decimal // BT-116: Σ Net of the group's lines
	Tax     decimal.Decimal // BT-117: TaxAmount(Taxable, Rate)
	// ExemptionReason (BT-120) and ExemptionReasonCode (BT-121) as
	// written: the lines' reason, or for AE, K, G and O without one the
	// standard VATEX code and its text.
	ExemptionReason, ExemptionReasonCode string
}

// vatex are the standard exemption reason codes and texts Write uses for a
// group whose lines give no reason.
var vatex = map[string][2]string{
	"AE": {"VATEX-EU-AE", "Reverse charge"},
	"K":  {"VATEX-EU-IC", "Intra-Community supply"},
	"G":  {"VATEX-EU-G", "Export outside the EU"},
	"O":  {"VATEX-EU-O", "Not subject to VAT"},
}

// Breakdown is d's VAT breakdown: one group per (VATCode, VATRate) in the
// order the lines first use them. It does not check d.
func Breakdown(d *Document) []VATGroup {
	var groups []VATGroup
	for _, l := range d.Lines {
		i := 0
		for i < len(groups) && !(groups[i].Code == l.VATCode && groups[i].Rate.Equal(l.VATRate)) {
			i++
		}
		if i == len(groups) {
			groups = append(groups, VATGroup{Code: l.VATCode, Rate: l.VATRate})
		}
		groups[i].Taxable = groups[i].Taxable.Add(l.Net)
		if groups[i].ExemptionReason == "" {
			groups[i].ExemptionReason = l.ExemptionReason
		}
	}
	for i := range groups {
		g := &groups[i]
		g.Tax = TaxAmount(g.Taxable, g.Rate)
		if std, ok := vatex[g.Code]; ok {
			if g.ExemptionReason == "" {
				g.ExemptionReason = std[1]
			}
			g.ExemptionReasonCode = std[0]
		}
	}
	return groups
}

// Totals are d's sum of line nets (BT-106, which is also the total without
// VAT, BT-109), its total VAT (BT-110) and its amount due (BT-112 = BT-115:
// net + VAT), in the document's sign: negative for a credit note. The
// receivable a ledger books for d is payable.
func Totals(d *Document) (net, vat, payable decimal.Decimal) {
	for _, g := range Breakdown(d) {
		net = net.Add(g.Taxable)
		vat = vat.Add(g.Tax)
	}
	return net, vat, net.Add(vat)
}
