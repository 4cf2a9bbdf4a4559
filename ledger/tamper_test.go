package ledger

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// tamperFixture records five documents (2025-0001 … 2025-0005), an
// adoption and an approval, and closes the ledger.
func tamperFixture(t *testing.T) string {
	l := newLedger(t)
	var docs []*Document
	for i, m := range []string{"1861", "1880", "1881", "1882", "1883"} {
		d := chargeback(m, "2025-01-01", "2025-03-31", "2025-04-10", 3+i)
		docs = append(docs, &d)
	}
	add(t, l, docs...)
	err := l.Record(context.Background(), func(tx *Tx) error {
		a := Adoption{Year: 2025, AdoptedBy: "Styrelsen", Date: date("2024-12-10"),
			Members: []AdoptedFee{{Member: "1861", Name: "Hallsberg", Fee: dec("10"), Installments: []Installment{{K: 1, Amount: dec("10"), DueDate: date("2025-01-31")}}}}}
		if err := tx.Adopt(&a); err != nil {
			return err
		}
		for _, by := range []string{"Bo", "Cecilia"} {
			if err := tx.Approve(&Approval{Period: Period{date("2025-01-01"), date("2025-03-31")}, ContentHash: "abc", By: by, Date: date("2025-04-09")}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Verify(context.Background()); err != nil {
		t.Fatalf("the untouched ledger: %v", err)
	}
	path := l.Path()
	l.Close()
	return path
}

func dropTriggers() string {
	var b strings.Builder
	for _, table := range []string{"documents", "lines", "document_totals", "adoptions", "adopted_fees", "adopted_installments", "approvals", "texts"} {
		fmt.Fprintf(&b, "DROP TRIGGER %s_no_update; DROP TRIGGER %s_no_delete; ", table, table)
	}
	return b.String()
}

// Edits made with the sqlite3 tool behind memberfee's back (its triggers
// dropped first) are found by Verify, which names the first document that
// no longer matches.
func TestVerifyFindsEditsMadeWithSqlite3(t *testing.T) {
	tests := []struct {
		name, sql string
		number    string // the document Verify must name; "" for an adoption or approval
		what      string // in its message
	}{
		{"a line's amount changed", "UPDATE lines SET amount = '999.00' WHERE doc = 3 AND n = 2;", "2025-0003", "line 2"},
		{"a line's amount and the document's total changed alike",
			"UPDATE lines SET amount = '0' WHERE doc = 2 AND n = 1; UPDATE documents SET total = (SELECT sum(amount) FROM lines WHERE doc = 2) WHERE seq = 2;", "2025-0002", "line 1"},
		{"a document's total changed", "UPDATE documents SET total = '1.00' WHERE number = '2025-0004';", "2025-0004", "sum to"},
		{"a document's member changed", "UPDATE documents SET member = '1999' WHERE number = '2025-0002';", "2025-0002", "is not what was recorded"},
		{"a total per category changed", "UPDATE document_totals SET total = '0' WHERE doc = 5 AND category = 'support';", "2025-0005", "totals per category"},
		{"a line deleted", "DELETE FROM lines WHERE doc = 4 AND n = 6;", "2025-0004", "5 lines where 6"},
		{"a line deleted from the middle", "DELETE FROM lines WHERE doc = 4 AND n = 2;", "2025-0004", "line 2 is missing"},
		{"a file name changed", "UPDATE texts SET text = 'other.csv' WHERE text = 'support.csv';", "2025-0001", "line 2"},
		{"a document deleted", "DELETE FROM lines WHERE doc = 3; DELETE FROM document_totals WHERE doc = 3; DELETE FROM documents WHERE seq = 3;", "2025-0003", "missing from the series"},
		{"the first document deleted", "DELETE FROM lines WHERE doc = 1; DELETE FROM document_totals WHERE doc = 1; DELETE FROM documents WHERE seq = 1;", "2025-0001", "missing from the series"},
		{"the chain reordered: two documents' seq and number swapped", `
			UPDATE documents SET seq = -2, number = '2025-9998', n = 9998 WHERE seq = 2;
			UPDATE documents SET seq = 2, number = '2025-0002', n = 2 WHERE seq = 3;
			UPDATE documents SET seq = 3, number = '2025-0003', n = 3 WHERE seq = -2;
			UPDATE lines SET doc = -2 WHERE doc = 2; UPDATE lines SET doc = 2 WHERE doc = 3; UPDATE lines SET doc = 3 WHERE doc = -2;`,
			"2025-0002", "moved in the chain"},
		{"the chain reordered: the rows swapped, lines left", `
			UPDATE documents SET seq = -2, number = '2025-9998', n = 9998 WHERE seq = 2;
			UPDATE documents SET seq = 2, number = '2025-0002', n = 2 WHERE seq = 3;
			UPDATE documents SET seq = 3, number = '2025-0003', n = 3 WHERE seq = -2;`, "2025-0002", "4 lines where 5"},
		{"the chain reordered: two documents' seq swapped, their lines with them", `
			UPDATE documents SET seq = -2 WHERE seq = 2; UPDATE documents SET seq = 2 WHERE seq = 3; UPDATE documents SET seq = 3 WHERE seq = -2;
			UPDATE lines SET doc = -2 WHERE doc = 2; UPDATE lines SET doc = 2 WHERE doc = 3; UPDATE lines SET doc = 3 WHERE doc = -2;
			UPDATE document_totals SET doc = -2 WHERE doc = 2; UPDATE document_totals SET doc = 2 WHERE doc = 3; UPDATE document_totals SET doc = 3 WHERE doc = -2;`,
			"2025-0002", "missing from the series"},
		{"a document's issue date moved", "UPDATE documents SET issue_date = '2025-04-11' WHERE seq = 5;", "2025-0005", "is not what was recorded"},
		{"an adopted fee changed", "UPDATE adopted_fees SET fee = '1'; UPDATE adopted_installments SET amount = '1';", "", "adoption of 2025, revision 1"},
		{"an approval deleted", "DELETE FROM approvals WHERE approved_by = 'Bo';", "", "approval by Cecilia"},
		{"an approval's approver changed", "UPDATE approvals SET approved_by = 'Anna' WHERE approved_by = 'Cecilia';", "", "approval by Anna"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tamperFixture(t)
			if out, err := sqliteCLI(t, path, dropTriggers()+tt.sql); err != nil {
				t.Fatalf("sqlite3: %v\n%s", err, out)
			}
			l, err := Open(path, Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			_, err = l.Verify(context.Background())
			var te *TamperError
			if !errors.As(err, &te) || !errors.Is(err, ErrTampered) {
				t.Fatalf("Verify = %v; want a *TamperError", err)
			}
			if te.Number != tt.number || !strings.Contains(te.What, tt.what) {
				t.Errorf("Verify names %q: %q; want %q and %q", te.Number, te.What, tt.number, tt.what)
			}
		})
	}
}

// Deleting the last document leaves a valid shorter chain: only the head
// written down before shows it.
func TestVerifyHeadShowsATruncatedChain(t *testing.T) {
	path := tamperFixture(t)
	l, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before, err := l.Verify(context.Background())
	l.Close()
	if err != nil {
		t.Fatal(err)
	}
	if out, err := sqliteCLI(t, path, dropTriggers()+"DELETE FROM lines WHERE doc = 5; DELETE FROM document_totals WHERE doc = 5; DELETE FROM documents WHERE seq = 5;"); err != nil {
		t.Fatalf("sqlite3: %v\n%s", err, out)
	}
	l, _ = Open(path, Options{})
	_, err = l.Verify(context.Background())
	l.Close()
	if te, ok := errors.AsType[*TamperError](err); !ok || !strings.Contains(te.What, "documents_no_delete") {
		t.Errorf("after deleting the last document with the triggers dropped, Verify = %v; want the missing triggers named", err)
	}
	// Put back as memberfee made them, only the head written down shows it.
	var restore strings.Builder
	for _, sql := range wantTriggers {
		restore.WriteString(sql + ";")
	}
	if out, err := sqliteCLI(t, path, restore.String()); err != nil {
		t.Fatalf("sqlite3: %v\n%s", err, out)
	}
	l, _ = Open(path, Options{})
	defer l.Close()
	after, err := l.Verify(context.Background())
	if err != nil || after.Documents != 4 || after.Head == before.Head {
		t.Errorf("after deleting the last document and restoring the triggers: %+v, %v; head before %s", after, err, before.Head)
	}
}

// A ledger whose triggers were dropped, or replaced by ones that let edits
// through, fails Verify though no hash was touched.
func TestVerifyFindsMissingTriggers(t *testing.T) {
	for _, c := range []struct{ name, sql, want string }{
		{"dropped", "DROP TRIGGER documents_no_update;", "gone: documents_no_update"},
		{"replaced", "DROP TRIGGER lines_no_delete; CREATE TRIGGER lines_no_delete BEFORE DELETE ON lines BEGIN SELECT 1; END;", "differ from what memberfee made: lines_no_delete"},
		{"added", "CREATE TRIGGER sneaky AFTER INSERT ON documents BEGIN SELECT 1; END;", "never made: sneaky"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := tamperFixture(t)
			if out, err := sqliteCLI(t, path, c.sql); err != nil {
				t.Fatalf("sqlite3: %v\n%s", err, out)
			}
			l, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			_, err = l.Verify(context.Background())
			if te, ok := errors.AsType[*TamperError](err); !ok || !strings.Contains(te.What, c.want) {
				t.Errorf("Verify = %v; want %q", err, c.want)
			}
		})
	}
}

// The triggers refuse every UPDATE and DELETE on every table, also when
// made with the sqlite3 tool.
func TestTriggersRefuseChanges(t *testing.T) {
	path := tamperFixture(t)
	for _, table := range []string{"documents", "lines", "document_totals", "adoptions", "adopted_fees", "adopted_installments", "approvals", "texts"} {
		for _, sql := range []string{"UPDATE " + table + " SET rowid = rowid;", "DELETE FROM " + table + ";"} {
			if table == "lines" || strings.HasPrefix(table, "document_totals") || strings.HasPrefix(table, "adopted_") {
				sql = strings.Replace(sql, "SET rowid = rowid", "SET doc = doc", 1) // WITHOUT ROWID tables
				if strings.HasPrefix(table, "adopted_") {
					sql = strings.Replace(sql, "SET doc = doc", "SET member = member", 1)
				}
			}
			out, err := sqliteCLI(t, path, sql)
			if err == nil || !strings.Contains(out, "memberfee ledger:") {
				t.Errorf("%s: %v %s; want the trigger's refusal", sql, err, out)
			}
		}
	}
	l, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if rep, err := l.Verify(context.Background()); err != nil || rep.Documents != 5 || rep.Approvals != 2 {
		t.Errorf("after the refused changes: %+v, %v", rep, err)
	}
}
