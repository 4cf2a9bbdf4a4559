package ledger

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/billing"
)

// The national year (gen --workload national --scale 1): 60 members,
// twelve monthly periods, ~400 000 charged lines in all.
const (
	nationalMembers = 60
	nationalLines   = 400_000
)

var benchCats = []billing.Category{billing.Equipment, billing.Printers, billing.Storage, billing.Support, billing.Licences, billing.Services}

// streamed is a chargeback whose n lines are made one at a time, as issue
// streams a national year's.
func streamed(member string, month, n int) Document {
	from := time.Date(2025, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(0, 1, -1)
	mk := func(i int, l *Line) {
		cat := benchCats[i%len(benchCats)]
		amt := decimal.New(int64(1000+i%9000), -2)
		*l = Line{Key: fmt.Sprintf("%s|%s|%07d", cat, member, i), Category: cat, Department: "Förvaltning " + member, Clause: "2.1",
			Date: from.AddDate(0, 0, i%28), Ref: fmt.Sprintf("INC%07d", i), Description: "Dockningsstation Dell WD19",
			Quantity: decimal.NewFromInt(1), Unit: "st", UnitPrice: amt, Amount: amt, Status: billing.Charged,
			File: string(cat) + "-2025.csv", Row: i + 2}
	}
	total := decimal.Zero
	var l Line
	for i := range n {
		mk(i, &l)
		total = total.Add(l.Amount)
	}
	return Document{Kind: Chargeback, Member: member, Period: Period{from, to}, Total: total,
		IssueDate: to.AddDate(0, 0, 10), DueDate: to.AddDate(0, 0, 40), IssuedBy: "Anna Kassör", ConfigHash: "c", ContentHash: "h",
		Stream: func(yield func(*Line) error) error {
			var l Line
			for i := range n {
				mk(i, &l)
				if err := yield(&l); err != nil {
					return err
				}
			}
			return nil
		}}
}

// nationalYear records the national year into l: per month one Record of
// every member's chargeback, and the four fee installments.
func nationalYear(tb testing.TB, l *Ledger) {
	per := nationalLines / (12 * nationalMembers)
	for month := 1; month <= 12; month++ {
		err := l.Record(context.Background(), func(tx *Tx) error {
			for m := range nationalMembers {
				d := streamed(fmt.Sprintf("%04d", 1800+m), month, per+m%7)
				if err := tx.Add(&d); err != nil {
					return err
				}
				if month%3 == 1 {
					f := fee(fmt.Sprintf("%04d", 1800+m), 2025, (month+2)/3, 4, "25000.00")
					if err := tx.Add(&f); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// wholeYear records the national year as one issue of the year does: one
// Record, each member's chargeback with its ~6 700 lines.
func wholeYear(tb testing.TB, l *Ledger) {
	per := nationalLines / nationalMembers
	err := l.Record(context.Background(), func(tx *Tx) error {
		for m := range nationalMembers {
			d := streamed(fmt.Sprintf("%04d", 1800+m), 1, per+m%7)
			d.Period.To = date("2025-12-31")
			if err := tx.Add(&d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkRecordNationalYear records a national year's ~400 000 lines
// (target: ≲ 2 s, a file < 100 MB): monthly, twelve Records of 60
// chargebacks; whole, one Record of the year's 60 chargebacks.
func BenchmarkRecordNationalYear(b *testing.B) {
	for _, bb := range []struct {
		name string
		run  func(testing.TB, *Ledger)
	}{{"monthly", nationalYear}, {"whole", wholeYear}} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				l, err := Open(b.TempDir()+"/memberfee.db", Options{})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				bb.run(b, l)
				b.StopTimer()
				var lines int64
				l.db.QueryRow("SELECT count(*) FROM lines").Scan(&lines)
				l.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
				st, _ := os.Stat(l.Path())
				b.ReportMetric(float64(lines), "lines")
				b.ReportMetric(float64(st.Size())/1e6, "MB")
				l.Close()
				b.StartTimer()
			}
		})
	}
}

func benchLedger(b *testing.B) *Ledger {
	l, err := Open(b.TempDir()+"/memberfee.db", Options{})
	if err != nil {
		b.Fatal(err)
	}
	nationalYear(b, l)
	b.Cleanup(func() { l.Close() })
	return l
}

// BenchmarkStatement reads one member's documents of the national year
// with their totals per category, as ledger statement does: 11 chargebacks issued in 2025 (December's is issued in 2026) and 4 installments (target
// < 50 ms).
func BenchmarkStatement(b *testing.B) {
	l := benchLedger(b)
	b.ResetTimer()
	for b.Loop() {
		err := l.View(context.Background(), func(tx *Tx) error {
			docs, err := tx.Documents(Filter{Member: "1830", Year: 2025})
			if err != nil {
				return err
			}
			by := map[string]decimal.Decimal{}
			for _, d := range docs {
				for c, v := range d.ByCategory {
					by[c] = by[c].Add(v)
				}
			}
			if len(docs) != 11+4 || len(by) != len(benchCats)+1 {
				b.Fatalf("%d documents, %d categories", len(docs), len(by))
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify verifies the national year (target < 5 s).
func BenchmarkVerify(b *testing.B) {
	l := benchLedger(b)
	b.ResetTimer()
	for b.Loop() {
		rep, err := l.Verify(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rep.Lines), "lines")
	}
}

// BenchmarkContentHashNationalYear hashes a national year's documents as
// approve and issue do; it is also the cost of making the benchmark's
// lines, which BenchmarkRecordNationalYear includes.
func BenchmarkContentHashNationalYear(b *testing.B) {
	per := nationalLines / (12 * nationalMembers)
	var docs []Document
	for month := 1; month <= 12; month++ {
		for m := range nationalMembers {
			docs = append(docs, streamed(fmt.Sprintf("%04d", 1800+m), month, per+m%7))
		}
	}
	for b.Loop() {
		if _, err := HashContent(docs); err != nil {
			b.Fatal(err)
		}
	}
}
