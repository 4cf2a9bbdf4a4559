package nofloat

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCheckFindsFloats: a file with a float64, a float literal and
// decimal.NewFromFloat fails the check; one without passes.
func TestCheckFindsFloats(t *testing.T) {
	for _, tc := range []struct {
		src   string
		fails bool
	}{
		{"package p\nvar x float64\n", true},
		{"package p\nvar x = 1.5\n", true},
		{"package p\nimport \"github.com/shopspring/decimal\"\nvar x = decimal.NewFromFloat(2)\n", true},
		{"package p\nimport \"math/big\"\nvar x = new(big.Float)\n", true},
		{"package p\nimport \"math\"\nvar x = math.Inf(1)\n", true},
		{"package p\nfunc (\n", true}, // does not parse
		{"package p\nvar x int64 = 15\n", false},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(tc.src), 0o644); err != nil {
			t.Fatal(err)
		}
		rec := &recorder{TB: t}
		Check(rec, dir)
		if rec.failed != tc.fails {
			t.Errorf("%q: failed %v, want %v", tc.src, rec.failed, tc.fails)
		}
	}
}

// recorder notes a failure instead of failing the test.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Helper()               {}
