package paymentfile

import (
	"strings"
	"testing"
)

// FuzzSplitFields targets the CSV record parser alone: it never panics, and a line it
// accepts splits into fields that, written back with RFC 4180 quoting, split the same.
func FuzzSplitFields(f *testing.F) {
	for _, s := range []string{
		`D,E2E-1,DE89370400440532013000,2026-11-26,1.00,EUR,"Smith, Jones & Co",NL91ABNA0417164300,,x`,
		`a,"b ""quoted""",c`, `"",,""`, `"open`, `a"b`, `,`, ``,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		fields, problem, _ := splitFields(nil, line)
		if problem != "" {
			return
		}
		again, problem2, _ := splitFields(nil, join(fields))
		if problem2 != "" || strings.Join(again, "\x00") != strings.Join(fields, "\x00") {
			t.Fatalf("round trip of %q: %q -> %q (%s)", line, fields, again, problem2)
		}
	})
}

func join(fields []string) string {
	out := make([]string, len(fields))
	for i, f := range fields {
		if strings.ContainsAny(f, ",\"\r\n") {
			f = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
		}
		out[i] = f
	}
	return strings.Join(out, ",")
}
