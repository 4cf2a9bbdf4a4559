// Package billing rates what the member fee does not cover (debitering):
// equipment, printers, storage over quota, support outside office hours,
// Microsoft 365 licences beyond the allotment and services outside the fee,
// each line citing the clause of the policy that makes it chargeable.
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
