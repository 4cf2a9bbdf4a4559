package billing

import (
	"errors"
	"fmt"
	"time"

	"memberfee/internal/msg"
)

// Reason is why a row is rejected: a sentinel matched with errors.Is
// (errors.Is(line.Err(), billing.ErrUnknownMember)). Its texts are the
// catalogue's (internal/msg, by key): the line keeps the canonical English,
// as the outputs always wrote it, and the workbooks render it in their
// language.
type Reason struct {
	name string // the sentinel's own text
	key  string // its text in the catalogue, internal/msg
}

// The reasons a row is rejected: their texts are the catalogue's.
var (
	ErrUnknownMember   = &Reason{"unknown member", "unknown_member"}
	ErrAmbiguousMember = &Reason{"ambiguous member", "ambiguous_member"}
	ErrOutsidePeriod   = &Reason{"outside the period", "outside_period"}
	// ErrIssuedPeriod is why a row is outside, not rejected: its day is in
	// a period already issued, with the document that covers it.
	ErrIssuedPeriod       = &Reason{"in an issued period", "issued_period"}
	ErrNotPrinterEvent    = &Reason{"not a printer event", "not_printer_event"}
	ErrNegativeUse        = &Reason{"negative use", "negative_use"}
	ErrSecondUserMonth    = &Reason{"second row for a user-month", "second_user_month"}
	ErrEndNotAfterStart   = &Reason{"end not after start", "end_not_after_start"}
	ErrUnknownClause      = &Reason{"unknown clause", "unknown_clause"}
	ErrNoHoursNorAmount   = &Reason{"no hours nor amount", "no_hours_nor_amount"}
	ErrUnknownLicenceType = &Reason{"unknown licence type", "unknown_licence_type"}
	// A user list's (billing.licences.from: users): a user listed a second
	// time, a domain that maps to no member.
	ErrUserTwice     = &Reason{"user listed twice", "user_twice"}
	ErrUnknownDomain = &Reason{"domain of no member", "unknown_domain"}
)

// The reasons a row is rejected where its file is read, before a rule sees
// it: a cell that cannot be read (chargeback gives each the reader's
// sentinel it stands for). The English text is the reader's sentinel's; a
// line keeps the reader's whole message (ReadReject), as the outputs
// always wrote it: the value, then this text, then any detail.
var (
	ErrNotNumber       = &Reason{"not a number", "not_number"}
	ErrAmbiguousNumber = &Reason{"ambiguous number", "ambiguous_number"}
	ErrNotDate         = &Reason{"not a date", "not_date"}
	ErrNotTime         = &Reason{"not a time", "not_time"}
	ErrNoSuchTime      = &Reason{"a time the clocks skipped", "no_such_time"}
	ErrEmptyCell       = &Reason{"empty cell", "empty_cell"}
	ErrNotYesNo        = &Reason{"not yes or no", "not_yes_no"}
	ErrNegativeCount   = &Reason{"negative count", "negative_count"}
	ErrExtraFields     = &Reason{"more fields than the header", "extra_fields"}
	ErrBrokenQuote     = &Reason{"broken quote", "broken_quote"}
	ErrCellTooLarge    = &Reason{"cell too large", "cell_too_large"}
	ErrNotText         = &Reason{"not text in the file's encoding", "not_text"}
	ErrDamagedCell     = &Reason{"damaged cell", "damaged_cell"}
	ErrNoSharedString  = &Reason{"no such shared string", "no_shared_string"}
	ErrNotSize         = &Reason{"not a storage size", "not_size"}
	ErrNotDuration     = &Reason{"not a duration", "not_duration"}
	// ErrDurationNotPositive: a ticket's duration of zero or less.
	ErrDurationNotPositive = &Reason{"duration not positive", "duration_not_positive"}
	// ErrDurationTooLong: a ticket's duration of more than 366 days.
	ErrDurationTooLong = &Reason{"duration too long", "duration_too_long"}
	// ErrSizeTooLarge: a storage size of more than a billion GB.
	ErrSizeTooLarge = &Reason{"size too large", "size_too_large"}
	ErrUnreadable   = &Reason{"unreadable cell", "unreadable"} // a reader's reason not named above
)

// Reasons lists the sentinels, for a test that every one has its texts.
var Reasons = []*Reason{ErrUnknownMember, ErrAmbiguousMember, ErrOutsidePeriod, ErrIssuedPeriod, ErrNotPrinterEvent, ErrNegativeUse,
	ErrSecondUserMonth, ErrEndNotAfterStart, ErrUnknownClause, ErrNoHoursNorAmount, ErrUnknownLicenceType, ErrUserTwice, ErrUnknownDomain,
	ErrNotNumber, ErrAmbiguousNumber, ErrNotDate, ErrNotTime, ErrNoSuchTime, ErrEmptyCell, ErrNotYesNo,
	ErrNegativeCount, ErrExtraFields, ErrBrokenQuote, ErrCellTooLarge, ErrNotText, ErrDamagedCell,
	ErrNoSharedString, ErrNotSize, ErrNotDuration, ErrDurationNotPositive, ErrDurationTooLong, ErrSizeTooLarge, ErrUnreadable}

func (r *Reason) Error() string { return "billing: " + r.name }

// Key is the reason's key in the catalogue (internal/msg): the JSON's
// reason_code.
func (r *Reason) Key() string { return r.key }

// English is the reason's canonical English text with its values: the text
// a line keeps.
func (r *Reason) English(values ...any) string { return msg.Canon(r.key, texts(values)...) }

// Swedish is the reason's Swedish text with its values.
func (r *Reason) Swedish(values ...any) string { return msg.In("sv", r.key, texts(values)...) }

// texts are values as a text's canonical values: a decimal's String, a
// number's digits, a string as it is.
func texts(values []any) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = fmt.Sprint(v)
	}
	return out
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
