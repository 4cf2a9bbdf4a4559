package billing

import (
	"strings"
	"testing"
	"time"

	"memberfee/internal/msg"
)

// TestRuleTexts: every text a rule writes on a line (its reason, its note,
// the descriptions the rules make) is in the catalogue, so that a workbook
// shows it in its language; a text the catalogue lacks fails here.
func TestRuleTexts(t *testing.T) {
	r := testRules(t)
	d := day("2025-03-14")
	at := func(s string) time.Time {
		ts, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return ts
	}
	st := r.NewStorage()
	sp := r.NewSupport()
	lines := []Line{
		st.Rate(StorageRow{Source: src, Date: d, User: "a", Member: "1882", UsedGB: dec("31.5")}),
		st.Rate(StorageRow{Source: src, Date: d, User: "b", Member: "1882", UsedGB: dec("12.25")}),
		sp.Rate(SupportRow{Source: src, Ticket: "IT-1", Member: "1882", Start: stockholm(t, "2025-03-11 10:00"), End: stockholm(t, "2025-03-11 11:00")}),
		sp.Rate(SupportRow{Source: src, Ticket: "IT-2", Member: "1882", Start: stockholm(t, "2025-03-11 15:00"), End: stockholm(t, "2025-03-11 19:02")}),
		sp.Rate(SupportRow{Source: src, Ticket: "IT-3", Member: "1882", Start: at("2025-10-26T02:30:00+02:00"), End: at("2025-10-26T02:30:15+01:00"), StartGuessed: true}),
		sp.Rate(SupportRow{Source: src, Ticket: "IT-4", Member: "1882", Start: at("2025-10-26T02:50:00+02:00"), End: at("2025-10-26T02:10:00+02:00"), StartGuessed: true, EndGuessed: true}),
		sp.Rate(SupportRow{Source: src, Ticket: "IT-5", Member: "1882", Start: at("2025-10-26T02:30:00+02:00"), End: at("2025-10-26T02:00:00+01:00"), EndComputed: true}),
		sp.Rate(SupportRow{Source: src, Ticket: "IT-6", Member: "1882", Start: at("2025-10-26T02:30:00+02:00"), End: at("2025-10-26T02:00:00+01:00"), StartGuessed: true, EndGuessed: true, EndComputed: true}),
		r.Printer(PrinterRow{Source: src, Date: d, Member: "1882", Event: "övervakning"}),
		r.Printer(PrinterRow{Source: src, Date: d, Member: "1882", Event: "inkoppling"}),
		r.Equipment(EquipmentRow{Source: src, Date: day("2026-01-01"), Member: "1882"}),
	}
	lic, excess := r.Licences([]LicenceRow{{src, "1882", "Soc", "E3", dec("60")}, {src, "1861", "Soc", "F3", dec("52.5")}, {src, "1861", "Soc", "E5", dec("1")}})
	lines = append(append(lines, lic...), excess...)
	for _, l := range lines {
		texts := []string{l.Note}
		if l.Reason != "" {
			texts = append(texts, strings.Split(l.Reason, "; ")...)
		}
		if l.Category == Storage || l.Derived {
			texts = append(texts, l.Description)
		}
		for _, text := range texts {
			if text == "" {
				continue
			}
			if msg.Code(text) == "" {
				t.Errorf("%s row %d: %q is not in the catalogue", l.Category, l.Row, text)
			} else if msg.Render(text, "sv") == text {
				t.Errorf("%s row %d: %q is the same in Swedish", l.Category, l.Row, text)
			}
		}
	}
	if len(excess) == 0 {
		t.Fatal("no excess line: the test lost its licence rows")
	}
}
