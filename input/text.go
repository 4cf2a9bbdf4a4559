package input

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// A CSV file is read in one encoding, decided from the whole file (not from
// its start): UTF-8 when it begins with a byte order mark or when nothing in
// it rules UTF-8 out; otherwise Windows-1252. A row is then text in that
// encoding or it is rejected:
//
//   - bytes that are neither UTF-8 nor Windows-1252 (0x81, 0x8D, 0x8F, 0x90
//     and 0x9D mean nothing in Windows-1252) reject their row in either;
//   - in a file with a byte order mark, bytes that are not UTF-8 reject their row;
//   - in a Windows-1252 file, a row that reads as UTF-8 as well (its bytes are
//     valid UTF-8 and not all ASCII) is rejected: the file mixes encodings
//     and that row's text cannot be told ("Malmö" or "MalmÃ¶");
//   - control characters other than tab and line breaks reject their row:
//     they are not text, and a workbook cannot hold them.
//
// Every string a Table gives is thus valid UTF-8 that XML can hold, so the
// workbooks and the line-detail CSV show the same text.

// undefined1252 reports whether b means nothing in Windows-1252.
func undefined1252(b byte) bool {
	return b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D
}

// encoding is how a CSV file's bytes are read.
type encoding struct {
	name   string // as Table.Encoding says it
	cp1252 bool
	bom    bool
	// why, for a Windows-1252 file: the first line that is not UTF-8.
	latinLine int
}

// scanEncoding reads r to its end and decides its encoding: Windows-1252
// when some byte in it is not UTF-8 and is a Windows-1252 character,
// otherwise UTF-8 (bytes that are neither then reject their rows).
func scanEncoding(r io.Reader) (encoding, error) {
	buf := make([]byte, 64<<10)
	line, keep := 1, 0
	for {
		n, err := io.ReadFull(r, buf[keep:])
		chunk := buf[:keep+n]
		last := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !last {
			return encoding{}, err
		}
		body := chunk
		if !last {
			body = trimPartialRune(chunk)
		}
		if utf8.Valid(body) {
			line += bytes.Count(body, []byte{'\n'})
		} else {
			for i := 0; i < len(body); {
				c := body[i]
				if c < utf8.RuneSelf {
					if c == '\n' {
						line++
					}
					i++
					continue
				}
				r, size := utf8.DecodeRune(body[i:])
				if r == utf8.RuneError && size == 1 && !undefined1252(c) {
					return encoding{name: "Windows-1252", cp1252: true, latinLine: line}, nil
				}
				i += size
			}
		}
		if last {
			return encoding{name: "UTF-8"}, nil
		}
		keep = copy(buf, chunk[len(body):])
	}
}

// plainText reports whether b is printable ASCII, tabs and line breaks:
// text in UTF-8 and Windows-1252 alike. It looks at 8 bytes at a time.
func plainText(b []byte) bool {
	const high, low = 0x8080808080808080, 0x2020202020202020
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		// a byte ≥ 0x80, or a byte < 0x20 (x − 0x20… borrows into its top bit)
		if x&high != 0 || (x-low)&^x&high != 0 {
			for _, c := range b[:8] {
				if !plainByteOrSpace(c) {
					return false
				}
			}
		}
		b = b[8:]
	}
	for _, c := range b {
		if !plainByteOrSpace(c) {
			return false
		}
	}
	return true
}

func plainByteOrSpace(c byte) bool {
	return c >= ' ' && c < utf8.RuneSelf || c == '\t' || c == '\n' || c == '\r'
}

// utf8Text reports whether b is UTF-8 text that a workbook can hold: valid,
// without control characters (but tab and line breaks), U+FFFE or U+FFFF.
func utf8Text(b []byte) bool {
	const high, low = 0x8080808080808080, 0x2020202020202020
	for i := 0; i < len(b); {
		if i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[i:])
			if x&high == 0 && (x-low)&^x&high == 0 {
				i += 8
				continue
			}
		}
		c := b[i]
		if c < utf8.RuneSelf {
			if !plainByteOrSpace(c) {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || r == '\uFFFE' || r == '\uFFFF' {
			return false
		}
		i += size
	}
	return true
}

// from1252 is Windows-1252 decoded, byte by byte.
var from1252 = func() (t [256]rune) {
	for i := range t {
		t[i] = charmap.Windows1252.DecodeByte(byte(i))
	}
	return t
}()

// decode returns raw (one field's bytes as the file holds them) as UTF-8,
// or why it is not text in enc.
func (enc *encoding) decode(raw []byte) (string, string) {
	plain := true
	for _, c := range raw {
		if c >= utf8.RuneSelf || c < ' ' && c != '\t' && c != '\n' && c != '\r' {
			plain = false
			break
		}
	}
	if plain {
		return string(raw), ""
	}
	for _, c := range raw {
		if c < ' ' && c != '\t' && c != '\n' && c != '\r' {
			return "", fmt.Sprintf("holds the control character U+%04X, which is not text", c)
		}
	}
	if enc.cp1252 {
		var b strings.Builder
		b.Grow(len(raw) + len(raw)/2)
		for _, c := range raw {
			if undefined1252(c) {
				return "", fmt.Sprintf("is neither UTF-8 nor Windows-1252 text (byte 0x%02X in %s)", c, quoteRaw(raw))
			}
			b.WriteRune(from1252[c])
		}
		return b.String(), ""
	}
	if !utf8.Valid(raw) {
		for i := 0; i < len(raw); {
			r, size := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && size == 1 {
				if enc.bom && !undefined1252(raw[i]) {
					return "", fmt.Sprintf("is not UTF-8 text, which the file's byte order mark says it is (byte 0x%02X in %s)", raw[i], quoteRaw(raw))
				}
				return "", fmt.Sprintf("is neither UTF-8 nor Windows-1252 text (byte 0x%02X in %s)", raw[i], quoteRaw(raw))
			}
			i += size
		}
	}
	s := string(raw)
	if strings.ContainsRune(s, '\uFFFE') || strings.ContainsRune(s, '\uFFFF') {
		return "", "holds U+FFFE or U+FFFF, which are not characters"
	}
	return s, ""
}

// ambiguous says why a row of a Windows-1252 file, its fields raw, is
// rejected because it reads as UTF-8 too, or "" when it does not.
func (enc *encoding) ambiguous(raw [][]byte) string {
	if !enc.cp1252 {
		return ""
	}
	high := -1
	for i, f := range raw {
		if !utf8.Valid(f) {
			return ""
		}
		if high < 0 && bytes.IndexFunc(f, func(r rune) bool { return r >= utf8.RuneSelf }) >= 0 {
			high = i
		}
	}
	if high < 0 {
		return ""
	}
	f := raw[high]
	var as1252 strings.Builder
	for _, c := range f {
		as1252.WriteRune(from1252[c])
	}
	return fmt.Sprintf("reads as UTF-8 (%q) and as Windows-1252 (%q): the file is Windows-1252 (line %d is not UTF-8) and this row is UTF-8; save the file in one encoding",
		clip(string(f)), clip(as1252.String()), enc.latinLine)
}

// quoteRaw quotes at most maxQuoted bytes of raw, escaping what is not UTF-8.
func quoteRaw(raw []byte) string {
	if len(raw) > maxQuoted {
		return fmt.Sprintf("%q…", raw[:maxQuoted])
	}
	return fmt.Sprintf("%q", raw)
}

// textOK says why s (UTF-8, from a workbook) is not text a workbook can
// hold, or "" when it is.
func textOK(s string) string {
	for _, r := range s {
		if r < ' ' && r != '\t' && r != '\n' && r != '\r' {
			return fmt.Sprintf("holds the control character U+%04X, which is not text", r)
		}
		if r == '\uFFFE' || r == '\uFFFF' {
			return fmt.Sprintf("holds U+%04X, which is not a character", r)
		}
	}
	return ""
}
