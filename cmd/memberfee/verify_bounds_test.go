package main

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"memberfee/manifest"
)

// billed runs the example's bill into a folder of its own and returns the
// folder and its manifest's path.
func billed(t *testing.T) (ex, out, mpath string) {
	t.Helper()
	ex = copyExample(t)
	out = filepath.Join(ex, "out")
	if code, _, stderr := runCLI(t, "bill", "--config", filepath.Join(ex, "memberfee.yaml"), "--out", out, "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	return ex, out, filepath.Join(out, manifest.Name)
}

// rerecord writes an output's new SHA-256 and size into the manifest, as
// an audited party that replaced it would.
func rerecord(t *testing.T, mpath, name string) {
	t.Helper()
	m, err := manifest.Read(mpath)
	if err != nil {
		t.Fatal(err)
	}
	f, err := manifest.Hash("", name, filepath.Join(filepath.Dir(mpath), name))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range m.Runs {
		for i, o := range r.Outputs {
			if o.Name == name {
				r.Outputs[i].SHA256, r.Outputs[i].Size = f.SHA256, f.Size
			}
		}
	}
	b, _ := m.Bytes()
	os.WriteFile(mpath, b, 0o644)
}

// peakHeap runs f and returns the largest heap it saw (sampled).
func peakHeap(f func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	f()
	close(stop)
	<-done
	return peak.Load()
}

// TestVerifyLargeLinesCSV: the audited replaced the lines CSV with 40 MB
// of "x\n" (20 million lines) and re-recorded its SHA-256 and size. verify
// names the first changes, counts the rest, and its memory stays bounded.
// Before, every change was kept: 100 MB took 1:54 and 3.2 GB; this one
// kept 20 million messages (over 1 GB).
func TestVerifyLargeLinesCSV(t *testing.T) {
	_, out, mpath := billed(t)
	lines := filepath.Join(out, billStem+"-lines.csv")
	os.WriteFile(lines, bytes.Repeat([]byte("x\n"), 20<<20), 0o644)
	rerecord(t, mpath, billStem+"-lines.csv")
	var code int
	var stderr string
	start := time.Now()
	peak := peakHeap(func() { code, _, stderr = runCLI(t, "verify", "--manifest", mpath, "--root", filepath.Dir(out)) })
	took := time.Since(start)
	t.Logf("verify of a 40 MB lines CSV: %v, peak heap %d MB", took, peak>>20)
	if code != 1 || !strings.Contains(stderr, "output "+billStem+"-lines.csv: 20971520 lines would change") || !strings.Contains(stderr, "… and 20971510 more") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if peak > 150<<20 {
		t.Errorf("verify's heap reached %d MB", peak>>20)
	}
	if took > 60*time.Second {
		t.Errorf("verify took %v", took)
	}
}

// writeSheet writes a workbook of one sheet, rows×cols numbers, and an
// audit sheet.
func writeSheet(t *testing.T, path string, rows, cols int, salt int) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Rader")
	sw, err := f.NewStreamWriter("Rader")
	if err != nil {
		t.Fatal(err)
	}
	row := make([]any, cols)
	for r := 1; r <= rows; r++ {
		for c := range row {
			row[c] = r*cols + c + salt
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyLargeWorkbook: a recorded workbook of a million cells against
// a re-run's small one is compared row by row: memory stays bounded (the
// cells were kept in maps, a 20 M-cell sheet cost 3.4 GB and 8:28), and a
// workbook past the cells verify reads is "too large to compare figure by
// figure; it differs".
func TestVerifyLargeWorkbook(t *testing.T) {
	dir := t.TempDir()
	big, small := filepath.Join(dir, "big.xlsx"), filepath.Join(dir, "small.xlsx")
	writeSheet(t, big, 100000, 10, 0)
	writeSheet(t, small, 10, 10, 1)
	var c *changeList
	var err error
	peak := peakHeap(func() { c, _, err = diffFile(big, small, dir) })
	t.Logf("a million cells: peak heap %d MB", peak>>20)
	if err != nil || c.n != 1000000 || len(c.shown) != maxShown || !strings.HasPrefix(c.shown[0], `Rader!A1 would change from "10" to "11"`) {
		t.Fatalf("%v %+v", err, c)
	}
	if peak > 100<<20 {
		t.Errorf("the heap reached %d MB", peak>>20)
	}
	defer func(n int64) { maxCells = n }(maxCells)
	maxCells = 500000
	if _, _, err := diffFile(big, small, dir); err == nil || !strings.HasSuffix(err.Error(), "too large to compare figure by figure; it differs") {
		t.Errorf("past the cells verify reads: %v", err)
	}
	// A part excelize would unzip into memory (not a sheet: a picture,
	// the styles) larger than verify reads.
	padded := filepath.Join(dir, "padded.xlsx")
	zr, err := zip.OpenReader(small)
	if err != nil {
		t.Fatal(err)
	}
	pf, _ := os.Create(padded)
	zw := zip.NewWriter(pf)
	for _, f := range zr.File {
		zw.Copy(f)
	}
	w, _ := zw.Create("xl/media/image1.png")
	w.Write(bytes.Repeat([]byte{0}, 3<<20))
	zw.Close()
	pf.Close()
	zr.Close()
	defer func(n int64) { maxXLSXInMemory = n }(maxXLSXInMemory)
	maxXLSXInMemory = 2 << 20
	if _, _, err := diffFile(padded, small, dir); err == nil || !strings.Contains(err.Error(), "padded.xlsx has 3 MiB of parts other than sheets, more than the 2 MiB verify reads: too large") {
		t.Errorf("past the parts verify unzips into memory: %v", err)
	}
	defer func(n int64) { maxXLSXSize = n }(maxXLSXSize)
	maxXLSXSize = 1 << 20
	if _, _, err := diffFile(big, small, dir); err == nil || !strings.Contains(err.Error(), "big.xlsx is 2 MiB, more than the 1 MiB verify compares: too large to compare figure by figure; it differs") {
		t.Errorf("past the size verify compares: %v", err)
	}
}

// TestVerifyChangedFields: a changed line of the lines CSV names the
// fields that change by their column, old → new, each cut at 80
// characters. Before, both sides were cut 80 characters in, before the
// change, and read the same.
func TestVerifyChangedFields(t *testing.T) {
	dir := t.TempDir()
	header := "\uFEFFcategory;member;department;date;reference;description;clause;quantity;unit;unit_price;extra;amount;status;column;reason;file;row\r\n"
	was := header + "equipment;1814;Kultur- och fritidsförvaltningen, avdelningen för bibliotek och kulturarv;2025-08-08;;Tangentbord nordiskt;2.1;1;st;499;0;499.00;charged;;;equipment.csv;2\r\n" +
		"equipment;1814;B;2025-12-05;;\"Läsplatta\nför synskadade\";2.1;17;st;12490;0;212330.00;charged;;;equipment.csv;3\r\n"
	now := header + "equipment;1814;Kultur- och fritidsförvaltningen, avdelningen för bibliotek och kulturarv;2025-08-08;;Tangentbord svenskt " + strings.Repeat("å", 100) + ";2.1;1;st;599;0;599.00;charged;;;equipment.csv;2\r\n" +
		"equipment;1814;B;2025-12-05;;\"Läsplatta\nför synskadade\";2.1;17;st;12490;0;212330.01;charged;;;equipment.csv;3\r\n"
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	os.WriteFile(a, []byte(was), 0o644)
	os.WriteFile(b, []byte(now), 0o644)
	c, _, err := diffFile(a, b, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`line 2 would change: description "Tangentbord nordiskt" → "Tangentbord svenskt ` + strings.Repeat("å", 60) + `"… (120 characters), unit_price "499" → "599", amount "499.00" → "599.00"`,
		`line 3 would change: amount "212330.00" → "212330.01"`,
	}
	if c.n != 2 || strings.Join(c.shown, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(c.shown, "\n"), strings.Join(want, "\n"))
	}
}

// TestVerifyManyEntries: 1 000 copies of one input entry (in each of 41
// copies of a run) hash it once, the copies of the run are re-run once,
// and a manifest of more runs, or a run of more inputs, than verify takes
// is refused by name. Before, 20 000 copies of an entry hashed it 20 000
// times and 40 copies of the bill run took 12 s.
func TestVerifyManyEntries(t *testing.T) {
	_, out, mpath := billed(t)
	m, err := manifest.Read(mpath)
	if err != nil {
		t.Fatal(err)
	}
	rec := m.Runs[billStem]
	distinct := len(rec.Inputs) + len(rec.Outputs)
	small := *rec
	for len(rec.Inputs) < maxInputs {
		rec.Inputs = append(rec.Inputs, rec.Inputs[len(rec.Inputs)-1])
	}
	for i := range 40 {
		m.Runs[fmt.Sprintf("copy-%03d", i)] = rec
	}
	write := func() {
		b, _ := m.Bytes()
		if err := os.WriteFile(mpath, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write()
	start := time.Now()
	code, _, stderr := runCLI(t, "verify", "--manifest", mpath, "--root", filepath.Dir(out))
	took := time.Since(start)
	t.Logf("41 runs of %d inputs each: %v, %d files hashed", maxInputs, took, hashes.computed)
	if code != 1 || !strings.Contains(stderr, "copy-000: the re-run wrote no manifest entry") || strings.Contains(stderr, billStem+":") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if hashes.computed > distinct {
		t.Errorf("%d files hashed, %d distinct", hashes.computed, distinct)
	}
	if took > 20*time.Second {
		t.Errorf("verify took %v", took)
	}

	// The copied input changed: named once, not once per copy.
	last := filepath.Join(filepath.Dir(mpath), filepath.FromSlash(rec.Inputs[len(rec.Inputs)-1].Path))
	raw, _ := os.ReadFile(last)
	os.WriteFile(last, append(raw, '\n'), 0o644)
	code, _, stderr = runCLI(t, "verify", "--manifest", mpath, "--root", filepath.Dir(out), "--run", billStem)
	if code != 1 || strings.Count(stderr, "has changed: SHA-256") != 1 {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	os.WriteFile(last, raw, 0o644)

	// Caps: runs per manifest, inputs per run.
	for i := 0; len(m.Runs) <= maxRuns; i++ {
		m.Runs[fmt.Sprintf("copy-%03d", i)] = &small
	}
	write()
	if code, _, stderr := runCLI(t, "verify", "--manifest", mpath); code != 1 || !strings.Contains(stderr, fmt.Sprintf("refused: %s records %d runs, more than the %d verify re-runs from one manifest", mpath, maxRuns+1, maxRuns)) {
		t.Errorf("too many runs: exit %d:\n%s", code, stderr)
	}
	m.Runs = map[string]*manifest.Run{billStem: rec}
	rec.Inputs = append(rec.Inputs, rec.Inputs[0])
	write()
	if code, _, stderr := runCLI(t, "verify", "--manifest", mpath); code != 1 || !strings.Contains(stderr, billStem+": refused: the entry lists 1001 inputs") {
		t.Errorf("too many inputs: exit %d:\n%s", code, stderr)
	}
}

// TestVerifyInterrupted: SIGTERM or SIGINT to verify while it re-runs
// kills the re-run and removes verify's temporary folder (exit 1); after
// kill -9 the re-run dies with it and the next verify removes the folder.
// Before, both left memberfee-verify-NNN with the re-run's outputs.
func TestVerifyInterrupted(t *testing.T) {
	bin := buildMemberfee(t)
	_, out, mpath := billed(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	waitRerun := func(p *proc) string {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			locks, _ := filepath.Glob(filepath.Join(tmp, verifyPrefix+"*", "run-1", "out", ".memberfee.lock"))
			if len(locks) == 1 {
				return filepath.Dir(filepath.Dir(filepath.Dir(locks[0])))
			}
		}
		t.Fatalf("the re-run did not start:\n%s", p.errors())
		return ""
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			p := start(t, bin, "locked", "verify", "--manifest", mpath, "--root", filepath.Dir(out))
			ws := waitRerun(p)
			p.cmd.Process.Signal(sig)
			code := p.wait(t)
			if sig == syscall.SIGKILL {
				// The re-run dies with verify: its lock is released.
				for i := 0; ; i++ {
					f, err := os.OpenFile(filepath.Join(ws, "run-1", "out", ".memberfee.lock"), os.O_RDWR, 0)
					if err == nil {
						err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
						f.Close()
					}
					if err == nil || os.IsNotExist(err) {
						break
					}
					if i > 200 {
						t.Fatalf("the re-run outlived verify: %v", err)
					}
					time.Sleep(20 * time.Millisecond)
				}
				if code, stdout, stderr := runCLI(t, "verify", "--manifest", mpath, "--root", filepath.Dir(out)); code != 0 {
					t.Fatalf("the next verify: exit %d\n%s%s", code, stdout, stderr)
				}
			} else if code != 1 || !strings.Contains(p.errors(), "memberfee: verify interrupted") {
				t.Errorf("exit %d:\n%s", code, p.errors())
			}
			if left, _ := filepath.Glob(filepath.Join(tmp, verifyPrefix+"*")); len(left) > 0 {
				t.Errorf("left %v", left)
			}
		})
	}
}

// TestRemoveStale: verify removes the folders of verifies that are not
// running (their pid is dead; without a pid, older than a day) and no
// other.
func TestRemoveStale(t *testing.T) {
	tmp := t.TempDir()
	now := time.Now()
	dead := deadPid(t)
	mk := func(name, pid string, age time.Duration) string {
		p := filepath.Join(tmp, name)
		os.Mkdir(p, 0o700)
		os.WriteFile(filepath.Join(p, "out"), []byte("x"), 0o600)
		if pid != "" {
			os.WriteFile(filepath.Join(p, pidName), []byte(pid+"\n"), 0o600)
		}
		os.Chtimes(p, now.Add(-age), now.Add(-age))
		return p
	}
	gone := []string{
		mk(verifyPrefix+"1", fmt.Sprint(dead), time.Minute),
		mk(verifyPrefix+"2", "", 25*time.Hour),
		mk(verifyPrefix+"3", "garbage", 25*time.Hour),
		mk(verifyPrefix+"4", fmt.Sprint(os.Getpid()), 8*24*time.Hour),
	}
	kept := []string{
		mk(verifyPrefix+"5", fmt.Sprint(os.Getpid()), time.Hour),
		mk(verifyPrefix+"6", "", time.Hour),
		mk("other-7", fmt.Sprint(dead), 48*time.Hour),
	}
	os.Symlink(kept[2], filepath.Join(tmp, verifyPrefix+"8"))
	removeStale(tmp, now)
	for _, p := range gone {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s was kept", filepath.Base(p))
		}
	}
	for _, p := range append(kept, filepath.Join(tmp, verifyPrefix+"8")) {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed", filepath.Base(p))
		}
	}
}

// deadPid is the pid of a process that has ended.
func deadPid(t *testing.T) int {
	t.Helper()
	p, err := os.StartProcess("/bin/true", []string{"true"}, &os.ProcAttr{})
	if err != nil {
		t.Skip(err)
	}
	p.Wait()
	return p.Pid
}

// TestVerifyHalfRenamed: a bill killed while renaming its outputs left
// some new and the manifest old. verify says once that the commit is
// unfinished and what to do, instead of "output … has changed since the
// run" for each output (4–7 times) without a word about why.
func TestVerifyHalfRenamed(t *testing.T) {
	bin := buildMemberfee(t)
	cfg, _ := filepath.Abs(exampleConfig)
	out := t.TempDir()
	if code, msg := runBin(t, bin, "bill", "--config", cfg, "--lang", "en", "--quiet", "--out", out); code != 0 {
		t.Fatal(msg)
	}
	point := "renamed:" + billStem + ".json"
	p := start(t, bin, point, "bill", "--config", cfg, "--lang", "sv", "--quiet", "--out", out)
	p.waitPaused(t, point)
	p.cmd.Process.Signal(syscall.SIGKILL)
	p.wait(t)
	code, msg := runBin(t, bin, "verify", "--manifest", filepath.Join(out, manifest.Name), "--root", "/")
	want := billStem + ": this folder has changed since the run: an interrupted run's outputs are half in place (" + billStem + "-1814.xlsx, "
	if code != 1 || !strings.Contains(msg, want) || !strings.Contains(msg, "); run memberfee into this folder again to complete it (verify cannot pass until then)") || strings.Count(msg, "changed since the run") != 1 || strings.Contains(msg, "would") {
		t.Errorf("exit %d:\n%s", code, msg)
	}
}

// TestVerifyLargeJSON: a JSON output of more values than verify compares
// is too large to compare figure by figure (its values were all kept in
// maps, whatever their number).
func TestVerifyLargeJSON(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	os.WriteFile(a, append(append([]byte("["), bytes.Repeat([]byte("0,"), maxJSONValues+1)...), "0]"...), 0o644)
	os.WriteFile(b, []byte(`{"total":"1"}`), 0o644)
	if _, _, err := diffFile(a, b, dir); err == nil || err.Error() != "a.json holds more than the 1048576 values verify compares: too large to compare figure by figure; it differs" {
		t.Errorf("%v", err)
	}
	os.WriteFile(a, []byte(`{"total":"2","x\ny":"1"}`), 0o644)
	c, _, err := diffFile(a, b, dir)
	if err != nil || c.n != 2 || c.shown[0] != `total would change from "2" to "1"` || c.shown[1] != `"x\ny" "1" would go` {
		t.Errorf("%v %+v", err, c)
	}
}

// FuzzDiffLines: whatever two CSV outputs hold, comparing them does not
// panic, shows at most maxShown changes of bounded length, one line each,
// and counts every one.
func FuzzDiffLines(f *testing.F) {
	f.Add([]byte("a;b\r\n1;2\r\n"), []byte("a;b\r\n1;3\r\n"))
	f.Add([]byte("a;b\n\"x\ny\";2\n"), []byte("a;b\n\"x\nz\";2\n3\n"))
	f.Add([]byte("\uFEFFa;\"b\n1;\"2"), []byte("\"\"\"\n;;;;\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, x, y []byte) {
		a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
		os.WriteFile(a, x, 0o644)
		os.WriteFile(b, y, 0o644)
		c, _, err := diffFile(a, b, dir)
		if err != nil {
			return
		}
		if len(c.shown) > maxShown || len(c.shown) > c.n || (bytes.Equal(x, y) && c.n != 0) {
			t.Fatalf("%d shown of %d", len(c.shown), c.n)
		}
		for _, s := range c.shown {
			if strings.ContainsAny(s, "\n\r") || len(s) > 40*(maxShown+1)*4*80 {
				t.Fatalf("shows %q", s)
			}
		}
	})
}

// TestRemoveStalePlanted: anyone may plant a memberfee-verify- folder in a
// shared /tmp; a pid that is a named pipe or a link to /dev/zero neither
// hangs verify's cleanup nor fills its memory (both did), and a young
// folder holding one is kept.
func TestRemoveStalePlanted(t *testing.T) {
	tmp := t.TempDir()
	fifo := filepath.Join(tmp, verifyPrefix+"fifo")
	zero := filepath.Join(tmp, verifyPrefix+"zero")
	for _, p := range []string{fifo, zero} {
		if err := os.Mkdir(p, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(fifo, pidName), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(zero, pidName)); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { removeStale(tmp, time.Now()); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("removeStale hung on a planted pid file")
	}
	for _, p := range []string{fifo, zero} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s, young, was removed", filepath.Base(p))
		}
	}
}

// TestSameHashBounded: an input outside the folder is read at most to its
// recorded size: a file under /proc says it holds 0 bytes and never ends
// (a crafted entry of size 0 hung verify).
func TestSameHashBounded(t *testing.T) {
	done := make(chan bool, 1)
	go func() { done <- sameHash("/proc/self/pagemap", strings.Repeat("0", 64), 0) }()
	select {
	case ok := <-done:
		if ok {
			t.Fatal("/proc/self/pagemap taken as a 0-byte file")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("sameHash read /proc/self/pagemap without end")
	}
	p := filepath.Join(t.TempDir(), "f")
	os.WriteFile(p, []byte("abc"), 0o600)
	const abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
	if !sameHash(p, abc, 3) || sameHash(p, abc, 2) {
		t.Fatal("sameHash of a plain file")
	}
}

// TestComparedBounded: what one verify compares is bounded over all its
// outputs, empty rows included (a workbook of 20 million <row/> took 13 s
// and spent none of the cell cap; the same workbook listed under many runs
// was compared each time).
func TestComparedBounded(t *testing.T) {
	defer compared.Store(maxCompared)
	compared.Store(5)
	for i := range 5 {
		if !takeCompared(1) {
			t.Fatalf("spent after %d", i)
		}
	}
	if takeCompared(1) {
		t.Fatal("more than the budget taken")
	}
	dir := t.TempDir()
	was, now := filepath.Join(dir, "was.csv"), filepath.Join(dir, "now.csv")
	os.WriteFile(was, []byte("a;b\n1;2\n3;4\n"), 0o600)
	os.WriteFile(now, []byte("a;b\n1;2\n3;5\n"), 0o600)
	var c changeList
	compared.Store(2)
	var tl errTooLarge
	if err := diffLines(&c, was, now); !errors.As(err, &tl) {
		t.Fatalf("diffLines past the budget: %v", err)
	}
}
