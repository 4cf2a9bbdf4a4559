package billrun

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"memberfee/chargeback"
	"memberfee/config"
	"memberfee/internal/gen"
	"memberfee/report"
)

// memStager keeps what is staged in memory.
type memStager struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memStager) Stage(name string, write func(io.Writer) error) error {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = b.Bytes()
	return nil
}

func load(t testing.TB, path string) (*config.Config, Input) {
	t.Helper()
	c, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	from, to, err := chargeback.Period(c.Billing.Period, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return c, Input{Billing: c.Billing, Members: c.BillingMembers(), Resolve: c.Resolve, From: from, To: to, Scratch: t.TempDir()}
}

// TestBillEqualsInMemory: what Rate and Write stage — the lines spilled,
// the line-detail CSV written in parts as the lines are rated, the
// workbooks on several goroutines — is what a run holding its lines in
// memory gives, byte for byte; and Remove leaves the scratch folder empty.
func TestBillEqualsInMemory(t *testing.T) {
	dir := t.TempDir()
	path, err := gen.WriteWithConfig(dir, gen.National(0.01))
	if err != nil {
		t.Fatal(err)
	}
	c, in := load(t, path)
	b, err := Rate(in)
	if err != nil {
		t.Fatal(err)
	}
	st := &memStager{files: map[string][]byte{}}
	books := Books{Organisation: c.Organisation, Matrix: c.Matrix(), Version: "test", Audit: &report.Audit{Engine: "test"}, Lang: report.English}
	var total, done int
	var mu sync.Mutex
	err = b.Write(st, books, Hooks{Books: func(n int) { total = n }, Book: func() { mu.Lock(); done++; mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	b.Remove()
	if left, _ := os.ReadDir(in.Scratch); len(left) != 0 {
		t.Errorf("Remove left %d entries in the scratch folder", len(left))
	}
	names := append(b.Books(), b.LinesFile())
	got := slices.Sorted(maps.Keys(st.files))
	if sort.Strings(names); !slices.Equal(got, names) {
		t.Fatalf("staged %q, want %q", got, names)
	}
	if total != len(b.Books()) || done != total || len(b.Books()) != len(c.Members)+1 {
		t.Errorf("books: told %d, done %d, %d members", total, done, len(c.Members))
	}

	mem, err := chargeback.Run(c.Billing, c.BillingMembers(), c.Resolve, in.From, in.To, chargeback.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	if err := report.LinesCSV(&csv, report.MemoryLines(mem.Lines), mem.Summary.Rejected, in.dialect()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(st.files[b.LinesFile()], csv.Bytes()) {
		t.Errorf("the line-detail CSV differs from the in-memory run's (%d and %d bytes)", len(st.files[b.LinesFile()]), csv.Len())
	}
	pack := report.ChargebackInput{Organisation: c.Organisation, From: in.From, To: in.To, Lines: report.MemoryLines(mem.Lines),
		Summary: mem.Summary, Files: b.files, Rules: c.Billing, Months: mem.Rules.Months, Matrix: c.Matrix(), Version: "test",
		Audit: books.Audit, LinesFile: b.LinesFile()}
	for i, id := range append([]string{""}, c.Members[0].ID) {
		want, err := report.ChargebackBook(&pack, id, report.English).Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if name := b.Books()[i]; !bytes.Equal(st.files[name], want) {
			t.Errorf("%s differs from the in-memory run's", name)
		}
	}
	js, err := b.JSON()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := report.Marshal(report.NewChargebackJSON(in.From, in.To, mem.Summary, b.files))
	if !bytes.Equal(js, want) {
		t.Error("the JSON differs from the in-memory run's")
	}
	if b.Totals()["rows"] == "0" || b.Totals()["member "+c.Members[0].ID] == "" {
		t.Errorf("totals %v", b.Totals())
	}
}

// TestWriteError: lines that cannot be written are a *WriteError (bill's
// "nothing was written"), an input file that cannot be read is not; a
// failed Rate leaves nothing in the scratch folder.
func TestWriteError(t *testing.T) {
	_, in := load(t, "../examples/sydnarke/memberfee.yaml")
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	in.Scratch = file
	if _, err := Rate(in); !isWrite(err) {
		t.Fatalf("a scratch folder that is a file: %v", err)
	}

	_, in = load(t, "../examples/sydnarke/memberfee.yaml")
	in.Billing.Inputs.Storage = "no-such-file.csv"
	_, err := Rate(in)
	if fe, ok := errors.AsType[chargeback.FileErrors](err); !ok || isWrite(err) || !strings.Contains(fe.Error(), "no-such-file.csv") {
		t.Fatalf("a missing input: %v", err)
	}
	if left, _ := os.ReadDir(in.Scratch); len(left) != 0 {
		t.Errorf("a failed run left %d entries in the scratch folder", len(left))
	}

	_, in = load(t, "../examples/sydnarke/memberfee.yaml")
	b, err := Rate(in)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Remove()
	if err := os.RemoveAll(b.lines.dir); err != nil {
		t.Fatal(err)
	}
	st := &memStager{files: map[string][]byte{}}
	if err := b.Write(st, Books{Lang: report.Swedish, Audit: &report.Audit{}}, Hooks{Took: func(string, time.Time) {}}); err == nil {
		t.Fatal("the line detail's parts gone, and Write succeeded")
	}
}

func isWrite(err error) bool {
	_, ok := errors.AsType[*WriteError](err)
	return ok
}
