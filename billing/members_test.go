package billing

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"memberfee/internal/field"
)

// TestMemberMatching: a member cell names its member by id, by name in any
// case, and by name without the word "kommun" (with the genitive s), first
// with its diacritics, then without them, where that names one member
// only; a cell that could be two members is rejected naming both, one that
// is none rejected as unknown.
func TestMemberMatching(t *testing.T) {
	members := []Member{{"1882", "Askersund"}, {"1861", "Hallsberg"}, {"1495", "Skara"}, {"1494", "Lidköping"},
		{"1860", "Laxå"}, {"1814", "Lekeberg"}, {"0001", "Ale"}, {"0002", "Åle"}, {"0003", "Öby"}, {"0004", "Oby kommun"},
		{"9104", "Granås"}, {"9105", "Granas"}}
	r, err := NewRules(testRules(t).cfg, members, day("2025-01-01"), day("2025-12-31"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		cell, id string
		why      *Reason
		says     string // in the reason
	}{
		{"1882", "1882", nil, ""},
		{"Askersund", "1882", nil, ""},
		{"ASKERSUND", "1882", nil, ""},
		{"Skara kommun", "1495", nil, ""},
		{"skara Kommun", "1495", nil, ""},
		{"Kommun Skara", "1495", nil, ""},
		{"Lidkoping", "1494", nil, ""},
		{"LIDKÖPING", "1494", nil, ""},
		{"Lidköpings kommun", "1494", nil, ""},
		{"Lidkopings  kommun", "1494", nil, ""},
		{"Laxa", "1860", nil, ""},
		{"Laxå kommun", "1860", nil, ""},
		{"Hallsbergs kommun", "1861", nil, ""},
		{"Ale", "0001", nil, ""}, // the name itself, though Åle folds to it too
		{"åle", "0002", nil, ""}, // the name in another case
		// the name and "kommun", diacritics kept, before the diacritics go
		{"Granås kommun", "9104", nil, ""},
		{"Granas kommun", "9105", nil, ""},
		{"GRANÅS", "9104", nil, ""},
		{"Granås  Kommun", "9104", nil, ""},
		{"Granåss kommun", "9104", nil, ""},
		{"Grana\u030as kommun", "9104", nil, ""}, // å as a and a combining ring
		{"ALE KOMMUN", "0001", nil, ""},
		{"Åles kommun", "0002", nil, ""},
		{"Oby", "0004", nil, ""}, // Oby kommun's own letters
		{"Öby kommun", "0003", nil, ""},
		// only without diacritics: both
		{"Granäs kommun", "", ErrAmbiguousMember, `"Granäs kommun" could be more than one member (Granås (9104), Granas (9105))`},
		{"Óby", "", ErrAmbiguousMember, `"Óby" could be more than one member (Öby (0003), Oby kommun (0004))`},
		{"Âle kommun", "", ErrAmbiguousMember, `Ale (0001), Åle (0002)`},
		{"Hallsbergs", "", ErrUnknownMember, `"Hallsbergs" is not a member`}, // the genitive only before kommun
		{"Örebro", "", ErrUnknownMember, `"Örebro" is not a member`},
		{"kommun", "", ErrUnknownMember, ""},
		{"Skara kommunn", "", ErrUnknownMember, ""},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			for _, l := range []Line{
				r.Equipment(EquipmentRow{Source: src, Date: day("2025-03-14"), Member: tt.cell, Quantity: dec("1"), UnitPrice: dec("1")}),
				func() Line { ls, _ := r.Licences([]LicenceRow{{src, tt.cell, "Soc", "F3", dec("1")}}); return ls[0] }(),
			} {
				if tt.why == nil {
					if l.Status == Rejected || l.Member != tt.id {
						t.Errorf("%s: %s member %q (%s), want %s", l.Category, l.Status, l.Member, l.Reason, tt.id)
					}
					continue
				}
				if !errors.Is(l.Err(), tt.why) || l.Column != "member" || !strings.Contains(l.Reason, tt.says) {
					t.Errorf("%s: %s %q (%v), want %v saying %q", l.Category, l.Status, l.Reason, l.Err(), tt.why, tt.says)
				}
			}
		})
	}
}

// TestFoldName: diacritics off, case folded, spaces collapsed, "kommun"
// left out.
func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{
		"Lidköping": "lidkoping", "Laxå kommun": "laxa", " Skara  KOMMUN ": "skara", "Älvdalens kommun": "alvdalens",
		"Upplands Väsby": "upplands vasby", "Malung-Sälen": "malung-salen", "Straße": "strasse",
	} {
		if got := foldName(in); got != want {
			t.Errorf("foldName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFoldNameConcurrently: names are folded from many goroutines at once
// (each category's rater, the web view's drafts); run with -race.
func TestFoldNameConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				if got := foldName([]string{"Lidköpings kommun", "Skåra", "Öby Kommun", "Laxå"}[i%4]); got == "" {
					t.Error("folded to nothing")
				}
			}
		}()
	}
	wg.Wait()
}

// TestValidateMembers: a member whose name is another member's id (in any
// case, spaces around it) is refused, naming both; its own id as its name,
// or a name like an id no member has, is not.
func TestValidateMembers(t *testing.T) {
	for _, tt := range []struct {
		name    string
		members []Member
		want    []string
	}{
		{"another's id", []Member{{"1882", "Askersund"}, {"1860", "1882"}},
			[]string{`members[1].name: "1882" is the id of another member (members[0].id, Askersund): a member cell "1882" would name Askersund (1882), never this member (1860); give it its own name`}},
		{"before it in the list, with spaces", []Member{{"1860", " 1882 "}, {"1882", "Askersund"}},
			[]string{`members[0].name: " 1882 " is the id of another member (members[1].id, Askersund): a member cell "1882" would name Askersund (1882), never this member (1860); give it its own name`}},
		{"in another case", []Member{{"K1", "Kommunalförbundet"}, {"K2", "k1"}},
			[]string{`members[1].name: "k1" is the id of another member (members[0].id, Kommunalförbundet): a member cell "k1" would name Kommunalförbundet (K1), never this member (K2); give it its own name`}},
		{"each other's", []Member{{"1", "2"}, {"2", "1"}}, []string{`members[0].name: "2" is the id`, `members[1].name: "1" is the id`}},
		{"its own id", []Member{{"1882", "1882"}, {"1860", "Laxå"}}, nil},
		{"an id nobody has", []Member{{"1882", "Askersund"}, {"1860", "1883"}}, nil},
		{"empty ids and names", []Member{{"", ""}, {"1860", ""}}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			errs := ValidateMembers(tt.members)
			if len(errs) != len(tt.want) {
				t.Fatalf("%d problems %v, want %d", len(errs), errs, len(tt.want))
			}
			for i, e := range errs {
				var fe *field.Error
				if !errors.As(e, &fe) || !errors.Is(e, field.ErrNameIsID) || !strings.HasPrefix(e.Error(), tt.want[i]) {
					t.Errorf("problem %v, want %s", e, tt.want[i])
				}
			}
		})
	}
}
