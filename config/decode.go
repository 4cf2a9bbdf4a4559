package config

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"memberfee/internal/field"
	"memberfee/internal/quote"
)

var (
	decimalType     = reflect.TypeOf(decimal.Decimal{})
	nullDecimalType = reflect.TypeOf(decimal.NullDecimal{})
)

// ErrNotNumber is the reason a value cannot be decoded as a number; one
// that is not whole where a whole number is wanted is field.ErrNotWhole.
var ErrNotNumber = errors.New("is not a number")

// valueError carries the offending value of a decode failure.
type valueError struct {
	value string
	err   error
}

func (e *valueError) Error() string { return e.value + " " + e.err.Error() }
func (e *valueError) Unwrap() error { return e.err }

// decodeHook converts YAML scalars into decimals exactly and refuses
// fractional values for whole-number keys (which mapstructure would otherwise
// truncate silently).
func decodeHook(from, to reflect.Type, data any) (any, error) {
	switch {
	case to.Kind() == reflect.String:
		// YAML reads an unquoted 2025-01-01 as a timestamp; keep it as written.
		if t, ok := data.(time.Time); ok {
			if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
				return t.Format(time.DateOnly), nil
			}
			return t.Format("2006-01-02 15:04:05"), nil
		}
	case to == decimalType:
		return toDecimal(data)
	case to == nullDecimalType:
		if data == nil {
			return decimal.NullDecimal{}, nil
		}
		d, err := toDecimal(data)
		if err != nil {
			return nil, err
		}
		return decimal.NewNullDecimal(d), nil
	case to.Kind() == reflect.Int || to.Kind() == reflect.Int64:
		return toWhole(data)
	}
	return data, nil
}

// MaxWhole bounds the whole numbers of a config (years, counts of years,
// minutes, installments): beyond it a YAML number is no longer exact, and a
// float64 converted to int wraps around (99999999999999999999 became
// -9223372036854775808 and an addition that never starts).
const MaxWhole = 999_999_999

// errWholeRange is the reason for a whole number beyond MaxWhole.
var errWholeRange = fmt.Errorf("%w (a whole number of at most 999 999 999)", field.ErrOutOfRange)

// toWhole checks a value for a whole-number key; mapstructure converts what
// it returns.
func toWhole(data any) (any, error) {
	switch x := data.(type) {
	case float64:
		text := quote.Cut(strconv.FormatFloat(x, 'f', -1, 64))
		if math.IsNaN(x) || math.IsInf(x, 0) || x != math.Trunc(x) {
			return nil, &valueError{text, field.ErrNotWhole}
		}
		if math.Abs(x) > MaxWhole {
			return nil, &valueError{text, errWholeRange}
		}
	case float32:
		return toWhole(float64(x))
	case int:
		if x > MaxWhole || x < -MaxWhole {
			return nil, &valueError{strconv.Itoa(x), errWholeRange}
		}
	case int64:
		if x > MaxWhole || x < -MaxWhole {
			return nil, &valueError{strconv.FormatInt(x, 10), errWholeRange}
		}
	case uint64:
		if x > MaxWhole {
			return nil, &valueError{strconv.FormatUint(x, 10), errWholeRange}
		}
	case uint:
		if x > MaxWhole {
			return nil, &valueError{strconv.FormatUint(uint64(x), 10), errWholeRange}
		}
	case string:
		s := strings.TrimSpace(x)
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				return nil, &valueError{quote.Value(x), errWholeRange}
			}
			return nil, &valueError{quote.Value(x), field.ErrNotWhole}
		}
		if n > MaxWhole || n < -MaxWhole {
			return nil, &valueError{quote.Value(x), errWholeRange}
		}
		return s, nil
	case bool:
		return nil, &valueError{fmt.Sprint(x), field.ErrNotWhole}
	}
	return data, nil
}

// toDecimal converts a decoded YAML or environment value to a decimal:
// strings as written, float64 by its shortest representation (exact for up to
// 15 significant digits), integers exactly.
func toDecimal(data any) (decimal.Decimal, error) {
	switch x := data.(type) {
	case decimal.Decimal:
		return x, nil
	case string:
		d, err := ParseDecimal(x)
		if err != nil {
			return decimal.Zero, &valueError{quote.Value(x), ErrNotNumber}
		}
		return d, nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return decimal.Zero, &valueError{fmt.Sprint(x), ErrNotNumber}
		}
		return decimal.NewFromFloat(x), nil
	case float32:
		return decimal.NewFromFloat32(x), nil
	case int:
		return decimal.NewFromInt(int64(x)), nil
	case int64:
		return decimal.NewFromInt(x), nil
	case int32:
		return decimal.NewFromInt(int64(x)), nil
	case uint64:
		return decimal.NewFromUint64(x), nil
	case uint:
		return decimal.NewFromUint64(uint64(x)), nil
	case nil:
		return decimal.Zero, nil
	}
	return decimal.Zero, &valueError{quote.Cut(fmt.Sprintf("%v", data)), ErrNotNumber}
}

// ParseDecimal reads a number written in a config file or an environment
// variable: a plain decimal ("1234567.89", "-0.5"), optionally with spaces,
// no-break spaces or underscores between digit groups ("61 250 000") and a
// decimal comma instead of the point ("3,20").
func ParseDecimal(s string) (decimal.Decimal, error) {
	t := strings.TrimSpace(s)
	t = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "_", "").Replace(t)
	if strings.Count(t, ",") == 1 && !strings.Contains(t, ".") {
		t = strings.Replace(t, ",", ".", 1)
	}
	if t == "" || strings.ContainsAny(t, "eE") {
		return decimal.Zero, ErrNotNumber
	}
	d, err := decimal.NewFromString(t)
	if err != nil {
		return decimal.Zero, ErrNotNumber
	}
	return d, nil
}
