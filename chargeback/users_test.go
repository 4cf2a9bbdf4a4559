package chargeback

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"memberfee/billing"
	"memberfee/internal/gen"
)

const usersConfig = `  licences:
    from: users
    negligible: 0
    prices_month: [{type: F3, price: 95}, {type: E3, price: 335}, {type: A3, price: 60}]
    allotments: [{member: "1882", type: E3, count: 1}, {member: "1861", type: E3, count: 5}]
    member_by_domain: [{domain: askersund.se, member: "1882"}, {domain: "@Hallsberg.se", member: "1861"}]
    names:
      - {name: "Microsoft 365 E3", type: E3}
      - {name: "Microsoft 365 A3 for faculty", type: A3}
      - {name: "Microsoft 365 A3 for students", type: A3}
      - {name: "Microsoft 365 F3", type: F3}
  inputs: {licences: users.csv}
`

// TestUserList: one row per user; the member from the domain (or the
// member cell), each user once per type it holds, names not in the map
// counted and listed, Unlicensed and empty cells counting nothing; a user
// listed twice rejected naming the first row, a domain of no member
// rejected naming the domain; every row accounted for.
func TestUserList(t *testing.T) {
	res, err := runFiles(t, usersConfig, map[string]string{"users.csv": "Display name,User principal name,Department,Licenses,Kommun\n" +
		"Anna A,anna@askersund.se,Soc,Microsoft 365 E3+Power BI Pro,\n" + // 2
		"Erik B,erik@askersund.se,Soc,\"Microsoft 365 E3; microsoft 365 e3 ,Microsoft 365 F3\",\n" + // 3: E3 once, F3
		"Maria C,maria@askersund.se,BoU,Unlicensed,\n" + // 4
		"Lars D,lars@askersund.se,BoU,,\n" + // 5
		"Karin E,ANNA@askersund.se,Soc,Microsoft 365 E3,\n" + // 6: twice
		"Per F,per@laxa.se,Soc,Microsoft 365 E3,\n" + // 7: no member
		"Eva G,eva@extern.se,Soc,\"Microsoft 365 A3 for students\nPower BI Pro\",1861\n" + // 8: member cell
		"Olof H,olof@hallsberg.se,Soc,Visio Plan 2+Power BI Pro,\n"}) // 9
	if err != nil {
		t.Fatal(err)
	}
	s := res.Summary
	if s.Counts.Rows != 8 || s.Counts.Rejected != 2 || s.Counts.Charged != 3 || s.Counts.Included != 3 {
		t.Fatalf("counts %+v", s.Counts)
	}
	// Askersund: 2 E3 against 1 (1 × 335 × 12), 1 F3 against none (95 × 12).
	if got := s.Member("1882").Categories[billing.Licences].String(); got != "5160" {
		t.Fatalf("Askersund licences %s", got)
	}
	if got := s.Member("1861").Categories[billing.Licences].String(); got != "720" { // one A3 × 60 × 12
		t.Fatalf("Hallsberg licences %s", got)
	}
	rej := s.Rejected
	if rej[0].Row != 6 || rej[0].Column != "user" || !errors.Is(rej[0].Err(), billing.ErrUserTwice) ||
		rej[0].Reason != `user "ANNA@askersund.se" is listed twice (the first is row 2)` {
		t.Fatalf("rejected %+v", rej[0])
	}
	if rej[1].Row != 7 || !errors.Is(rej[1].Err(), billing.ErrUnknownDomain) || !strings.Contains(rej[1].Reason, `"laxa.se"`) {
		t.Fatalf("rejected %+v", rej[1])
	}
	// The user listed twice would, counted again, change Askersund's E3 excess.
	if len(s.Warnings) != 1 || s.Warnings[0].English() != "the rejected row users.csv row 6 would change member Askersund (1882)'s E3 licence excess: 8,040.00 instead of 4,020.00" {
		t.Fatalf("warnings %+v", s.Warnings)
	}
	u := s.LicenceUsers
	if u.Users != 6 || u.PerType["E3"] != 2 || u.PerType["F3"] != 1 || u.PerType["A3"] != 1 {
		t.Fatalf("users %+v", u)
	}
	if got := u.UnbilledText(); got != "Power BI Pro × 3, Visio Plan 2 × 1" {
		t.Fatalf("unbilled %q", got)
	}
	var holders []string
	for _, h := range u.Holders {
		holders = append(holders, fmt.Sprintf("%s %s %s %s", h.Member, h.Department, h.Type, strings.Join(h.Users, ",")))
	}
	if got := strings.Join(holders, "|"); got != "1861 Soc A3 eva@extern.se|1882 Soc E3 anna@askersund.se,erik@askersund.se|1882 Soc F3 erik@askersund.se" {
		t.Fatalf("holders %s", got)
	}
}

// TestUserListEqualsCounts: the counts from a user list of a national
// year's size (80 000 users) equal, to the unit, the counts file made by
// hand from the same users: the same excess lines, the same totals.
func TestUserListEqualsCounts(t *testing.T) {
	w := gen.National(0.1)
	users := gen.Users(w, 80_000)
	counts := countByHand(t, w, users)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "users.csv"), users, 0o644)
	os.WriteFile(filepath.Join(dir, "counts.csv"), counts, 0o644)
	base := gen.Config(w)
	base = base[:strings.Index(base, "  inputs:")]
	withUsers := strings.Replace(base, "  licences:\n", "  licences:\n"+gen.UsersConfig(w, "    "), 1) + "  inputs: {licences: users.csv}\n"
	withCounts := base + "  inputs: {licences: counts.csv}\n"
	run := func(cfg string) (*Result, time.Duration) {
		path := filepath.Join(dir, fmt.Sprint(len(cfg))+".yaml")
		os.WriteFile(path, []byte(cfg), 0o644)
		c, from, to := loadConfig(t, path)
		start := time.Now()
		res, err := runConfig(c, from, to, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return res, time.Since(start)
	}
	fromUsers, took := run(withUsers)
	fromCounts, _ := run(withCounts)
	t.Logf("80 000 users rated in %v", took)
	if took > 10*time.Second { // the national year's whole bill run's target (BENCHMARKS.md)
		t.Errorf("80 000 users took %v", took)
	}
	if fromUsers.Summary.Counts.Rejected != 0 || fromUsers.Summary.Counts.Rows != 80_000 {
		t.Fatalf("user list counts %+v", fromUsers.Summary.Counts)
	}
	excess := func(r *Result) string {
		var b strings.Builder
		for _, l := range r.Lines[billing.Licences] {
			if l.Derived {
				fmt.Fprintf(&b, "%s %s %s %s %s\n", l.Member, l.Ref, l.Quantity, l.Amount, l.Description)
			}
		}
		return b.String()
	}
	if a, b := excess(fromUsers), excess(fromCounts); a != b || a == "" {
		t.Fatalf("excess lines differ:\nusers:\n%s\ncounts:\n%s", a, b)
	}
	if a, b := fromUsers.Summary.Total.String(), fromCounts.Summary.Total.String(); a != b {
		t.Fatalf("totals %s and %s", a, b)
	}
}

// countByHand makes the counts file a person would from a user list:
// users per member (by domain), department and type, by a reading of its
// own (encoding/csv, the names of gen.LicenceNames).
func countByHand(t *testing.T, w gen.Workload, users []byte) []byte {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(users, []byte("\ufeff"))))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	member := map[string]string{}
	for _, m := range w.Members {
		member[gen.Domain(m)] = m.ID
	}
	typeOf := map[string]string{}
	for _, n := range gen.LicenceNames {
		typeOf[n.Name] = n.Type
	}
	n := map[string]int{}
	for _, rec := range recs[1:] {
		_, dom, _ := strings.Cut(rec[1], "@")
		held := map[string]bool{}
		for _, name := range strings.Split(rec[5], "+") {
			if typ := typeOf[name]; typ != "" {
				held[typ] = true
			}
		}
		for typ := range held {
			n[member[dom]+";"+rec[4]+";"+typ]++
		}
	}
	keys := make([]string, 0, len(n))
	for k := range n {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("member;department;type;count\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "%s;%d\n", k, n[k])
	}
	return []byte(b.String())
}

// BenchmarkUserList rates a national year's user list: 80 000 users.
func BenchmarkUserList(b *testing.B) {
	w := gen.National(0.1)
	dir := b.TempDir()
	os.WriteFile(filepath.Join(dir, "users.csv"), gen.Users(w, 80_000), 0o644)
	base := gen.Config(w)
	base = base[:strings.Index(base, "  inputs:")]
	cfg := strings.Replace(base, "  licences:\n", "  licences:\n"+gen.UsersConfig(w, "    "), 1) + "  inputs: {licences: users.csv}\n"
	path := filepath.Join(dir, "c.yaml")
	os.WriteFile(path, []byte(cfg), 0o644)
	c, from, to := loadConfig(b, path)
	b.ResetTimer()
	for b.Loop() {
		if _, err := runConfig(c, from, to, Options{Tally: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestExampleUserList: the shipped example's user list holds the counts
// of its counts file: memberfee-users.yaml bills the licence excess lines
// memberfee.yaml does, to the öre.
func TestExampleUserList(t *testing.T) {
	excess := func(path string) (string, *Result) {
		c, from, to := loadConfig(t, path)
		res, err := runConfig(c, from, to, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, l := range res.Lines[billing.Licences] {
			if l.Derived {
				fmt.Fprintf(&b, "%s %s %s %s\n", l.Member, l.Ref, l.Quantity, l.Amount)
			}
		}
		return b.String(), res
	}
	counts, _ := excess("../examples/sydnarke/memberfee.yaml")
	users, res := excess("../examples/sydnarke/memberfee-users.yaml")
	if counts != users || counts == "" {
		t.Fatalf("excess lines differ:\ncounts file:\n%s\nuser list:\n%s", counts, users)
	}
	if k := res.Summary.ByCategory[billing.Licences]; k.Rejected != 0 || k.Rows != res.Summary.LicenceUsers.Users {
		t.Fatalf("licence rows %+v", k)
	}
}

// TestUserListWithoutMembers: a user list with no member column and no
// member_by_domain stops the file, saying why, rather than reject every row.
func TestUserListWithoutMembers(t *testing.T) {
	cfg := strings.Replace(usersConfig, "    member_by_domain: [{domain: askersund.se, member: \"1882\"}, {domain: \"@Hallsberg.se\", member: \"1861\"}]\n", "", 1)
	_, err := runFiles(t, cfg, map[string]string{"users.csv": "User principal name,Licenses\nanna@askersund.se,Microsoft 365 E3\n"})
	if err == nil || !strings.Contains(err.Error(), "users.csv: lacks a required column \"member\": the user list has no member column and billing.licences.member_by_domain names no domain") {
		t.Fatalf("err = %v", err)
	}
}
