package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
	"memberfee/ledger"
)

// Issuing a period as issue does: in one Record, refuse a period that
// overlaps an issued one, then add each member's chargeback.
func Example() {
	dir, _ := os.MkdirTemp("", "ledger-example")
	defer os.RemoveAll(dir)
	l, err := ledger.Open(filepath.Join(dir, "memberfee.db"), ledger.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer l.Close()
	sthlm, _ := time.LoadLocation("Europe/Stockholm")
	day := func(s string) time.Time { t, _ := time.ParseInLocation(time.DateOnly, s, sthlm); return t }
	q1 := ledger.Period{From: day("2025-01-01"), To: day("2025-03-31")}
	issue := func() error {
		return l.Record(context.Background(), func(tx *ledger.Tx) error {
			issued, err := tx.Overlapping(q1)
			if err != nil {
				return err
			}
			if len(issued) > 0 {
				return fmt.Errorf("the period overlaps document %s: %w", issued[0].Number, ledger.ErrConflict)
			}
			amount := decimal.RequireFromString("41220.50")
			d := ledger.Document{Kind: ledger.Chargeback, Member: "1861", Period: q1, Total: amount,
				IssueDate: day("2025-04-10"), DueDate: day("2025-05-10"), IssuedBy: "Anna Kassör",
				Lines: []ledger.Line{{Key: "support|INC1", Category: billing.Support, Ref: "INC1", Quantity: decimal.NewFromInt(1),
					UnitPrice: amount, Amount: amount, Status: billing.Charged, File: "support.csv", Row: 2}}}
			if err := tx.Add(&d); err != nil {
				return err
			}
			fmt.Println("recorded", d.Number, d.Member, d.Total.StringFixed(2))
			return nil
		})
	}
	fmt.Println(issue())
	err = issue()
	fmt.Println(errors.Is(err, ledger.ErrConflict), err)
	rep, err := l.Verify(context.Background())
	fmt.Println(rep.Documents, rep.Lines, err)
	// Output:
	// recorded 2025-0001 1861 41220.50
	// <nil>
	// true the period overlaps document 2025-0001: conflicts with what is already recorded
	// 1 1 <nil>
}
