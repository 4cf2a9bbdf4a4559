package pdf

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ErrNoOffice is returned by FirstPage where LibreOffice is not installed.
var ErrNoOffice = errors.New("making a PDF needs LibreOffice (apt-get install -y libreoffice-calc-nogui)")

// FirstPage prints the first page of a workbook — its summary sheet, set up for
// A4 landscape — to a PDF beside it, with LibreOffice headless. It returns
// the PDF's path. PDFs are for reading: LibreOffice stamps them with the
// time, so they are not part of a run's manifest.
func FirstPage(xlsx string) (string, error) {
	bin, err := exec.LookPath("soffice")
	if err != nil {
		if bin, err = exec.LookPath("libreoffice"); err != nil {
			return "", ErrNoOffice
		}
	}
	profile, err := os.MkdirTemp("", "memberfee-office-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(profile)
	dir := filepath.Dir(xlsx)
	filter := `pdf:calc_pdf_Export:{"PageRange":{"type":"string","value":"1"}}`
	cmd := exec.Command(bin, "-env:UserInstallation=file://"+profile, "--headless", "--norestore", "--convert-to", filter, "--outdir", dir, xlsx)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	out, err := cmd.CombinedOutput()
	pdf := strings.TrimSuffix(xlsx, filepath.Ext(xlsx)) + ".pdf"
	if err != nil {
		return "", fmt.Errorf("LibreOffice could not print %s: %v: %s", xlsx, err, out)
	}
	if _, err := os.Stat(pdf); err != nil {
		return "", fmt.Errorf("LibreOffice wrote no %s: %s", pdf, out)
	}
	return pdf, nil
}
