package billing

import (
	"errors"
	"fmt"
)

// Reason is why a row is rejected: a sentinel matched with errors.Is
// (errors.Is(line.Err(), billing.ErrUnknownMember)). Its texts, in English
// and Swedish, are formats whose verbs the rejection's values fill; the
// outputs write the English text, as they always have.
type Reason struct {
	name   string // the sentinel's own text
	en, sv string
}

// The reasons a row is rejected, with their texts: the one catalogue.
var (
	ErrUnknownMember = &Reason{"unknown member",
		"%s is not a member of the board",
		"%s är inte medlem i nämnden"}
	ErrOutsidePeriod = &Reason{"outside the period",
		"%s is outside the period %s – %s",
		"%s ligger utanför perioden %s – %s"}
	// ErrIssuedPeriod is why a row is outside, not rejected: its day is in
	// a period already issued, with the document that covers it.
	ErrIssuedPeriod = &Reason{"in an issued period",
		"%s is in the period %s, already issued (%s)",
		"%s ligger i perioden %s, redan utfärdad (%s)"}
	ErrNotPrinterEvent = &Reason{"not a printer event",
		"%s is not a printer event (purchase, replacement, expansion, installation, connection, monitoring)",
		"%s är ingen skrivarhändelse (inköp, utbyte, utökning, installation, inkoppling, övervakning)"}
	ErrNegativeUse = &Reason{"negative use",
		"a use of %s GB is negative",
		"en användning på %s GB är negativ"}
	ErrSecondUserMonth = &Reason{"second row for a user-month",
		"a second row for user %s in %s (the first is row %d)",
		"en andra rad för användaren %s i %s (den första är rad %d)"}
	ErrEndNotAfterStart = &Reason{"end not after start",
		"end is not after start",
		"slutet ligger inte efter starten"}
	ErrUnknownClause = &Reason{"unknown clause",
		"%s is not a clause of the policy",
		"%s är ingen punkt i policyn"}
	ErrNoHoursNorAmount = &Reason{"no hours nor amount",
		"neither hours nor an amount is given",
		"varken timmar eller belopp anges"}
	ErrUnknownLicenceType = &Reason{"unknown licence type",
		"%s is not a licence type (%s)",
		"%s är ingen licenstyp (%s)"}
)

// Reasons lists the catalogue, for a test that every reason has both texts.
var Reasons = []*Reason{ErrUnknownMember, ErrOutsidePeriod, ErrIssuedPeriod, ErrNotPrinterEvent, ErrNegativeUse,
	ErrSecondUserMonth, ErrEndNotAfterStart, ErrUnknownClause, ErrNoHoursNorAmount, ErrUnknownLicenceType}

func (r *Reason) Error() string { return "billing: " + r.name }

// English is the reason's English text with its values.
func (r *Reason) English(values ...any) string { return text(r.en, values) }

// Swedish is the reason's Swedish text with its values.
func (r *Reason) Swedish(values ...any) string { return text(r.sv, values) }

func text(format string, values []any) string {
	if len(values) == 0 {
		return format
	}
	return fmt.Sprintf(format, values...)
}

// rejection is a rejected line's reason as an error: its text, matched to
// its sentinel by errors.Is.
type rejection struct {
	why  *Reason
	text string
}

func (e rejection) Error() string { return e.text }
func (e rejection) Unwrap() error { return e.why }

// Err is why the line is rejected, an error whose text is the line's
// reason and which errors.Is matches to its sentinel (ErrUnknownMember …);
// nil for a line that is not rejected, and one rejected where a file was
// read (a cell that is not a number), which has no sentinel here.
func (l *Line) Err() error {
	if l.Status != Rejected {
		return nil
	}
	if l.Why == nil {
		return errors.New(l.Reason)
	}
	return rejection{l.Why, l.Reason}
}

// reject makes the rejected line of an input row of member (as the row
// names it), for why, in English, with its values.
func reject(c Category, src Source, member, column string, why *Reason, values ...any) Line {
	l := Reject(c, src, column, why.English(values...))
	l.Member, l.Why = member, why
	return l
}
