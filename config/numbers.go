package config

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"memberfee/internal/field"
	"memberfee/internal/quote"
)

// The range of a number in the config. A workbook cell holds 15
// significant digits, and every figure the engine writes is a sum or a
// product of config numbers: an amount of 1e300 or of 30 digits stopped the
// run only when the workbook was written, naming a cell instead of the key.
const (
	// MaxDigits is the most significant digits a number may have.
	MaxDigits = 15
	// MaxDecimals is the most digits after the decimal point.
	MaxDecimals = 15
)

// maxMagnitude: every number is less than 10^12 in size (a trillion kronor,
// a trillion users), so that the products the engine forms of two of them
// still fit a workbook cell.
var maxMagnitude = decimal.New(1, 12)

// Reasons a number is out of range; each wraps field.ErrOutOfRange.
var (
	ErrTooPrecise = fmt.Errorf("%w: more than %d significant digits, more than a spreadsheet number holds", field.ErrOutOfRange, MaxDigits)
	ErrTooSmall   = fmt.Errorf("%w: more than %d digits after the decimal point", field.ErrOutOfRange, MaxDecimals)
	ErrTooBig     = fmt.Errorf("%w: a number must be less than 1 000 000 000 000 in size", field.ErrOutOfRange)
)

// numberProblems lists every decimal of the config that is out of range,
// naming its key path as the file spells it.
func (c *Config) numberProblems() []error {
	var errs []error
	walkNumbers(reflect.ValueOf(c).Elem(), "", func(path string, d decimal.Decimal) {
		if err := checkNumber(d); err != nil {
			errs = append(errs, &field.Error{Path: path, Value: quote.Cut(d.String()), Err: err})
		}
	})
	return errs
}

// checkNumber returns why d is out of range, or nil.
func checkNumber(d decimal.Decimal) error {
	if d.Abs().Cmp(maxMagnitude) >= 0 {
		return ErrTooBig
	}
	// The digits as written, without the zeros that end them.
	written := strings.TrimPrefix(d.Coefficient().String(), "-")
	digits := strings.TrimRight(written, "0")
	if digits == "" {
		return nil
	}
	exp := int(d.Exponent()) + len(written) - len(digits)
	if len(digits) > MaxDigits {
		return ErrTooPrecise
	}
	if exp < -MaxDecimals {
		return ErrTooSmall
	}
	return nil
}

var (
	decimalKind     = reflect.TypeOf(decimal.Decimal{})
	nullDecimalKind = reflect.TypeOf(decimal.NullDecimal{})
)

// walkNumbers calls f with every decimal of v and its key path: struct
// fields by their mapstructure names, list entries by [index]. Maps (a
// scenario's set) are checked when the scenario is decoded.
func walkNumbers(v reflect.Value, path string, f func(string, decimal.Decimal)) {
	switch v.Type() {
	case decimalKind:
		f(path, v.Interface().(decimal.Decimal))
		return
	case nullDecimalKind:
		if nd := v.Interface().(decimal.NullDecimal); nd.Valid {
			f(path, nd.Decimal)
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walkNumbers(v.Elem(), path, f)
		}
	case reflect.Slice:
		for i := range v.Len() {
			walkNumbers(v.Index(i), path+"["+strconv.Itoa(i)+"]", f)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			tag := strings.Split(sf.Tag.Get("mapstructure"), ",")
			switch {
			case tag[0] == "-":
			case len(tag) > 1 && tag[1] == "squash":
				walkNumbers(v.Field(i), path, f)
			default:
				name := tag[0]
				if path != "" {
					name = path + "." + name
				}
				walkNumbers(v.Field(i), name, f)
			}
		}
	}
}

// shorten cuts the value each problem of the fee calculation's checks
// (allocation.Input.Validate) quotes to quote.Max characters: they quote a
// value whole, and a value may be a 4 MiB line of the file. The config's
// own checks cut their values with quote as they make them.
func shorten(errs []error) []error {
	for _, err := range errs {
		var fe *field.Error
		if !errors.As(err, &fe) {
			continue
		}
		fe.Path = quote.Cut(fe.Path)
		if len(fe.Value) <= quote.Max {
			continue
		}
		if s, uerr := strconv.Unquote(fe.Value); uerr == nil {
			fe.Value = quote.Value(s)
		} else {
			fe.Value = quote.Cut(fe.Value)
		}
	}
	return errs
}
