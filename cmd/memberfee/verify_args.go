package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"memberfee/config"
	iquote "memberfee/internal/quote"
	"memberfee/manifest"
)

// A manifest is untrusted input: an auditor receives it from the audited.
// verify re-runs a recorded run only as a command line it builds itself from
// an allow-list, never the recorded one as it stands.

// verifySubcommands are the subcommands verify re-runs: memberfee's own
// computing ones. Nothing else (gen, verify, validate, explain, help,
// completion …) is ever re-run.
//
// issue's computation without recording (SPEC "Issuing") does not exist
// yet: when it does, add its subcommand here (and its flags to verifyFlags)
// and a case to TestVerifyRefuses that it cannot record.
var verifySubcommands = map[string]bool{
	"allocate": true,
	"bill":     true,
	"compare":  true,
	"forecast": true,
	"clients":  true,
}

// flagKind is what a flag's value is to verify.
type flagKind int

const (
	flagValue flagKind = iota // a value taken as it is (a date, a language, a number)
	flagPath                  // a file: must be one the manifest lists as an input
	flagBool                  // true or false: only --flag, --flag=true, --flag=false
)

// verifyFlags are the flags verify passes on: the computing ones. A flag is
// passed only if the subcommand has it, too.
var verifyFlags = map[string]flagKind{
	"config":    flagPath,
	"previous":  flagPath,
	"from":      flagValue,
	"to":        flagValue,
	"lang":      flagValue,
	"strict":    flagBool,
	"quiet":     flagBool,
	"timings":   flagBool,
	"scenario":  flagValue,
	"year":      flagValue,
	"years":     flagValue,
	"generated": flagValue,
	"bridge":    flagBool,
	"csv":       flagValue, // the lines CSV's dialect (excel, rfc4180): bill and issue refuse any other
}

// refusedFlags say why a flag verify knows of is never passed on.
var refusedFlags = map[string]string{
	"pdf":        "verify never prints PDFs: it would run another program (LibreOffice)",
	"out":        "verify writes only into its own temporary folder",
	"cpuprofile": "verify writes no profiles: the file named would be overwritten",
	"memprofile": "verify writes no profiles: the file named would be overwritten",
	"help":       "verify re-runs computations only",
}

// maxArgs and maxValue bound what a manifest may ask for; maxInputs and
// maxOutputs what a run may list (a bill reads about 10 inputs and writes
// one workbook per member besides its 3 outputs: 290 members at most).
const (
	maxArgs    = 256
	maxValue   = 4096
	maxInputs  = 1000
	maxOutputs = 10000
)

var envName = regexp.MustCompile(`^` + config.EnvPrefix + `_[A-Z0-9_]+$`)

// rerun is a recorded run as verify re-runs it.
type rerun struct {
	sub        string
	config     string   // the config file, absolute
	args       []string // the subcommand and its flags, in --flag=value form, paths absolute; without --out
	positional []string // compare's scenario ids
	env        []string // KEY=value, MEMBERFEE_ only
	inputs     []resolvedInput
}

// resolvedInput is an input the manifest lists, found inside the folder
// verify may read.
type resolvedInput struct {
	file manifest.File
	path string // absolute, as the manifest names it (joined to its folder)
	real string // absolute, every symlink resolved
}

// refusal is a part of a manifest entry verify will not run.
type refusal struct {
	key, what, value, why string
}

func (r *refusal) Error() string {
	if r.value == "" && r.what == "" {
		return fmt.Sprintf("%s: refused: %s", showKey(r.key), r.why)
	}
	return fmt.Sprintf("%s: refused: %s %s: %s", showKey(r.key), r.what, quote(r.value), r.why)
}

// quote quotes a value from a manifest or an output, at most 80
// characters of it (internal/quote), invalid UTF-8 shown as U+FFFD.
func quote(s string) string {
	return iquote.Value(strings.ToValidUTF8(s, "\uFFFD"))
}

// showName shows a name from a manifest (an input's, an output's, a
// total's) as it stands if it prints as itself on one line, else quoted.
func showName(s string) string {
	if len(s) <= 200 && strconv.Quote(s) == `"`+s+`"` {
		return s
	}
	return quote(s)
}

var plainKey = regexp.MustCompile(`^[A-Za-z0-9._-]{1,200}$`)

// showKey shows a run's key as it stands if it is a plain output stem, else
// quoted, so that a crafted key cannot forge lines of verify's report.
func showKey(key string) string {
	if plainKey.MatchString(key) {
		return key
	}
	return "run " + quote(key)
}

// planRerun checks a recorded run against the allow-lists and builds the
// command line that re-runs it. dir is the manifest's folder; root the
// folder verify may read inputs from (dir unless the auditor widened it);
// both absolute. Every part that is refused is returned, each naming the
// entry and the value.
func planRerun(dir, root, key string, rec *manifest.Run) (*rerun, []error) {
	var refused []error
	refuse := func(what, value, why string) {
		refused = append(refused, &refusal{key: key, what: what, value: value, why: why})
	}
	if rec == nil {
		return nil, []error{&refusal{key: key, why: "the entry is empty"}}
	}
	if !plainKey.MatchString(key) {
		refuse("the key", key, "is not an output name (letters, digits, . _ -)")
	}
	if len(rec.Inputs) > maxInputs || len(rec.Outputs) > maxOutputs {
		refuse("", "", fmt.Sprintf("the entry lists %d inputs and %d outputs; verify re-runs a run of at most %d inputs and %d outputs", len(rec.Inputs), len(rec.Outputs), maxInputs, maxOutputs))
		return nil, refused
	}
	p := &rerun{}

	// Inputs: inside the folder, regular files.
	byPath := map[string]int{}
	for i, in := range rec.Inputs {
		what := fmt.Sprintf("inputs[%d] (%s)", i, showName(in.Name))
		real, abs, err := confineInput(dir, root, in)
		if err != nil {
			refuse(what, in.Path, err.Error())
			continue
		}
		byPath[path.Clean(in.Path)] = len(p.inputs)
		p.inputs = append(p.inputs, resolvedInput{file: in, path: abs, real: real})
	}
	// Outputs: plain file names in the manifest's folder, each once.
	outputs := map[string]bool{}
	for i, out := range rec.Outputs {
		if outputs[out.Name] {
			refuse(fmt.Sprintf("outputs[%d]", i), out.Name, "is listed twice")
			continue
		}
		outputs[out.Name] = true
		if out.Name == "" || out.Name != filepath.Base(out.Name) || showName(out.Name) != out.Name || strings.ContainsAny(out.Name, `/\`) || out.Name == "." || out.Name == ".." || out.Name == manifest.Name {
			refuse(fmt.Sprintf("outputs[%d]", i), out.Name, "is not a file name in the manifest's folder")
			continue
		}
		if _, err := os.Lstat(filepath.Join(dir, out.Name)); err == nil { // a missing output is reported as such
			if _, _, err := confine(dir, root, out.Name); err != nil {
				refuse(fmt.Sprintf("outputs[%d]", i), out.Name, err.Error())
			}
		}
	}
	// Environment: MEMBERFEE_ only.
	for _, k := range sortedKeys(rec.Environment) {
		v := rec.Environment[k]
		switch {
		case !envName.MatchString(k):
			refuse("environment", k, "verify applies only "+config.EnvPrefix+"_ variables (the config's overrides)")
		case len(v) > maxValue || strings.ContainsRune(v, 0):
			refuse("environment "+k, v, "is not a value a config key takes")
		default:
			p.env = append(p.env, k+"="+v)
		}
	}

	// The time the outputs say they were made, when SOURCE_DATE_EPOCH gave
	// it: the re-run gets it the same way (verify's own is never passed on).
	if rec.Generated != "" {
		t, err := time.Parse(time.RFC3339, rec.Generated)
		if err != nil {
			refuse("generated", rec.Generated, "is not a time written as 2025-11-26T10:00:00Z")
		} else {
			p.env = append(p.env, "SOURCE_DATE_EPOCH="+strconv.FormatInt(t.Unix(), 10))
		}
	}

	// The command line.
	args := rec.Args
	if len(args) == 0 {
		refuse("args", "", "records no command")
		return nil, refused
	}
	if len(args) > maxArgs {
		refuse("args", fmt.Sprint(len(args)), fmt.Sprintf("more than %d arguments", maxArgs))
		return nil, refused
	}
	p.sub = args[0]
	if !verifySubcommands[p.sub] {
		refuse("args[0]", p.sub, "verify re-runs only "+strings.Join(sortedKeys(verifySubcommands), ", "))
		return nil, refused
	}
	if rec.Command != "" && rec.Command != p.sub {
		refuse("command", rec.Command, fmt.Sprintf("differs from the subcommand of args, %s", quote(p.sub)))
	}
	cmd, _, err := newRootCmd(io.Discard, io.Discard).Find([]string{p.sub})
	if err != nil || cmd.Name() != p.sub {
		refuse("args[0]", p.sub, "is not a subcommand of this memberfee")
		return nil, refused
	}
	p.args = []string{p.sub}
	seen := map[string]bool{}
	for i := 1; i < len(args); i++ {
		a := args[i]
		what := fmt.Sprintf("args[%d]", i)
		if len(a) > maxValue || strings.ContainsRune(a, 0) {
			refuse(what, a, "is not an argument memberfee takes")
			continue
		}
		switch {
		case a == "--":
			refuse(what, a, "verify takes no arguments after --")
			return nil, refused
		case strings.HasPrefix(a, "--"):
			name, value, hasValue := strings.Cut(a[2:], "=")
			if why, ok := refusedFlags[name]; ok {
				refuse(what, a, why)
				if !hasValue && i+1 < len(args) && name != "pdf" && name != "help" {
					i++ // its value goes with it
				}
				continue
			}
			kind, ok := verifyFlags[name]
			if !ok {
				refuse(what, a, "is not a flag verify passes on (it passes "+flagList()+")")
				return nil, refused // what follows cannot be told apart: a value or a flag
			}
			f := cmd.Flags().Lookup(name)
			if f == nil {
				f = cmd.InheritedFlags().Lookup(name)
			}
			if f == nil {
				refuse(what, a, fmt.Sprintf("%s has no --%s", p.sub, name))
				return nil, refused
			}
			isBool := f.Value.Type() == "bool"
			if (kind == flagBool) != isBool {
				refuse(what, a, fmt.Sprintf("verify passes --%s on only as a switch", name))
				return nil, refused
			}
			if isBool {
				if !hasValue {
					value = "true"
				}
				if value != "true" && value != "false" {
					refuse(what, a, "a switch is true or false")
					continue
				}
			} else if !hasValue {
				if i+1 >= len(args) {
					refuse(what, a, "has no value")
					continue
				}
				i++
				value = args[i]
				if len(value) > maxValue || strings.ContainsRune(value, 0) {
					refuse(fmt.Sprintf("args[%d]", i), value, "is not a value memberfee takes")
					continue
				}
			}
			if strings.HasPrefix(value, "-") && kind != flagValue {
				refuse(what, value, "looks like a flag, not a value")
				continue
			}
			if strings.HasPrefix(value, "--") {
				refuse(what, value, "looks like a flag, not a value")
				continue
			}
			if seen[name] && f.Value.Type() != "stringSlice" {
				refuse(what, a, fmt.Sprintf("--%s is given twice", name))
				continue
			}
			seen[name] = true
			if kind == flagPath {
				j, ok := byPath[path.Clean(filepath.ToSlash(value))]
				if !ok || value == "" || filepath.IsAbs(value) || path.IsAbs(filepath.ToSlash(value)) {
					refuse(what, value, fmt.Sprintf("--%s may name only a file the manifest lists as an input, relative to its folder", name))
					continue
				}
				value = p.inputs[j].path
				if name == "config" {
					p.config = value
				}
			}
			p.args = append(p.args, "--"+name+"="+value)
		case strings.HasPrefix(a, "-"):
			refuse(what, a, "verify passes on flags only as --name or --name=value")
			return nil, refused
		default:
			if p.sub != "compare" {
				refuse(what, a, p.sub+" takes no arguments")
				continue
			}
			p.positional = append(p.positional, a)
		}
	}
	if _, ok := seen["config"]; !ok && len(refused) == 0 {
		refuse("args", strings.Join(args, " "), "names no --config")
	}
	if len(refused) > 0 {
		return nil, refused
	}
	return p, nil
}

func flagList() string {
	names := sortedKeys(verifyFlags)
	for i, n := range names {
		names[i] = "--" + n
	}
	return strings.Join(names, ", ")
}

// errOutside is an input outside the folder verify may read.
var errOutside = errors.New("lies outside the folder verify may read")

// confine resolves a path the manifest names, relative to its folder dir,
// and checks that it lies inside root, symlinks resolved too, and is a
// regular file. It returns the path with symlinks resolved and as named.
func confine(dir, root, name string) (real, abs string, err error) {
	slash := filepath.ToSlash(name)
	switch {
	case name == "":
		return "", "", errors.New("names no file")
	case filepath.IsAbs(name) || path.IsAbs(slash) || filepath.VolumeName(name) != "" || strings.HasPrefix(slash, "//"):
		return "", "", errors.New("is an absolute path: the manifest names its inputs relative to its folder")
	case strings.ContainsRune(name, 0):
		return "", "", errors.New("is not a path")
	}
	abs = filepath.Join(dir, filepath.FromSlash(slash))
	if !inside(root, abs) {
		return "", "", outsideError(root)
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", "", err
	}
	real, err = filepath.EvalSymlinks(abs)
	if err != nil {
		return "", "", errors.New("does not exist")
	}
	if !inside(realRoot, real) {
		return "", "", outsideErr(fmt.Sprintf("is a symlink that leads outside the folder verify may read, %s", root))
	}
	fi, err := os.Stat(real)
	if err != nil {
		return "", "", err
	}
	if !fi.Mode().IsRegular() {
		return "", "", errors.New("is not a regular file")
	}
	return real, abs, nil
}

// confineInput is confine for an input the manifest lists. An input that
// lies outside root (the example's config one folder above the output
// folder, say) is accepted only when it is still the very file the run read:
// a regular file of the recorded size and SHA-256. Reading it then tells
// nobody anything the manifest did not already hold, while a crafted entry
// that points at a file of the auditor's (/etc/shadow, ~/.ssh/id_ed25519)
// cannot know its fingerprint and is refused before anything parses it.
func confineInput(dir, root string, in manifest.File) (real, abs string, err error) {
	real, abs, err = confine(dir, root, in.Path)
	if !errors.Is(err, errOutside) {
		return real, abs, err
	}
	outside := err
	abs = filepath.Join(dir, filepath.FromSlash(filepath.ToSlash(in.Path)))
	real, err = filepath.EvalSymlinks(abs)
	if err != nil {
		return "", "", fmt.Errorf("%w, and it does not exist", outside)
	}
	fi, err := os.Stat(real)
	switch {
	case err != nil || !fi.Mode().IsRegular():
		return "", "", fmt.Errorf("%w, and it is not a regular file", outside)
	case fi.Size() != in.Size || !sameHash(real, in.SHA256, in.Size):
		return "", "", fmt.Errorf("%w, and it is not the file the run read (its size or SHA-256 differs)", outside)
	}
	return real, abs, nil
}

// sameHash reports whether the file at path has the SHA-256 want (hex) and
// the size the run recorded.
// It reads at most size bytes: a file under /proc says it holds 0 bytes
// and then never ends.
func sameHash(path, want string, size int64) bool {
	f, err := manifest.HashAtMost(path, size)
	return err == nil && f.Size == size && len(want) == 64 && strings.EqualFold(f.SHA256, want)
}

func outsideError(root string) error {
	return outsideErr(fmt.Sprintf("%v, %s (give verify --root with the folder the inputs were delivered in to widen it)", errOutside, root))
}

// outsideErr is a path outside the folder verify may read, said in full;
// it matches errOutside.
type outsideErr string

func (e outsideErr) Error() string        { return string(e) }
func (e outsideErr) Is(target error) bool { return target == errOutside }

// inside reports whether p lies in the folder root (both absolute, clean).
func inside(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && filepath.IsLocal(rel)
}
