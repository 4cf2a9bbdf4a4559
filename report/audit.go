package report

import (
	"fmt"
	"time"

	"memberfee/internal/xlsx"
)

// Audit is what the audit sheet (Revision) of a workbook lists: the engine,
// the command, and every input with its SHA-256, so that an auditor can
// tell which inputs produced the workbook (the run's manifest.json also
// holds the outputs' hashes).
type Audit struct {
	Engine    string
	Command   string
	Generated time.Time // when given (SOURCE_DATE_EPOCH or --generated); zero otherwise
	Inputs    []AuditFile
}

// AuditFile is an input file and its fingerprint.
type AuditFile struct {
	Role   string // config, equipment, register …
	Name   string
	SHA256 string
	Size   int64
	Rows   int // data rows, where it is a table
}

// Check is a reconciliation check in the style of a ledger's balance
// assertion: two formulas that must agree, shown as OK or the difference.
type Check struct {
	Label       string
	Left, Right string // formulas (without '=')
	Value       any    // what both compute, cached in the workbook
}

// auditSheet adds the Revision sheet: inputs with hashes, the checks, and
// rows the caller adds about rounding.
func auditSheet(b *xlsx.Book, a *Audit, lang Lang, checks []Check, rounding func(s *xlsx.Sheet)) {
	if a == nil {
		a = &Audit{}
	}
	b.SetCreated(a.Generated)
	s := b.Sheet(lang.tr("au.sheet"))
	s.Widths(46, 40, 68, 14, 12, 14, 14) // the last two for the allocation's rounding table
	s.Row(xlsx.Styled(lang.tr("au.title"), xlsx.StyleTitle))
	s.Row(xlsx.Styled(lang.tr("au.note"), xlsx.StyleNote))
	s.Blank()
	s.Row(xlsx.Text(lang.tr("engine")), xlsx.Text(a.Engine))
	if a.Command != "" {
		s.Row(xlsx.Text(lang.tr("au.command")), xlsx.Text(a.Command))
	}
	if !a.Generated.IsZero() {
		s.Row(xlsx.Text(lang.tr("au.generated")), xlsx.Text(a.Generated.UTC().Format(time.RFC3339)))
	}
	s.Blank()
	s.Row(hdrCells(lang, "au.role", "cb.file", "au.sha256", "au.size", "cb.rows")...)
	for _, f := range a.Inputs {
		rows := xlsx.Cell{}
		if f.Rows > 0 {
			rows = xlsx.Styled(f.Rows, xlsx.StyleInt)
		}
		s.Row(xlsx.Text(f.Role), xlsx.Text(f.Name), xlsx.Text(f.SHA256), xlsx.Styled(f.Size, xlsx.StyleInt), rows)
	}
	s.Blank()
	s.Row(hdrCells(lang, "au.check", "au.left", "au.right", "check")...)
	for _, c := range checks {
		n := s.Next()
		// A count as a count; an amount in the workbook's unit (whole
		// kronor in the fee's workbooks, öre in the chargeback's).
		st := xlsx.StyleMoney
		if _, ok := c.Value.(int); ok {
			st = xlsx.StyleInt
		}
		s.Row(xlsx.Text(c.Label), xlsx.Formula(c.Left, c.Value, st), xlsx.Formula(c.Right, c.Value, st),
			xlsx.Formula(fmt.Sprintf("IF(ROUND(B%d-C%d,2)=0,\"OK\",B%d-C%d)", n, n, n, n), "OK", xlsx.StyleCheck))
	}
	if rounding != nil {
		s.Blank()
		rounding(s)
	}
}

// auditLabels are the labels of every workbook's Revision sheet and its checks.
var auditLabels = labelTable{
	"au.sheet":     {"Revision", "Audit"},
	"au.title":     {"Revision: indata, avstämningar och avrundningar", "Audit: inputs, reconciliations and rounding"},
	"au.note":      {"Indatafilernas SHA-256 visar vilka filer arbetsboken bygger på; manifest.json bredvid arbetsboken har även utfilernas. Varje avstämning är en formel som visar OK eller differensen.", "The inputs' SHA-256 tell which files the workbook was made from; manifest.json beside it has the outputs' too. Each reconciliation is a formula showing OK or the difference."},
	"au.command":   {"Kommando", "Command"},
	"au.generated": {"Skapad", "Generated"},
	"au.role":      {"Roll", "Role"},
	"au.size":      {"Byte", "Bytes"},
	"au.sha256":    {"SHA-256", "SHA-256"},
	"au.check":     {"Avstämning", "Reconciliation"},
	"au.left":      {"Värde", "Value"},
	"au.right":     {"Ska vara lika med", "Must equal"},
	"au.rounding":  {"Avrundning", "Rounding"},
	"au.exact":     {"Exakt", "Exact"},
	"au.rounded":   {"Avrundat", "Rounded"},
	"au.diff":      {"Avrundningsdifferens", "Rounding difference"},

	"au.c.fees":          {"Summa medlemsbidrag = totalen", "Σ member fees = the total"},
	"au.c.parts":         {"Fördelat + tillägg + volym = summa medlemsbidrag", "Allocated + additions + volume = Σ fees"},
	"au.c.pool":          {"Fördelat (fördelningsbladet) = poolen", "Allocated (allocation sheet) = the pool"},
	"au.c.summary_alloc": {"Fördelat (sammanställningen) = poolen", "Allocated (summary) = the pool"},
	"au.c.installments":  {"Summa delbetalningar = summa medlemsbidrag", "Σ installments = Σ fees"},
	"au.a_exact":         {"Tillägg exakt", "Additions exact"},
	"au.v_exact":         {"Volym exakt", "Volume exact"},
	"au.pool_rounding":   {"Poolen exakt %s avrundas till %s; indexerad bas exakt %s avrundas till %s.", "The pool, exactly %s, rounds to %s; the indexed base, exactly %s, to %s."},

	"au.c.category":     {"Sammanställningen = summan av bladet %s", "The summary = the total of the sheet %s"},
	"au.c.cb_total":     {"Totalen = summan av alla rader", "The total = the sum of every line"},
	"au.c.rows":         {"Indatarader = debiteras + ingår + avvisade", "Rows in = charged + included + rejected"},
	"au.c.rows_outside": {"Indatarader = debiteras + ingår + avvisade + utanför perioden", "Rows in = charged + included + rejected + outside the period"},

	"au.c.scenario":     {"Jämförelsen = scenariots eget blad (%s)", "The comparison = the scenario's own sheet (%s)"},
	"au.c.year":         {"Summa medlemsbidrag %d = motorns total", "Σ fees %d = the engine's total"},
	"au.c.devices":      {"Enheter i sammanställningen = rader i enhetsbladet", "Devices in the summary = rows of the device sheet"},
	"au.c.replacements": {"Utbyten i sammanställningen = enheter som byts", "Replacements in the summary = devices due"},
}
