// Package allocation computes the annual member fee (medlemsbidrag) of a joint
// IT board (gemensam IT-nämnd): indexation of last year's total, additions
// (utökat medlemsbidrag) with their capital and operating cost, transfers
// (ramväxling) of costs to the municipalities, the volume principle, the split
// of the pool by the allocation key with the largest-remainder method, and the
// installments.
//
// The package is pure computation: it reads no files, looks at no clock and
// keeps no globals. Every amount and rate is a decimal.Decimal, or Money for
// the figures rounded to whole units (a member's allocated amount, fee …,
// kept as the count of units until a report asks for the decimal); quotients that
// need not terminate (a key share, an investment spread over three years) are
// kept exact (math/big: a key share or quota as an integer over a
// denominator shared by all members, which spares a GCD per member and step;
// MemberFee.Share and Part.Quota give them as big.Rat) and rounded only at
// the points the specification names, half away from zero, to the rounding
// unit:
//
//	factor       = 1 + Σ share_c × rate_c
//	indexed_base = R(previous_total × factor)
//	pool         = R(indexed_base + Σ common additions − Σ transfers)
//	allocated_i  = largest-remainder split of pool by key share, in whole units
//	fee_i        = allocated_i + R(member additions_i) + R(volume_i)
//
// Compute takes an Input (the shape of the config file) and returns a Result
// holding every intermediate figure, so that a report can show the working;
// the figures that follow from others (installments, a transfer's net
// effect, the change from last year, a volume row's change) are methods that
// work them out when asked. A Result is built in about half a millisecond
// for 290 members, so that scenarios can be re-run by the thousand
// (BenchmarkScenarios290).
// ComputeBridge explains a change from last year: the fee bridge, six
// steps (base, key, common and member additions, transfers, volume), each
// the difference of two full allocations of hybrid inputs, so that every
// member's steps sum exactly to its change (about 2.4 ms for 290 members,
// BenchmarkBridge290).
//
// Input.Validate lists every problem of an input at once, each a *field.Error
// (memberfee/internal/field)
// naming the key path and the offending value.
package allocation
