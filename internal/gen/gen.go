package gen

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// Member is a member municipality with its departments.
type Member struct {
	ID, Name    string
	Departments []string
	Users       int    // users with a personal folder
	UserPrefix  string // of user names; the name's first three letters when empty
}

// Workload says how much to write.
type Workload struct {
	Seed         uint64
	Year         int
	Members      []Member
	Equipment    int
	Printers     int
	Support      int
	Services     int
	StorageUsers int  // users per member get a snapshot each month; 0 uses Member.Users
	Licences     int  // licence rows wanted; 0 for one per department and type
	Broken       bool // add rows that must be rejected
	// UserList also writes users.csv, the user list behind licences.csv
	// (the admin center's Active users export): its counts are the
	// counts file's.
	UserList bool
}

// Sydnarke is the shipped example: the four members of Sydnärkes IT-nämnd.
func Sydnarke() Workload {
	depts := []string{"Barn- och utbildningsförvaltningen", "Socialförvaltningen", "Kommunstyrelseförvaltningen",
		"Samhällsbyggnadsförvaltningen", "Kultur- och fritidsförvaltningen"}
	return Workload{Seed: 2025, Year: 2025, Equipment: 320, Printers: 140, Support: 950, Services: 70, Broken: true, UserList: true,
		Members: []Member{
			{"1882", "Askersund", depts, 60, ""}, {"1861", "Hallsberg", depts, 80, ""},
			{"1860", "Laxå", depts[:4], 30, ""}, {"1814", "Lekeberg", depts, 45, ""},
		}}
}

// Write writes the six input files into dir: equipment.csv (Windows-1252,
// ';', Swedish headers, as Excel saves "CSV (semikolonavgränsad)"),
// printers.csv, storage.csv (UTF-8 with BOM, from the file servers),
// support.csv (',' from the service desk), licences.csv, services.csv and
// clients.csv (the asset register of clause 2.1).
func Write(dir string, w Workload) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	g := &gen{w: w, rng: rand.New(rand.NewPCG(w.Seed, w.Seed^0x5eed))}
	files := []struct {
		name string
		data []byte
	}{
		{"equipment.csv", g.equipment()},
		{"printers.csv", g.printers()},
		{"storage.csv", g.storage()},
		{"support.csv", g.support()},
		{"licences.csv", g.licences()},
		{"services.csv", g.services()},
		{"clients.csv", g.clients()},
	}
	if w.UserList {
		files = append(files, struct {
			name string
			data []byte
		}{"users.csv", g.usersFromCounts(files[4].data)})
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

type gen struct {
	w   Workload
	rng *rand.Rand
}

func (g *gen) member() Member { return g.w.Members[g.rng.IntN(len(g.w.Members))] }

func (g *gen) dept(m Member) string { return m.Departments[g.rng.IntN(len(m.Departments))] }

// day returns a random day of the year.
func (g *gen) day() time.Time {
	return time.Date(g.w.Year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.rng.IntN(365))
}

// kr writes öre as Swedish kronor: 1 234 567,50 (with a no-break space when
// nbsp).
func kr(ore int64, nbsp bool) string {
	sep := " "
	if nbsp {
		sep = "\u00a0"
	}
	neg := ore < 0
	if neg {
		ore = -ore
	}
	whole := fmt.Sprint(ore / 100)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	s := b.String() + fmt.Sprintf(",%02d", ore%100)
	if neg {
		s = "-" + s
	}
	return s
}

func csvLine(sep string, fields ...string) string {
	for i, f := range fields {
		if strings.ContainsAny(f, sep+"\"\n") {
			fields[i] = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
		}
	}
	return strings.Join(fields, sep) + "\r\n"
}

var equipmentItems = []struct {
	name  string
	price int64 // öre
}{
	{"Dockningsstation USB-C", 189000}, {"Skärm 27 tum", 349000}, {"Höj- och sänkbart skrivbordsstativ", 129500},
	{"Headset trådlöst", 149900}, {"Dokumentkamera", 459000}, {"Ergonomisk mus", 64900},
	{"Tangentbord nordiskt", 49900}, {"Webbkamera konferens", 899000}, {"Läsplatta för synskadade", 1249000},
	{"Streckkodsläsare", 279000}, {"Smartboard 75 tum", 3495000}, {"Förstärkt wifi-antenn", 219000},
}

func (g *gen) equipment() []byte {
	var b strings.Builder
	b.WriteString(csvLine(";", "Datum", "Kommun", "Förvaltning", "Beskrivning", "Antal", "á-pris"))
	for i := 0; i < g.w.Equipment; i++ {
		m := g.member()
		it := equipmentItems[g.rng.IntN(len(equipmentItems))]
		qty := 1 + g.rng.IntN(3)
		if g.rng.IntN(10) == 0 {
			qty = 5 + g.rng.IntN(20)
		}
		b.WriteString(csvLine(";", g.day().Format(time.DateOnly), m.ID, g.dept(m), it.name, fmt.Sprint(qty), kr(it.price, false)))
	}
	if g.w.Broken {
		b.WriteString(csvLine(";", fmt.Sprintf("%d-03-14", g.w.Year), "1880", "Socialförvaltningen", "Skärm 24 tum (fel kommunkod)", "2", "1 990,00"))
		b.WriteString(csvLine(";", fmt.Sprintf("%d-01-15", g.w.Year+1), g.w.Members[0].ID, "Socialförvaltningen", "Headset (nästa år)", "1", "1 499,00"))
		b.WriteString(csvLine(";", fmt.Sprintf("%d-05-02", g.w.Year), g.w.Members[1].ID, "Kommunstyrelseförvaltningen", "=HYPERLINK(\"http://x\";\"Dockning\")", "1", "1.890"))
	}
	// What Swedish Excel writes: Windows-1252.
	out, err := charmap.Windows1252.NewEncoder().Bytes([]byte(b.String()))
	if err != nil {
		panic(err)
	}
	return out
}

var printerModels = []string{"Multifunktionsskrivare A3", "Skrivare A4 svartvit", "Etikettskrivare", "Multifunktionsskrivare A4 färg"}

func (g *gen) printers() []byte {
	var b strings.Builder
	b.WriteString(csvLine(";", "date", "member", "department", "description", "event", "amount"))
	events := []string{"purchase", "replacement", "expansion", "installation", "connection", "monitoring"}
	for i := 0; i < g.w.Printers; i++ {
		m := g.member()
		ev := events[g.rng.IntN(len(events))]
		amount := int64(0)
		switch ev {
		case "purchase", "replacement":
			amount = int64(450000 + g.rng.IntN(4000000))
		case "expansion":
			amount = int64(90000 + g.rng.IntN(500000))
		}
		b.WriteString(csvLine(";", g.day().Format(time.DateOnly), m.ID, g.dept(m), printerModels[g.rng.IntN(len(printerModels))], ev, kr(amount, true)))
	}
	if g.w.Broken {
		b.WriteString(csvLine(";", fmt.Sprintf("%d-06-10", g.w.Year), g.w.Members[2].ID, "Socialförvaltningen", "Toner", "toner delivery", "1 200,00"))
	}
	return []byte(b.String())
}

func (g *gen) storage() []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	b.WriteString(csvLine(";", "date", "user", "member", "department", "used_gb"))
	for _, m := range g.w.Members {
		users := m.Users
		if g.w.StorageUsers > 0 {
			users = g.w.StorageUsers
		}
		for u := 0; u < users; u++ {
			prefix := m.UserPrefix
			if prefix == "" {
				prefix = strings.ToLower(m.Name[:3])
			}
			user := fmt.Sprintf("%s%04d", prefix, u+1)
			dept := m.Departments[u%len(m.Departments)]
			heavy := g.rng.IntN(7) == 0
			level := 5 + g.rng.IntN(18)
			if heavy {
				level = 26 + g.rng.IntN(40)
			}
			for month := 1; month <= 12; month++ {
				used := level*100 + g.rng.IntN(400) // in hundredths of a GB
				day := time.Date(g.w.Year, time.Month(month), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, -1)
				b.WriteString(csvLine(";", day.Format(time.DateOnly), user, m.ID, dept, fmt.Sprintf("%d,%02d", used/100, used%100)))
			}
		}
	}
	if g.w.Broken {
		m := g.w.Members[0]
		user := fmt.Sprintf("%s%04d", strings.ToLower(m.Name[:3]), 1)
		b.WriteString(csvLine(";", fmt.Sprintf("%d-03-31", g.w.Year), user, m.ID, m.Departments[0], "12,00"))     // second row that month
		b.WriteString(csvLine(";", fmt.Sprintf("%d-04-30", g.w.Year), "tmp9999", m.ID, m.Departments[0], "-3,5")) // negative use
	}
	return b.Bytes()
}

var systems = []string{"Procapita", "Treserva", "Visma", "Personec", "Lifecare", "Tieto Education", "Ciceron", "Nätverk/VPN", "E-post"}

func (g *gen) support() []byte {
	var b strings.Builder
	b.WriteString(csvLine(",", "ticket", "member", "department", "start", "end", "system", "call_out"))
	loc, _ := time.LoadLocation("Europe/Stockholm")
	for i := 0; i < g.w.Support; i++ {
		m := g.member()
		d := g.day()
		var start time.Time
		switch g.rng.IntN(10) {
		case 0, 1: // evening
			start = time.Date(d.Year(), d.Month(), d.Day(), 17+g.rng.IntN(5), g.rng.IntN(60), 0, 0, loc)
		case 2: // early morning
			start = time.Date(d.Year(), d.Month(), d.Day(), 5+g.rng.IntN(2), g.rng.IntN(60), 0, 0, loc)
		default: // office hours
			start = time.Date(d.Year(), d.Month(), d.Day(), 8+g.rng.IntN(7), g.rng.IntN(60), 0, 0, loc)
		}
		end := start.Add(time.Duration(10+g.rng.IntN(200)) * time.Minute)
		callOut := "nej"
		if start.Hour() >= 17 || start.Hour() < 7 {
			if g.rng.IntN(3) == 0 {
				callOut = "ja"
			}
		}
		b.WriteString(csvLine(",", fmt.Sprintf("IT-%d-%05d", g.w.Year, i+1), m.ID, g.dept(m),
			start.Format("2006-01-02 15:04"), end.Format("2006-01-02 15:04"), systems[g.rng.IntN(len(systems))], callOut))
	}
	if g.w.Broken {
		y := g.w.Year
		m := g.w.Members[1]
		b.WriteString(csvLine(",", fmt.Sprintf("IT-%d-99001", y), m.ID, m.Departments[1], fmt.Sprintf("%d-09-03 14:00", y), fmt.Sprintf("%d-09-03 13:00", y), "Treserva", "nej"))
		b.WriteString(csvLine(",", fmt.Sprintf("IT-%d-99002", y), m.ID, m.Departments[1], fmt.Sprintf("%d-09-04 25:10", y), fmt.Sprintf("%d-09-04 26:00", y), "Treserva", "nej"))
		// Across the spring-forward night and on Midsummer Eve, with call-outs.
		b.WriteString(csvLine(",", fmt.Sprintf("IT-%d-99003", y), m.ID, m.Departments[1], fmt.Sprintf("%d-03-30 01:30", y), fmt.Sprintf("%d-03-30 04:00", y), "Procapita", "ja"))
		b.WriteString(csvLine(",", fmt.Sprintf("IT-%d-99004", y), m.ID, m.Departments[0], fmt.Sprintf("%d-06-20 09:00", y), fmt.Sprintf("%d-06-20 11:10", y), "Tieto Education", "ja"))
	}
	return []byte(b.String())
}

func (g *gen) licences() []byte {
	var b strings.Builder
	b.WriteString(csvLine(";", "member", "department", "type", "count"))
	repeat := max(1, g.w.Licences/max(1, 3*len(g.w.Members)*len(g.w.Members[0].Departments)))
	for _, m := range g.w.Members {
		for _, d := range m.Departments {
			for _, typ := range []string{"F3", "E3", "A3"}[:3] {
				if typ == "A3" && !strings.HasPrefix(d, "Barn") && repeat == 1 {
					continue
				}
				for r := 1; r < repeat; r++ { // one row per unit of the department
					b.WriteString(csvLine(";", m.ID, d, typ, fmt.Sprint(1+g.rng.IntN(20))))
				}
				n := 20 + g.rng.IntN(300)
				if typ == "F3" {
					n = 10 + g.rng.IntN(150)
				}
				b.WriteString(csvLine(";", m.ID, d, typ, fmt.Sprint(n)))
			}
		}
	}
	if g.w.Broken {
		b.WriteString(csvLine(";", g.w.Members[0].ID, g.w.Members[0].Departments[0], "E5", "12"))
	}
	return []byte(b.String())
}

var serviceKinds = []struct {
	clause, text string
	hours        bool
}{
	{"5.1.2", "Applikationssupport och användarhantering", true},
	{"5.2", "Konsultinsats vid större förändring", true},
	{"5.3", "Genomförande av upphandling av verksamhetssystem", false},
	{"5.4", "Förhöjda säkerhetsåtgärder efter informationsklassning", true},
	{"5.5", "Samordning och likformning, genomförande", true},
	{"5.8", "Införandeprojekt nytt system, förstudie", false},
	{"1.1", "Nytt system för nybyggnation", false},
}

func (g *gen) services() []byte {
	var b strings.Builder
	b.WriteString(csvLine(";", "date", "member", "department", "clause", "description", "hours", "rate", "amount"))
	for i := 0; i < g.w.Services; i++ {
		m := g.member()
		k := serviceKinds[g.rng.IntN(len(serviceKinds))]
		hours, rate, amount := "", "", ""
		if k.hours {
			hours = fmt.Sprintf("%d,%d", 1+g.rng.IntN(40), []int{0, 5}[g.rng.IntN(2)])
			if g.rng.IntN(4) == 0 {
				rate = "1 350"
			}
		} else {
			amount = kr(int64(2000000+g.rng.IntN(20000000)), false)
		}
		b.WriteString(csvLine(";", g.day().Format(time.DateOnly), m.ID, g.dept(m), k.clause, k.text, hours, rate, amount))
	}
	if g.w.Broken {
		b.WriteString(csvLine(";", fmt.Sprintf("%d-11-05", g.w.Year), g.w.Members[3].ID, g.w.Members[3].Departments[0], "7.2", "Utbildning (okänd punkt)", "3", "", ""))
		b.WriteString(csvLine(";", fmt.Sprintf("%d-11-06", g.w.Year), g.w.Members[3].ID, g.w.Members[3].Departments[0], "5.2", "Konsult, timmar saknas", "", "", ""))
	}
	return []byte(b.String())
}

var deviceTypes = []struct {
	typ   string
	price int64 // öre
	share int   // in 100
}{
	{"PC", 1150000, 62}, {"Mac", 1690000, 6}, {"tablet", 620000, 14}, {"phone", 540000, 16}, {"other", 300000, 2},
}

// clients writes the asset register: each member's devices, bought over the
// last seven years.
func (g *gen) clients() []byte {
	var b strings.Builder
	b.WriteString(csvLine(";", "device", "type", "member", "department", "purchased", "price", "shared"))
	n := 0
	for _, m := range g.w.Members {
		users := m.Users
		if g.w.StorageUsers > 0 {
			users = g.w.StorageUsers
		}
		for i := 0; i < users*5; i++ {
			p := g.rng.IntN(100)
			t := deviceTypes[0]
			for _, dt := range deviceTypes {
				if p < dt.share {
					t = dt
					break
				}
				p -= dt.share
			}
			n++
			bought := time.Date(g.w.Year-6, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.rng.IntN(7*365))
			if bought.Year() > g.w.Year {
				bought = time.Date(g.w.Year, 12, 1, 0, 0, 0, 0, time.UTC)
			}
			shared := "nej"
			if t.typ == "PC" && g.rng.IntN(4) == 0 {
				shared = "ja"
			}
			price := t.price * int64(90+g.rng.IntN(25)) / 100
			b.WriteString(csvLine(";", fmt.Sprintf("SYD-%06d", n), t.typ, m.ID, m.Departments[g.rng.IntN(len(m.Departments))],
				bought.Format(time.DateOnly), kr(price, false), shared))
		}
	}
	if g.w.Broken {
		m := g.w.Members[0]
		b.WriteString(csvLine(";", "SYD-000001", "PC", m.ID, m.Departments[0], fmt.Sprintf("%d-02-01", g.w.Year), "11 500,00", "nej"))
		b.WriteString(csvLine(";", "SYD-900001", "PC", m.ID, m.Departments[0], fmt.Sprintf("%d-02-01", g.w.Year+1), "11 500,00", "nej"))
		b.WriteString(csvLine(";", "SYD-900002", "skrivare", m.ID, m.Departments[0], fmt.Sprintf("%d-02-01", g.w.Year), "4 500,00", "nej"))
		b.WriteString(csvLine(";", "SYD-900003", "tablet", m.ID, m.Departments[0], fmt.Sprintf("%d-02-01", g.w.Year), "-6 200,00", "nej"))
	}
	return []byte(b.String())
}

// National is the workload of a region or a shared service for many
// municipalities, scaled: at scale 1, 60 members with 3 000–150 000
// inhabitants, 200 departments, 1 000 000 storage user-months (about 15 %
// over quota + tolerance), 200 000 support tickets, 50 000 equipment rows,
// 5 000 printer rows, about 12 000 licence rows and 10 000 service rows.
func National(scale float64) Workload {
	rng := rand.New(rand.NewPCG(60, 200))
	kinds := []string{"Barn- och utbildningsförvaltningen", "Socialförvaltningen", "Kommunstyrelseförvaltningen",
		"Samhällsbyggnadsförvaltningen", "Kultur- och fritidsförvaltningen", "Vård- och omsorgsförvaltningen",
		"Tekniska förvaltningen", "Miljöförvaltningen", "Arbetsmarknadsförvaltningen", "Räddningstjänsten"}
	n := func(x int) int { return max(1, int(float64(x)*scale)) }
	w := Workload{Seed: 60, Year: 2025, Equipment: n(50000), Printers: n(5000), Support: n(200000), Services: n(10000), Licences: n(12000)}
	users := n(1000000) / 12
	for i := 0; i < 60; i++ {
		var depts []string
		for d := 0; d < 3+rng.IntN(3); d++ { // 200 departments in all, on average
			depts = append(depts, fmt.Sprintf("%s %d", kinds[(i+d)%len(kinds)], d+1))
		}
		w.Members = append(w.Members, Member{ID: fmt.Sprintf("%04d", 1000+i*17), Name: fmt.Sprintf("Kommun %02d", i+1),
			Departments: depts, Users: users / 60, UserPrefix: fmt.Sprintf("u%d-", 1000+i*17)})
	}
	return w
}

// WriteWithConfig writes a workload as a folder a run can use: its inputs
// in dir/data and its config as dir/memberfee.yaml, whose path it returns.
func WriteWithConfig(dir string, w Workload) (string, error) {
	if err := Write(filepath.Join(dir, "data"), w); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "memberfee.yaml")
	return path, os.WriteFile(path, []byte(Config(w)), 0o644)
}

// Config returns a config file for a generated workload, its inputs in
// data/ beside it, with populations of 3 000–150 000 and allotments near
// the licence counts.
func Config(w Workload) string {
	rng := rand.New(rand.NewPCG(w.Seed, 7))
	var b strings.Builder
	fmt.Fprintf(&b, "# Generated workload (memberfee gen): illustrative figures.\nyear: %d\norganisation: Generated joint board\nmembers:\n", w.Year)
	for _, m := range w.Members {
		fmt.Fprintf(&b, "  - {id: %q, name: %q, population: %d}\n", m.ID, m.Name, 3000+rng.IntN(147000))
	}
	fmt.Fprintf(&b, `fee:
  previous_total: 950000000
  indexation: [{component: wages, share: 0.62, rate: 0.034}, {component: rent, share: 0.07, rate: 0.025}]
installments: 12
billing:
  period: {from: %d-01-01, to: %d-12-31}
  office_hours: {start: "07:30", end: "16:30"}
  prices: {support_hour: 925, call_out_fee: 1450, support_increment_minutes: 15, storage_gb_month: 3.20, consulting_hour: 1150}
  storage: {quota_gb: 25, tolerance_gb: 5}
  licences:
    negligible: 0.02
    prices_month: [{type: F3, price: 95}, {type: E3, price: 335}, {type: A3, price: 60}]
    allotments:
`, w.Year, w.Year)
	for _, m := range w.Members {
		fmt.Fprintf(&b, "      - {member: %q, type: E3, count: %d}\n", m.ID, 200+rng.IntN(2000))
	}
	b.WriteString(`  inputs:
    equipment: data/equipment.csv
    printers: data/printers.csv
    storage: data/storage.csv
    support: data/support.csv
    licences: data/licences.csv
    services: data/services.csv
`)
	return b.String()
}
