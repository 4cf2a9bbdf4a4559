package billing

import (
	"sort"

	"github.com/shopspring/decimal"

	"memberfee/internal/decsum"
)

// Counts says what became of the input rows: Rows = Charged + Included +
// Rejected + Outside.
type Counts struct {
	Rows, Charged, Included, Rejected, Outside int
}

func (c *Counts) add(s Status) {
	c.Rows++
	switch s {
	case Charged:
		c.Charged++
	case Included:
		c.Included++
	case Rejected:
		c.Rejected++
	case Outside:
		c.Outside++
	}
}

// MemberTotal is one member's total per category.
type MemberTotal struct {
	Member
	Total      decimal.Decimal
	Categories map[Category]decimal.Decimal // every category, zero or not
	pending    map[Category]*decsum.Sum     // added since the last Settle
}

// DepartmentTotal is one department's total in one category.
type DepartmentTotal struct {
	Member, Department string
	Category           Category
	Amount             decimal.Decimal
	Lines              int         // charged and included
	Included           int         // of Lines
	pending            *decsum.Sum // added since the last Settle
}

// Summary tallies lines per member, category and department. Totals are
// sums of rounded lines.
//
// Add keeps the amounts in int64 sums (exact, without a big integer per
// line; decsum adds what does not fit as a decimal) and Settle puts them in
// the decimal fields (Total, the members' totals, the departments'
// amounts): read those after Settle. Merge settles both summaries, so the
// summary a run merges its parts into is settled when it is read. The
// counts and rejected lines are kept as Add goes.
type Summary struct {
	Total      decimal.Decimal
	Counts     Counts
	ByCategory map[Category]*Counts
	Members    []*MemberTotal // in the order of the config
	Rejected   []Line
	members    map[string]*MemberTotal
	depts      map[[3]string]*DepartmentTotal

	Outside []OutsideRow // the rows outside the period, in file order
	// Warnings are the rejected licence rows that take a licence excess
	// with them (Rules.ExcessWarnings), in file order.
	Warnings []ExcessWarning
	// LicenceUsers is what a licence user list held (users, licences per
	// type, names not billed, the users behind each count); nil where the
	// licences are a counts file.
	LicenceUsers *LicenceUsers
	// CountsOutside: rows could be outside (Rules.CountsOutside), so the
	// outputs count and list them.
	CountsOutside bool

	pending decsum.Sum // of Total, added since the last Settle

	last struct { // the totals of the last line added
		key    [3]string
		member *MemberTotal
		dept   *DepartmentTotal
	}
}

// NewSummary starts a summary for the members.
func NewSummary(members []Member) *Summary {
	s := &Summary{Total: decimal.Zero, ByCategory: map[Category]*Counts{}, members: map[string]*MemberTotal{}, depts: map[[3]string]*DepartmentTotal{}}
	for _, c := range Categories {
		s.ByCategory[c] = &Counts{}
	}
	for _, m := range members {
		mt := &MemberTotal{Member: m, Total: decimal.Zero, Categories: map[Category]decimal.Decimal{}}
		for _, c := range Categories {
			mt.Categories[c] = decimal.Zero
		}
		s.Members = append(s.Members, mt)
		s.members[m.ID] = mt
	}
	return s
}

// Add tallies a line. Input rows count in Counts; derived lines only add
// their amount.
func (s *Summary) Add(l Line) {
	if !l.Derived {
		s.Counts.add(l.Status)
		s.ByCategory[l.Category].add(l.Status)
	}
	if l.Status == Rejected {
		s.Rejected = append(s.Rejected, l)
		return
	}
	if l.Status == Outside {
		s.Outside = append(s.Outside, outsideRow(&l))
		return
	}
	// Lines come department by department more often than not: the last
	// line's totals are at hand without hashing.
	k := [3]string{l.Member, l.Department, string(l.Category)}
	if s.last.dept == nil || s.last.key != k {
		mt := s.members[l.Member]
		if mt == nil {
			return // cannot happen: the rules reject unknown members
		}
		d := s.depts[k]
		if d == nil {
			d = &DepartmentTotal{Member: l.Member, Department: l.Department, Category: l.Category, Amount: decimal.Zero}
			s.depts[k] = d
		}
		s.last.key, s.last.member, s.last.dept = k, mt, d
	}
	mt, d := s.last.member, s.last.dept
	if !l.Amount.IsZero() { // most lines of a large period are included: 0 kr
		if mt.pending == nil {
			mt.pending = map[Category]*decsum.Sum{}
		}
		ps := mt.pending[l.Category]
		if ps == nil {
			ps = new(decsum.Sum)
			mt.pending[l.Category] = ps
		}
		ps.Add(l.Amount)
		if d.pending == nil {
			d.pending = new(decsum.Sum)
		}
		d.pending.Add(l.Amount)
		s.pending.Add(l.Amount)
	}
	d.Lines++
	if l.Status == Included {
		d.Included++
	}
}

// Departments returns the department totals ordered by member (in config
// order), department and category.
func (s *Summary) Departments() []DepartmentTotal {
	order := map[string]int{}
	for i, m := range s.Members {
		order[m.ID] = i
	}
	cat := map[Category]int{}
	for i, c := range Categories {
		cat[c] = i
	}
	out := make([]DepartmentTotal, 0, len(s.depts))
	for _, d := range s.depts {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Member != b.Member {
			return order[a.Member] < order[b.Member]
		}
		if a.Department != b.Department {
			return a.Department < b.Department
		}
		return cat[a.Category] < cat[b.Category]
	})
	return out
}

// Member returns a member's totals.
func (s *Summary) Member(id string) *MemberTotal { return s.members[id] }

// Settle puts the amounts added since the last Settle into the decimal
// fields.
func (s *Summary) Settle() {
	for _, m := range s.Members {
		for c, ps := range m.pending {
			v := ps.Decimal()
			m.Categories[c] = m.Categories[c].Add(v)
			m.Total = m.Total.Add(v)
		}
		m.pending = nil
	}
	for _, d := range s.depts {
		if d.pending != nil {
			d.Amount = d.Amount.Add(d.pending.Decimal())
			d.pending = nil
		}
	}
	s.Total = s.Total.Add(s.pending.Decimal())
	s.pending = decsum.Sum{}
}

// Merge adds the tally of other, a summary of the same members (of other
// categories, say, tallied concurrently), to s. Rejected lines follow s's.
// Both are settled first.
func (s *Summary) Merge(other *Summary) {
	s.Settle()
	other.Settle()
	s.Total = s.Total.Add(other.Total)
	s.Counts.merge(other.Counts)
	if other.LicenceUsers != nil {
		s.LicenceUsers = other.LicenceUsers
	}
	for c, k := range other.ByCategory {
		if s.ByCategory[c] == nil {
			s.ByCategory[c] = &Counts{}
		}
		s.ByCategory[c].merge(*k)
	}
	for _, om := range other.Members {
		m := s.members[om.ID]
		if m == nil {
			continue // not a member of s: cannot happen for summaries of the same members
		}
		m.Total = m.Total.Add(om.Total)
		for c, v := range om.Categories {
			m.Categories[c] = m.Categories[c].Add(v)
		}
	}
	for k, od := range other.depts {
		d := s.depts[k]
		if d == nil {
			c := *od
			s.depts[k] = &c
			continue
		}
		d.Amount = d.Amount.Add(od.Amount)
		d.Lines += od.Lines
		d.Included += od.Included
	}
	s.Rejected = append(s.Rejected, other.Rejected...)
	s.Outside = append(s.Outside, other.Outside...)
	s.Warnings = append(s.Warnings, other.Warnings...)
	s.CountsOutside = s.CountsOutside || other.CountsOutside
}

func (c *Counts) merge(o Counts) {
	c.Rows += o.Rows
	c.Charged += o.Charged
	c.Included += o.Included
	c.Rejected += o.Rejected
	c.Outside += o.Outside
}
