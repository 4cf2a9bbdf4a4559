package input

// The schemas of the chargeback inputs (SPEC "Inputs"), with the Swedish
// header names that exports use. Header names are matched without regard to
// case, surrounding spaces, underscores or hyphens.
var (
	fDate        = Field{Name: "date", Aliases: []string{"datum", "dag", "bokföringsdatum"}, Required: true}
	fMember      = Field{Name: "member", Aliases: []string{"kommun", "medlem", "medlemskommun", "kommunkod"}, Required: true}
	fDepartment  = Field{Name: "department", Aliases: []string{"förvaltning", "verksamhet", "avdelning", "enhet"}, Required: true}
	fDescription = Field{Name: "description", Aliases: []string{"beskrivning", "benämning", "text", "specifikation"}}
)

// EquipmentSchema: date, member, department, description, quantity, unit_price.
var EquipmentSchema = Schema{fDate, fMember, fDepartment, fDescription,
	{Name: "quantity", Aliases: []string{"antal", "kvantitet"}, Required: true},
	{Name: "unit_price", Aliases: []string{"á-pris", "à-pris", "a-pris", "apris", "pris", "styckpris", "unit price"}, Required: true},
}

// PrinterSchema: date, member, department, description, event, amount.
var PrinterSchema = Schema{fDate, fMember, fDepartment, fDescription,
	{Name: "event", Aliases: []string{"händelse", "typ"}, Required: true},
	{Name: "amount", Aliases: []string{"belopp", "summa", "kostnad"}, Required: true},
}

// StorageSchema: date, user, member, department, used_gb.
var StorageSchema = Schema{fDate,
	{Name: "user", Aliases: []string{"användare", "användarnamn", "anställd"}, Required: true},
	fMember, fDepartment,
	{Name: "used_gb", Aliases: []string{"använt gb", "använt", "gb", "used gb", "lagring gb"}, Required: true},
}

// SupportSchema: ticket, member, department, start, end, system, call_out.
var SupportSchema = Schema{
	{Name: "ticket", Aliases: []string{"ärende", "ärendenummer", "ärendenr"}, Required: true},
	fMember, fDepartment,
	{Name: "start", Aliases: []string{"början", "starttid", "start tid", "påbörjad"}, Required: true},
	{Name: "end", Aliases: []string{"slut", "sluttid", "slut tid", "avslutad"}, Required: true, Or: "duration"},
	// duration stands in for end (whole minutes, or h:mm): ParseDuration.
	{Name: "duration", Aliases: []string{"varaktighet", "tidsåtgång", "minuter", "längd"}},
	{Name: "system", Aliases: []string{"verksamhetssystem"}},
	{Name: "call_out", Aliases: []string{"utryckning", "callout", "call out"}},
}

// SupportSchema's ticket, member, department, start, end and duration are
// read; end, or duration where the file has no end column.

// LicenceSchema: member, department, type, count.
var LicenceSchema = Schema{fMember, fDepartment,
	{Name: "type", Aliases: []string{"typ", "licenstyp", "licens"}, Required: true},
	{Name: "count", Aliases: []string{"antal"}, Required: true},
}

// UserListSchema: user, department, licenses, member — the licences as a
// user list (billing.licences.from: users), one row per user as the
// Microsoft 365 admin center's Active users export has it: the member
// column is optional where billing.licences.member_by_domain finds each
// user's member from the domain of the user principal name.
var UserListSchema = Schema{
	{Name: "user", Aliases: []string{"user principal name", "userprincipalname", "upn", "användarnamn", "användare", "e-post"}, Required: true},
	{Name: "department", Aliases: []string{"förvaltning", "verksamhet", "avdelning", "enhet"}},
	{Name: "licenses", Aliases: []string{"licences", "licenser", "licens", "licenses assigned"}, Required: true},
	{Name: "member", Aliases: []string{"kommun", "medlem", "medlemskommun", "kommunkod"}},
	{Name: "display_name", Aliases: []string{"display name", "visningsnamn", "namn"}},
}

// Schemas are the chargeback inputs' schemas by category name; "licences"
// is the counts file (UserListSchema the user list).
var Schemas = map[string]Schema{
	"equipment": EquipmentSchema, "printers": PrinterSchema, "storage": StorageSchema,
	"support": SupportSchema, "licences": LicenceSchema, "services": ServiceSchema,
}

// ServiceSchema: date, member, department, clause, description, hours, rate,
// amount (hours and rate, or amount).
var ServiceSchema = Schema{fDate, fMember, fDepartment,
	{Name: "clause", Aliases: []string{"punkt", "paragraf"}, Required: true},
	fDescription,
	{Name: "hours", Aliases: []string{"timmar", "tid"}},
	{Name: "rate", Aliases: []string{"timpris", "taxa", "pris"}},
	{Name: "amount", Aliases: []string{"belopp", "summa"}},
}

// ClientSchema: device, type, member, department, purchased, price, shared
// (the asset register of clause 2.1).
var ClientSchema = Schema{
	{Name: "device", Aliases: []string{"enhet", "enhets id", "inventarienummer", "serienummer", "id"}, Required: true},
	{Name: "type", Aliases: []string{"typ", "enhetstyp"}, Required: true},
	fMember, fDepartment,
	{Name: "purchased", Aliases: []string{"inköpt", "inköpsdatum", "köpt"}, Required: true},
	{Name: "price", Aliases: []string{"pris", "inköpspris", "belopp"}, Required: true},
	{Name: "shared", Aliases: []string{"delad", "gemensam"}},
}
