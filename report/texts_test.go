package report_test

import (
	"bytes"
	"strings"
	"testing"

	"memberfee/report"
)

// TestLineTexts: the example's line sheets say the rules' texts in the
// workbook's language: reasons with durations and sizes in its form, the
// rule-made descriptions, units, printer events, the licence rows charged
// on their excess line, the rejected rows' reasons; and not in the other
// language.
func TestLineTexts(t *testing.T) {
	in := examplePack(t)
	for _, tt := range []struct {
		lang      report.Lang
		want, not []string
	}{
		{report.Swedish,
			[]string{"tim", "min utanför kontorstid", "helt inom kontorstid en arbetsdag", "GB använt, kvot 25 GB", "inom kvoten 25 GB + toleransen 5 GB",
				"GB-månad", "licensmånader", "på överskottsraden", "se överskottsraden", "licenser mot en tilldelning på", "inkoppling",
				"övervakning av skrivare ingår i medlemsbidraget", "är inte medlem i nämnden", "en användning på −3,5 GB är negativ"},
			[]string{"outside office hours", "GB used", "within quota", "licences against", "exceed the allotment", "of printers is in",
				"is not a member", "delimiter", "h0m", "m0s"}},
		{report.English,
			[]string{" h ", "min outside office hours", "wholly inside office hours on a working day", "GB used, quota 25 GB", "within quota 25 GB + tolerance 5 GB",
				"GB-month", "licence-months", "on the excess line", "see the excess line", "licences against an allotment of", "connection",
				"monitoring of printers is in the member fee", "is not a member of the board", "a use of -3.5 GB is negative"},
			[]string{"utanför kontorstid", "GB använt", "inom kvoten", "licensmånader", "överskottsraden", "av skrivare ingår", "avgränsare", "h0m", "m0s", "GB-månad"}},
	} {
		var buf bytes.Buffer
		if err := report.ChargebackBook(in, "", tt.lang).Write(&buf); err != nil {
			t.Fatal(err)
		}
		f := open(t, buf.Bytes())
		var all strings.Builder
		for _, sheet := range f.GetSheetList() {
			rows, _ := f.GetRows(sheet)
			for _, r := range rows {
				all.WriteString(strings.Join(r, "|") + "\n")
			}
		}
		text := all.String()
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: no %q in the pack", tt.lang, w)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(text, w) {
				t.Errorf("%s: %q in the pack", tt.lang, w)
			}
		}
	}
}
