package paymentfile

import (
	"io"
	"slices"
	"strings"
	"testing"
)

// readLines returns each line, marking cut-short ones with a trailing "+".
func readLines(t *testing.T, in string) []string {
	t.Helper()
	lr := newLineReader(strings.NewReader(in))
	var out []string
	for {
		b, tooLong, err := lr.next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if tooLong {
			s = s[:min(len(s), 4)] + "+"
		}
		out = append(out, s)
		if lr.num != len(out) {
			t.Fatalf("line number %d after %d lines", lr.num, len(out))
		}
	}
}

func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", maxLineBytes+1)
	huge := strings.Repeat("y", 200<<10) // longer than the read buffer
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"one newline", "\n", []string{""}},
		{"LF", "a\nb\n", []string{"a", "b"}},
		{"no final newline", "a\nb", []string{"a", "b"}},
		{"CRLF", "a\r\nb\r\n", []string{"a", "b"}},
		{"mixed", "a\r\nb\nc", []string{"a", "b", "c"}},
		{"CR alone is data", "a\rb\n", []string{"a\rb"}},
		{"final CR without LF is data", "a\r", []string{"a\r"}},
		{"blank lines", "a\n\n\r\nb\n\n", []string{"a", "", "", "b", ""}},
		{"BOM", "\xEF\xBB\xBFa\n", []string{"a"}},
		{"BOM only", "\xEF\xBB\xBF", nil},
		{"BOM and newline", "\xEF\xBB\xBF\n", []string{""}},
		{"BOM on line 2 is data", "a\n\xEF\xBB\xBFb", []string{"a", "\xEF\xBB\xBFb"}},
		{"long line", "a\n" + long + "\nb\n", []string{"a", "xxxx+", "b"}},
		{"huge line", "a\n" + huge + "\nb", []string{"a", "yyyy+", "b"}},
		{"huge last line", huge, []string{"yyyy+"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := readLines(t, tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
