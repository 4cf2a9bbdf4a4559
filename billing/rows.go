package billing

import (
	"time"

	"github.com/shopspring/decimal"
)

// The input rows of each category, as read from the files. Dates are days
// (midnight UTC); a ticket's start and end are instants.

// EquipmentRow is special or workplace equipment bought for a department.
type EquipmentRow struct {
	Source
	Date                            time.Time
	Member, Department, Description string
	Quantity, UnitPrice             decimal.Decimal
}

// PrinterRow is a printer event: purchase, replacement, expansion (billed) or
// installation, connection, monitoring (in the fee).
type PrinterRow struct {
	Source
	Date                                   time.Time
	Member, Department, Description, Event string
	Amount                                 decimal.Decimal
}

// StorageRow is one user's use of the personal folder in one month.
type StorageRow struct {
	Source
	Date                     time.Time
	User, Member, Department string
	UsedGB                   decimal.Decimal
}

// SupportRow is a support ticket. StartGuessed and EndGuessed say that the
// time, written without an offset in the hour that occurs twice, was read
// as its first occurrence (see input.ParseTimestamp): the line notes it.
// EndComputed says that the end is the start plus a duration (no end was
// written): its note says so, and it is guessed when the start is.
type SupportRow struct {
	Source
	Ticket, Member, Department, System string
	Start, End                         time.Time
	StartGuessed, EndGuessed           bool
	EndComputed                        bool
	CallOut                            bool
}

// LicenceRow is a count of Microsoft 365 licences of one type in a department.
type LicenceRow struct {
	Source
	Member, Department, Type string
	Count                    decimal.Decimal
}

// ServiceRow is a service outside the fee: hours at a rate, or an amount.
type ServiceRow struct {
	Source
	Date                                    time.Time
	Member, Department, Clause, Description string
	Hours, Rate, Amount                     decimal.NullDecimal
}
