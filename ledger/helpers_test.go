package ledger

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func newLedger(t testing.TB) *Ledger {
	t.Helper()
	l, err := Open(filepath.Join(t.TempDir(), "memberfee.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// chargeback is member's chargeback of from–to with n lines, alternating
// equipment and support, amounts 100.25, 200.50, … ; issued on issued.
func chargeback(member, from, to, issued string, n int) Document {
	d := Document{Kind: Chargeback, Member: member, Period: Period{date(from), date(to)},
		IssueDate: date(issued), DueDate: date(issued).AddDate(0, 0, 30), IssuedBy: "Anna Kassör",
		Counts:     map[billing.Category]CategoryCounts{billing.Equipment: {Charged: (n + 1) / 2, Included: 3}, billing.Support: {Charged: n / 2, Rejected: 1}},
		Inputs:     []Input{{Category: "equipment", Name: "utrustning.csv", SHA256: "ab12", Rows: n + 3}, {Category: "config", Name: "memberfee.yaml", SHA256: "cd34"}},
		ConfigHash: "cd34", ContentHash: "feed"}
	total := decimal.Zero
	for i := range n {
		cat, file := billing.Equipment, "utrustning.csv"
		if i%2 == 1 {
			cat, file = billing.Support, "support.csv"
		}
		amt := decimal.New(int64(10025*(i%7+1)), -2)
		d.Lines = append(d.Lines, Line{Key: fmt.Sprintf("k%d", i), Category: cat, Department: "IT", Clause: "2.1",
			Date: date(from), Ref: fmt.Sprintf("R%06d", i), Description: "Dockningsstation Dell WD19", Quantity: dec("1"),
			Unit: "st", UnitPrice: amt, Extra: decimal.Zero, Amount: amt, Status: billing.Charged, File: file, Row: i + 2})
		total = total.Add(amt)
	}
	d.Total = total
	return d
}

func fee(member string, year, k, n int, amount string) Document {
	from := time.Date(year, time.Month((k-1)*12/n+1), 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(year, time.Month(k*12/n+1), 0, 0, 0, 0, 0, time.UTC)
	return Document{Kind: Fee, Member: member, Period: Period{from, to}, Total: dec(amount),
		Installment: k, Installments: n, IssueDate: from, DueDate: from.AddDate(0, 0, 30), IssuedBy: "Anna Kassör",
		Lines: []Line{{Key: "fee", Category: "fee", Description: fmt.Sprintf("Avgift %d, delbetalning %d av %d", year, k, n),
			Quantity: dec("1"), UnitPrice: dec(amount), Amount: dec(amount), Status: billing.Charged}}}
}

func add(t testing.TB, l *Ledger, docs ...*Document) {
	t.Helper()
	err := l.Record(context.Background(), func(tx *Tx) error {
		for _, d := range docs {
			if err := tx.Add(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sqlite3 runs the sqlite3 tool on the ledger file, as someone editing it
// behind memberfee's back would.
func sqliteCLI(t *testing.T, path, sql string) (string, error) {
	t.Helper()
	bin, err := exec.LookPath("sqlite3")
	if err != nil {
		t.Skip("the sqlite3 tool is not installed (Debian/Ubuntu package sqlite3); this test edits the ledger with it")
	}
	out, err := exec.Command(bin, path, sql).CombinedOutput()
	return string(out), err
}
