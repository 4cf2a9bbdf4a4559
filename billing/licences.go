package billing

import (
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"memberfee/internal/msg"
	"memberfee/internal/quote"
)

// Licences rates the licence counts (clause 1.2): per member and type the
// rows' counts are summed, and an excess over the allotment that is more
// than negligible × allotment is billed per licence-month for the months of
// the period (LicenceMonths: not those an issued period starting earlier
// touches, which billed them; with none left, nothing is billed). It returns the rows' lines (charged when their member and
// type have a charged excess, included otherwise, or rejected) and the
// derived excess lines, ordered by member and type.
func (r *Rules) Licences(rows []LicenceRow) (lines, excess []Line) {
	counts := map[licenceKey]decimal.Decimal{}
	lines = make([]Line, len(rows))
	for i, row := range rows {
		id, rej := r.memberOf(Licences, row.Source, row.Member)
		typ := strings.ToUpper(strings.TrimSpace(row.Type))
		switch {
		case rej != nil:
			lines[i] = *rej
			continue
		case !IsLicenceType(typ):
			lines[i] = reject(Licences, row.Source, id, "type", ErrUnknownLicenceType, quote.Value(row.Type), licenceTypeList)
			continue
		}
		k := licenceKey{id, typ}
		counts[k] = counts[k].Add(row.Count)
		lines[i] = Line{Source: row.Source, Category: Licences, Member: id, Department: row.Department, Clause: r.cite(Licences, Included),
			Ref: typ, Quantity: row.Count, Unit: "licenser", Amount: decimal.Zero, UnitPrice: decimal.Zero}
	}
	excess, charged := r.licenceExcess(counts)
	for i := range lines {
		if lines[i].Status == Rejected {
			continue
		}
		k := licenceKey{lines[i].Member, lines[i].Ref}
		lines[i].Status, lines[i].Clause, lines[i].Reason = r.licenceOutcome(k, charged[k])
	}
	return lines, excess
}

// licenceKey is a member's licences of a type.
type licenceKey struct{ member, typ string }

// licenceExcess is clause 1.2's rule over the counts per member and type:
// the derived excess lines, ordered by member and type, and which counts'
// excess is charged.
func (r *Rules) licenceExcess(counts map[licenceKey]decimal.Decimal) (excess []Line, charged map[licenceKey]bool) {
	keys := make([]licenceKey, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].member != keys[j].member {
			return keys[i].member < keys[j].member
		}
		return keys[i].typ < keys[j].typ
	})
	charged = map[licenceKey]bool{}
	months := decimal.NewFromInt(int64(r.LicenceMonths))
	for _, k := range keys {
		if r.LicenceMonths == 0 {
			break // every month of the period is issued
		}
		ex, allot, billed := r.excess(k.member, k.typ, counts[k])
		if !billed {
			continue
		}
		price := r.price(k.typ)
		charged[k] = true
		excess = append(excess, Line{Category: Licences, Member: k.member, Clause: r.cite(Licences, Charged), Ref: k.typ, Derived: true,
			Description: msg.Canon("licences.excess_line", k.typ, counts[k].String(), allot.String(), ex.String(), strconv.Itoa(r.LicenceMonths)),
			Quantity:    ex.Mul(months), Unit: "licensmånader", UnitPrice: price, Extra: allot,
			Amount: R2(ex.Mul(price).Mul(months)), Status: Charged})
	}
	return excess, charged
}

// licenceOutcome is a licence row's status, clause and reason: charged
// with its member's excess of the type, included otherwise.
func (r *Rules) licenceOutcome(k licenceKey, charged bool) (Status, string, string) {
	switch {
	case charged:
		return Charged, r.cite(Licences, Charged), msg.Canon("licences.excess", k.typ)
	case r.LicenceMonths == 0:
		return Included, r.cite(Licences, Included), msg.Canon("licences.issued")
	}
	return Included, r.cite(Licences, Included), msg.Canon("licences.within")
}

// excess is a member's licence excess of a type for its count, its
// allotment, and whether it is billed: more than negligible × allotment.
func (r *Rules) excess(member, typ string, count decimal.Decimal) (ex, allot decimal.Decimal, billed bool) {
	allot = r.allotment(member, typ)
	ex = count.Sub(allot)
	return ex, allot, ex.Sign() > 0 && ex.GreaterThan(r.cfg.Licences.Negligible.Mul(allot))
}

func (r *Rules) allotment(member, typ string) decimal.Decimal {
	for _, a := range r.cfg.Licences.Allotments {
		if a.Member == member && strings.EqualFold(a.Type, typ) {
			return a.Count
		}
	}
	return decimal.Zero
}

func (r *Rules) price(typ string) decimal.Decimal {
	for _, p := range r.cfg.Licences.PricesMonth {
		if strings.EqualFold(p.Type, typ) {
			return p.Price
		}
	}
	return decimal.Zero
}

// licencesExact is a licence excess line's: licence-months over the allotment × the monthly price, before rounding.
func licencesExact(l *Line) Exact { return Exact{Base: Product(l.Quantity, l.UnitPrice), Per60: zero} }

// licencesFormula is the amount's formula over the quantity and unit price
// cells.
func licencesFormula(q, p, _ string, places int) string { return preRounded(q+"*"+p, places) }
