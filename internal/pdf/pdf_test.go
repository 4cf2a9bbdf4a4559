package pdf

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"memberfee/internal/xlsx"
)

// TestNoOffice: without LibreOffice on the PATH, FirstPage says how to get
// it and runs nothing.
func TestNoOffice(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := FirstPage(filepath.Join(t.TempDir(), "fee.xlsx")); !errors.Is(err, ErrNoOffice) {
		t.Fatalf("error %v, want ErrNoOffice", err)
	}
}

// TestFirstPage prints a small workbook beside itself, where LibreOffice
// is installed.
func TestFirstPage(t *testing.T) {
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("LibreOffice is not installed")
	}
	b := xlsx.NewBook("pdf", 0)
	b.Sheet("Summary").Row(xlsx.Text("a page"))
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(t.TempDir(), "fee.xlsx")
	if err := os.WriteFile(book, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := FirstPage(book)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(filepath.Dir(book), "fee.pdf"); got != want {
		t.Errorf("wrote %s, want %s", got, want)
	}
	if pdf, err := os.ReadFile(got); err != nil || len(pdf) < 5 || string(pdf[:5]) != "%PDF-" {
		t.Errorf("not a PDF: %v", err)
	}
}
