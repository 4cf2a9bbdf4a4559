package report

import (
	"time"

	"memberfee/billing"
	"memberfee/internal/msg"
)

// ChargebackJSON is the machine-readable chargeback of a period (SPEC
// "Chargeback JSON"): money as decimal strings to the öre, every category
// key present for every member.
//
// Rows outside the period (SPEC "Rows of another period") are counted in
// counts.outside and category_counts.*.outside and listed in outside[]
// only when a run can have them: with billing.outside_period: skip, or
// periods already issued (billing.Summary.CountsOutside). Then the keys
// are always there ("outside": 0, "outside": []); otherwise they are
// absent, and the JSON is what it was before rows could be outside.
type ChargebackJSON struct {
	Period     PeriodJSON             `json:"period"`
	Total      string                 `json:"total"`
	Counts     CountsJSON             `json:"counts"`
	Categories map[string]CountsJSON  `json:"category_counts"`
	Members    []ChargebackMemberJSON `json:"members"`
	Rejected   []RejectedJSON         `json:"rejected"`
	Outside    []OutsideJSON          `json:"outside,omitzero"` // nil when the run cannot have outside rows
	Inputs     []InputJSON            `json:"inputs"`
	Depts      []DepartmentJSON       `json:"departments"`
	Totals     map[string]string      `json:"category_totals"`
	// Warnings are what the summary says beside the figures: a rejected
	// licence row that would change a member's licence excess
	// (billing.ExcessWarning). Absent when there is none.
	Warnings []WarningJSON `json:"warnings,omitempty"`
	// LicenceUsers is what a licence user list held (billing.licences.from:
	// users); absent where the licences are a counts file.
	LicenceUsers *LicenceUsersJSON `json:"licence_users,omitempty"`
}

// LicenceUsersJSON is what a licence user list held: its users, the
// licences billed per type (every type present), and the names not billed
// with how many users hold each, most first.
type LicenceUsersJSON struct {
	Users    int             `json:"users"`
	PerType  map[string]int  `json:"licences_per_type"`
	Unbilled []NameCountJSON `json:"unbilled"`
}

// NameCountJSON is a licence name not billed and its users.
type NameCountJSON struct {
	Name  string `json:"name"`
	Users int    `json:"users"`
}

// PeriodJSON is a billing period.
type PeriodJSON struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// CountsJSON says what became of the input rows: rows = charged +
// included + rejected (+ outside, where the run can have outside rows).
type CountsJSON struct {
	Rows     int  `json:"rows"`
	Charged  int  `json:"charged"`
	Included int  `json:"included"`
	Rejected int  `json:"rejected"`
	Outside  *int `json:"outside,omitempty"` // nil when the run cannot have outside rows
}

// OutsideJSON is an input row outside the period: dated outside it
// (billing.outside_period: skip) or in a period already issued, whose
// document it names (null for none).
type OutsideJSON struct {
	File     string  `json:"file"`
	Row      int     `json:"row"`
	Date     string  `json:"date"`
	Document *string `json:"document"`
	Category string  `json:"category"`
}

// ChargebackMemberJSON is one member's chargeback.
type ChargebackMemberJSON struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	Total      string            `json:"total"`
	Categories map[string]string `json:"categories"`
}

// RejectedJSON is a rejected input row.
type RejectedJSON struct {
	File   string `json:"file"`
	Row    int    `json:"row"`
	Column string `json:"column"`
	ReasonJSON
	Category string `json:"category"`
	Member   string `json:"member,omitempty"`
}

// WarningJSON is a warning of the summary. Kind "licence_excess": the
// rejected row file/row would change member's excess of type from now to
// with (absent where the row's count itself was rejected: it may change
// it); message says so in English.
type WarningJSON struct {
	Kind    string  `json:"kind"`
	File    string  `json:"file"`
	Row     int     `json:"row"`
	Member  string  `json:"member"`
	Type    string  `json:"type"`
	Now     string  `json:"now"`
	With    *string `json:"with,omitempty"`
	Message string  `json:"message"`
}

// ReasonJSON is why a row is rejected: Reason is the English it always
// was, whatever --lang; ReasonCode its stable machine code (the catalogue's
// key, internal/msg: "unknown_member", "not_number" …; "" for a text the
// catalogue lacks); ReasonSV its Swedish text.
type ReasonJSON struct {
	Reason     string `json:"reason"`
	ReasonCode string `json:"reason_code"`
	ReasonSV   string `json:"reason_sv"`
}

// newReasonJSON is a rejection's canonical reason in the JSON's three
// forms; code "" takes the catalogue's.
func newReasonJSON(reason, code string) ReasonJSON {
	if code == "" {
		code = msg.Code(reason)
	}
	return ReasonJSON{reason, code, msg.Render(reason, "sv")}
}

// InputJSON is an input file that was read.
type InputJSON struct {
	Category string `json:"category"`
	File     string `json:"file"`
	Rows     int    `json:"rows"`
	Read     string `json:"read"`
}

// DepartmentJSON is a department's total in a category.
type DepartmentJSON struct {
	Member     string `json:"member"`
	Department string `json:"department"`
	Category   string `json:"category"`
	Amount     string `json:"amount"`
	Lines      int    `json:"lines"`
}

// ChargebackFile describes an input file for the JSON.
type ChargebackFile struct {
	Category billing.Category
	Name     string
	Rows     int
	Read     string
}

// NewChargebackJSON converts a tallied period to its JSON form.
func NewChargebackJSON(from, to time.Time, s *billing.Summary, files []ChargebackFile) *ChargebackJSON {
	counts := func(c billing.Counts) CountsJSON {
		j := CountsJSON{Rows: c.Rows, Charged: c.Charged, Included: c.Included, Rejected: c.Rejected}
		if s.CountsOutside {
			j.Outside = &c.Outside
		}
		return j
	}
	j := &ChargebackJSON{
		Period:     PeriodJSON{from.Format(time.DateOnly), to.Format(time.DateOnly)},
		Total:      s.Total.StringFixed(2),
		Counts:     counts(s.Counts),
		Categories: map[string]CountsJSON{},
		Members:    []ChargebackMemberJSON{},
		Rejected:   []RejectedJSON{},
		Inputs:     []InputJSON{},
		Depts:      []DepartmentJSON{},
		Totals:     map[string]string{},
	}
	for _, c := range billing.Categories {
		j.Categories[string(c)] = counts(*s.ByCategory[c])
	}
	for _, c := range billing.Categories {
		sum := s.Total.Sub(s.Total)
		for _, m := range s.Members {
			sum = sum.Add(m.Categories[c])
		}
		j.Totals[string(c)] = sum.StringFixed(2)
	}
	for _, m := range s.Members {
		mj := ChargebackMemberJSON{ID: m.ID, Name: m.Name, Total: m.Total.StringFixed(2), Categories: map[string]string{}}
		for _, c := range billing.Categories {
			mj.Categories[string(c)] = m.Categories[c].StringFixed(2)
		}
		j.Members = append(j.Members, mj)
	}
	for _, l := range s.Rejected {
		code := ""
		if l.Why != nil {
			code = l.Why.Key()
		}
		j.Rejected = append(j.Rejected, RejectedJSON{File: l.File, Row: l.Row, Column: l.Column, ReasonJSON: newReasonJSON(l.Reason, code),
			Category: string(l.Category), Member: l.Member})
	}
	for _, w := range s.Warnings {
		wj := WarningJSON{Kind: "licence_excess", File: w.File, Row: w.Row, Member: w.Member, Type: w.Type, Now: w.Now.StringFixed(2), Message: w.English()}
		if !w.Unread {
			with := w.With.StringFixed(2)
			wj.With = &with
		}
		j.Warnings = append(j.Warnings, wj)
	}
	if u := s.LicenceUsers; u != nil {
		lu := &LicenceUsersJSON{Users: u.Users, PerType: map[string]int{}, Unbilled: []NameCountJSON{}}
		for _, t := range billing.LicenceTypes {
			lu.PerType[t] = u.PerType[t]
		}
		for _, n := range u.Unbilled {
			lu.Unbilled = append(lu.Unbilled, NameCountJSON{n.Name, n.Count})
		}
		j.LicenceUsers = lu
	}
	if s.CountsOutside {
		j.Outside = make([]OutsideJSON, 0, len(s.Outside))
		for _, o := range s.Outside {
			oj := OutsideJSON{File: o.File, Row: o.Row, Date: o.Date.Format(time.DateOnly), Category: string(o.Category)}
			if o.Document != "" {
				oj.Document = &o.Document
			}
			j.Outside = append(j.Outside, oj)
		}
	}
	for _, f := range files {
		j.Inputs = append(j.Inputs, InputJSON{string(f.Category), f.Name, f.Rows, f.Read})
	}
	for _, d := range s.Departments() {
		j.Depts = append(j.Depts, DepartmentJSON{d.Member, d.Department, string(d.Category), d.Amount.StringFixed(2), d.Lines})
	}
	return j
}
