package issuing

import (
	"os"
	"strconv"
	"testing"

	"memberfee/chargeback"
	"memberfee/config"
	"memberfee/internal/gen"
	"memberfee/ledger"
)

// BenchmarkChargebacksNational makes the chargeback documents of the
// national workload (scale 0.1, or ISSUING_SCALE) from its spilled lines
// and streams every document's lines, as the ledger records them: issue's
// work beyond bill's.
func BenchmarkChargebacksNational(b *testing.B) {
	scale := 0.1
	if s, err := strconv.ParseFloat(os.Getenv("ISSUING_SCALE"), 64); err == nil {
		scale = s
	}
	path, err := gen.WriteWithConfig(b.TempDir(), gen.National(scale))
	if err != nil {
		b.Fatal(err)
	}
	c, err := config.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	from, to, err := chargeback.Period(c.Billing.Period, "", "")
	if err != nil {
		b.Fatal(err)
	}
	res, err := chargeback.Run(c.Billing, c.BillingMembers(), c.Resolve, from, to, chargeback.Options{Spill: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer res.Spill.Remove()
	lines, most := 0, 0
	for b.Loop() {
		lines, most = 0, 0
		for _, d := range Chargebacks(res, stamp, nil, "", false) {
			n := 0
			if err := d.EachLine(func(*ledger.Line) error { n++; return nil }); err != nil {
				b.Fatal(err)
			}
			lines += n
			most = max(most, n)
		}
	}
	b.ReportMetric(float64(lines), "lines/op")
	b.ReportMetric(float64(most), "most-lines/doc")
}
