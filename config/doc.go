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
// Bad config is refused, not defaulted. Load reads only a regular file (a
// named pipe or a device is refused unread) of at most MaxSize bytes, and
// refuses YAML nested deeper than MaxDepth, a section of more than MaxKeys
// keys, or more than MaxValues values counting aliases, before viper parses
// it. rounding_unit and installments written as 0 are errors (left out,
// they are 1 krona and 12); a whole number beyond MaxWhole and a decimal of
// more than 15 significant digits, more than 15 decimals or 10^12 or more
// in size are errors naming the key. Messages quote at most 80 characters
// of a value (memberfee/internal/quote).
//
// Unknown keys are an error naming the key. Load reports the problems of
// decoding; Config.Validate lists every problem of the content at once, each
// naming its key path and value (members[2].population: -5 is negative).
package config
