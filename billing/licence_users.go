package billing

import (
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"memberfee/internal/msg"
	"memberfee/internal/quote"
)

// LicenceUserRow is one user of a licence user list
// (billing.licences.from: users), as the Microsoft 365 admin center's
// Active users export has it: the user principal name, the member cell
// (empty, or the file has none, where the member is found by domain), the
// department and the Licenses cell as written.
type LicenceUserRow struct {
	Source
	User, Member, Department, Licences string
}

// LicenceUsers is what a user list held: its users, the licences per
// type, the names not billed, and per member, department and type the
// users behind each count (for the licence sheets, and validate).
type LicenceUsers struct {
	Users    int            // rows read as users (not rejected)
	PerType  map[string]int // licences billed as each type
	Unbilled []NameCount    // names not in billing.licences.names, most first
	Holders  []Holders      // by member, department and type
	// Warnings are the rejected users that would change an excess, in
	// file order: a user listed twice, counted again; a member cell that
	// could name several members, counted for each.
	Warnings []ExcessWarning
}

// NameCount is how many users hold a licence name that is not billed.
type NameCount struct {
	Name  string // as first written
	Count int
}

// Holders are the users of a member's department holding a licence type:
// the count that follows clause 1.2, and the users (UPN) behind it, in
// file order.
type Holders struct {
	Member, Department, Type string
	Users                    []string
}

// UnbilledText lists the names not billed: "Power BI Pro × 12, Visio Plan 2 × 3".
func (u *LicenceUsers) UnbilledText() string {
	parts := make([]string, len(u.Unbilled))
	for i, n := range u.Unbilled {
		parts[i] = n.Name + " × " + itoa(n.Count)
	}
	return strings.Join(parts, ", ")
}

// SplitLicenceNames splits a Licenses cell into its names: separated by
// +, ;, , or a line break, each trimmed; "Unlicensed" and empty parts name
// nothing.
func SplitLicenceNames(cell string) []string {
	var names []string
	for _, p := range strings.FieldsFunc(cell, func(r rune) bool { return r == '+' || r == ';' || r == ',' || r == '\n' || r == '\r' }) {
		p = strings.TrimSpace(p)
		if p == "" || strings.EqualFold(p, "unlicensed") {
			continue
		}
		names = append(names, p)
	}
	return names
}

// LicenceUsers rates a user list (clause 1.2): each user counts once per
// type it holds, a name mapped to the type by billing.licences.names,
// for its member (the member cell, or else the member of its domain by
// billing.licences.member_by_domain); the counts then follow the rule of
// the counts file exactly (Licences). It returns one line per user row —
// charged where one of its types' excess is charged, included otherwise
// (also for a user holding nothing billed), or rejected: a user listed a
// second time (naming the first row), a domain that maps to no member, a
// member that is not one — the excess lines, and what the list held.
func (r *Rules) LicenceUsers(rows []LicenceUserRow) (lines, excess []Line, held *LicenceUsers) {
	names := map[string]string{}
	for _, n := range r.cfg.Licences.Names {
		names[normalLicenceName(n.Name)] = strings.ToUpper(strings.TrimSpace(n.Type))
	}
	domains := map[string]string{}
	for _, d := range r.cfg.Licences.MemberByDomain {
		domains[normalDomain(d.Domain)] = d.Member
	}
	held = &LicenceUsers{PerType: map[string]int{}}

	type unbilled struct {
		name  string
		count int
	}
	unmapped := map[string]*unbilled{}
	var order []string // of unmapped, first seen first
	firstRow := map[string]int{}
	// The rejected rows that name a member (a user listed twice) or could
	// name several: the excess they would change is said (ExcessWarning).
	type rejectedUser struct {
		row     int
		members []string
	}
	var aside []rejectedUser
	lines = make([]Line, len(rows))
	mask := make([]uint8, len(rows)) // the types each user holds, a bit per LicenceTypes (three)
	counts := map[licenceKey]decimal.Decimal{}
	holders := map[[3]string]*Holders{}
	for i, row := range rows {
		upn := strings.ToLower(strings.TrimSpace(row.User))
		var id string
		var rej *Line
		if strings.TrimSpace(row.Member) != "" {
			id, rej = r.memberOf(Licences, row.Source, row.Member)
		} else {
			_, dom, _ := strings.Cut(upn, "@")
			if id = domains[normalDomain(dom)]; id == "" {
				l := reject(Licences, row.Source, "", "user", ErrUnknownDomain, quote.Value(dom), quote.Value(row.User))
				rej = &l
			}
		}
		if first, dup := firstRow[upn]; dup {
			lines[i] = reject(Licences, row.Source, id, "user", ErrUserTwice, quote.Value(row.User), first)
			if id != "" {
				aside = append(aside, rejectedUser{i, []string{id}})
			}
			continue
		}
		firstRow[upn] = row.Row
		if rej != nil {
			lines[i] = *rej
			if errors.Is(rej.Err(), ErrAmbiguousMember) {
				aside = append(aside, rejectedUser{i, r.members.lookup(row.Member)})
			}
			continue
		}
		held.Users++
		for _, n := range SplitLicenceNames(row.Licences) {
			key := normalLicenceName(n)
			typ, ok := names[key]
			if !ok {
				u := unmapped[key]
				if u == nil {
					u = &unbilled{name: n}
					unmapped[key] = u
					order = append(order, key)
				}
				u.count++
				continue
			}
			mask[i] |= 1 << slices.Index(LicenceTypes, typ) // a user counts once per type
		}
		var types []string
		for t, typ := range LicenceTypes {
			if mask[i]&(1<<t) == 0 {
				continue
			}
			types = append(types, typ)
			held.PerType[typ]++
			k := licenceKey{id, typ}
			counts[k] = counts[k].Add(one)
			hk := [3]string{id, row.Department, typ}
			h := holders[hk]
			if h == nil {
				h = &Holders{Member: id, Department: row.Department, Type: typ}
				holders[hk] = h
			}
			h.Users = append(h.Users, strings.TrimSpace(row.User))
		}
		lines[i] = Line{Source: row.Source, Category: Licences, Member: id, Department: row.Department, Clause: r.cite(Licences, Included),
			Ref: strings.TrimSpace(row.User), Description: strings.Join(types, " + "), Quantity: decimal.NewFromInt(int64(len(types))), Unit: "licenser",
			Amount: decimal.Zero, UnitPrice: decimal.Zero, Status: Included, Reason: msg.Canon("licences.none")}
	}
	excess, charged := r.licenceExcess(counts)
	for _, a := range aside {
		if r.LicenceMonths == 0 {
			break // every month of the period is issued: nothing to bill
		}
		var types []string
		for _, n := range SplitLicenceNames(rows[a.row].Licences) {
			if typ, ok := names[normalLicenceName(n)]; ok && !slices.Contains(types, typ) {
				types = append(types, typ)
			}
		}
		for _, id := range a.members {
			for _, typ := range types {
				count := counts[licenceKey{id, typ}]
				w := ExcessWarning{Source: rows[a.row].Source, Member: id, Name: r.members.names[id], Type: typ,
					Now: r.excessBills(id, typ, count), With: r.excessBills(id, typ, count.Add(one))}
				if !w.With.Equal(w.Now) {
					held.Warnings = append(held.Warnings, w)
				}
			}
		}
	}
	for i := range lines {
		if lines[i].Status == Rejected || mask[i] == 0 {
			continue
		}
		l := &lines[i]
		var first string // the user's first type, or its first charged one
		for t, typ := range LicenceTypes {
			if mask[i]&(1<<t) == 0 {
				continue
			}
			if first == "" {
				first = typ
			}
			if charged[licenceKey{l.Member, typ}] {
				first = typ
				break
			}
		}
		k := licenceKey{l.Member, first}
		l.Status, l.Clause, l.Reason = r.licenceOutcome(k, charged[k])
	}
	for _, k := range order {
		held.Unbilled = append(held.Unbilled, NameCount{unmapped[k].name, unmapped[k].count})
	}
	sort.SliceStable(held.Unbilled, func(i, j int) bool { return held.Unbilled[i].Count > held.Unbilled[j].Count })
	for _, h := range holders {
		held.Holders = append(held.Holders, *h)
	}
	sort.Slice(held.Holders, func(i, j int) bool {
		a, b := held.Holders[i], held.Holders[j]
		if a.Member != b.Member {
			return a.Member < b.Member
		}
		if a.Department != b.Department {
			return a.Department < b.Department
		}
		return a.Type < b.Type
	})
	return lines, excess, held
}

// one is a user's licence of a type.
var one = decimal.NewFromInt(1)

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

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
