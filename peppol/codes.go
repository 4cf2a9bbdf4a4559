package peppol

import (
	"strings"

	"memberfee/internal/luhn"
)

// iso4217 are the currency codes Peppol accepts (PEPPOL-EN16931-CL007):
// ISO 4217's list as of the Peppol rules release 2026.5.
var iso4217 = " AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XDR XOF XPD XPF XPT XSU XTS XUA YER ZAR ZMW ZWG XXX CNH XCG "

func knownCurrency(c string) bool {
	return len(c) == 3 && strings.Contains(iso4217, " "+c+" ")
}

// digits is s without hyphens and spaces; ok is false unless the rest are
// all ASCII digits.
func digits(s string) (string, bool) {
	d := strings.NewReplacer("-", "", " ", "").Replace(s)
	if d == "" {
		return "", false
	}
	for _, r := range d {
		if r < '0' || r > '9' {
			return d, false
		}
	}
	return d, true
}

// gln reports whether the 13-digit d ends in its GS1 check digit
// (PEPPOL-COMMON-R040).
func gln(d string) bool {
	if len(d) != 13 {
		return false
	}
	sum := 0
	for i := 0; i < 12; i++ {
		n := int(d[i] - '0')
		if i%2 == 1 {
			n *= 3
		}
		sum += n
	}
	return (10-sum%10)%10 == int(d[12]-'0')
}

// orgnr is the Swedish organisation number s (nnnnnn-nnnn or 10 digits) as
// 10 digits, and whether it is one (SE-R-003/004/013).
func orgnr(s string) (string, bool) {
	if len(s) == 11 && s[6] != '-' {
		return s, false
	}
	d, ok := digits(s)
	if len(s) != 10 && len(s) != 11 {
		ok = false
	}
	return d, ok && len(d) == 10 && luhn.Valid(d)
}

// endpoint splits "scheme:id" and checks the schemes this package writes:
// 0007 (Swedish organisation number, PEPPOL-COMMON-R049), 0088 (GLN,
// PEPPOL-COMMON-R040) and 9955 (Swedish VAT number).
func endpoint(s string) (scheme, id string, ok bool) {
	scheme, id, found := strings.Cut(s, ":")
	if !found {
		return "", "", false
	}
	switch scheme {
	case "0007":
		d, ok := digits(id)
		return scheme, id, ok && d == id && len(d) == 10 && luhn.Valid(d)
	case "0088":
		d, ok := digits(id)
		return scheme, id, ok && d == id && gln(d)
	case "9955":
		return scheme, id, swedishVAT(id)
	}
	return scheme, id, false
}

// swedishVAT: "SE" and 12 digits (SE-R-001/002).
func swedishVAT(v string) bool {
	if len(v) != 14 || v[:2] != "SE" {
		return false
	}
	d, ok := digits(v[2:])
	return ok && d == v[2:]
}
