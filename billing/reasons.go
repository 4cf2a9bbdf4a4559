package billing

import (
	"errors"
	"fmt"
	"time"
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
	ErrAmbiguousMember = &Reason{"ambiguous member",
		"%s could be more than one member (%s): write the member's code",
		"%s kan vara mer än en medlem (%s): skriv medlemmens kod"}
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

// The reasons a row is rejected where its file is read, before a rule sees
// it: a cell that cannot be read (chargeback gives each the reader's
// sentinel it stands for). The English text is the reader's sentinel's; a
// line keeps the reader's whole message (ReadReject), as the outputs
// always wrote it: the value, then this text, then any detail.
var (
	ErrNotNumber = &Reason{"not a number",
		"is not a number",
		"är inte ett tal"}
	ErrAmbiguousNumber = &Reason{"ambiguous number",
		"is ambiguous",
		"är tvetydigt"}
	ErrNotDate = &Reason{"not a date",
		"is not a date written as 2025-03-31",
		"är inget datum skrivet som 2025-03-31"}
	ErrNotTime = &Reason{"not a time",
		"is not a time written as 2025-03-31 18:15",
		"är ingen tidpunkt skriven som 2025-03-31 18:15"}
	ErrNoSuchTime = &Reason{"a time the clocks skipped",
		"does not exist in local time",
		"finns inte i lokal tid"}
	ErrEmptyCell = &Reason{"empty cell",
		"is empty",
		"är tom"}
	ErrNotYesNo = &Reason{"not yes or no",
		"is not yes or no (ja/nej)",
		"är varken ja eller nej (yes/no)"}
	ErrNegativeCount = &Reason{"negative count",
		"is negative",
		"är negativt"}
	ErrExtraFields = &Reason{"more fields than the header",
		"has more fields than the header",
		"har fler fält än rubrikraden"}
	ErrBrokenQuote = &Reason{"broken quote",
		"has a broken quote",
		"har ett trasigt citattecken"}
	ErrCellTooLarge = &Reason{"cell too large",
		"is too large",
		"är för stor"}
	ErrNotText = &Reason{"not text in the file's encoding",
		"is not text in the file's encoding",
		"är inte text i filens teckenkodning"}
	ErrDamagedCell = &Reason{"damaged cell",
		"is damaged",
		"är skadad"}
	ErrNoSharedString = &Reason{"no such shared string",
		"refers to a shared string that does not exist",
		"hänvisar till en delad sträng som inte finns"}
	ErrUnreadable = &Reason{"unreadable cell", // a reader's reason not named above
		"cannot be read",
		"kan inte läsas"}
)

// Reasons lists the catalogue, for a test that every reason has both texts.
var Reasons = []*Reason{ErrUnknownMember, ErrAmbiguousMember, ErrOutsidePeriod, ErrIssuedPeriod, ErrNotPrinterEvent, ErrNegativeUse,
	ErrSecondUserMonth, ErrEndNotAfterStart, ErrUnknownClause, ErrNoHoursNorAmount, ErrUnknownLicenceType,
	ErrNotNumber, ErrAmbiguousNumber, ErrNotDate, ErrNotTime, ErrNoSuchTime, ErrEmptyCell, ErrNotYesNo,
	ErrNegativeCount, ErrExtraFields, ErrBrokenQuote, ErrCellTooLarge, ErrNotText, ErrDamagedCell,
	ErrNoSharedString, ErrUnreadable}

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
// reason and which errors.Is matches to its sentinel (ErrUnknownMember,
// ErrNotNumber …); nil for a line that is not rejected. A line made by
// Reject alone has its text and no sentinel.
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

// ReadReject is the rejected line of a row with a cell in column that
// cannot be read, for why, with the reader's text (the value, the reason
// and its detail).
func ReadReject(c Category, src Source, column string, why *Reason, text string) Line {
	l := Reject(c, src, column, text)
	l.Why = why
	return l
}

// Unreadable is the line of a row with a cell in column that cannot be
// read (why and text as ReadReject's) whose member and day could be read
// all the same (member "" and day zero where they could not be): outside
// when its day is (in an issued period, or with skip outside the period),
// its unreadable cell being its own period's to reject; rejected
// otherwise, naming its member (an id where it is one) and day, so that
// it is on its member's document. A row without a day is rejected in
// every period.
func (r *Rules) Unreadable(c Category, src Source, member string, day time.Time, column string, why *Reason, text string) Line {
	if r.skip || len(r.covered) > 0 {
		if l, ok := r.outside(c, src, member, day); ok {
			return l
		}
	}
	l := ReadReject(c, src, column, why, text)
	if id, ok := r.member(member); ok {
		member = id
	}
	l.Member, l.Date = member, day
	return l
}
