package ledger

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// triggerSQL finds the schema's triggers: each the statement SQLite keeps
// in sqlite_schema (without its closing semicolon).
var triggerSQL = regexp.MustCompile(`(?s)CREATE TRIGGER (\w+) .*?END`)

// wantTriggers are the triggers that refuse every UPDATE and DELETE, by
// name, as schema.sql makes them (whitespace folded).
var wantTriggers = func() map[string]string {
	m := map[string]string{}
	for _, t := range triggerSQL.FindAllStringSubmatch(strings.Join(migrations, "\n"), -1) { // a later migration's trigger replaces an earlier one's
		m[t[1]] = fold(t[0])
	}
	return m
}()

func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// verifyTriggers checks that every trigger that keeps the ledger from
// being changed is there, as memberfee made it: a ledger whose triggers
// were dropped or replaced no longer refuses an edit, whatever its hashes
// still say.
func (t *Tx) verifyTriggers() error {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")
	if err != nil {
		return classify(t.path, err)
	}
	defer rows.Close()
	have := map[string]string{}
	for rows.Next() {
		var name, sql string
		if err := rows.Scan(&name, &sql); err != nil {
			return classify(t.path, err)
		}
		have[name] = fold(sql)
	}
	if err := rows.Err(); err != nil {
		return classify(t.path, err)
	}
	var missing, changed, extra []string
	for name, sql := range wantTriggers {
		switch got, ok := have[name]; {
		case !ok:
			missing = append(missing, name)
		case got != sql:
			changed = append(changed, name)
		}
	}
	for name := range have {
		if _, ok := wantTriggers[name]; !ok {
			extra = append(extra, name)
		}
	}
	if len(missing)+len(changed)+len(extra) == 0 {
		return nil
	}
	sort.Strings(missing)
	sort.Strings(changed)
	sort.Strings(extra)
	var what []string
	if len(missing) > 0 {
		what = append(what, "the triggers that refuse edits are gone: "+strings.Join(missing, ", "))
	}
	if len(changed) > 0 {
		what = append(what, "triggers differ from what memberfee made: "+strings.Join(changed, ", "))
	}
	if len(extra) > 0 {
		what = append(what, "triggers memberfee never made: "+strings.Join(extra, ", "))
	}
	return &TamperError{What: fmt.Sprintf("%s (someone has been able to change it since)", strings.Join(what, "; "))}
}
