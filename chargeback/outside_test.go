package chargeback

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/config"
	"memberfee/report"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// quarters are 2025's.
var quarters = [4][2]time.Time{
	{date("2025-01-01"), date("2025-03-31")}, {date("2025-04-01"), date("2025-06-30")},
	{date("2025-07-01"), date("2025-09-30")}, {date("2025-10-01"), date("2025-12-31")},
}

// loadSkip loads a config with billing.outside_period: skip.
func loadSkip(t *testing.T, path string) *config.Config {
	t.Helper()
	c, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	c.Billing.OutsidePeriod = billing.OutsideSkip
	return c
}

// rowKey is an input row.
type rowKey struct {
	cat billing.Category
	billing.Source
}

// rowLines are a run's lines of input rows, by row.
func rowLines(res *Result) map[rowKey]billing.Line {
	out := map[rowKey]billing.Line{}
	for cat, lines := range res.Lines {
		for _, l := range lines {
			if !l.Derived {
				out[rowKey{cat, l.Source}] = l
			}
		}
	}
	return out
}

// checkCounts holds a run to rows = charged + included + rejected +
// outside, per category and in the totals, with every outside row listed.
func checkCounts(t *testing.T, res *Result) {
	t.Helper()
	s := res.Summary
	for _, k := range append([]*billing.Counts{&s.Counts}, mapValues(s.ByCategory)...) {
		if k.Rows != k.Charged+k.Included+k.Rejected+k.Outside {
			t.Errorf("%s–%s: counts %+v", res.From.Format(time.DateOnly), res.To.Format(time.DateOnly), *k)
		}
	}
	if len(s.Outside) != s.Counts.Outside || !s.CountsOutside {
		t.Errorf("%d outside rows listed, %d counted (counted: %v)", len(s.Outside), s.Counts.Outside, s.CountsOutside)
	}
}

func mapValues(m map[billing.Category]*billing.Counts) []*billing.Counts {
	var out []*billing.Counts
	for _, c := range billing.Categories {
		out = append(out, m[c])
	}
	return out
}

// TestRunningYearByQuarter: a running year file billed quarter by quarter
// with outside_period: skip bills, over the four quarters, exactly the
// whole year's bill, per member and category, to the öre; every row is
// charged, included or rejected in its own quarter and outside in the
// three others (a row without a day — a licence count, a day that cannot
// be read — is rated in every quarter; a row of another year is outside
// in all four).
func TestRunningYearByQuarter(t *testing.T) {
	for _, path := range []string{"testdata/running/memberfee.yaml", "../examples/sydnarke/memberfee.yaml"} {
		t.Run(filepath.Base(filepath.Dir(path)), func(t *testing.T) {
			c := loadSkip(t, path)
			year, err := runConfig(c, quarters[0][0], quarters[3][1], Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkCounts(t, year)
			var runs [4]*Result
			for q, p := range quarters {
				if runs[q], err = runConfig(c, p[0], p[1], Options{}); err != nil {
					t.Fatal(err)
				}
				checkCounts(t, runs[q])
			}
			for _, m := range year.Summary.Members {
				for _, cat := range billing.Categories {
					sum := decimal.Zero
					for _, r := range runs {
						sum = sum.Add(r.Summary.Member(m.ID).Categories[cat])
					}
					if !sum.Equal(m.Categories[cat]) {
						t.Errorf("%s %s: the quarters %s, the year %s", m.ID, cat, sum, m.Categories[cat])
					}
				}
			}
			total := decimal.Zero
			for _, r := range runs {
				total = total.Add(r.Summary.Total)
			}
			if !total.Equal(year.Summary.Total) || year.Summary.Total.IsZero() {
				t.Errorf("the quarters %s, the year %s", total, year.Summary.Total)
			}

			yearLines := rowLines(year)
			var quarterLines [4]map[rowKey]billing.Line
			for q, r := range runs {
				quarterLines[q] = rowLines(r)
				if len(quarterLines[q]) != len(yearLines) {
					t.Fatalf("Q%d has %d rows, the year %d", q+1, len(quarterLines[q]), len(yearLines))
				}
			}
			var inOne, inAll, inNone int
			for k, yl := range yearLines {
				var rated []int
				for q := range runs {
					if quarterLines[q][k].Status != billing.Outside {
						rated = append(rated, q)
					}
				}
				switch len(rated) {
				case 1:
					inOne++
					q := rated[0]
					if got := quarterLines[q][k]; got.Status != yl.Status || !got.Amount.Equal(yl.Amount) {
						t.Errorf("%v: %s %s in Q%d, %s %s in the year", k, got.Status, got.Amount, q+1, yl.Status, yl.Amount)
					}
					for o := range runs {
						if d := quarterLines[o][k].Date; o != q && (d.Before(quarters[q][0]) || d.After(quarters[q][1])) {
							t.Errorf("%v: rated in Q%d, outside in Q%d dated %s", k, q+1, o+1, d.Format(time.DateOnly))
						}
					}
				case 4:
					inAll++
					for q := range runs {
						if got := quarterLines[q][k]; got.Status != yl.Status || !got.Date.IsZero() {
							t.Errorf("%v: %s dated %s in Q%d, %s in the year", k, got.Status, got.Date, q+1, yl.Status)
						}
					}
				case 0:
					inNone++
					if yl.Status != billing.Outside {
						t.Errorf("%v: outside every quarter, %s in the year", k, yl.Status)
					}
				default:
					t.Errorf("%v: rated in quarters %v", k, rated)
				}
			}
			if inOne == 0 || inAll == 0 {
				t.Errorf("rows rated in one quarter %d, in all %d, in none %d", inOne, inAll, inNone)
			}
			if strings.Contains(path, "running") && inNone != 1 {
				t.Errorf("%d rows outside every quarter, want 1 (the row of 2024)", inNone)
			}
		})
	}
}

// issuedQ1 covers 2025's first quarter, as the ledger would give it.
var issuedQ1 = billing.Covered{From: date("2025-01-01"), To: date("2025-03-31"), Documents: map[string][]string{"1882": {"2025-0003"}, "1861": {"2025-0004"}}}

// TestRunCovered: with a period already issued, its rows are outside
// whatever outside_period says, naming its member's document; the rest of
// the default's behaviour stays (the rows of other quarters are
// rejected); the first half-year billed after Q1 was issued bills Q2's
// lines only.
func TestRunCovered(t *testing.T) {
	c, err := config.Load("testdata/running/memberfee.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c.Billing.OutsidePeriod = "" // the default: reject
	q2, err := runConfig(c, quarters[1][0], quarters[1][1], Options{Covered: []billing.Covered{issuedQ1}})
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, q2)
	for _, o := range q2.Summary.Outside {
		if o.Document == "" || o.Date.After(issuedQ1.To) || o.Date.Before(issuedQ1.From) {
			t.Errorf("outside %+v", o)
		}
	}
	// Each outside row names its own member's document.
	byMember := map[string]int{}
	for _, c := range billing.Categories {
		for _, l := range q2.Lines[c] {
			if l.Status != billing.Outside {
				continue
			}
			byMember[l.Member]++
			if want := issuedQ1.Documents[l.Member][0]; l.Document != want {
				t.Errorf("%s row %d of member %s names %q, want %q", l.File, l.Row, l.Member, l.Document, want)
			}
		}
	}
	if byMember["1882"] == 0 || byMember["1861"] == 0 {
		t.Errorf("outside rows by member %v: want both members'", byMember)
	}
	// A member with no document in the issued period: outside all the
	// same, counted, listed, naming none.
	onlyOne := issuedQ1
	onlyOne.Documents = map[string][]string{"1882": {"2025-0003"}}
	one, err := runConfig(c, quarters[1][0], quarters[1][1], Options{Covered: []billing.Covered{onlyOne}})
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, one)
	if one.Summary.Counts != q2.Summary.Counts || len(one.Summary.Outside) != len(q2.Summary.Outside) {
		t.Errorf("with 1861's document missing: %+v, with it %+v", one.Summary.Counts, q2.Summary.Counts)
	}
	for _, c := range billing.Categories {
		for _, l := range one.Lines[c] {
			if l.Status == billing.Outside && l.Document != map[string]string{"1882": "2025-0003"}[l.Member] {
				t.Errorf("%s row %d of member %s names %q", l.File, l.Row, l.Member, l.Document)
			}
		}
	}
	for _, l := range q2.Summary.Rejected {
		if l.Why == billing.ErrOutsidePeriod && !l.Date.IsZero() {
			t.Errorf("rejected and dated: %+v", l)
		}
	}
	plain, err := runConfig(c, quarters[1][0], quarters[1][1], Options{})
	if err != nil {
		t.Fatal(err)
	}
	if plain.Summary.CountsOutside || plain.Summary.Counts.Outside != 0 {
		t.Fatalf("no skip, nothing issued: %+v", plain.Summary.Counts)
	}
	// Q1's rows, rejected without the ledger, are outside with it.
	if p, k := plain.Summary.Counts, q2.Summary.Counts; p.Rejected != k.Rejected+k.Outside || k.Outside == 0 || !plain.Summary.Total.Equal(q2.Summary.Total) {
		t.Errorf("without the ledger %+v %s, with it %+v %s", p, plain.Summary.Total, k, q2.Summary.Total)
	}
	half, err := runConfig(c, quarters[0][0], quarters[1][1], Options{Covered: []billing.Covered{issuedQ1}})
	if err != nil {
		t.Fatal(err)
	}
	checkCounts(t, half)
	if !half.Summary.Total.Equal(q2.Summary.Total) || half.Summary.Counts.Outside != q2.Summary.Counts.Outside {
		t.Errorf("the half-year after Q1 was issued: %s, %+v; Q2: %s, %+v", half.Summary.Total, half.Summary.Counts, q2.Summary.Total, q2.Summary.Counts)
	}
}

// TestOutsideJSON: Q2 of the running year, skipping the rows of other
// quarters with Q1 issued, as its chargeback JSON (golden:
// testdata/running-2025-04-01_2025-06-30.golden.json, rewritten with
// -update): counts.outside per category and in the totals, outside[]
// with file, row, date and the document where one covers the row.
// Without skip and anything issued the keys are absent.
func TestOutsideJSON(t *testing.T) {
	c := loadSkip(t, "testdata/running/memberfee.yaml")
	res, err := runConfig(c, quarters[1][0], quarters[1][1], Options{Covered: []billing.Covered{issuedQ1}})
	if err != nil {
		t.Fatal(err)
	}
	js := chargebackJSON(t, res)
	golden := "testdata/running-2025-04-01_2025-06-30.golden.json"
	if *update {
		if err := os.WriteFile(golden, js, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(js, want) {
		t.Errorf("the JSON differs from %s (go test -update rewrites it):\n%s", golden, js)
	}
	for _, s := range []string{`"outside": 0`, `"document": "2025-0003"`, `"document": null`} {
		if !bytes.Contains(js, []byte(s)) {
			t.Errorf("no %s", s)
		}
	}
	c.Billing.OutsidePeriod = billing.OutsideReject
	res, err = runConfig(c, quarters[1][0], quarters[1][1], Options{})
	if err != nil {
		t.Fatal(err)
	}
	if js := chargebackJSON(t, res); bytes.Contains(js, []byte(`"outside"`)) {
		t.Errorf("outside keys without skip or an issued period:\n%s", js)
	}
}

func chargebackJSON(t *testing.T, res *Result) []byte {
	t.Helper()
	var files []report.ChargebackFile
	for _, f := range res.Files {
		files = append(files, report.ChargebackFile{Category: f.Category, Name: f.Name, Rows: f.Rows, Read: f.Read})
	}
	js, err := report.Marshal(report.NewChargebackJSON(res.From, res.To, res.Summary, files))
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// TestOutsideSpilled: outside lines are not spilled (they stay in the
// summary), so a spilled quarter of a national year counts and lists them
// as one in memory does, and the line sink is given them.
func TestOutsideSpilled(t *testing.T) {
	c, _, _ := national(t, 0.01)
	c.Billing.OutsidePeriod = billing.OutsideSkip
	from, to := quarters[1][0], quarters[1][1]
	mem, err := runConfig(c, from, to, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sinks := map[billing.Category]*recordingSink{}
	for _, cat := range billing.Categories {
		sinks[cat] = &recordingSink{}
	}
	spilled, err := runConfig(c, from, to, Options{Spill: t.TempDir(), Lines: func(cat billing.Category) (LineSink, error) { return sinks[cat], nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer spilled.Spill.Remove()
	checkCounts(t, spilled)
	if mem.Summary.Counts.Outside == 0 || !reflect.DeepEqual(mem.Summary.Counts, spilled.Summary.Counts) ||
		!reflect.DeepEqual(mem.Summary.Outside, spilled.Summary.Outside) || !mem.Summary.Total.Equal(spilled.Summary.Total) {
		t.Fatalf("in memory %+v %s, spilled %+v %s", mem.Summary.Counts, mem.Summary.Total, spilled.Summary.Counts, spilled.Summary.Total)
	}
	sunk := 0
	for _, s := range sinks {
		for _, l := range s.lines {
			if l.Status == billing.Outside {
				sunk++
			}
		}
	}
	if sunk != mem.Summary.Counts.Outside {
		t.Errorf("the sinks were given %d outside lines of %d", sunk, mem.Summary.Counts.Outside)
	}
}

// TestOutsidePeriodKey: the config file's billing.outside_period is read,
// and a value that is neither reject nor skip is refused naming the key.
func TestOutsidePeriodKey(t *testing.T) {
	c, err := config.Load("testdata/running/memberfee.yaml")
	if err != nil || c.Billing.OutsidePeriod != billing.OutsideSkip {
		t.Fatalf("%v, outside_period %q", err, c.Billing.OutsidePeriod)
	}
	yaml, err := os.ReadFile("testdata/running/memberfee.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "memberfee.yaml")
	if err := os.WriteFile(path, bytes.Replace(yaml, []byte("\n  outside_period: skip"), []byte("\n  outside_period: ignore"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	bad, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	errs := bad.Validate()
	if want := `billing.outside_period: "ignore" is out of range (reject or skip)`; len(errs) != 1 || !strings.Contains(errs[0].Error(), want) {
		t.Fatalf("%v, want %s", errs, want)
	}
	if errs := c.Validate(); len(errs) != 0 {
		t.Fatalf("the running year's config: %v", errs)
	}
}
