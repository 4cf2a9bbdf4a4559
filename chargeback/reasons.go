package chargeback

import (
	"errors"
	"fmt"
	"time"

	"memberfee/billing"
	"memberfee/input"
	"memberfee/internal/quote"
)

// errNegativeCount is the reason a licence count is not read.
var errNegativeCount = errors.New("is negative")

// readReasons gives each reason a reader rejects a cell for its sentinel
// in billing's catalogue.
var readReasons = []struct {
	err error
	why *billing.Reason
}{
	{input.ErrNumber, billing.ErrNotNumber}, {input.ErrAmbiguous, billing.ErrAmbiguousNumber},
	{input.ErrDate, billing.ErrNotDate}, {input.ErrTimestamp, billing.ErrNotTime},
	{input.ErrNoSuchTime, billing.ErrNoSuchTime}, {input.ErrMissing, billing.ErrEmptyCell},
	{input.ErrYesNo, billing.ErrNotYesNo}, {errNegativeCount, billing.ErrNegativeCount},
	{input.ErrFields, billing.ErrExtraFields}, {input.ErrQuote, billing.ErrBrokenQuote},
	{input.ErrTooLarge, billing.ErrCellTooLarge}, {input.ErrEncoding, billing.ErrNotText},
	{input.ErrSize, billing.ErrNotSize}, {input.ErrDuration, billing.ErrNotDuration},
	{input.ErrDurationNotPositive, billing.ErrDurationNotPositive},
	{input.ErrDurationTooLong, billing.ErrDurationTooLong}, {input.ErrSizeTooLarge, billing.ErrSizeTooLarge},
	{input.ErrDamaged, billing.ErrDamagedCell}, {input.ErrShared, billing.ErrNoSharedString},
}

// rejectCell is the line of a row with a cell that cannot be read: the
// reader's text (the value and the reason) and the reason's sentinel in
// billing's catalogue, with the row's member and day where they could be
// read ("" and zero otherwise): outside when its day is, rejected naming
// them otherwise (billing.Rules.Unreadable).
func rejectCell(rules *billing.Rules, c billing.Category, src billing.Source, member string, day time.Time, ce *input.CellError) billing.Line {
	text := ce.Err.Error()
	if ce.Value != "" {
		text = fmt.Sprintf("%s %v", quote.Value(ce.Value), ce.Err)
	}
	why := billing.ErrUnreadable
	for _, r := range readReasons {
		if errors.Is(ce.Err, r.err) {
			why = r.why
			break
		}
	}
	return rules.Unreadable(c, src, member, day, ce.Column, why, text)
}
