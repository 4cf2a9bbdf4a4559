package gen

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The licence names of the Microsoft 365 admin center, as its Active users
// export writes them, and the types billing.licences.names maps them to
// ("" for a name that is not billed).
var LicenceNames = []struct{ Name, Type string }{
	{"Microsoft 365 E3", "E3"},
	{"Microsoft 365 A3 for faculty", "A3"},
	{"Microsoft 365 A3 for students", "A3"},
	{"Microsoft 365 F3", "F3"},
	{"Power BI Pro", ""},
	{"Visio Plan 2", ""},
	{"Microsoft Teams Rooms Pro", ""},
	{"Project Plan 3", ""},
}

var (
	firstNames = []string{"Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Johan", "Sara", "Per",
		"Lena", "Karl", "Emma", "Nils", "Ingrid", "Olof", "Elin", "Mikael", "Åsa", "Björn", "Märta", "Göran", "Linnéa", "Örjan"}
	lastNames = []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
		"Svensson", "Gustafsson", "Lindqvist", "Berg", "Åberg", "Söderström", "Lindström", "Ekström", "Hägg", "Öberg", "Fält", "Björklund"}
)

// Domain is the mail domain of a member's users: its name in lower case,
// without diacritics or spaces (laxa.se).
func Domain(m Member) string { return ascii(strings.ReplaceAll(m.Name, " ", "")) + ".se" }

// ascii writes å, ä, ö, é as a, a, o, e, as user principal names have them.
func ascii(s string) string {
	return strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "é", "e", "Å", "a", "Ä", "a", "Ö", "o").Replace(strings.ToLower(s))
}

// userList writes users as the admin center's Active users export: one row
// per user, comma-separated UTF-8 with a byte order mark, its own headers,
// the licences joined by +, no member column (the domain says it).
type userList struct {
	rng  *rand.Rand
	b    bytes.Buffer
	w    *csv.Writer
	upns map[string]int
}

func newUserList(seed uint64) *userList {
	u := &userList{rng: rand.New(rand.NewPCG(seed, 0xa11ce)), upns: map[string]int{}}
	u.b.WriteString("\ufeff")
	u.w = csv.NewWriter(&u.b)
	u.w.UseCRLF = true
	_ = u.w.Write([]string{"Display name", "User principal name", "First name", "Last name", "Department", "Licenses", "Usage location"})
	return u
}

// user writes one user of m's department holding the licence names.
func (u *userList) user(m Member, dept string, licences ...string) {
	first, last := firstNames[u.rng.IntN(len(firstNames))], lastNames[u.rng.IntN(len(lastNames))]
	local := ascii(first) + "." + ascii(last)
	key := local + "@" + Domain(m)
	u.upns[key]++
	if n := u.upns[key]; n > 1 {
		local += strconv.Itoa(n)
	}
	cell := strings.Join(licences, "+")
	if len(licences) == 0 {
		cell = "Unlicensed"
	}
	_ = u.w.Write([]string{first + " " + last, local + "@" + Domain(m), first, last, dept, cell, "SE"})
}

// licence is a user's licences for a type: its name (A3 for faculty in an
// office, for students in a school's departments, mostly), now and then with
// an add-on that is not billed.
func (u *userList) licences(typ, dept string) []string {
	var names []string
	switch typ {
	case "E3":
		names = []string{"Microsoft 365 E3"}
	case "F3":
		names = []string{"Microsoft 365 F3"}
	case "A3":
		names = []string{"Microsoft 365 A3 for faculty"}
		if strings.HasPrefix(dept, "Barn") && u.rng.IntN(3) > 0 {
			names = []string{"Microsoft 365 A3 for students"}
		}
	}
	switch r := u.rng.IntN(40); {
	case r < 3:
		names = append(names, "Power BI Pro")
	case r == 3:
		names = append(names, "Visio Plan 2")
	case r == 4 && typ == "E3":
		names = append(names, "Project Plan 3")
	}
	return names
}

func (u *userList) bytes() []byte {
	u.w.Flush()
	return u.b.Bytes()
}

// usersFromCounts writes the user list behind a licence counts file (as
// licences() writes it): each counts row's count users of its type, plus
// now and then a user holding nothing billed (Unlicensed, or only Power BI
// Pro). The list's counts are the file's, row for row: a row the counts
// file must reject (its type is not F3, E3 or A3) has no users.
func (g *gen) usersFromCounts(counts []byte) []byte {
	u := newUserList(g.w.Seed)
	byID := map[string]Member{}
	for _, m := range g.w.Members {
		byID[m.ID] = m
	}
	r := csv.NewReader(bytes.NewReader(counts))
	r.Comma = ';'
	recs, _ := r.ReadAll()
	for _, rec := range recs[1:] {
		m, ok := byID[rec[0]]
		n, err := strconv.Atoi(rec[3])
		if !ok || err != nil || !strings.Contains("F3 E3 A3", rec[2]) {
			continue
		}
		for i := 0; i < n; i++ {
			u.user(m, rec[1], u.licences(rec[2], rec[1])...)
			switch u.rng.IntN(60) {
			case 0:
				u.user(m, rec[1])
			case 1:
				u.user(m, rec[1], "Power BI Pro")
			}
		}
	}
	return u.bytes()
}

// Users writes a user list of n users spread over the workload's members
// and departments, for a national year's size (80 000 users).
func Users(w Workload, n int) []byte {
	u := newUserList(w.Seed)
	types := []string{"E3", "E3", "E3", "F3", "A3"}
	for i := 0; i < n; i++ {
		m := w.Members[i%len(w.Members)]
		d := m.Departments[u.rng.IntN(len(m.Departments))]
		if u.rng.IntN(50) == 0 {
			u.user(m, d)
			continue
		}
		u.user(m, d, u.licences(types[u.rng.IntN(len(types))], d)...)
	}
	return u.bytes()
}

// UsersConfig is the billing.licences wiring of a workload's user list:
// from users, the members' domains and the names of LicenceNames.
func UsersConfig(w Workload, indent string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%sfrom: users\n%smember_by_domain:\n", indent, indent)
	for _, m := range w.Members {
		fmt.Fprintf(&b, "%s  - {domain: %s, member: %q}\n", indent, Domain(m), m.ID)
	}
	fmt.Fprintf(&b, "%snames:\n", indent)
	for _, n := range LicenceNames {
		if n.Type != "" {
			fmt.Fprintf(&b, "%s  - {name: %q, type: %s}\n", indent, n.Name, n.Type)
		}
	}
	return b.String()
}

// WriteUsers writes, beside a workload folder's memberfee.yaml
// (WriteWithConfig), data/users.csv of n users and memberfee-users.yaml,
// the same config with its licences read from the user list; it returns
// that config's path.
func WriteUsers(dir string, w Workload, n int) (string, error) {
	if err := os.WriteFile(filepath.Join(dir, "data", "users.csv"), Users(w, n), 0o644); err != nil {
		return "", err
	}
	cfg := Config(w)
	cfg = strings.Replace(cfg, "  licences:\n", "  licences:\n"+UsersConfig(w, "    "), 1)
	cfg = strings.Replace(cfg, "licences: data/licences.csv", "licences: data/users.csv", 1)
	path := filepath.Join(dir, "memberfee-users.yaml")
	return path, os.WriteFile(path, []byte(cfg), 0o644)
}
