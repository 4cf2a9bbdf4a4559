// Package config reads and checks the memberfee config file: one YAML file
// read with a local viper instance, with environment overrides under the
// prefix MEMBERFEE_ (MEMBERFEE_FEE_PREVIOUS_TOTAL sets fee.previous_total).
//
// Every amount and rate is decoded exactly into a decimal.Decimal: a quoted
// string is taken as written; a YAML number reaches the decoder as a float64
// and is converted by its shortest representation, which is exact for up to
// 15 significant digits (0.1, 1234567.89 and 99999999999.99 come out as
// written). Larger figures must be quoted.
//
// Unknown keys are an error naming the key. Load reports the problems of
// decoding; Config.Validate lists every problem of the content at once, each
// naming its key path and value (members[2].population: -5 is negative).
package config
