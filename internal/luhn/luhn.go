// Package luhn is the Luhn (mod 10) check digit that Swedish organisation
// numbers (organisationsnummer) and Bankgiro numbers carry in their last
// digit: the one check both the accounting config and the e-invoices use.
package luhn

// Valid reports whether the digits of s (anything else, a hyphen say, is
// ignored) end in their Luhn check digit; a string without digits is not.
func Valid(s string) bool {
	sum, n := 0, 0
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			continue
		}
		d := int(c - '0')
		if n%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		n++
	}
	return n > 0 && sum%10 == 0
}
