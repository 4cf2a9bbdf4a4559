package peppoltest

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// RuleSets are the compiled rules, in the order validate runs them.
var RuleSets = []string{"CEN-EN16931-UBL", "PEPPOL-EN16931-UBL"}

// ErrCannotRun: java or Saxon-HE is not installed.
var ErrCannotRun = errors.New("the official Peppol rules cannot run here (apt-get install -y default-jre-headless libsaxonhe-java)")

// Dir is the folder of the official rules: MEMBERFEE_PEPPOL_RULES, else
// shared/peppol beside the repository or beside the folder of its
// worktrees (found upward from the working folder); "" when absent.
func Dir() string {
	if d := os.Getenv("MEMBERFEE_PEPPOL_RULES"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "shared", "peppol")
		if _, err := os.Stat(filepath.Join(p, RuleSets[0]+".xslt")); err == nil {
			return p
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Validate runs every rule set of dir over files and returns the report
// validate prints, one line per failed rule: "FILE: RULES: FLAG: ID:
// TEXT" (FLAG fatal or warning; TEXT at most 200 characters), or "FILE:
// RULES: could not be checked: WHY"; and whether a file broke a fatal
// rule or could not be checked. err is ErrCannotRun without java or
// Saxon-HE, or why the files could not be prepared.
func Validate(dir string, files []string) (report string, failed bool, err error) {
	jar := saxon()
	if _, lerr := exec.LookPath("java"); lerr != nil || jar == "" {
		return "", false, ErrCannotRun
	}
	tmp, err := os.MkdirTemp("", "peppoltest-")
	if err != nil {
		return "", false, err
	}
	defer os.RemoveAll(tmp)
	in := filepath.Join(tmp, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		return "", false, err
	}
	for i, f := range files { // numbered: two files may share a name
		b, err := os.ReadFile(f)
		if err != nil {
			return "", false, err
		}
		if err := os.WriteFile(filepath.Join(in, name(i)), b, 0o644); err != nil {
			return "", false, err
		}
	}
	lines := make([][]string, len(RuleSets)) // per rule set, per file in order
	fails := make([]bool, len(RuleSets))
	var wg sync.WaitGroup
	for k, rules := range RuleSets {
		wg.Go(func() {
			out := filepath.Join(tmp, rules)
			if err := os.Mkdir(out, 0o755); err != nil {
				fails[k], lines[k] = true, []string{fmt.Sprintf("%s: could not be checked: %v", rules, err)}
				return
			}
			cmd := exec.Command("java", "-cp", jar, "net.sf.saxon.Transform", "-s:"+in, "-xsl:"+filepath.Join(dir, rules+".xslt"), "-o:"+out)
			msg, err := cmd.CombinedOutput()
			perFile := make([][]string, len(files))
			for i, f := range files {
				if err != nil {
					perFile[i] = []string{fmt.Sprintf("%s: %s: could not be checked: %s", f, rules, firstLines(string(msg), 3))}
					fails[k] = true
					continue
				}
				found, fatal, perr := failedAsserts(filepath.Join(out, name(i)))
				if perr != nil {
					perFile[i] = []string{fmt.Sprintf("%s: %s: could not be checked: %v", f, rules, perr)}
					fails[k] = true
					continue
				}
				for _, a := range found {
					perFile[i] = append(perFile[i], fmt.Sprintf("%s: %s: %s", f, rules, a))
				}
				fails[k] = fails[k] || fatal
			}
			for _, l := range perFile {
				lines[k] = append(lines[k], l...)
			}
		})
	}
	wg.Wait()
	var sb strings.Builder
	for k := range RuleSets {
		for _, l := range lines[k] {
			sb.WriteString(l + "\n")
		}
		failed = failed || fails[k]
	}
	return sb.String(), failed, nil
}

func name(i int) string { return fmt.Sprintf("%04d.xml", i) }

func saxon() string {
	for _, p := range []string{"/usr/share/java/Saxon-HE.jar"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	m, _ := filepath.Glob("/usr/share/java/Saxon-HE-*.jar")
	if len(m) > 0 {
		return m[0]
	}
	return ""
}

func firstLines(s string, n int) string {
	l := strings.SplitN(strings.TrimSpace(s), "\n", n+1)
	if len(l) > n {
		l = l[:n]
	}
	return strings.Join(l, " ")
}

// failedAsserts reads an SVRL report: each failed assert as "FLAG: ID:
// TEXT" (FLAG fatal where the rule sets none), and whether one is fatal.
func failedAsserts(svrl string) ([]string, bool, error) {
	f, err := os.Open(svrl)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	const ns = "http://purl.oclc.org/dsdl/svrl"
	d := xml.NewDecoder(f)
	var out []string
	fatal := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, fatal, nil
		}
		if err != nil {
			return nil, false, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Space != ns || se.Name.Local != "failed-assert" {
			continue
		}
		var fa struct {
			Flag string `xml:"flag,attr"`
			ID   string `xml:"id,attr"`
			Text string `xml:"http://purl.oclc.org/dsdl/svrl text"`
		}
		if err := d.DecodeElement(&fa, &se); err != nil {
			return nil, false, err
		}
		if fa.Flag == "" {
			fa.Flag = "fatal"
		}
		text := strings.Join(strings.Fields(fa.Text), " ")
		if r := []rune(text); len(r) > 200 {
			text = string(r[:200])
		}
		out = append(out, fmt.Sprintf("%s: %s: %s", fa.Flag, fa.ID, text))
		fatal = fatal || fa.Flag == "fatal"
	}
}
