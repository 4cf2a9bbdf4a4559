package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/shopspring/decimal"
	"github.com/spf13/viper"

	"memberfee/allocation"
	"memberfee/billing"
	"memberfee/clients"
	"memberfee/input"
	"memberfee/internal/field"
	"memberfee/internal/quote"
	"memberfee/internal/suggest"
	"memberfee/policy"
)

// EnvPrefix is the prefix of environment variables that override keys.
const EnvPrefix = "MEMBERFEE"

// Config is the whole config file.
type Config struct {
	allocation.Input `mapstructure:",squash"`

	Billing   billing.Config `mapstructure:"billing"`
	Scenarios []Scenario     `mapstructure:"scenarios"`
	Clients   Clients        `mapstructure:"clients"`
	// Forecast holds the assumptions of `memberfee forecast`.
	Forecast allocation.Assumptions `mapstructure:"forecast"`
	Previous Previous               `mapstructure:"previous"` // last year's config, for the fee bridge
	// PolicyFile is the board's policy (docs/policy.md), relative to the
	// config's folder; the built-in policy (Sydnärke's of May 2023) when
	// empty.
	PolicyFile string `mapstructure:"policy"`
	// ResponsibilityMatrix replaces the policy's matrix (gränsdragningslista)
	// where the board has decided another: the keys source, components,
	// tasks, notes and categories of a policy file.
	ResponsibilityMatrix *policy.Matrix `mapstructure:"responsibility_matrix"`
	// Ledger is where what was issued is recorded.
	Ledger Ledger `mapstructure:"ledger"`
	// Accounting is how the host municipality books what is issued.
	Accounting Accounting `mapstructure:"accounting"`

	// Path is the file the config was read from; input files are relative
	// to its directory.
	Path string `mapstructure:"-"`

	raw map[string]any // the settings as read, for scenarios
}

// Scenario is an alternative to the base config for `memberfee compare`:
// Set is deep-merged over the config.
type Scenario struct {
	ID   string         `mapstructure:"id"`
	Name string         `mapstructure:"name"`
	Set  map[string]any `mapstructure:"set"`
}

// Clients configures the client register and replacement plan (clause 2.1).
type Clients struct {
	Register     string             `mapstructure:"register"`
	Sheet        string             `mapstructure:"sheet"` // of an XLSX register; the first when empty
	InterestRate decimal.Decimal    `mapstructure:"interest_rate"`
	Types        []clients.TypeRule `mapstructure:"types"`
}

// Settings returns the config's settings as read, after environment
// overrides, with the file's key names: the resolved config.
func (c *Config) Settings() map[string]any { return c.raw }

// Policy returns the board's policy: the policy file's, or the built-in
// one, with the config's responsibility_matrix in place of its matrix.
func (c *Config) Policy() *policy.Policy { return c.Input.PolicyOrDefault() }

// Matrix returns the responsibility matrix: the config's, or the policy's.
func (c *Config) Matrix() policy.Matrix { return c.Policy().Matrix }

// Resolve returns name, an input file named in the config, as a path relative
// to the working directory: relative names are taken from the config file's
// directory.
func (c *Config) Resolve(name string) string {
	if name == "" || filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(filepath.Dir(c.Path), name)
}

// Load reads the config file at path, applies the environment overrides and
// decodes it. It returns an error naming the file for a missing or unreadable
// file or broken YAML, and a *DecodeErrors listing every key that could not
// be decoded. Load does not validate the content: call Validate.
func Load(path string) (*Config, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	c, err := loadData(data, path)
	if err != nil {
		return nil, err
	}
	if err := c.loadPolicy(); err != nil {
		return nil, err
	}
	return c, nil
}

// loadData is Load of the content of the file at path.
func loadData(data []byte, path string) (*Config, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("config %s: %w", path, ErrTooLarge)
	}
	if err := checkShape(data); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	v := viper.New()
	v.SetConfigType("yaml")
	v.SetEnvPrefix(EnvPrefix)
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	bindEnv(v, reflect.TypeOf(Config{}), "")
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	raw := v.AllSettings()
	c, err := decode(raw, path)
	if err != nil {
		return nil, &DecodeErrors{File: path, Errs: flattenDecodeErrors(err)}
	}
	return c, nil
}

// decode turns the settings of a config file (after environment overrides)
// into a Config, refusing unknown keys.
func decode(raw map[string]any, path string) (*Config, error) {
	c := &Config{Path: path, raw: raw}
	d, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
		DecodeHook:       decodeHook,
		WeaklyTypedInput: true,
		ErrorUnused:      true,
		Result:           c,
		TagName:          "mapstructure",
	})
	if err != nil {
		return nil, err
	}
	if err := d.Decode(raw); err != nil {
		return nil, err
	}
	if errs := zeroMeansError(c, raw); len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// zeroMeansError refuses the keys whose absence means a default but whose
// zero would be taken for that default too: rounding_unit and installments
// written as 0 are errors, not 1 krona and 12 installments.
func zeroMeansError(c *Config, raw map[string]any) []error {
	var errs []error
	if v, ok := raw["rounding_unit"]; ok && c.RoundingUnit.IsZero() {
		errs = append(errs, &field.Error{Path: "rounding_unit", Value: quote.Cut(fmt.Sprint(v)),
			Err: fmt.Errorf("%w (leave the key out for 1 krona)", field.ErrNotPositive)})
	}
	if v, ok := raw["installments"]; ok && c.Installments == 0 {
		errs = append(errs, &field.Error{Path: "installments", Value: quote.Cut(fmt.Sprint(v)),
			Err: fmt.Errorf("%w (leave the key out for %d installments)", field.ErrNotPositive, allocation.DefaultInstallments)})
	}
	return errs
}

// DecodeErrors lists the keys of a config file that could not be decoded.
type DecodeErrors struct {
	File string
	Errs []error // each a *field.Error
}

func (e *DecodeErrors) Error() string {
	lines := make([]string, len(e.Errs))
	for i, err := range e.Errs {
		lines[i] = err.Error()
	}
	return fmt.Sprintf("config %s:\n  %s", e.File, strings.Join(lines, "\n  "))
}

func (e *DecodeErrors) Unwrap() []error { return e.Errs }

// flattenDecodeErrors turns mapstructure's tree of errors into one
// *field.Error per key, sorted by path.
func flattenDecodeErrors(err error) []error {
	var out []error
	var walk func(err error)
	walk = func(err error) {
		switch e := err.(type) {
		case *field.Error:
			out = append(out, e)
		case *mapstructure.DecodeError:
			if multi, ok := e.Unwrap().(interface{ Unwrap() []error }); ok {
				for _, inner := range multi.Unwrap() {
					walk(inner)
				}
				return
			}
			walk(decodeFieldError(e)) // a *field.Error, or one per unknown key
		case interface{ Unwrap() []error }:
			for _, inner := range e.Unwrap() {
				walk(inner)
			}
		default:
			if w := errors.Unwrap(err); w != nil {
				walk(w)
				return
			}
			out = append(out, &field.Error{Path: "(config)", Err: err})
		}
	}
	walk(err)
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].(*field.Error).Path < out[j].(*field.Error).Path
	})
	return out
}

// ErrUnknownKey is the reason for a key the config shape does not have.
var ErrUnknownKey = errors.New("is not a known key")

func decodeFieldError(de *mapstructure.DecodeError) error {
	name := de.Name()
	inner := de.Unwrap()
	msg := inner.Error()
	if rest, ok := strings.CutPrefix(msg, "has invalid keys: "); ok {
		path := name
		if strings.HasPrefix(path, "config.") || strings.HasPrefix(path, "*config.") {
			path = ""
		}
		known := knownKeys(reflect.TypeOf(Config{}), path)
		var errs []error
		for _, k := range strings.Split(rest, ", ") {
			err := ErrUnknownKey
			if hint := suggest.Phrase(k, known); hint != "" {
				err = fmt.Errorf("%w%s", ErrUnknownKey, hint)
			}
			k = quote.Cut(k)
			if path != "" {
				k = path + "." + k
			}
			errs = append(errs, &field.Error{Path: k, Err: err})
		}
		return errors.Join(errs...)
	}
	var ve *valueError
	if errors.As(inner, &ve) {
		return &field.Error{Path: name, Value: ve.value, Err: ve.err}
	}
	var ute *mapstructure.UnconvertibleTypeError
	if errors.As(inner, &ute) {
		return &field.Error{Path: name, Value: quote.Cut(fmt.Sprintf("%v", ute.Value)),
			Err: fmt.Errorf("cannot be read as %s", kindName(ute.Expected.Type()))}
	}
	return &field.Error{Path: name, Err: inner}
}

// knownKeys returns the keys of the section at path (billing.prices,
// members[0], "" for the top level) in the config shape t, for the "did you
// mean" of an unknown key; none for a path the shape does not have.
func knownKeys(t reflect.Type, path string) []string {
	for _, name := range strings.Split(path, ".") {
		if i := strings.IndexByte(name, '['); i >= 0 {
			name = name[:i]
		}
		if name == "" {
			continue
		}
		i := slices.IndexFunc(sectionKeys(t), func(k sectionKey) bool { return k.name == name })
		if i < 0 {
			return nil
		}
		t = sectionKeys(t)[i].typ
	}
	var names []string
	for _, k := range sectionKeys(t) {
		names = append(names, k.name)
	}
	return names
}

// sectionKey is a key of a section of the config shape and its type.
type sectionKey struct {
	name string
	typ  reflect.Type
}

// sectionKeys returns the keys of the section t (through pointers and
// lists, squashed structs' keys as their own), none if t is no section.
func sectionKeys(t reflect.Type) []sectionKey {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || isScalarStruct(t) {
		return nil
	}
	var keys []sectionKey
	for i := range t.NumField() {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("mapstructure"), ",")
		switch {
		case !f.IsExported() || tag[0] == "-":
		case len(tag) > 1 && tag[1] == "squash":
			keys = append(keys, sectionKeys(f.Type)...)
		default:
			keys = append(keys, sectionKey{tag[0], f.Type})
		}
	}
	return keys
}

// kindName names a Go type the way a config author thinks of it.
func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "text"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "a section of keys"
	}
	return t.String()
}

// bindEnv binds every scalar key of the config shape to its environment
// variable, so that MEMBERFEE_BILLING_PRICES_SUPPORT_HOUR can set a key the
// file does not have. Keys inside lists cannot be set from the environment.
func bindEnv(v *viper.Viper, t reflect.Type, prefix string) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("mapstructure"), ",")
		if tag[0] == "-" || !f.IsExported() {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if len(tag) > 1 && tag[1] == "squash" {
			bindEnv(v, ft, prefix)
			continue
		}
		key := prefix + tag[0]
		switch {
		case ft.Kind() == reflect.Struct && !isScalarStruct(ft):
			bindEnv(v, ft, key+".")
		case ft.Kind() == reflect.Slice || ft.Kind() == reflect.Map:
		default:
			_ = v.BindEnv(key)
		}
	}
}

// isScalarStruct reports the struct types that the config holds as one value.
func isScalarStruct(t reflect.Type) bool {
	return t == decimalType || t == nullDecimalType
}

// exists reports whether path names a regular file that can be opened: a
// folder, a named pipe or a device is refused without being read.
func exists(path string) error {
	f, err := input.OpenRegular(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return errors.New("the file does not exist")
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return pe.Err
		}
		return err
	}
	return f.Close()
}
