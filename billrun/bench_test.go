package billrun

import (
	"testing"

	"memberfee/internal/gen"
)

// BenchmarkReadRateSpill is bill's first stage on the 10× smaller national
// workload: read, rate, tally, spill the lines and write the line detail.
func BenchmarkReadRateSpill(b *testing.B) {
	path, err := gen.WriteWithConfig(b.TempDir(), gen.National(0.1))
	if err != nil {
		b.Fatal(err)
	}
	_, in := load(b, path)
	for b.Loop() {
		bill, err := Rate(in)
		if err != nil {
			b.Fatal(err)
		}
		bill.Remove()
	}
}
