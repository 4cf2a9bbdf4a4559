package sie

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/charmap"
)

// ParseError is a problem of a file Read reads, at a line (from 1).
type ParseError struct {
	Line int
	Err  error
}

func (e *ParseError) Error() string { return fmt.Sprintf("SIE line %d: %v", e.Line, e.Err) }
func (e *ParseError) Unwrap() error { return e.Err }

// The reasons of a ParseError.
var (
	ErrSyntax     = errors.New("cannot be read")
	ErrNoFlag     = errors.New("the file does not start with #FLAGGA")
	ErrChecksum   = errors.New("#KSUMMA does not match the content: the file was changed after it was written")
	ErrTruncated  = errors.New("the file opens a #KSUMMA but does not close it: it is cut off")
	ErrUnbalanced = errors.New("the voucher does not balance to 0")
	ErrUndeclared = errors.New("names what the file does not declare")
)

// MaxSize is the largest file Read reads (a national year is a few MB).
const MaxSize = 256 << 20

// token is one field of a record: its content (unquoted, unescaped,
// CP437 bytes), or an object list.
type token struct {
	b      []byte
	isList bool
	list   [][]byte
}

// tokenize splits a record's line into its label and fields.
func tokenize(line []byte) ([]token, error) {
	var toks []token
	i := 0
	readText := func() ([]byte, error) { // at a quote
		var b []byte
		i++
		for {
			if i >= len(line) {
				return nil, errors.New("a quoted text is not closed")
			}
			c := line[i]
			switch {
			case c == '\\' && i+1 < len(line) && line[i+1] == '"':
				b = append(b, '"')
				i += 2
			case c == '"':
				i++
				return b, nil
			default:
				b = append(b, c)
				i++
			}
		}
	}
	readWord := func() []byte {
		j := i
		for i < len(line) && line[i] != ' ' && line[i] != '\t' && line[i] != '{' && line[i] != '}' && line[i] != '"' {
			i++
		}
		return line[j:i]
	}
	for {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) {
			return toks, nil
		}
		switch line[i] {
		case '"':
			b, err := readText()
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{b: b})
		case '{':
			i++
			t := token{isList: true}
			for {
				for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
					i++
				}
				if i >= len(line) {
					return nil, errors.New("an object list is not closed")
				}
				if line[i] == '}' {
					i++
					break
				}
				if line[i] == '{' {
					return nil, errors.New("an object list inside an object list")
				}
				var b []byte
				if line[i] == '"' {
					var err error
					if b, err = readText(); err != nil {
						return nil, err
					}
				} else {
					b = readWord()
				}
				t.list = append(t.list, b)
			}
			toks = append(toks, t)
		case '}':
			return nil, errors.New("a '}' without its '{'")
		default:
			toks = append(toks, token{b: readWord()})
		}
	}
}

func decode(b []byte) string {
	s, _ := charmap.CodePage437.NewDecoder().Bytes(b) // every byte is a CP437 character
	return string(s)
}

// Read reads an SIE 4I file as Write writes it.
func Read(r io.Reader) (*File, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("SIE file is larger than %d MB", MaxSize>>20)
	}
	f := &File{}
	crc := crc32.NewIEEE()
	summing, summed := false, false
	var ver *Voucher
	inBlock := false
	accounts := map[string]bool{}
	objects := map[ObjectRef]bool{}
	n := 0
	for len(data) > 0 {
		n++
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		fail := func(err error) (*File, error) { return nil, &ParseError{Line: n, Err: err} }
		var toks []token
		switch t := bytes.TrimSpace(line); {
		case len(t) == 1 && (t[0] == '{' || t[0] == '}'):
			toks = []token{{b: t}} // a voucher's braces: they count nothing
		default:
			if toks, err = tokenize(line); err != nil {
				return fail(fmt.Errorf("%w: %v", ErrSyntax, err))
			}
		}
		if len(toks) == 0 {
			continue
		}
		label := string(toks[0].b)
		if toks[0].isList {
			return fail(fmt.Errorf("%w: a record starts with an object list", ErrSyntax))
		}
		if n == 1 && label != "#FLAGGA" {
			return fail(ErrNoFlag)
		}
		if label == "#KSUMMA" {
			switch {
			case len(toks) == 1 && !summing && !summed:
				summing = true
			case len(toks) == 2 && summing:
				want, err := strconv.ParseInt(string(toks[1].b), 10, 64)
				if err != nil || want < -1<<31 || want >= 1<<32 {
					return fail(fmt.Errorf("%w: #KSUMMA %q is not a 32-bit number", ErrSyntax, toks[1].b))
				}
				if uint32(want) != crc.Sum32() {
					return fail(fmt.Errorf("%w (written %d, content %d)", ErrChecksum, uint32(want), crc.Sum32()))
				}
				summing, summed = false, true
			default:
				return fail(fmt.Errorf("%w: a #KSUMMA out of place", ErrSyntax))
			}
			continue
		}
		if summed {
			return fail(fmt.Errorf("%w: a record after the closing #KSUMMA", ErrSyntax))
		}
		if summing && label != "{" && label != "}" {
			for _, t := range toks {
				crc.Write(t.b)
				for _, b := range t.list {
					crc.Write(b)
				}
			}
		}
		args := toks[1:]
		str := func(i int) string {
			if i < len(args) && !args[i].isList {
				return decode(args[i].b)
			}
			return ""
		}
		need := func(k int) error {
			if len(args) < k {
				return fmt.Errorf("%w: %s has %d fields, needs %d", ErrSyntax, label, len(args), k)
			}
			for _, a := range args[:k] {
				if a.isList && label != "#TRANS" {
					return fmt.Errorf("%w: %s has an object list where a field belongs", ErrSyntax, label)
				}
			}
			return nil
		}
		if inBlock && label != "}" && label != "#TRANS" {
			return fail(fmt.Errorf("%w: %s inside a voucher's braces", ErrSyntax, label))
		}
		switch label {
		case "#FLAGGA":
			if n != 1 {
				return fail(fmt.Errorf("%w: #FLAGGA is not the first record", ErrSyntax))
			}
		case "#PROGRAM":
			if err := need(1); err != nil {
				return fail(err)
			}
			f.Program, f.Version = str(0), str(1)
		case "#FORMAT":
			if err := need(1); err != nil {
				return fail(err)
			}
			if str(0) != "PC8" {
				return fail(fmt.Errorf("%w: #FORMAT %s (only PC8 is SIE)", ErrSyntax, str(0)))
			}
		case "#GEN":
			if err := need(1); err != nil {
				return fail(err)
			}
			if f.Generated, err = parseDate(str(0)); err != nil {
				return fail(err)
			}
		case "#SIETYP":
			if err := need(1); err != nil {
				return fail(err)
			}
			if str(0) != "4" {
				return fail(fmt.Errorf("%w: #SIETYP %s (type 4 is read)", ErrSyntax, str(0)))
			}
		case "#FNAMN":
			if err := need(1); err != nil {
				return fail(err)
			}
			f.Company = str(0)
		case "#ORGNR":
			if err := need(1); err != nil {
				return fail(err)
			}
			f.OrgNumber = str(0)
		case "#VALUTA":
			if err := need(1); err != nil {
				return fail(err)
			}
			f.Currency = str(0)
		case "#KONTO":
			if err := need(2); err != nil {
				return fail(err)
			}
			if !accountNumber(str(0)) || accounts[str(0)] {
				return fail(fmt.Errorf("%w: #KONTO %q is not a new account number", ErrSyntax, str(0)))
			}
			accounts[str(0)] = true
			f.Accounts = append(f.Accounts, Account{Number: str(0), Name: str(1)})
		case "#DIM":
			if err := need(2); err != nil {
				return fail(err)
			}
			d, err := strconv.Atoi(str(0))
			if err != nil || d < 1 {
				return fail(fmt.Errorf("%w: #DIM %q is not a dimension number", ErrSyntax, str(0)))
			}
			f.Dims = append(f.Dims, Dim{Number: d, Name: str(1)})
		case "#OBJEKT":
			if err := need(3); err != nil {
				return fail(err)
			}
			d, err := strconv.Atoi(str(0))
			if err != nil || !hasDim(f.Dims, d) {
				return fail(fmt.Errorf("%w: #OBJEKT of dimension %q, not a #DIM", ErrUndeclared, str(0)))
			}
			objects[ObjectRef{Dim: d, ID: str(1)}] = true
			f.Objects = append(f.Objects, Object{Dim: d, ID: str(1), Name: str(2)})
		case "#VER":
			if err := need(3); err != nil {
				return fail(err)
			}
			if ver != nil {
				return fail(fmt.Errorf("%w: a #VER without its braces", ErrSyntax))
			}
			d, err := parseDate(str(2))
			if err != nil {
				return fail(err)
			}
			f.Vouchers = append(f.Vouchers, Voucher{Series: str(0), Number: str(1), Date: d, Text: str(3)})
			ver = &f.Vouchers[len(f.Vouchers)-1]
		case "{":
			if ver == nil || inBlock || len(args) > 0 {
				return fail(fmt.Errorf("%w: a '{' that opens no voucher", ErrSyntax))
			}
			inBlock = true
		case "}":
			if !inBlock || len(args) > 0 {
				return fail(fmt.Errorf("%w: a '}' that closes no voucher", ErrSyntax))
			}
			sum := decimal.Zero
			for _, t := range ver.Trans {
				sum = sum.Add(t.Amount)
			}
			if !sum.IsZero() {
				return fail(fmt.Errorf("%w (%q: Σ %s)", ErrUnbalanced, ver.Text, sum.StringFixed(2)))
			}
			inBlock, ver = false, nil
		case "#TRANS":
			if !inBlock {
				return fail(fmt.Errorf("%w: #TRANS outside a voucher's braces", ErrSyntax))
			}
			if len(args) < 3 || args[0].isList || !args[1].isList || args[2].isList {
				return fail(fmt.Errorf("%w: #TRANS is account {objects} amount", ErrSyntax))
			}
			t := Trans{Account: str(0)}
			if !accounts[t.Account] {
				return fail(fmt.Errorf("%w: #TRANS account %q is no #KONTO", ErrUndeclared, t.Account))
			}
			l := args[1].list
			if len(l)%2 != 0 {
				return fail(fmt.Errorf("%w: an object list holds dimension and object pairs", ErrSyntax))
			}
			for k := 0; k < len(l); k += 2 {
				d, err := strconv.Atoi(string(l[k]))
				o := ObjectRef{Dim: d, ID: decode(l[k+1])}
				if err != nil || !objects[o] {
					return fail(fmt.Errorf("%w: object {%s %q} is no #OBJEKT", ErrUndeclared, l[k], decode(l[k+1])))
				}
				t.Objects = append(t.Objects, o)
			}
			a, err := parseAmount(str(2))
			if err != nil {
				return fail(err)
			}
			t.Amount = a
			ver.Trans = append(ver.Trans, t)
		default:
			// Another record of the standard: 4I readers ignore what they
			// do not use. It still counts in the checksum (above).
		}
	}
	switch {
	case inBlock || ver != nil:
		return nil, &ParseError{Line: n, Err: fmt.Errorf("%w: the last voucher is not closed", ErrSyntax)}
	case summing:
		return nil, &ParseError{Line: n, Err: ErrTruncated}
	case n == 0:
		return nil, &ParseError{Line: 1, Err: ErrNoFlag}
	}
	return f, nil
}

func hasDim(dims []Dim, d int) bool {
	for _, x := range dims {
		if x.Number == d {
			return true
		}
	}
	return false
}

func parseDate(s string) (time.Time, error) {
	t, err := time.Parse("20060102", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %q is not a date YYYYMMDD", ErrSyntax, s)
	}
	return t, nil
}

// parseAmount reads an amount with a point and at most two decimals.
func parseAmount(s string) (decimal.Decimal, error) {
	bad := fmt.Errorf("%w: %q is not an amount (a point, at most two decimals)", ErrSyntax, s)
	if s == "" || len(s) > 24 {
		return decimal.Decimal{}, bad
	}
	body := s
	if body[0] == '-' {
		body = body[1:]
	}
	dot := -1
	for i, c := range []byte(body) {
		switch {
		case c == '.' && dot < 0:
			dot = i
		case c < '0' || c > '9':
			return decimal.Decimal{}, bad
		}
	}
	if body == "" || dot == 0 || dot == len(body)-1 || dot >= 0 && len(body)-dot-1 > 2 {
		return decimal.Decimal{}, bad
	}
	return decimal.RequireFromString(s), nil
}
