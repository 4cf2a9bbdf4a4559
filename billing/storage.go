package billing

import (
	"strings"

	"github.com/shopspring/decimal"

	"memberfee/internal/dectext"
	"memberfee/internal/fixed"
	"memberfee/internal/msg"
)

// A user's storage months: the row that first had each month of the
// period (0 for none yet). A national year has a million user-months but
// only some 80 000 users, so the rows are kept per user, not per month.
type userMonths []int32

// StorageRater rates storage rows. It keeps the user-months it has seen (a
// second row for one is rejected): one rater rates one file, from one
// goroutine. What storage's rule works out once (the threshold, the texts)
// is the rater's too: the Rules it reads are read-only and shared.
type StorageRater struct {
	rules  *Rules
	months map[string]userMonths // user → the rows that first had each month
	num    []byte                // the buffer for a number's text

	overQuota   decimal.Decimal // quota + tolerance
	firstMonth  int             // the period's first month as year×12 + month
	withinQuota string          // the reason of an included user-month
	quotaText   string          // the end of a user-month's description
}

// NewStorage returns a rater of storage rows that has seen none.
func (r *Rules) NewStorage() *StorageRater {
	q := r.cfg.Storage
	return &StorageRater{rules: r, months: map[string]userMonths{},
		overQuota: q.QuotaGB.Add(q.ToleranceGB), firstMonth: r.From.Year()*12 + int(r.From.Month()),
		withinQuota: msg.Canon("storage.within", q.QuotaGB.String(), q.ToleranceGB.String()),
		// the catalogue's storage.used after its first value, appended to
		// the use's digits without a format per row (TestRuleTexts)
		quotaText: msg.Canon("storage.used", "", q.QuotaGB.String())}
}

// Rate rates one user-month; above quota + tolerance the use over the
// quota is billed per GB-month (clause 4.1).
func (r *StorageRater) Rate(row StorageRow) Line {
	id, rej := r.rules.check(Storage, row.Source, row.Member, row.Date, "date")
	if rej != nil {
		return *rej
	}
	if row.UsedGB.Sign() < 0 {
		return reject(Storage, row.Source, id, "used_gb", ErrNegativeUse, row.UsedGB)
	}
	months, ok := r.months[row.User]
	if !ok {
		months = make(userMonths, r.rules.Months)
		r.months[strings.Clone(row.User)] = months // not the whole CSV record behind it
	}
	month := row.Date.Year()*12 + int(row.Date.Month()) - r.firstMonth // in the period: checked above
	if first := months[month]; first != 0 {
		return reject(Storage, row.Source, id, "user", ErrSecondUserMonth, row.User, row.Date.Format("2006-01"), first)
	}
	months[month] = int32(row.Row)
	q := r.rules.cfg.Storage
	l := Line{Source: row.Source, Category: Storage, Member: id, Department: row.Department,
		Date: row.Date, Ref: row.User, Unit: "GB-månad", UnitPrice: r.rules.cfg.Prices.StorageGBMonth, Quantity: decimal.Zero, Amount: decimal.Zero}
	r.num = append(dectext.Append(r.num[:0], row.UsedGB), r.quotaText...)
	l.Description = string(r.num)
	if above(row.UsedGB, r.overQuota) {
		l.Quantity = row.UsedGB.Sub(q.QuotaGB)
		l.Amount = R2(l.Quantity.Mul(l.UnitPrice))
		l.Status = Charged
	} else {
		l.Status = Included
		l.Reason = r.withinQuota // one string for a million user-months
	}
	l.Clause = r.rules.cite(Storage, l.Status)
	return l
}

// above reports whether d > t, in int64 through internal/fixed where both
// fit (a million user-months against the same threshold) and as decimals
// otherwise.
func above(d, t decimal.Decimal) bool {
	if x, ok := fixed.Of(d); ok {
		if y, ok := fixed.Of(t); ok {
			return fixed.Cmp(x, y) > 0
		}
	}
	return d.GreaterThan(t)
}

// storageExact is a storage line's: the GB over the quota × the GB-month price, before rounding.
func storageExact(l *Line) Exact { return Exact{Base: Product(l.Quantity, l.UnitPrice), Per60: zero} }

// storageFormula is the amount's formula over the quantity and unit price
// cells.
func storageFormula(q, p, _ string, places int) string { return preRounded(q+"*"+p, places) }
