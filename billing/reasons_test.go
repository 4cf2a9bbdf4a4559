package billing

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"memberfee/internal/msg"
)

// TestReasonCatalogue: every reason has its texts in the catalogue, in
// English and Swedish, and a name of its own.
func TestReasonCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Reasons {
		e, ok := msg.Lookup(r.key)
		if !ok || r.name == "" || e.SV == "" || e.EN == "" || e.SV == e.EN {
			t.Errorf("%v: key %q in the catalogue %v: %+v", r, r.key, ok, e)
		}
		if seen[r.name] {
			t.Errorf("%v twice", r)
		}
		seen[r.name] = true
	}
}

type reasonCase struct {
	line Line
	why  *Reason
	text string
}

// TestReasonTexts: each rejection keeps the English text the lines have
// always had, byte for byte, and matches its own sentinel and no other.
func TestReasonTexts(t *testing.T) {
	r := testRules(t)
	d := day("2025-03-14")
	tests := []reasonCase{
		{r.Equipment(EquipmentRow{Source: src, Date: d, Member: "Örebro"}), ErrUnknownMember, `"Örebro" is not a member of the board`},
		{r.Equipment(EquipmentRow{Source: src, Date: day("2026-01-01"), Member: "1882"}), ErrOutsidePeriod, "2026-01-01 is outside the period 2025-01-01 – 2025-12-31"},
		{r.Printer(PrinterRow{Source: src, Date: d, Member: "1882", Event: "toner"}), ErrNotPrinterEvent,
			`"toner" is not a printer event (purchase, replacement, expansion, installation, connection, monitoring)`},
		{r.NewStorage().Rate(StorageRow{Source: src, Date: d, Member: "1882", UsedGB: dec("-1.5")}), ErrNegativeUse, "a use of -1.5 GB is negative"},
		{r.NewSupport().Rate(SupportRow{Source: src, Member: "1882", Start: stockholm(t, "2025-03-11 10:00"), End: stockholm(t, "2025-03-11 10:00")}),
			ErrEndNotAfterStart, "end is not after start"},
		{r.Service(ServiceRow{Source: src, Date: d, Member: "1882", Clause: "7.2"}), ErrUnknownClause, `"7.2" is not a clause of the policy`},
		{r.Service(ServiceRow{Source: src, Date: d, Member: "1882", Clause: "5.2"}), ErrNoHoursNorAmount, "neither hours nor an amount is given"},
	}
	licences, _ := r.Licences([]LicenceRow{{src, "1882", "Soc", "E5", decimal.NewFromInt(1)}, {src, "x", "Soc", "E3", decimal.NewFromInt(1)}})
	tests = append(tests, reasonCase{licences[0], ErrUnknownLicenceType, `"E5" is not a licence type (F3, E3 or A3)`}, reasonCase{licences[1], ErrUnknownMember, `"x" is not a member of the board`})
	st := r.NewStorage()
	st.Rate(StorageRow{Source: at(2), Date: d, User: "u", Member: "1882", UsedGB: dec("1")})
	tests = append(tests, reasonCase{st.Rate(StorageRow{Source: at(3), Date: d, User: "u", Member: "1882", UsedGB: dec("1")}), ErrSecondUserMonth, "a second row for user u in 2025-03 (the first is row 2)"})
	for _, tt := range tests {
		l := tt.line
		if l.Status != Rejected || l.Reason != tt.text || l.Err() == nil || l.Err().Error() != tt.text {
			t.Errorf("%v: %s %q, want rejected %q", tt.why, l.Status, l.Reason, tt.text)
		}
		for _, other := range Reasons {
			if errors.Is(l.Err(), other) != (other == tt.why) {
				t.Errorf("%q: errors.Is(%v) = %v", l.Reason, other, !(other == tt.why))
			}
		}
	}
	// A line that is not rejected has no error; one rejected where its file
	// was read has its text and no sentinel.
	if l := r.Equipment(EquipmentRow{Source: src, Date: d, Member: "1882"}); l.Err() != nil {
		t.Errorf("charged: %v", l.Err())
	}
	read := Reject(Equipment, src, "quantity", `"x" is not a number`)
	if err := read.Err(); err == nil || err.Error() != read.Reason || errors.Is(err, ErrUnknownMember) {
		t.Errorf("a read rejection: %v", err)
	}
	if got := ErrSecondUserMonth.Swedish("u", "2025-03", 2); got != "en andra rad för användaren u i 2025-03 (den första är rad 2)" {
		t.Errorf("Swedish: %q", got)
	}
}
