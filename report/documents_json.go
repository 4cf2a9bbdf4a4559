package report

import (
	"fmt"
	"time"

	"memberfee/ledger"
)

// DocumentsJSON is a list of the ledger's documents (SPEC "The ledger"):
// DIR/documents-<from>_<to>.json and documents-fee-<year>-<K>.json of
// issue, DIR/corrections-<from>_<to>.json of correct (with each
// correction's lines) and ledger list --json.
type DocumentsJSON struct {
	Documents []DocumentJSON `json:"documents"`
}

// DocumentJSON is one document: the contract's fields first (number,
// kind, member, period, total, corrects — null when none — and due_date),
// then what memberfee adds. Money is a decimal string to the öre.
type DocumentJSON struct {
	Number    string     `json:"number"`
	Kind      string     `json:"kind"`
	Member    string     `json:"member"`
	Period    PeriodJSON `json:"period"`
	Total     string     `json:"total"`
	Corrects  *string    `json:"corrects"`
	DueDate   string     `json:"due_date"`
	IssueDate string     `json:"issue_date"`
	IssuedBy  string     `json:"issued_by"`
	// Installment and Installments are a fee document's K of N.
	Installment  int    `json:"installment,omitempty"`
	Installments int    `json:"installments,omitempty"`
	Reason       string `json:"reason,omitempty"` // a correction's
	// Lines are a correction's lines in corrections-*.json.
	Lines []CorrectionLineJSON `json:"lines,omitempty"`
}

// CorrectionLineJSON is one line of a correction: what was issued (old),
// what the re-rating gives (new) and the difference (new − old).
type CorrectionLineJSON struct {
	Category    string `json:"category"`
	Key         string `json:"key"`
	Ref         string `json:"ref"`
	Department  string `json:"department"`
	Date        string `json:"date,omitempty"`
	Description string `json:"description"`
	Change      string `json:"change"` // added, removed or changed
	Old         string `json:"old"`
	New         string `json:"new"`
	Difference  string `json:"difference"`
}

// NewDocumentJSON converts a document, without its lines.
func NewDocumentJSON(d *ledger.Document) DocumentJSON {
	j := DocumentJSON{
		Number:       d.Number,
		Kind:         string(d.Kind),
		Member:       d.Member,
		Period:       PeriodJSON{dateText(d.Period.From), dateText(d.Period.To)},
		Total:        d.Total.StringFixed(2),
		DueDate:      dateText(d.DueDate),
		IssueDate:    dateText(d.IssueDate),
		IssuedBy:     d.IssuedBy,
		Installment:  d.Installment,
		Installments: d.Installments,
		Reason:       d.Reason,
	}
	if d.Corrects != "" {
		c := d.Corrects
		j.Corrects = &c
	}
	return j
}

// dateText is a day as the JSON writes it (2025-05-10), "" for none.
func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// NewDocumentsJSON converts documents, without their lines (issue,
// ledger list --json).
func NewDocumentsJSON(docs []ledger.Document) *DocumentsJSON {
	j := &DocumentsJSON{Documents: make([]DocumentJSON, 0, len(docs))}
	for i := range docs {
		j.Documents = append(j.Documents, NewDocumentJSON(&docs[i]))
	}
	return j
}

// NewCorrectionsJSON converts correction documents with their lines
// (correct). It fails when a document's lines cannot be read.
func NewCorrectionsJSON(docs []ledger.Document) (*DocumentsJSON, error) {
	j := &DocumentsJSON{Documents: make([]DocumentJSON, 0, len(docs))}
	for i := range docs {
		d := &docs[i]
		dj := NewDocumentJSON(d)
		dj.Lines = []CorrectionLineJSON{}
		err := d.EachLine(func(l *ledger.Line) error {
			lj := CorrectionLineJSON{Category: string(l.Category), Key: l.Key, Ref: l.Ref, Department: l.Department,
				Description: l.Description, Change: l.Change, Old: l.Old.StringFixed(2), New: l.New.StringFixed(2), Difference: l.Amount.StringFixed(2)}
			lj.Date = dateText(l.Date)
			dj.Lines = append(dj.Lines, lj)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("corrections JSON: the lines of %s: %w", d.Number, err)
		}
		j.Documents = append(j.Documents, dj)
	}
	return j, nil
}

// StatementJSON is a member's statement of a year (ledger statement):
// every document issued to it in the year, the year's total and its total
// per category, every category key present (fee, equipment, printers,
// storage, support, licences, services).
type StatementJSON struct {
	Member     string            `json:"member"`
	Year       int               `json:"year"`
	Documents  []DocumentJSON    `json:"documents"`
	Total      string            `json:"total"`
	ByCategory map[string]string `json:"by_category"`
	Name       string            `json:"name,omitempty"`
}

// NewStatementJSON converts a statement to its JSON form; the totals are
// the workbook's (StatementBook).
func NewStatementJSON(in *StatementInput) *StatementJSON {
	total, by := statementTotals(in.Documents)
	j := &StatementJSON{Member: in.Member, Year: in.Year, Documents: NewDocumentsJSON(in.Documents).Documents,
		Total: total.StringFixed(2), ByCategory: map[string]string{}, Name: in.Name}
	for c, v := range by {
		j.ByCategory[c] = v.StringFixed(2)
	}
	return j
}
