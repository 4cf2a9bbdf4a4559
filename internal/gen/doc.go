// Package gen writes chargeback input files as the municipalities' systems
// export them: deterministic from a seed, in Swedish number formats, with a
// few rows that must be rejected. It makes the shipped example's data and
// the workloads of the benchmarks.
package gen
