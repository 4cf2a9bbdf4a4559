package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"memberfee/ledger"
)

var (
	q1 = ledger.Period{From: day0("2025-01-01"), To: day0("2025-03-31")}
	q2 = ledger.Period{From: day0("2025-04-01"), To: day0("2025-06-30")}
)

// exampleWalkthrough records what the example's README does: the fee
// adopted and installment 1 issued, Q1 issued with its rejected rows, a
// support row changed and one added, Q1 corrected.
func exampleWalkthrough(t *testing.T) *exampleBackend {
	t.Helper()
	b := newExample(t)
	b.adopt()
	b.issue(q1, "2025-04-07")
	changeSupport(t, b)
	b.correct(q1, "Ärende IT-2025-00069 avslutades 19:23", "2025-04-22")
	return b
}

// changeSupport makes the README's change to support.csv.
func changeSupport(t *testing.T, b *exampleBackend) {
	t.Helper()
	path := b.c.Resolve(b.c.Billing.Inputs.Support)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(data), "2025-02-27 13:58,2025-02-27 17:23", "2025-02-27 13:58,2025-02-27 19:23", 1)
	s += "IT-2025-01001,1861,Socialförvaltningen,2025-03-29 19:05,2025-03-29 20:10,Treserva,nej\r\n"
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	_ = filepath.Base
}
