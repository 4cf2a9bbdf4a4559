package msg

// Entries is the catalogue: every text a rule, a reader or a register
// check writes about a row. A canonical form is the English the outputs
// have always carried: change one and the ledger's content hashes and the
// JSON change with it. More specific forms come before the general ones
// that would also match them.
var Entries = []Entry{
	// Why a row is rejected (billing's sentinels, billing/reasons.go).
	{Key: "unknown_member", Canon: "{0} is not a member of the board",
		SV: "{0} är inte medlem i nämnden", EN: "{0} is not a member of the board"},
	{Key: "ambiguous_member", Canon: "{0} could be more than one member ({1}): write the member's code",
		SV: "{0} kan vara mer än en medlem ({1}): skriv medlemmens kod", EN: "{0} could be more than one member ({1}): write the member's code"},
	{Key: "outside_period", Canon: "{0} is outside the period {1} – {2}",
		SV: "{0} ligger utanför perioden {1} – {2}: raden hör till en annan period", EN: "{0} is outside the period {1} – {2}: the row belongs to another period"},
	{Key: "issued_period", Canon: "{0} is in the period {1}, already issued ({2})",
		SV: "{0} ligger i perioden {1}, redan utfärdad ({2})", EN: "{0} is in the period {1}, already issued ({2})"},
	{Key: "not_printer_event", Canon: "{0} is not a printer event (purchase, replacement, expansion, installation, connection, monitoring)",
		SV: "{0} är ingen skrivarhändelse (inköp, utbyte, utökning, installation, inkoppling, övervakning)",
		EN: "{0} is not a printer event (purchase, replacement, expansion, installation, connection, monitoring)"},
	{Key: "negative_use", Canon: "a use of {0} GB is negative", Kinds: []Kind{Exact},
		SV: "en användning på {0} GB är negativ", EN: "a use of {0} GB is negative"},
	{Key: "second_user_month", Canon: "a second row for user {0} in {1} (the first is row {2})",
		SV: "en andra rad för användaren {0} i {1} (den första är rad {2})", EN: "a second row for user {0} in {1} (the first is row {2})"},
	{Key: "end_not_after_start", Canon: "end is not after start",
		SV: "sluttiden ligger inte efter starttiden", EN: "end is not after start"},
	{Key: "unknown_clause", Canon: "{0} is not a clause of the policy",
		SV: "{0} är ingen punkt i policyn", EN: "{0} is not a clause of the policy"},
	{Key: "no_hours_nor_amount", Canon: "neither hours nor an amount is given",
		SV: "varken timmar eller belopp anges", EN: "neither hours nor an amount is given"},
	{Key: "unknown_licence_type", Canon: "{0} is not a licence type ({1})", Kinds: []Kind{Plain, List},
		SV: "{0} är ingen licenstyp ({1})", EN: "{0} is not a licence type ({1})"},
	{Key: "user_twice", Canon: "user {0} is listed twice (the first is row {1})",
		SV: "användaren {0} finns två gånger (den första är rad {1})", EN: "user {0} is listed twice (the first is row {1})"},
	{Key: "unknown_domain", Canon: "the domain {0} of {1} maps to no member (billing.licences.member_by_domain)",
		SV: "domänen {0} för {1} hör inte till någon medlem i konfigurationens domänlista", EN: "the domain {0} of {1} maps to no member (billing.licences.member_by_domain)"},

	// Why a line is included or charged (billing's rooms).
	{Key: "support.outside", Canon: "{0} outside office hours", Kinds: []Kind{Duration},
		SV: "{0} utanför kontorstid", EN: "{0} outside office hours"},
	{Key: "support.inside", Canon: "wholly inside office hours on a working day",
		SV: "helt inom kontorstid en arbetsdag", EN: "wholly inside office hours on a working day"},
	{Key: "storage.within", Canon: "within quota {0} GB + tolerance {1} GB", Kinds: []Kind{Exact, Exact},
		SV: "inom kvoten {0} GB + toleransen {1} GB", EN: "within quota {0} GB + tolerance {1} GB"},
	// A rejected licence row that takes an excess with it (billing/excess.go):
	// the amounts come already in the language's form.
	{Key: "licences.excess_would", Canon: "the rejected row {0} row {1} would change member {2} ({3})'s {4} licence excess: {6} instead of {5}",
		SV: "den avvisade raden {0} rad {1} skulle ändra överskottet av {4}-licenser för {2} ({3}): {6} i stället för {5}",
		EN: "the rejected row {0} row {1} would change member {2} ({3})'s {4} licence excess: {6} instead of {5}"},
	{Key: "licences.excess_may", Canon: "the rejected row {0} row {1} may change member {2} ({3})'s {4} licence excess, now {5}: its count was rejected",
		SV: "den avvisade raden {0} rad {1} kan ändra överskottet av {4}-licenser för {2} ({3}), nu {5}: dess antal avvisades",
		EN: "the rejected row {0} row {1} may change member {2} ({3})'s {4} licence excess, now {5}: its count was rejected"},
	{Key: "licences.excess", Canon: "the member's {0} licences exceed the allotment: see the excess line",
		SV: "kommunens {0}-licenser överstiger tilldelningen: se överskottsraden", EN: "the member's {0} licences exceed the allotment: see the excess line"},
	{Key: "licences.within", Canon: "within the allotment or a negligible excess",
		SV: "inom tilldelningen eller en försumbar ökning", EN: "within the allotment or a negligible excess"},
	{Key: "licences.none", Canon: "the user holds no licence that is billed",
		SV: "användaren har ingen licens som debiteras", EN: "the user holds no licence that is billed"},
	{Key: "licences.issued", Canon: "every month of the period is already issued",
		SV: "varje månad i perioden är redan utfärdad", EN: "every month of the period is already issued"},
	{Key: "printers.included", Canon: "{0} of printers is in the member fee", Kinds: []Kind{Word},
		SV: "{0} av skrivare ingår i medlemsbidraget", EN: "{0} of printers is in the member fee"},

	// The note of a ticket's time in the hour clocks go back (billing/support.go).
	{Key: "support.repeated_guessed", Canon: "{0} {1} occurs twice in Swedish time and has no offset: read as the first ({2} time, {3})",
		Kinds: []Kind{Word, Plain, Word},
		SV:    "{0} {1} inträffar två gånger i svensk tid och saknar UTC-förskjutning: läst som den första ({2}, {3})",
		EN:    "{0} {1} occurs twice in Swedish time and has no offset: read as the first ({2} time, {3})"},
	{Key: "support.repeated_computed_guessed", Canon: "{0} {1} = start + duration, from a start read as the first of its two: the {2} of the two in Swedish time ({3} time, {4}), as uncertain as the start",
		Kinds: []Kind{Word, Plain, Word, Word},
		SV:    "{0} {1} = starttiden + varaktigheten, från en starttid läst som den första av sina två: den {2} av de två i svensk tid ({3}, {4}), lika osäker som starttiden",
		EN:    "{0} {1} = start + duration, from a start read as the first of its two: the {2} of the two in Swedish time ({3} time, {4}), as uncertain as the start"},
	{Key: "support.repeated_computed", Canon: "{0} {1} = start + duration: the {2} of the two in Swedish time ({3} time, {4})",
		Kinds: []Kind{Word, Plain, Word, Word},
		SV:    "{0} {1} = starttiden + varaktigheten: den {2} av de två i svensk tid ({3}, {4})",
		EN:    "{0} {1} = start + duration: the {2} of the two in Swedish time ({3} time, {4})"},
	{Key: "support.repeated", Canon: "{0} {1} is the {2} of the two in Swedish time ({3} time, {4}), as its offset says",
		Kinds: []Kind{Word, Plain, Word, Word},
		SV:    "{0} {1} är den {2} av de två i svensk tid ({3}, {4}), enligt sin UTC-förskjutning",
		EN:    "{0} {1} is the {2} of the two in Swedish time ({3} time, {4}), as its offset says"},

	// Descriptions the rules make (the line's identity keeps the canonical form).
	{Key: "storage.used", Canon: "{0} GB used, quota {1} GB", Kinds: []Kind{Exact, Exact},
		SV: "{0} GB använt, kvot {1} GB", EN: "{0} GB used, quota {1} GB"},
	{Key: "licences.excess_line", Canon: "{0}: {1} licences against an allotment of {2}, {3} over, {4} months",
		Kinds: []Kind{Plain, Exact, Exact, Exact},
		SV:    "{0}: {1} licenser mot en tilldelning på {2}, {3} över, {4} månader",
		EN:    "{0}: {1} licences against an allotment of {2}, {3} over, {4} months"},
	{Key: "fee.installment", Canon: "annual fee {0}, installment {1} of {2}",
		SV: "medlemsbidrag {0}, delbetalning {1} av {2}", EN: "annual fee {0}, installment {1} of {2}"},

	// The client register's rejections (clients/).
	{Key: "clients.twice", Canon: "device {0} is listed twice (also row {1})",
		SV: "enheten {0} finns två gånger (även rad {1})", EN: "device {0} is listed twice (also row {1})"},
	{Key: "clients.type", Canon: "{0} is not a device type with a planned life in clients.types",
		SV: "{0} är ingen enhetstyp med planerad livslängd i clients.types", EN: "{0} is not a device type with a planned life in clients.types"},
	{Key: "clients.negative_price", Canon: "a price of {0} is negative", Kinds: []Kind{Exact},
		SV: "ett pris på {0} är negativt", EN: "a price of {0} is negative"},
	{Key: "clients.after_year", Canon: "bought {0}, after the year {1}",
		SV: "köpt {0}, efter året {1}", EN: "bought {0}, after the year {1}"},

	// Each category's rule as the responsibility sheet states it
	// (policy/matrix.go); a policy that states its own is shown as it is.
	{Key: "rule.equipment", Canon: "quantity × unit price × (1 + equipment markup), charged to the department",
		SV: "antal × á-pris × (1 + påslaget för utrustning), debiteras förvaltningen", EN: "quantity × unit price × (1 + equipment markup), charged to the department"},
	{Key: "rule.printers", Canon: "purchase, replacement and expansion charged at their amount; installation, connection and monitoring included",
		SV: "inköp, utbyte och utökning debiteras med sitt belopp; installation, inkoppling och övervakning ingår",
		EN: "purchase, replacement and expansion charged at their amount; installation, connection and monitoring included"},
	{Key: "rule.storage", Canon: "a user-month over quota + tolerance is charged (use − quota) × price per GB-month",
		SV: "en användarmånad över kvot + tolerans debiteras (användning − kvot) × pris per GB-månad",
		EN: "a user-month over quota + tolerance is charged (use − quota) × price per GB-month"},
	{Key: "rule.support", Canon: "the time outside office hours on working days, rounded up to whole increments, at the hourly rate, plus the call-out fee",
		SV: "tiden utanför kontorstid på arbetsdagar, avrundad uppåt till hela intervall, till timpriset, plus utryckningsavgiften",
		EN: "the time outside office hours on working days, rounded up to whole increments, at the hourly rate, plus the call-out fee"},
	{Key: "rule.licences", Canon: "an excess over the allotment above negligible × allotment is charged per licence-month",
		SV: "en ökning över tilldelningen större än försumbar andel × tilldelningen debiteras per licensmånad",
		EN: "an excess over the allotment above negligible × allotment is charged per licence-month"},
	{Key: "rule.services", Canon: "an amount as given, or hours × rate (default the consulting rate)",
		SV: "ett belopp som angivet, eller timmar × timpris (som standard konsulttimpriset)",
		EN: "an amount as given, or hours × rate (default the consulting rate)"},

	// How an input file was read (input.Table's String).
	{Key: "input.csv", Canon: "{0} (csv, {1}, delimiter {2})", Kinds: []Kind{Plain, Word},
		SV: "{0} (csv, {1}, avgränsare {2})", EN: "{0} (csv, {1}, delimiter {2})"},

	// The details a reader adds to a cell's reason, in parentheses.
	{Key: "detail.two_commas", Canon: "more than one decimal comma", SV: "mer än ett decimalkomma", EN: "more than one decimal comma"},
	{Key: "detail.point_after_comma", Canon: "a point after the decimal comma", SV: "en punkt efter decimalkommat", EN: "a point after the decimal comma"},
	{Key: "detail.thousands_or_decimal", Canon: "a thousands point or a decimal point? write {0} or {1}",
		SV: "tusentalspunkt eller decimalpunkt? skriv {0} eller {1}", EN: "a thousands point or a decimal point? write {0} or {1}"},
	{Key: "detail.groups", Canon: "digit groups must have three digits", SV: "siffergrupperna ska ha tre siffror", EN: "digit groups must have three digits"},
	{Key: "detail.time_of_day", Canon: "it has a time of day", SV: "den har ett klockslag", EN: "it has a time of day"},
	{Key: "detail.fields", Canon: "{0} fields, the header has {1}", SV: "{0} fält, rubrikraden har {1}", EN: "{0} fields, the header has {1}"},
	{Key: "detail.cell_chars", Canon: "it holds {0} characters, more than the {1} a workbook cell holds",
		SV: "den har {0} tecken, fler än de {1} en cell i en arbetsbok rymmer", EN: "it holds {0} characters, more than the {1} a workbook cell holds"},
}

// Readers are the reasons a reader rejects a cell for (billing's reader
// sentinels, input's errors): a reader's text is the quoted value, this
// reason and a detail in parentheses, the value and the detail each where
// there is one (readerEntries makes the four forms of each).
var Readers = []struct{ Key, EN, SV string }{
	{"not_number", "is not a number", "är inte ett tal"},
	{"ambiguous_number", "is ambiguous", "är tvetydigt"},
	{"not_date", "is not a date written as 2025-03-31", "är inget datum skrivet som 2025-03-31"},
	{"not_time", "is not a time written as 2025-03-31 18:15", "är ingen tidpunkt skriven som 2025-03-31 18:15"},
	{"no_such_time", "does not exist in local time", "finns inte i lokal tid"},
	{"empty_cell", "is empty", "är tom"},
	{"not_yes_no", "is not yes or no (ja/nej)", "är varken ja eller nej (yes/no)"},
	{"negative_count", "is negative", "är negativt"},
	{"extra_fields", "has more fields than the header", "har fler fält än rubrikraden"},
	{"broken_quote", "has a broken quote", "har ett trasigt citattecken"},
	{"cell_too_large", "is too large", "är för stor"},
	{"not_text", "is not text in the file's encoding", "är inte text i filens teckenkodning"},
	{"damaged_cell", "is damaged", "är skadad"},
	{"no_shared_string", "refers to a shared string that does not exist", "hänvisar till en delad sträng som inte finns"},
	{"not_size", "is not a size in B, KB, MB, GB, TB or KiB … TiB", "är ingen storlek i B, KB, MB, GB, TB eller KiB … TiB"},
	{"not_duration", "is not a duration written as 90 (minutes) or 1:30", "är ingen varaktighet skriven som 90 (minuter) eller 1:30"},
	{"duration_not_positive", "is not a duration of more than zero", "är ingen varaktighet över noll"},
	{"duration_too_long", "is longer than 366 days, not a plausible duration", "är längre än 366 dagar, ingen rimlig varaktighet"},
	{"size_too_large", "is more than a billion GB, not a plausible size (a byte count without its unit?)", "är mer än en miljard GB, ingen rimlig storlek (ett antal byte utan enhet?)"},
	{"unreadable", "cannot be read", "kan inte läsas"},
}

// readerEntries are the four forms of each reader's reason: alone, with a
// value and a detail, with a value, with a detail.
func readerEntries() []Entry {
	var out []Entry
	for _, r := range Readers {
		out = append(out, // the form alone first: the key's own text (Canon, In)
			Entry{Key: r.Key, Canon: r.EN, SV: r.SV, EN: r.EN},
			Entry{Key: r.Key, Canon: "{0} " + r.EN + " ({1})", SV: "{0} " + r.SV + " ({1})", EN: "{0} " + r.EN + " ({1})", Kinds: []Kind{Plain, Nested}},
			Entry{Key: r.Key, Canon: "{0} " + r.EN, SV: "{0} " + r.SV, EN: "{0} " + r.EN},
			Entry{Key: r.Key, Canon: r.EN + " ({0})", SV: r.SV + " ({0})", EN: r.EN + " ({0})", Kinds: []Kind{Nested}})
	}
	return out
}

// Words are the words a canonical text names by a value of kind Word, with
// their Swedish and English forms.
var Words = Dictionary{
	// printer events (billing/printers.go)
	"purchase": {"inköp", "purchase"}, "replacement": {"utbyte", "replacement"}, "expansion": {"utökning", "expansion"},
	"installation": {"installation", "installation"}, "connection": {"inkoppling", "connection"}, "monitoring": {"övervakning", "monitoring"},
	// a ticket's times in the repeated hour (billing/support.go)
	"start": {"starttiden", "start"}, "end": {"sluttiden", "end"},
	"first": {"första", "first"}, "second": {"andra", "second"},
	"winter": {"vintertid", "winter"}, "summer": {"sommartid", "summer"},
	// the encodings a CSV file is read in (input/csv.go, input/text.go)
	"UTF-8": {"UTF-8", "UTF-8"}, "UTF-8 with BOM": {"UTF-8 med BOM", "UTF-8 with BOM"}, "Windows-1252": {"Windows-1252", "Windows-1252"},
}

// Units are the lines' units, canonically Swedish as the lines (and the
// ledger) carry them, with their Swedish and English forms.
var Units = Dictionary{
	"st": {"st", "pcs"}, "min": {"min", "min"}, "tim": {"tim", "h"},
	"GB-månad": {"GB-månad", "GB-month"}, "licenser": {"licenser", "licences"}, "licensmånader": {"licensmånader", "licence-months"},
}
