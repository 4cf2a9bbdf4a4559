// Package policy holds the policy the engine applies as data: its clauses
// (punkter) with their sentences, the responsibility matrix
// (gränsdragningslista), the clause each chargeable category cites and the
// names the outputs quote. The built-in default is Sydnärke's policy of
// May 2023, embedded as the YAML file sydnarke-2023.yaml, so that the
// default and what `memberfee policy export` writes are the same bytes;
// Parse reads another board's policy of the same shape and checks it,
// every problem with its YAML path and line (docs/policy.md).
package policy
