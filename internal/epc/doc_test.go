package epc

import (
	"flag"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/paychoreo/choreography/internal/testsupport"
)

var update = flag.Bool("update", false, "rewrite the table in docs/epc-charset.md")

const (
	docPath    = "docs/epc-charset.md"
	tableStart = "<!-- table: generated from internal/epc.Table by go test ./internal/epc -run TestDocTable -update -->\n"
	tableEnd   = "<!-- end of table -->\n"
)

// TestDocTable keeps the table of docs/epc-charset.md equal to Table.
func TestDocTable(t *testing.T) {
	path := testsupport.Path(t, docPath)
	want := testsupport.Generated(t, path, tableStart, tableEnd, markdown())
	testsupport.Golden(t, path, want, *update, "go test ./internal/epc -run TestDocTable -update")
}

func markdown() string {
	var b strings.Builder
	b.WriteString("| characters | become | source |\n|---|---|---|\n")
	for _, c := range Table {
		to := code(c.To)
		if c.Title != "" {
			to += " (" + code(c.Title) + " before a lower-case letter)"
		}
		src := c.Source
		if src != EPC217 {
			src = "ours: " + src
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", chars(c.From), to, src)
	}
	return b.String()
}

// chars shows each character in a code span, or by its code point when it is invisible.
func chars(s string) string {
	var parts []string
	for _, r := range s {
		if !unicode.IsGraphic(r) || unicode.IsSpace(r) || r == 0xad {
			parts = append(parts, fmt.Sprintf("U+%04X", r))
			continue
		}
		parts = append(parts, code(string(r)))
	}
	return strings.Join(parts, " ")
}

func code(s string) string {
	switch s {
	case " ":
		return "space"
	case "`":
		return "`` ` ``"
	}
	return "`" + strings.ReplaceAll(s, "|", `\|`) + "`"
}
