package ledger

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func exportFixture(t *testing.T) *Ledger {
	l := newLedger(t)
	a := chargeback("1861", "2025-01-01", "2025-03-31", "2025-04-10", 3)
	f := fee("1880", 2025, 2, 4, "12500.5")
	c := chargeback("1861", "2025-01-01", "2025-03-31", "2025-05-10", 1)
	c.Kind, c.Corrects, c.Reason = Correction, "2025-0001", "sen rad"
	c.Lines[0].Change, c.Lines[0].Old, c.Lines[0].New = "changed", dec("50"), dec("150.25")
	c.Lines[0].Amount, c.Lines[0].Description = dec("100.25"), "Rad med \"citat\", \\ och\nradbrytning"
	c.Total = dec("100.25")
	add(t, l, &a, &f, &c)
	err := l.Record(context.Background(), func(tx *Tx) error {
		ad := Adoption{Year: 2025, AdoptedBy: "Styrelsen", Date: date("2024-12-10"),
			Members: []AdoptedFee{{Member: "1880", Name: "Örebro", Fee: dec("50002"), Installments: []Installment{{K: 1, Amount: dec("50002"), DueDate: date("2025-01-31")}}}}}
		if err := tx.Adopt(&ad); err != nil {
			return err
		}
		return tx.Approve(&Approval{Period: Period{date("2025-01-01"), date("2025-03-31")}, ContentHash: "abc", By: "Bo", Date: date("2025-04-09")})
	})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestExport(t *testing.T) {
	l := exportFixture(t)
	var one, two bytes.Buffer
	if err := l.Export(context.Background(), &one); err != nil {
		t.Fatal(err)
	}
	l.Export(context.Background(), &two)
	if !bytes.Equal(one.Bytes(), two.Bytes()) {
		t.Error("two exports of the same ledger differ")
	}
	var got struct {
		SchemaVersion int `json:"schema_version"`
		Adoptions     []struct {
			Members []struct{ Fee string } `json:"members"`
		} `json:"adoptions"`
		Approvals []struct{ By string } `json:"approvals"`
		Documents []struct {
			Number, Kind, Total string
			Corrects            *string
			ByCategory          map[string]string `json:"by_category"`
			Lines               []struct {
				Amount, Old, New, Description, File string
			} `json:"lines"`
		} `json:"documents"`
	}
	if err := json.Unmarshal(one.Bytes(), &got); err != nil {
		t.Fatalf("the export is not JSON: %v\n%s", err, one.String())
	}
	if got.SchemaVersion != SchemaVersion || len(got.Adoptions) != 1 || got.Adoptions[0].Members[0].Fee != "50002.00" || len(got.Approvals) != 1 || len(got.Documents) != 3 {
		t.Fatalf("export: %+v", got)
	}
	d := got.Documents
	if d[0].Number != "2025-0001" || d[0].Corrects != nil || len(d[0].Lines) != 3 || d[0].Lines[1].File != "support.csv" || d[0].Lines[0].Amount != "100.25" {
		t.Errorf("chargeback exported as %+v", d[0])
	}
	if d[1].Kind != "fee" || d[1].Total != "12500.50" || d[1].ByCategory["fee"] != "12500.50" {
		t.Errorf("fee exported as %+v", d[1])
	}
	if d[2].Corrects == nil || *d[2].Corrects != "2025-0001" || d[2].Lines[0].Old != "50.00" || d[2].Lines[0].New != "150.25" ||
		d[2].Lines[0].Description != "Rad med \"citat\", \\ och\nradbrytning" {
		t.Errorf("correction exported as %+v", d[2])
	}
}

func TestBackup(t *testing.T) {
	l := exportFixture(t)
	to := filepath.Join(t.TempDir(), "backup.db")
	if err := l.Backup(context.Background(), to); err != nil {
		t.Fatal(err)
	}
	b, err := Open(to, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	orig, _ := l.Verify(context.Background())
	rep, err := b.Verify(context.Background())
	if err != nil || rep != orig {
		t.Errorf("the backup verifies as %+v, %v; the ledger as %+v", rep, err, orig)
	}
	if err := l.Backup(context.Background(), to); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a backup over an existing file: %v", err)
	}
}
