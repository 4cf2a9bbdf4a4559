package input

import (
	"errors"
	"strings"
	"testing"
)

// TestColumnsTakeTheirColumn: a header billing.columns names is taken by
// its field; a built-in name or alias never reads it too, and two
// configured fields naming one header are a file error naming both.
func TestColumnsTakeTheirColumn(t *testing.T) {
	const header = "ticket,member,department,start,end,system\n"
	const row = "T1,1882,Soc,2025-03-03 08:00,2025-03-03 09:00,Procapita\n"
	for _, tc := range []struct {
		name    string
		columns map[string]string
		want    string // field=column index,…; or the error's text
		errIs   error
	}{
		{"none", nil, "ticket=0 member=1 department=2 start=3 end=4 system=5", nil},
		{"department from system", map[string]string{"department": "system"},
			"ticket=0 member=1 department=5 start=3 end=4", nil},
		{"ticket and system on one", map[string]string{"ticket": "system", "system": "system"},
			`support.csv: would read one column as two fields: billing.columns.support.ticket and billing.columns.support.system both name the header "system"`, ErrColumnTwice},
		{"ticket from end", map[string]string{"ticket": "end"},
			`support.csv: lacks a required column "end" (or "duration" instead)`, ErrColumn},
		{"case and spaces alike", map[string]string{"department": " SYSTEM", "system": "system"},
			`both name the header "system"`, ErrColumnTwice},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := NewTable(strings.NewReader(header+row), "support.csv", SupportSchema,
				Options{Columns: tc.columns, ColumnsKey: "billing.columns.support"})
			if tc.errIs != nil {
				if !errors.Is(err, tc.errIs) || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("got %v, want %v containing %q", err, tc.errIs, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range tab.Columns() {
				got = append(got, c.Field+"="+string(rune('0'+c.Index)))
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("columns %s, want %s", g, tc.want)
			}
		})
	}
}
