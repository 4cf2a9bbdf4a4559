package issuing

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/ledger"
)

var memberIDs = []string{"1882", "1861", "1860"}

// randomLine makes a charged line of a random category, from few enough
// values that identical rows, shared tickets and user-months occur.
func randomLine(rng *rand.Rand) billing.Line {
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	cats := []billing.Category{billing.Equipment, billing.Printers, billing.Storage, billing.Support, billing.Services, billing.Licences}
	l := billing.Line{Category: cats[rng.IntN(len(cats))], Member: pick(memberIDs...), Department: pick("Soc", "BoU"),
		Date: q1.From.AddDate(0, 0, rng.IntN(3)*31), Quantity: decimal.NewFromInt(1 + rng.Int64N(3)),
		UnitPrice: dec(pick("100", "250.50")), Extra: decimal.Zero, Unit: "st", Status: billing.Charged,
		Amount: decimal.New(rng.Int64N(200000)-20000, -2)} // credits too
	switch l.Category {
	case billing.Support:
		l.Ref = fmt.Sprint("T-", rng.IntN(15))
	case billing.Storage:
		l.Ref = pick("anna", "bo", "cia")
	case billing.Licences:
		l.Ref, l.Derived = pick("E3", "F3"), true
	default:
		l.Description = pick("Skärm", "Mus", "Tangentbord")
	}
	return l
}

// edit changes a period's lines at random: a row added (anywhere, so the
// rows after it move), removed, changed in amount, quantity or text, made a
// copy of another, or a ticket moved to another member.
func edit(rng *rand.Rand, lines []billing.Line) []billing.Line {
	lines = slices.Clone(lines)
	for range 1 + rng.IntN(4) {
		i := 0
		if len(lines) > 0 {
			i = rng.IntN(len(lines))
		}
		switch op := rng.IntN(7); {
		case op == 0 || len(lines) == 0:
			lines = slices.Insert(lines, rng.IntN(len(lines)+1), randomLine(rng))
		case op == 1:
			lines = slices.Delete(lines, i, i+1)
		case op == 2:
			lines[i].Amount = lines[i].Amount.Add(decimal.New(rng.Int64N(10000)-5000, -2))
		case op == 3:
			lines[i].Quantity = lines[i].Quantity.Add(decimal.NewFromInt(1))
		case op == 4:
			lines[i].Description += " (rättad)"
		case op == 5:
			lines = slices.Insert(lines, rng.IntN(len(lines)+1), lines[i])
		case op == 6:
			for j := range lines {
				if lines[j].Category == billing.Support {
					lines[j].Member = memberIDs[(slices.Index(memberIDs, lines[j].Member)+1)%len(memberIDs)]
					break
				}
			}
		}
	}
	for i := range lines { // rows as a file numbers them
		lines[i].Source = billing.Source{File: string(lines[i].Category) + ".csv", Row: i + 2}
	}
	return lines
}

// record gives documents numbers and their lines, as the ledger keeps them.
func record(t *testing.T, docs []ledger.Document, next *int) []ledger.Document {
	t.Helper()
	out := make([]ledger.Document, len(docs))
	for i, d := range docs {
		*next++
		d.Number = fmt.Sprintf("2025-%04d", *next)
		out[i] = materialize(t, d)
	}
	return out
}

// holds checks SPEC's invariant: per member and category, Σ of the
// documents = the fresh bill, to the öre; each document's lines sum to its
// total and its categories.
func holds(t *testing.T, docs []ledger.Document, fresh []billing.Line) {
	t.Helper()
	s := small(fresh).Summary
	got := map[string]map[string]decimal.Decimal{}
	for _, d := range docs {
		sum, byCat := decimal.Zero, map[string]decimal.Decimal{}
		for _, l := range d.Lines {
			sum = sum.Add(l.Amount)
			byCat[string(l.Category)] = byCat[string(l.Category)].Add(l.Amount)
		}
		if !sum.Equal(d.Total) {
			t.Fatalf("%s %s: lines sum to %s, total %s", d.Kind, d.Number, sum, d.Total)
		}
		if got[d.Member] == nil {
			got[d.Member] = map[string]decimal.Decimal{}
		}
		for c, v := range d.ByCategory {
			if !byCat[c].Equal(v) {
				t.Fatalf("%s %s %s: lines %s, ByCategory %s", d.Kind, d.Number, c, byCat[c], v)
			}
			got[d.Member][c] = got[d.Member][c].Add(v)
		}
	}
	for _, m := range s.Members {
		for _, c := range billing.Categories {
			if want := m.Categories[c]; !got[m.ID][string(c)].Equal(want) {
				t.Fatalf("member %s %s: documents sum to %s, a fresh bill is %s", m.ID, c, got[m.ID][string(c)], want)
			}
		}
	}
}

// TestCorrectionsInvariant (property): issue random lines, edit them, correct;
// edit again, correct again: after each correction Σ(chargeback +
// corrections) per member and category is a fresh bill of the lines as they
// are, to the öre, and correcting again without an edit finds nothing.
func TestCorrectionsInvariant(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 2))
	seen := map[string]int{} // the changes met, and corrections citing none
	defer func() {
		for _, k := range []string{Added, Removed, Changed, "cites none", "occurrence"} {
			if seen[k] == 0 {
				t.Errorf("no %s met: the random edits do not test it", k)
			}
		}
	}()
	for iter := 0; iter < 500; iter++ {
		var lines []billing.Line
		for range rng.IntN(25) {
			lines = append(lines, randomLine(rng))
		}
		lines = edit(rng, lines)
		next := 0
		docs := record(t, Chargebacks(small(lines), stamp, nil, "c1", false), &next)
		holds(t, docs, lines)
		chargebacks := map[string]string{}
		for _, d := range docs {
			chargebacks[d.Member] = d.Number
		}
		for round := 1; round <= 3; round++ {
			lines = edit(rng, lines)
			fresh := Chargebacks(small(lines), stamp, nil, "c2", false)
			corr, err := Corrections(q1, docs, fresh, "late rows", nil, "c2", stamp)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range corr {
				if c.Kind != ledger.Correction || c.Corrects != chargebacks[c.Member] || c.Reason != "late rows" || len(c.Lines) == 0 {
					t.Fatalf("correction %+v (chargeback %q)", c, chargebacks[c.Member])
				}
				if c.Corrects == "" {
					seen["cites none"]++
				}
				for _, l := range c.Lines {
					seen[l.Change]++
					if strings.Contains(l.Key, "#") {
						seen["occurrence"]++
					}
				}
			}
			docs = append(docs, record(t, corr, &next)...)
			holds(t, docs, lines)
			again, err := Corrections(q1, docs, Chargebacks(small(lines), stamp, nil, "c2", false), "again", nil, "", stamp)
			if err != nil || len(again) != 0 {
				t.Fatalf("round %d: corrected again without an edit: %v %+v", round, err, again)
			}
		}
	}
}

// TestCorrectionsInsertedRow: a row inserted above others moves their row
// numbers but corrects only itself.
func TestCorrectionsInsertedRow(t *testing.T) {
	a := billing.Line{Category: billing.Equipment, Member: "1882", Description: "Skärm", Quantity: dec("1"), UnitPrice: dec("100"), Amount: dec("100"), Status: billing.Charged}
	b := a
	b.Description = "Mus"
	before := []billing.Line{a, b}
	for i := range before {
		before[i].Source = billing.Source{File: "e.csv", Row: i + 2}
	}
	next := 0
	docs := record(t, Chargebacks(small(before), stamp, nil, "", false), &next)
	c := a
	c.Description, c.Amount = "Docka", dec("40")
	after := []billing.Line{c, a, b}
	for i := range after {
		after[i].Source = billing.Source{File: "e.csv", Row: i + 2}
	}
	corr, err := Corrections(q1, docs, Chargebacks(small(after), stamp, nil, "", false), "late", nil, "", stamp)
	if err != nil || len(corr) != 1 || len(corr[0].Lines) != 1 || corr[0].Lines[0].Change != Added || !corr[0].Total.Equal(dec("40")) {
		t.Fatalf("%v %+v", err, corr)
	}
}

// TestCorrectionsRefuse: what does not fit is an error naming it.
func TestCorrectionsRefuse(t *testing.T) {
	l := billing.Line{Category: billing.Equipment, Member: "1882", Description: "Skärm", Quantity: dec("1"), Amount: dec("100"), Status: billing.Charged}
	next := 0
	docs := record(t, Chargebacks(small([]billing.Line{l}), stamp, nil, "", false), &next)
	bogus := ledger.Document{Number: "2025-0009", Kind: ledger.Correction, Member: "1882", Period: q1,
		Lines: []ledger.Line{{Key: "equipment|1882|nothing", Change: Changed, Old: dec("5"), New: dec("6"), Amount: dec("1")}}}
	other := docs[0]
	other.Period.To = other.Period.To.AddDate(0, 1, 0)
	for _, c := range []struct {
		name   string
		issued []ledger.Document
		want   string
	}{
		{"a change of a line never issued", append(slices.Clone(docs), bogus), "changes line equipment|1882|nothing, which was not issued"},
		{"another period", []ledger.Document{other}, "correct a period as it was issued"},
		{"two chargebacks", append(slices.Clone(docs), docs[0]), "two chargebacks"},
	} {
		_, err := Corrections(q1, c.issued, nil, "", nil, "", stamp)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// A ticket moved from Askersund to Hallsberg and a row's amount changed:
// Askersund's chargeback 2025-0001 is corrected, Hallsberg, which had no
// chargeback in the period, gets a correction that cites none.
func ExampleCorrections() {
	src := func(r int) billing.Source { return billing.Source{File: "support.csv", Row: r} }
	ticket := billing.Line{Source: src(2), Category: billing.Support, Member: "1882", Ref: "T-7", Quantity: dec("60"), Unit: "min", UnitPrice: dec("950"), Amount: dec("950"), Status: billing.Charged}
	screen := billing.Line{Source: src(3), Category: billing.Equipment, Member: "1882", Description: "Skärm", Quantity: dec("1"), UnitPrice: dec("1990"), Amount: dec("1990"), Status: billing.Charged}
	issued := Chargebacks(small([]billing.Line{ticket, screen}), stamp, nil, "", false)
	issued[0].Number = "2025-0001"
	moved, dearer := ticket, screen
	moved.Member, dearer.Amount = "1861", dec("2190")
	fresh := Chargebacks(small([]billing.Line{moved, dearer}), stamp, nil, "", false)
	docs, err := Corrections(q1, issued, fresh, "ticket T-7 was Hallsberg's", nil, "", stamp)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range docs {
		fmt.Printf("member %s corrects %q: total %s, due %s\n", d.Member, d.Corrects, d.Total, d.DueDate.Format(time.DateOnly))
		for _, l := range d.Lines {
			fmt.Printf("  %-7s %s: %s → %s (%s)\n", l.Change, l.Key, l.Old, l.New, l.Amount)
		}
	}
	// Output:
	// member 1882 corrects "2025-0001": total -750, due 2025-05-10
	//   changed equipment|1882|row|||||Skärm|1|1990|0|: 1990 → 2190 (200)
	//   removed support|1882|ticket|T-7: 950 → 0 (-950)
	// member 1861 corrects "": total 950, due 2025-05-10
	//   added   support|1861|ticket|T-7: 0 → 950 (950)
}
