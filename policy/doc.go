// Package policy holds the policy the engine applies, "Vad ingår i
// Sydnärkekommunernas medlemsbidrag till IT-nämnden" (May 2023), as data:
// its clauses (punkter), which every chargeable figure cites.
package policy
