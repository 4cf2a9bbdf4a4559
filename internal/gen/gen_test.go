package gen

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestSydnarkeIsTheExample: the shipped example's data is exactly what the
// generator writes, so it can be regenerated.
func TestSydnarkeIsTheExample(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, Sydnarke()); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	if len(files) != 8 {
		t.Fatalf("%d files", len(files))
	}
	for _, f := range files {
		got, _ := os.ReadFile(f)
		want, err := os.ReadFile(filepath.Join("../../examples/sydnarke/data", filepath.Base(f)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the example's; run memberfee gen --out examples/sydnarke/data", filepath.Base(f))
		}
	}
}

func TestNationalScales(t *testing.T) {
	w := National(0.01)
	if len(w.Members) != 60 || w.Support != 2000 || w.Equipment != 500 {
		t.Fatalf("%d members, %d tickets, %d equipment", len(w.Members), w.Support, w.Equipment)
	}
	users := 0
	for _, m := range w.Members {
		users += m.Users
	}
	if users*12 < 9000 || users*12 > 10000 {
		t.Fatalf("%d storage rows", users*12)
	}
}
