// Package billing rates what the member fee does not cover (debitering):
// equipment, printers, storage over quota, support outside office hours,
// Microsoft 365 licences beyond the allotment and services outside the fee,
// each line citing the clause of the policy that makes it chargeable.
//
// Each category has a room of its own: equipment.go, printers.go,
// storage.go, support.go, licences.go and services.go hold the category's
// rule, its exact amount (Category.Exact) and the formula a sheet writes
// for it (Category.Formula), so a sheet asks the category and holds no
// rule; each has a test that recalculates its formula in LibreOffice
// against the rule's amount. rules.go has what every category shares (the
// period, the member lookup, the dated rows' checks), outside.go the rows
// of another period (billing.outside_period: skip, and the periods already
// issued, Covered, whose rows are outside whatever it says), line.go the Line and
// its Status, exact.go the exact figures, and reasons.go the one catalogue
// of rejection reasons: sentinels (ErrUnknownMember …) matched with
// errors.Is on Line.Err, each with its English and Swedish text.
//
// Like package allocation it is pure computation: no files, no clock, no
// globals. config.go holds the configuration shape of the chargeback side
// (the `billing:` section of the config file), its defaults (office hours,
// licence types) and Config.Validate, which lists every problem of the
// section as a *field.Error (memberfee/internal/field) naming its key, as
// allocation.Input.Validate does for the fee calculation. NewRules reads
// the office hours with Validate's own parse, so a section that validates
// does not fail there.
package billing
