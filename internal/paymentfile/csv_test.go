package paymentfile

import (
	"slices"
	"testing"
)

func TestSplitFields(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		problem string
		col     int
	}{
		{"a,b,c", []string{"a", "b", "c"}, "", 0},
		{"a,,", []string{"a", "", ""}, "", 0},
		{"x", []string{"x"}, "", 0},
		{`"a,b",c`, []string{"a,b", "c"}, "", 0},
		{`"say ""hi""",x`, []string{`say "hi"`, "x"}, "", 0},
		{`""`, []string{""}, "", 0},
		{`"",""`, []string{"", ""}, "", 0},
		{`""""`, []string{`"`}, "", 0},
		{`a," b "`, []string{"a", " b "}, "", 0},
		{" a , b ", []string{" a ", " b "}, "", 0},
		{"a\rb", []string{"a\rb"}, "", 0},
		{`"abc`, nil, quoteUnclosed, 1},
		{`a,"b""`, nil, quoteUnclosed, 3},
		{`a,b"c`, nil, quoteInField, 4},
		{`a, "b"`, nil, quoteInField, 4},
		{`"a"b,c`, nil, quoteTrailing, 4},
		{`"a" ,c`, nil, quoteTrailing, 4},
	}
	for _, tt := range tests {
		got, problem, col := splitFields(nil, tt.in)
		if problem != tt.problem || col != tt.col {
			t.Errorf("splitFields(%q) problem %q at %d, want %q at %d", tt.in, problem, col, tt.problem, tt.col)
			continue
		}
		if problem == "" && !slices.Equal(got, tt.want) {
			t.Errorf("splitFields(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A record must cost no allocation beyond the reused field slice.
func TestSplitFieldsDoesNotAllocate(t *testing.T) {
	line := `D,E2E-0002,DE89370400440532013000,2026-11-26,99.95,EUR,"Smith, Jones & Co",NL91ABNA0417164300,,Order 12`
	buf := make([]string, 0, 16)
	if n := testing.AllocsPerRun(100, func() { buf, _, _ = splitFields(buf[:0], line) }); n != 0 {
		t.Errorf("%v allocations per record", n)
	}
}
