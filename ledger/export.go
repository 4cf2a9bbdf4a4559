package ledger

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/shopspring/decimal"
)

// Backup writes a consistent copy of the ledger to path (VACUUM INTO),
// while others may read it. It refuses to overwrite an existing file.
func (l *Ledger) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("ledger backup: %s already exists; name a new file (a backup never overwrites one)", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("ledger backup: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("ledger backup: %w", err)
	}
	if _, err := l.db.ExecContext(ctx, "VACUUM INTO ?", abs); err != nil {
		return fmt.Errorf("ledger backup of %s to %s: %w", l.path, path, classify(l.path, err))
	}
	return nil
}

// money is an amount as the contracts write it: two decimals, or every
// decimal it has when it has more.
func money(d decimal.Decimal) string {
	if d.Equal(d.Round(2)) {
		return d.StringFixed(2)
	}
	return d.String()
}

func moneyMap(m map[string]decimal.Decimal) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = money(v)
	}
	return out
}

type exportPeriod struct {
	From string `json:"from"`
	To   string `json:"to"`
}

type exportDoc struct {
	Seq          int64                     `json:"seq"`
	Number       string                    `json:"number"`
	Kind         Kind                      `json:"kind"`
	Member       string                    `json:"member"`
	Period       exportPeriod              `json:"period"`
	Total        string                    `json:"total"`
	Corrects     *string                   `json:"corrects"`
	Installment  int                       `json:"installment,omitempty"`
	Installments int                       `json:"installments,omitempty"`
	IssueDate    string                    `json:"issue_date"`
	DueDate      string                    `json:"due_date"`
	IssuedBy     string                    `json:"issued_by"`
	Reason       string                    `json:"reason,omitempty"`
	ByCategory   map[string]string         `json:"by_category"`
	Counts       map[string]CategoryCounts `json:"counts"`
	Inputs       []exportInput             `json:"inputs"`
	ConfigHash   string                    `json:"config_hash"`
	ContentHash  string                    `json:"content_hash"`
	Hash         string                    `json:"hash"`
}

type exportInput struct {
	Category string `json:"category"`
	Name     string `json:"name"`
	SHA256   string `json:"sha256"`
	Rows     int    `json:"rows"`
}

type exportLine struct {
	N           int64  `json:"n"`
	Key         string `json:"key"`
	Category    string `json:"category"`
	Department  string `json:"department,omitempty"`
	Clause      string `json:"clause,omitempty"`
	Date        string `json:"date,omitempty"`
	Ref         string `json:"ref,omitempty"`
	Description string `json:"description,omitempty"`
	Quantity    string `json:"quantity"`
	Unit        string `json:"unit,omitempty"`
	UnitPrice   string `json:"unit_price"`
	Extra       string `json:"extra"`
	Amount      string `json:"amount"`
	Status      string `json:"status"`
	Column      string `json:"column,omitempty"`
	Reason      string `json:"reason,omitempty"`
	Note        string `json:"note,omitempty"`
	File        string `json:"file,omitempty"`
	Row         int    `json:"row,omitempty"`
	Change      string `json:"change,omitempty"`
	Old         string `json:"old,omitempty"`
	New         string `json:"new,omitempty"`
	Hash        string `json:"hash"`
}

type exportAdoption struct {
	Year       int         `json:"year"`
	Revision   int         `json:"revision"`
	AdoptedBy  string      `json:"adopted_by"`
	Date       string      `json:"date"`
	Reason     string      `json:"reason,omitempty"`
	ConfigHash string      `json:"config_hash"`
	Members    []exportFee `json:"members"`
	Hash       string      `json:"hash"`
}

type exportFee struct {
	Member       string              `json:"member"`
	Name         string              `json:"name"`
	Fee          string              `json:"fee"`
	Installments []exportInstallment `json:"installments"`
}

type exportInstallment struct {
	K       int    `json:"k"`
	Amount  string `json:"amount"`
	DueDate string `json:"due_date"`
}

type exportApproval struct {
	Period      exportPeriod `json:"period"`
	ContentHash string       `json:"content_hash"`
	By          string       `json:"by"`
	Date        string       `json:"date"`
	Hash        string       `json:"hash"`
}

// Export writes every adoption, approval, document and line as JSON, in
// order of recording, money as decimal strings (two decimals), one
// document per line of output:
//
//	{"schema_version": 1,
//	 "adoptions": [{"year": 2025, "revision": 1, …, "members": [{"member": "1861", "fee": "…", "installments": […]}]}],
//	 "approvals": [{"period": {"from": …, "to": …}, "content_hash": …, "by": …, "date": …, "hash": …}],
//	 "documents": [
//	  {"seq": 1, "number": "2025-0001", "kind": "fee", …, "lines": [{"n": 1, …, "amount": "…", "hash": …}]}
//	 ]}
//
// The same ledger always exports the same bytes.
func (l *Ledger) Export(ctx context.Context, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	err := l.View(ctx, func(t *Tx) error {
		fmt.Fprintf(bw, "{\"schema_version\": %d,\n \"adoptions\": [", SchemaVersion)
		if err := t.exportAdoptions(bw); err != nil {
			return err
		}
		bw.WriteString("],\n \"approvals\": [")
		aps, _, err := t.approvals("")
		if err != nil {
			return err
		}
		for i, ap := range aps {
			if i > 0 {
				bw.WriteString(",")
			}
			b, _ := json.Marshal(exportApproval{exportPeriod{day(ap.Period.From), day(ap.Period.To)}, ap.ContentHash, ap.By, day(ap.Date), ap.Hash})
			bw.WriteString("\n  ")
			bw.Write(b)
		}
		bw.WriteString("],\n \"documents\": [")
		if err := t.exportDocuments(bw); err != nil {
			return err
		}
		bw.WriteString("]}\n")
		return nil
	})
	if err != nil {
		return fmt.Errorf("ledger export: %w", err)
	}
	return bw.Flush()
}

func (t *Tx) exportAdoptions(w *bufio.Writer) error {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT id FROM adoptions ORDER BY id")
	if err != nil {
		return classify(t.path, err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	for i, id := range ids {
		a, _, err := t.adoption(id)
		if err != nil {
			return err
		}
		x := exportAdoption{a.Year, a.Revision, a.AdoptedBy, day(a.Date), a.Reason, a.ConfigHash, []exportFee{}, a.Hash}
		for _, m := range a.Members {
			f := exportFee{m.Member, m.Name, money(m.Fee), []exportInstallment{}}
			for _, in := range m.Installments {
				f.Installments = append(f.Installments, exportInstallment{in.K, money(in.Amount), day(in.DueDate)})
			}
			x.Members = append(x.Members, f)
		}
		if i > 0 {
			w.WriteString(",")
		}
		b, _ := json.Marshal(x)
		w.WriteString("\n  ")
		w.Write(b)
	}
	return nil
}

func (t *Tx) exportDocuments(w *bufio.Writer) error {
	docs, err := t.Documents(Filter{})
	if err != nil {
		return err
	}
	st, err := t.linesStmt()
	if err != nil {
		return err
	}
	defer st.Close()
	for i := range docs {
		d := &docs[i]
		x := exportDoc{Seq: d.Seq, Number: d.Number, Kind: d.Kind, Member: d.Member,
			Period: exportPeriod{day(d.Period.From), day(d.Period.To)}, Total: money(d.Total),
			Installment: d.Installment, Installments: d.Installments, IssueDate: day(d.IssueDate), DueDate: day(d.DueDate),
			IssuedBy: d.IssuedBy, Reason: d.Reason, ByCategory: moneyMap(d.ByCategory), Counts: map[string]CategoryCounts{},
			Inputs: []exportInput{}, ConfigHash: d.ConfigHash, ContentHash: d.ContentHash, Hash: d.Hash}
		if d.Corrects != "" {
			x.Corrects = &d.Corrects
		}
		for c, n := range d.Counts {
			x.Counts[string(c)] = n
		}
		for _, in := range d.Inputs {
			x.Inputs = append(x.Inputs, exportInput{in.Category, in.Name, in.SHA256, in.Rows})
		}
		b, err := json.Marshal(x)
		if err != nil {
			return err
		}
		if i > 0 {
			w.WriteString(",")
		}
		w.WriteString("\n  ")
		w.Write(bytes.TrimSuffix(b, []byte("}")))
		w.WriteString(`,"lines":[`)
		first := true
		err = t.eachLine(st, d.Seq, func(s *lineScanner) error {
			l := &s.l
			xl := exportLine{s.n, l.Key, string(l.Category), l.Department, l.Clause, day(l.Date), l.Ref, l.Description,
				l.Quantity.String(), l.Unit, money(l.UnitPrice), money(l.Extra), money(l.Amount), string(l.Status), l.Column,
				l.Reason, l.Note, l.File, l.Row, l.Change, "", "", fmt.Sprintf("%x", s.hash)}
			if l.Change != "" {
				xl.Old, xl.New = money(l.Old), money(l.New)
			}
			b, err := json.Marshal(xl)
			if err != nil {
				return err
			}
			if !first {
				w.WriteString(",")
			}
			first = false
			_, err = w.Write(b)
			return err
		})
		if err != nil {
			return fmt.Errorf("document %s: %w", d.Number, err)
		}
		w.WriteString("]}")
	}
	return nil
}
