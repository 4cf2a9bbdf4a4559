package billing

import "strings"

// normalDomain is a domain as billing.licences.member_by_domain and a
// user principal name are compared: lower case, without surrounding
// space or a leading @.
func normalDomain(d string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@"))
}

// normalLicenceName is a licence name as billing.licences.names and a
// user list's cell are compared: case and surrounding space ignored, runs
// of space as one.
func normalLicenceName(n string) string { return strings.ToLower(strings.Join(strings.Fields(n), " ")) }
