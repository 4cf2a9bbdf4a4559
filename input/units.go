package input

import (
	"errors"
	"math/big"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
)

// ErrSize is the reason a storage cell's unit is not one memberfee knows.
var ErrSize = errors.New("is not a size in B, KB, MB, GB, TB or KiB … TiB")

// ErrSizeTooLarge is the reason of a size beyond MaxSizeGB: no file
// server holds it, and its amount would pass the 15 significant digits a
// workbook keeps (storage multiplies the GB over the quota by the price).
var ErrSizeTooLarge = errors.New("is more than a billion GB, not a plausible size (a byte count without its unit?)")

// MaxSizeGB is the largest size read, either sign: 10^9 GB, an exabyte.
var MaxSizeGB = decimal.New(1, 9)

// bounded returns d to the 15 significant digits a workbook holds (a
// byte count's GB, 1099511627777 B, has 34: less than a thousandth of a
// byte away), or ErrSizeTooLarge beyond MaxSizeGB.
func bounded(d decimal.Decimal, err error) (decimal.Decimal, error) {
	if err != nil {
		return d, err
	}
	if d.Abs().GreaterThan(MaxSizeGB) {
		return decimal.Decimal{}, ErrSizeTooLarge
	}
	return round15(d), nil
}

// sizeUnits are the units a storage size may carry, by their power of
// 1024 against a GB: B, KB, MB, GB, TB as Windows reports show them (powers
// of 1024), and KiB … TiB, which say so.
var sizeUnits = map[string]int{
	"b": -3, "kb": -2, "mb": -1, "gb": 0, "tb": 1,
	"kib": -2, "mib": -1, "gib": 0, "tib": 1,
}

// perKiB are 1/1024^k as exact decimals, 5^(10k) × 10^(−10k), for k = 1…3.
var perKiB = func() [4]decimal.Decimal {
	var out [4]decimal.Decimal
	for k := 1; k <= 3; k++ {
		p := new(big.Int).Exp(big.NewInt(5), big.NewInt(int64(10*k)), nil)
		out[k] = decimal.NewFromBigInt(p, int32(-10*k))
	}
	return out
}()

// ParseSize reads a storage size in GB as a file server's report writes
// it: 870 MB, 12,5 GB, 1,2 TB, 512 KiB; a bare number is GB (the number as
// ParseNumber reads it). The units are powers of 1024 and the result is
// exact to the 15 significant digits a workbook holds: 870 MB is
// 0.849609375 GB, 1 B 0.000000000931322574615479 GB. The unit's case is ignored; a space
// before it is optional. A size beyond MaxSizeGB is ErrSizeTooLarge.
func ParseSize(s string) (decimal.Decimal, error) { return bounded(parseSize(s)) }

func parseSize(s string) (decimal.Decimal, error) {
	if d, ok := parseSimple(s); ok {
		return d, nil
	}
	t := strings.TrimFunc(s, isSpace)
	cut := len(t)
	for cut > 0 {
		r, size := lastRune(t[:cut])
		if !unicode.IsLetter(r) {
			break
		}
		cut -= size
	}
	unit := strings.ToLower(t[cut:])
	if unit == "" {
		return ParseNumber(t, Plain)
	}
	k, ok := sizeUnits[unit]
	num := strings.TrimFunc(t[:cut], isSpace)
	if !ok || num == "" {
		return decimal.Decimal{}, ErrSize
	}
	d, err := ParseNumber(num, Plain)
	if err != nil {
		return d, err
	}
	switch {
	case k > 0:
		return d.Mul(decimal.New(1024, 0)), nil
	case k < 0:
		return d.Mul(perKiB[-k]), nil
	}
	return d, nil
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < 0x80 || s[i] >= 0xc0 {
			r := []rune(s[i:])
			return r[0], len(s) - i
		}
	}
	return 0, 1
}

// Size reads field as a storage size in GB (ParseSize); a workbook's
// numeric cell is GB.
func (r *Record) Size(field string) (decimal.Decimal, *CellError) {
	v := r.Get(field)
	if v == "" {
		return decimal.Decimal{}, r.Fail(field, ErrMissing)
	}
	if r.t.xlsx {
		if x, ok := rawNumber(v); ok {
			if _, err := bounded(x, nil); err != nil {
				return decimal.Decimal{}, r.Fail(field, err)
			}
			return x, nil
		}
	}
	d, err := ParseSize(v)
	if err != nil {
		return d, r.Fail(field, err)
	}
	return d, nil
}
