// Package billing rates what the member fee does not cover (debitering):
// equipment, printers, storage over quota, support outside office hours,
// Microsoft 365 licences beyond the allotment and services outside the fee,
// each line citing the clause of the policy that makes it chargeable.
//
// Like package allocation it is pure computation: no files, no clock, no
// globals. This file set holds the configuration shape of the chargeback side
// (the `billing:` section of the config file).
package billing
