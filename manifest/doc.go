// Package manifest records what a run read and wrote, so that it can be
// proved later: the engine version, the command and its flags, the
// resolved config (after environment overrides), the SHA-256 and size of
// every input and output file, the row counts and the totals. One
// manifest.json per output folder holds a run per primary output (the
// allocation of 2025, the chargeback of a period …); a later run of the same
// output replaces its entry.
package manifest
