package pain002

import (
	"fmt"
	"strings"
)

// MappingMarkdown renders Mappings as the table of docs/status-reports.md, which a test
// keeps equal (go test ./internal/pain002 -run TestStatusReportsDoc -update).
func MappingMarkdown() string {
	var b strings.Builder
	b.WriteString("| our reason code | field | ISO code | ISO name | why |\n|---|---|---|---|---|\n")
	for _, m := range Mappings {
		field := "any"
		if m.Field != "" {
			field = "`" + m.Field + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | %s | %s |\n", m.Code, field, m.ISO, ISONames[m.ISO], m.Why)
	}
	fmt.Fprintf(&b, "| (compensated file) | | `%s` | %s | the file failed for good on the bank's side and was undone |\n",
		Compensated, ISONames[Compensated])
	return b.String()
}
