package sie

import (
	"bytes"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/charmap"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// small is one voucher of Laxå: 100 net, 25 VAT.
func small() *File {
	return &File{Program: "memberfee", Version: "1.0", Generated: day("2025-05-01"), Company: "Lekebergs kommun", OrgNumber: "212000-1843",
		Accounts: []Account{{"1510", "Kundfordringar"}, {"3540", "Utrustning"}, {"2611", "Utgående moms"}},
		Dims:     []Dim{{8, "Kund"}},
		Objects:  []Object{{8, "1860", `Laxå "kommun"`}},
		Vouchers: []Voucher{{Date: day("2025-04-07"), Text: "2025-0007 1860 Laxå", Trans: []Trans{
			{Account: "1510", Objects: []ObjectRef{{8, "1860"}}, Amount: dec("125")},
			{Account: "3540", Objects: []ObjectRef{{8, "1860"}}, Amount: dec("-100")},
			{Account: "2611", Amount: dec("-25")},
		}}}}
}

// The file written by hand, and its checksum computed by hand from the
// standard's rule: the labels and field contents after the opening
// #KSUMMA, concatenated, no separators, quotes, escapes or braces, the
// braces' lines counting nothing; CRC-32 IEEE of their CP437 bytes.
// (Python's zlib.crc32 of the same bytes gives 4032651627 too.)
const smallText = "#FLAGGA 0\r\n" +
	"#KSUMMA\r\n" +
	"#PROGRAM \"memberfee\" \"1.0\"\r\n" +
	"#FORMAT PC8\r\n" +
	"#GEN 20250501\r\n" +
	"#SIETYP 4\r\n" +
	"#FNAMN \"Lekebergs kommun\"\r\n" +
	"#ORGNR 212000-1843\r\n" +
	"#KONTO 1510 \"Kundfordringar\"\r\n" +
	"#KONTO 3540 \"Utrustning\"\r\n" +
	"#KONTO 2611 \"Utgående moms\"\r\n" +
	"#DIM 8 \"Kund\"\r\n" +
	"#OBJEKT 8 \"1860\" \"Laxå \\\"kommun\\\"\"\r\n" +
	"#VER \"\" \"\" 20250407 \"2025-0007 1860 Laxå\"\r\n" +
	"{\r\n" +
	"#TRANS 1510 {8 \"1860\"} 125.00\r\n" +
	"#TRANS 3540 {8 \"1860\"} -100.00\r\n" +
	"#TRANS 2611 {} -25.00\r\n" +
	"}\r\n" +
	"#KSUMMA 4032651627\r\n"

const smallSummed = "#PROGRAMmemberfee1.0#FORMATPC8#GEN20250501#SIETYP4#FNAMNLekebergs kommun#ORGNR212000-1843" +
	"#KONTO1510Kundfordringar#KONTO3540Utrustning#KONTO2611Utgående moms#DIM8Kund#OBJEKT81860Laxå \"kommun\"" +
	"#VER20250407" + "2025-0007 1860 Laxå#TRANS151081860125.00#TRANS354081860-100.00#TRANS2611-25.00"

func cp(s string) []byte {
	b, err := charmap.CodePage437.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

func TestChecksumByHand(t *testing.T) {
	if got := crc32.ChecksumIEEE(cp(smallSummed)); got != 4032651627 {
		t.Fatalf("CRC-32 of the hand-concatenated content is %d, the file says 4032651627", got)
	}
	var b bytes.Buffer
	sum, err := Write(&b, small())
	if err != nil {
		t.Fatal(err)
	}
	if want := cp(smallText); !bytes.Equal(b.Bytes(), want) {
		t.Fatalf("Write wrote\n%q\nwant\n%q", b.Bytes(), want)
	}
	if sum != 4032651627 {
		t.Errorf("Write returned sum %d", sum)
	}
	if bytes.Contains(b.Bytes(), []byte("å")) {
		t.Error("the file holds UTF-8")
	}
	if !bytes.Contains(b.Bytes(), []byte{'L', 'a', 'x', 0x86}) {
		t.Error("å is not CP437 0x86")
	}
	f, err := Read(bytes.NewReader(cp(smallText)))
	if err != nil {
		t.Fatal(err)
	}
	if !sameFile(f, small()) {
		t.Errorf("read back\n%+v\nwant\n%+v", f, small())
	}
	// Spacing does not count; a signed reading of the sum is accepted.
	loose := strings.ReplaceAll(smallText, "#TRANS 1510 {8 \"1860\"} 125.00", "#TRANS\t1510  { 8   \"1860\" }   125.00")
	loose = strings.ReplaceAll(loose, "4032651627", "-262315669")
	if _, err := Read(bytes.NewReader(cp(loose))); err != nil {
		t.Errorf("re-spaced, signed sum: %v", err)
	}
}

func TestReadRefuses(t *testing.T) {
	base := smallText
	for _, c := range []struct {
		name, text string
		want       error
	}{
		{"changed amount", strings.Replace(strings.Replace(base, "125.00", "126.00", 1), "-25.00", "-26.00", 1), ErrChecksum},
		{"unbalanced", strings.Replace(base, "-25.00", "-24.00", 1), ErrUnbalanced},
		{"cut off", base[:strings.LastIndex(base, "#KSUMMA ")], ErrTruncated},
		{"no flag", strings.TrimPrefix(base, "#FLAGGA 0\r\n"), ErrNoFlag},
		{"undeclared account", strings.Replace(base, "#TRANS 2611", "#TRANS 2612", 1), ErrUndeclared},
		{"undeclared object", strings.Replace(base, "{8 \"1860\"} 125.00", "{8 \"1861\"} 125.00", 1), ErrUndeclared},
		{"open quote", strings.Replace(base, "\"Kund\"", "\"Kund", 1), ErrSyntax},
		{"three decimals", strings.Replace(base, "125.00", "125.001", 1), ErrSyntax},
		{"comma", strings.Replace(base, "125.00", "125,00", 1), ErrSyntax},
		{"nested braces", strings.Replace(base, "{8 \"1860\"} 125", "{8 {\"1860\"}} 125", 1), ErrSyntax},
		{"unclosed voucher", strings.Replace(base, "}\r\n#KSUMMA", "#KSUMMA", 1), ErrSyntax},
		{"UTF-8 format", strings.Replace(base, "PC8", "UTF8", 1), ErrSyntax},
		{"empty", "", ErrNoFlag},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(bytes.NewReader(cp(c.text)))
			if !errors.Is(err, c.want) {
				t.Fatalf("Read: %v, want %v", err, c.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Errorf("%v names no line", err)
			}
		})
	}
}

func TestWriteRefuses(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(*File)
		want  error
		field string
	}{
		{"euro", func(f *File) { f.Company = "Kommun €" }, ErrNotCP437, "#FNAMN"},
		{"emoji in object", func(f *File) { f.Objects[0].Name = "Laxå 🙂" }, ErrNotCP437, "#OBJEKT 8 1860 name"},
		{"backslash", func(f *File) { f.Vouchers[0].Text = `a\b` }, ErrBackslash, "#VER 1"},
		{"newline", func(f *File) { f.Accounts[0].Name = "Kund\nfordringar" }, ErrControl, "#KONTO 1510 name"},
		{"three decimals", func(f *File) { f.Vouchers[0].Trans[0].Amount = dec("125.001") }, ErrDecimals, "#TRANS 1510"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := small()
			c.edit(f)
			_, err := Write(&bytes.Buffer{}, f)
			var fe *FieldError
			if !errors.Is(err, c.want) || !errors.As(err, &fe) || !strings.Contains(fe.Field, c.field) {
				t.Fatalf("Write: %v, want %v naming %s", err, c.want, c.field)
			}
		})
	}
}

// TestHostile reads the files of testdata/hostile: each must be refused
// with a ParseError, never a panic.
func TestHostile(t *testing.T) {
	files, _ := filepath.Glob("testdata/hostile/*.si")
	if len(files) == 0 {
		t.Fatal("no testdata/hostile/*.si")
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var pe *ParseError
		if _, err := Read(bytes.NewReader(data)); !errors.As(err, &pe) {
			t.Errorf("%s: %v, want a ParseError", name, err)
		}
	}
}

// sameFile compares files as written: amounts by value, no list as none.
func sameFile(a, b *File) bool {
	norm := func(f *File) File {
		g := *f
		g.Vouchers = nil
		for _, v := range f.Vouchers {
			w := v
			w.Trans = nil
			for _, t := range v.Trans {
				t.Amount = dec(t.Amount.StringFixed(2))
				if len(t.Objects) == 0 {
					t.Objects = nil
				}
				w.Trans = append(w.Trans, t)
			}
			g.Vouchers = append(g.Vouchers, w)
		}
		return g
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

func FuzzRead(f *testing.F) {
	f.Add(cp(smallText))
	f.Add([]byte("#FLAGGA 0\r\n#VER \"\" \"\" 20250101 \"x\"\r\n{\r\n}\r\n"))
	f.Add([]byte("#FLAGGA 0\n#KSUMMA\n#KONTO 1 \"a\\\"\"\n#KSUMMA 0\n"))
	files, _ := filepath.Glob("testdata/hostile/*.si")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		var b bytes.Buffer
		if _, err := Write(&b, file); err != nil {
			return // what another writer may write and Write refuses (a backslash, €…)
		}
		again, err := Read(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatalf("Read of what Write wrote: %v\n%q", err, b.Bytes())
		}
		if !sameFile(file, again) {
			t.Fatalf("round trip changed the file:\n%+v\n%+v", file, again)
		}
	})
}
