// Package fixed is the one checked fixed-point arithmetic of memberfee: exact
// decimals c × 10^e with c an int64 (a Num), added, multiplied, compared,
// divided and rounded (half away from zero, as shopspring/decimal's Round) in
// int64 and 128-bit working, without an allocation.
//
// Every operation that can overflow returns ok = false instead of a wrong
// figure: then, and only then, the caller works the same operation with
// shopspring/decimal on the operands as decimals (Num.Decimal), or, for a
// quotient of big integers, with RoundQuo. That is the one slow path; Of is
// the one "does it fit" guard, and no package keeps its own. A result that is
// ok equals shopspring/decimal's, value and exponent (the property test holds
// it to that).
package fixed
