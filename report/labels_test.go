package report

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"memberfee/allocation"
	"memberfee/billing"
)

// TestLabelTables: every key is in one table only and has its Swedish and
// its English text, with the same formatting verbs in both.
func TestLabelTables(t *testing.T) {
	seen := map[string]string{}
	for _, tt := range labelTables {
		for k, v := range tt.table {
			if area, ok := seen[k]; ok {
				t.Errorf("%s: in the %s table and the %s table", k, area, tt.area)
			}
			seen[k] = tt.area
			if strings.TrimSpace(v.sv) == "" || strings.TrimSpace(v.en) == "" {
				t.Errorf("%s (%s): sv %q, en %q: a label needs both languages", k, tt.area, v.sv, v.en)
			}
			if sv, en := verbs(v.sv), verbs(v.en); sv != en {
				t.Errorf("%s (%s): formatting verbs %q in Swedish, %q in English", k, tt.area, sv, en)
			}
		}
	}
}

// verbs lists a format's verbs in order: %d, %s …
func verbs(format string) string {
	var out []string
	for i := 0; i < len(format)-1; i++ {
		if format[i] == '%' {
			out = append(out, format[i:i+2])
			i++
		}
	}
	return strings.Join(out, " ")
}

// dynamicKeys are the keys the code makes as prefix + value, with every
// value it can take; a prefix not listed here fails TestLabelsUsed.
var dynamicKeys = map[string][]string{
	"scope.":  {allocation.ScopeCommon, allocation.ScopeMember},
	"status.": {string(billing.Charged), string(billing.Included), string(billing.Rejected)},
	"cat.":    categoryNames(),
	// the fee bridge's steps, and the key step's word when the key is population alone
	"br.step.": allocation.BridgeSteps[:],
	"br.word.": append(allocation.BridgeSteps[:], "population"),
}

func categoryNames() []string {
	var out []string
	for _, c := range billing.Categories {
		out = append(out, string(c))
	}
	return out
}

// TestLabelsUsed: every key the code passes as a label exists, so that a
// missing label fails here rather than print its key in a workbook. A key
// is a string literal given to a function's parameter called key or keys
// (tr, trf, header, title, hdrCells, and the sheets' small helpers), or
// ranged over as key; a key made as "prefix." + value must be in
// dynamicKeys.
func TestLabelsUsed(t *testing.T) {
	used := usedKeys(t)
	if len(used) < 200 {
		t.Fatalf("found only %d keys in use: the search is broken", len(used))
	}
	for key, at := range used {
		if strings.HasSuffix(key, ".") && strings.HasPrefix(at, "prefix ") {
			values, ok := dynamicKeys[key]
			if !ok {
				t.Errorf("%s: a key made from %q + a value, which dynamicKeys does not list", at, key)
			}
			for _, v := range values {
				if _, ok := labels[key+v]; !ok {
					t.Errorf("%s: no label %q", at, key+v)
				}
			}
			continue
		}
		if _, ok := labels[key]; !ok {
			t.Errorf("%s: no label %q", at, key)
		}
	}
	var unused []string
	for k := range labels {
		if _, ok := used[k]; !ok && !madeKey(k) && !strings.HasPrefix(k, "cb.extra.") {
			unused = append(unused, k)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Logf("labels no literal names (used some other way, or not at all): %v", unused)
	}
}

func madeKey(k string) bool {
	for p := range dynamicKeys {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}

// usedKeys parses the package's source and returns each key it uses as a
// label, with where.
func usedKeys(t *testing.T) map[string]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
	}
	// The functions and function values that take a key: the index of
	// the parameter, and whether it is variadic (keys ...string).
	type keyParam struct {
		index    int
		variadic bool
	}
	takers := map[string]keyParam{}
	params := func(name string, ft *ast.FuncType) {
		i := 0
		for _, field := range ft.Params.List {
			for _, n := range field.Names {
				if n.Name == "key" || n.Name == "keys" {
					_, variadic := field.Type.(*ast.Ellipsis)
					takers[name] = keyParam{i, variadic}
				}
				i++
			}
		}
	}
	for _, f := range parsed {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				params(n.Name.Name, n.Type)
			case *ast.AssignStmt:
				for i, rhs := range n.Rhs {
					if lit, ok := rhs.(*ast.FuncLit); ok && i < len(n.Lhs) {
						if id, ok := n.Lhs[i].(*ast.Ident); ok {
							params(id.Name, lit.Type)
						}
					}
				}
			}
			return true
		})
	}
	used := map[string]string{}
	add := func(e ast.Expr) {
		switch e := e.(type) {
		case *ast.BasicLit:
			if e.Kind == token.STRING {
				if s, err := strconv.Unquote(e.Value); err == nil && s != "" { // "" is an empty heading
					used[s] = fset.Position(e.Pos()).String()
				}
			}
		case *ast.BinaryExpr:
			if lit, ok := e.X.(*ast.BasicLit); ok && e.Op == token.ADD && lit.Kind == token.STRING {
				s, _ := strconv.Unquote(lit.Value)
				used[s] = "prefix " + fset.Position(e.Pos()).String()
			}
		}
	}
	for _, f := range parsed {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				kp, ok := takers[name]
				if !ok {
					return true
				}
				for i, arg := range n.Args {
					if i == kp.index || kp.variadic && i > kp.index {
						add(arg)
					}
				}
			case *ast.RangeStmt:
				if id, ok := n.Value.(*ast.Ident); ok && (id.Name == "key" || id.Name == "k") {
					if lit, ok := n.X.(*ast.CompositeLit); ok {
						for _, e := range lit.Elts {
							add(e)
						}
					}
				}
			}
			return true
		})
	}
	return used
}
