package sie

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"memberfee/books"
	"memberfee/config"
)

// Header is what a File says of who wrote it and whose books it is for.
type Header struct {
	Program, Version string
	Generated        time.Time
	Company          string // the seller (the host municipality)
	OrgNumber        string
	Currency         string
}

// AccountNames are the names #KONTO gives the accounts the vouchers use,
// by role and category; accounts shared by several categories get their
// names joined.
var AccountNames = map[string]string{
	"receivable": "Kundfordringar",
	"vat_out":    "Utgående moms",
	"fee":        "Medlemsavgifter",
	"equipment":  "Utrustning",
	"printers":   "Skrivare",
	"storage":    "Lagring",
	"support":    "Support",
	"licences":   "Licenser",
	"services":   "Tjänster",
}

// FromVouchers makes the SIE file of vouchers: the #KONTO, #DIM and
// #OBJEKT they use (accounts by number, objects in order of first use), and one #VER per voucher,
// dated its issue date, its text the voucher's (number, member, name),
// series and number left to the importing program. dims names the
// dimensions (the accounting section's and the member's).
func FromVouchers(h Header, vs []books.Voucher, dims []config.Dimension) *File {
	f := &File{Program: h.Program, Version: h.Version, Generated: h.Generated, Company: h.Company, OrgNumber: h.OrgNumber, Currency: h.Currency}
	accountIndex := map[string]int{}
	addAccount := func(number, key string) {
		name := AccountNames[key]
		if i, ok := accountIndex[number]; ok {
			if !strings.Contains(strings.ToLower(f.Accounts[i].Name), strings.ToLower(name)) {
				f.Accounts[i].Name += ", " + strings.ToLower(name)
			}
			return
		}
		accountIndex[number] = len(f.Accounts)
		f.Accounts = append(f.Accounts, Account{Number: number, Name: name})
	}
	dimName := map[int]string{}
	for _, d := range dims {
		dimName[d.Dim] = d.Name
	}
	usedDim := map[int]bool{}
	usedObject := map[ObjectRef]bool{}
	var objects []Object
	for _, v := range vs {
		sv := Voucher{Date: v.IssueDate, Text: v.Text}
		for _, l := range v.Lines {
			switch l.Role {
			case books.Receivable:
				addAccount(l.Account, "receivable")
			case books.VATOut:
				addAccount(l.Account, "vat_out")
			default:
				addAccount(l.Account, l.Category)
			}
			t := Trans{Account: l.Account, Amount: l.Amount}
			for _, o := range l.Objects {
				ref := ObjectRef{Dim: o.Dim, ID: o.ID}
				t.Objects = append(t.Objects, ref)
				usedDim[o.Dim] = true
				if !usedObject[ref] {
					usedObject[ref] = true
					objects = append(objects, Object{Dim: o.Dim, ID: o.ID, Name: o.Name})
				}
			}
			sv.Trans = append(sv.Trans, t)
		}
		f.Vouchers = append(f.Vouchers, sv)
	}
	for _, d := range dims {
		if usedDim[d.Dim] {
			f.Dims = append(f.Dims, Dim{Number: d.Dim, Name: d.Name})
			delete(usedDim, d.Dim)
		}
	}
	for _, o := range objects { // a dimension the config does not name
		if usedDim[o.Dim] {
			f.Dims = append(f.Dims, Dim{Number: o.Dim, Name: "Dimension"})
			delete(usedDim, o.Dim)
		}
	}
	f.Objects = objects
	slices.SortStableFunc(f.Accounts, func(a, b Account) int {
		return cmp.Or(cmp.Compare(len(a.Number), len(b.Number)), cmp.Compare(a.Number, b.Number))
	})
	return f
}
