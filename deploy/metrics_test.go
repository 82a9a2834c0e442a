package deploy

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// exported maps each series name the apps export to its labels, read from the Go
// sources' metric definitions (prometheus.*Opts{Name: ...} with their label lists):
// a histogram exports <name>_bucket (with le), <name>_sum and <name>_count.
func exported(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, dir := range []string{"apps", "internal"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					addDefinition(out, call)
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) == 0 {
		t.Fatal("no metric definitions found in apps/ and internal/")
	}
	return out
}

// addDefinition records the metric a promauto.New*/prometheus.New* call defines.
func addDefinition(out map[string][]string, call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !strings.HasPrefix(sel.Sel.Name, "New") || len(call.Args) == 0 {
		return
	}
	if pkg, ok := sel.X.(*ast.Ident); !ok || (pkg.Name != "promauto" && pkg.Name != "prometheus") {
		return
	}
	opts, ok := call.Args[0].(*ast.CompositeLit)
	if !ok {
		return
	}
	name := ""
	for _, e := range opts.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "Name") {
			name = stringLit(kv.Value)
		}
	}
	if name == "" {
		return
	}
	var labels []string
	if len(call.Args) > 1 {
		if list, ok := call.Args[1].(*ast.CompositeLit); ok {
			for _, e := range list.Elts {
				labels = append(labels, stringLit(e))
			}
		}
	}
	switch {
	case strings.Contains(sel.Sel.Name, "Histogram"):
		out[name+"_bucket"] = append(append([]string{}, labels...), "le")
		out[name+"_sum"], out[name+"_count"] = labels, labels
	case strings.Contains(sel.Sel.Name, "Summary"):
		out[name] = append(append([]string{}, labels...), "quantile")
		out[name+"_sum"], out[name+"_count"] = labels, labels
	default:
		out[name] = labels
	}
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func stringLit(e ast.Expr) string {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return ""
	}
	s, _ := strconv.Unquote(lit.Value)
	return s
}
