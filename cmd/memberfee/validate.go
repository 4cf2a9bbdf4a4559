package main

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"memberfee/allocation"
	"memberfee/billing"
	"memberfee/chargeback"
	"memberfee/clients"
	"memberfee/config"
	"memberfee/input"
)

func newValidateCmd() *cobra.Command {
	var path string
	cmd := &cobra.Command{
		Use:   "validate --config FILE",
		Short: "Check the config and every input file; print every problem, exit 1 if any",
		Long: `validate reads the config and every input file it names, as allocate and
bill would, and prints every problem found, grouped by file: keys of the
config with their path and value, input files that cannot be read, and
input rows that would be rejected, with row, column and reason.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runValidate(path, cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&path, "config", "", "the config file (YAML)")
	_ = cmd.MarkFlagRequired("config")
	return cmd
}

func runValidate(path string, stdout io.Writer) error {
	c, err := loadValid(path)
	if err != nil {
		return err
	}
	if errs := c.CheckFiles(); len(errs) > 0 {
		return &inputError{summary: fmt.Sprintf("config %s names %s that cannot be read:", path, plural(len(errs), "input file")), problems: errs}
	}
	// A config can pass every check of its own and still give a negative
	// pool: run the calculation too.
	if _, err := allocation.Compute(&c.Input); err != nil {
		return &inputError{summary: fmt.Sprintf("config %s has 1 problem:", path), problems: []error{err}}
	}
	problems, res, err := validateInputs(c)
	if err != nil {
		return err
	}
	if res != nil {
		if err := printColumns(stdout, res); err != nil {
			return err
		}
	}
	problems = append(problems, validateRegister(c)...)
	if len(problems) > 0 {
		return &inputError{summary: fmt.Sprintf("%s in the input files:", plural(len(problems), "problem")), problems: problems}
	}
	_, err = fmt.Fprintf(stdout, "config %s and its input files: no problems found\n", path)
	return err
}

// fileProblem is a problem of one input file, printed under the file's name.
type fileProblem struct {
	file string
	msg  string
}

func (p fileProblem) Error() string { return p.file + ": " + p.msg }

// validateInputs reads every input file of the billing period, as bill
// would, and returns the files that cannot be read and the rows that would
// be rejected, ordered by file and row.
func validateInputs(c *config.Config) ([]error, *chargeback.Result, error) {
	in := c.Billing.Inputs
	if in == (config.Config{}).Billing.Inputs {
		return nil, nil, nil
	}
	from, to, err := chargeback.Period(c.Billing.Period, "", "")
	if err != nil {
		return []error{err}, nil, nil
	}
	res, err := chargeback.Run(c.Billing, c.BillingMembers(), c.Resolve, from, to, chargeback.Options{Tally: true})
	if err != nil {
		var fe chargeback.FileErrors
		if errors.As(err, &fe) {
			return fe, nil, nil
		}
		return nil, nil, err
	}
	rejected := res.Summary.Rejected
	sort.SliceStable(rejected, func(i, j int) bool {
		if rejected[i].File != rejected[j].File {
			return rejected[i].File < rejected[j].File
		}
		return rejected[i].Row < rejected[j].Row
	})
	var out []error
	for _, l := range rejected {
		out = append(out, fileProblem{l.File, fmt.Sprintf("row %d column %s: %s", l.Row, l.Column, l.Reason)})
	}
	return out, res, nil
}

// printColumns shows, per input, the column each field was read from and
// where its name came from (a built-in name, or billing.columns), so that a
// new export is wired in by reading one screen.
func printColumns(w io.Writer, res *chargeback.Result) error {
	var b strings.Builder
	b.WriteString("columns read (field ← header in the file, from where):\n")
	for _, f := range res.Files {
		fmt.Fprintf(&b, "  %s: %s, %s\n", f.Category, f.Read, plural(f.Rows, "row"))
		width := 0
		for _, c := range f.Columns {
			width = max(width, utf8.RuneCountInString(c.Field))
		}
		for _, c := range f.Columns {
			from := "built-in name"
			if c.Configured {
				from = "billing.columns." + string(f.Category) + "." + c.Field
			}
			fmt.Fprintf(&b, "    %-*s ← %q (column %d, %s)\n", width, c.Field, c.Header, c.Index+1, from)
		}
		if f.Category == billing.Licences && res.Summary.LicenceUsers != nil && !slices.ContainsFunc(f.Columns, func(c input.Column) bool { return c.Field == "member" }) {
			fmt.Fprintf(&b, "    %-*s ← the user's domain (billing.licences.member_by_domain)\n", width, "member")
		}
	}
	if u := res.Summary.LicenceUsers; u != nil {
		fmt.Fprintf(&b, "licence user list: %s", plural(u.Users, "user"))
		var types []string
		for _, t := range billing.LicenceTypes {
			if n := u.PerType[t]; n > 0 {
				types = append(types, fmt.Sprintf("%s %d", t, n))
			}
		}
		if len(types) > 0 {
			fmt.Fprintf(&b, "; licences billed as %s", strings.Join(types, ", "))
		}
		b.WriteString("\n")
		if len(u.Unbilled) > 0 {
			fmt.Fprintf(&b, "  names not in billing.licences.names (not billed): %s\n", u.UnbilledText())
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// validateRegister reads the client register, as `clients` would, and
// returns the rows it would reject.
func validateRegister(c *config.Config) []error {
	if c.Clients.Register == "" {
		return nil
	}
	devices, rejected, err := readRegister(c)
	if err != nil {
		return []error{err}
	}
	ids := make([]string, len(c.Members))
	for i, m := range c.Members {
		ids[i] = m.ID
	}
	res := clients.Compute(devices, ids, c.Clients.Types, c.Clients.InterestRate, c.Year)
	var out []error
	for _, r := range append(rejected, res.Rejected...) {
		out = append(out, fileProblem{r.File, fmt.Sprintf("row %d column %s: %s", r.Row, r.Column, r.Reason)})
	}
	return out
}
