package nofloat

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// floating are the identifiers that bring floating point in: the types and
// the strconv and math functions that make or take them.
var floating = map[string]bool{
	"float32": true, "float64": true, "complex64": true, "complex128": true,
	"ParseFloat": true, "FormatFloat": true, "AppendFloat": true,
	"Float64": true, "Float32": true, "InexactFloat64": true, "NewFromFloat": true, "NewFromFloat32": true,
	"NewFromFloatWithExponent": true,
	"Float":                    true, "NewFloat": true, "Inf": true, "NaN": true, "IsInf": true, "IsNaN": true, // big.Float, math
}

// Check fails t for every use of a floating-point identifier in the
// non-test Go files of dir, naming the file and line.
func Check(t testing.TB, dir string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
			return // t may be a recorder that goes on
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.Ident:
				if floating[x.Name] {
					t.Errorf("%s: %s: floating point in a package that computes money", fset.Position(x.Pos()), x.Name)
				}
			case *ast.BasicLit:
				if x.Kind == token.FLOAT || x.Kind == token.IMAG {
					t.Errorf("%s: %s: a floating-point literal in a package that computes money", fset.Position(x.Pos()), x.Value)
				}
			}
			return true
		})
	}
}
