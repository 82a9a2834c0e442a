// Package epctest reads the corpus of names the tests of the conversion into the EPC
// basic character set share: internal/epc/testdata/names.txt.
package epctest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// Case is one line of the corpus.
type Case struct {
	Line     int
	Language string
	Input    string
	Want     string // the converted text; "" when Bad is set
	Bad      []rune // the characters without a conversion, in order of appearance
}

// Convertible reports whether the case converts.
func (c Case) Convertible() bool { return c.Bad == nil }

func (c Case) String() string { return fmt.Sprintf("names.txt:%d %s %q", c.Line, c.Language, c.Input) }

// Corpus reads every case, failing the test on a malformed line.
func Corpus(tb testing.TB) []Case {
	tb.Helper()
	_, here, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(here), "..", "testdata", "names.txt")
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var cases []Case
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c, err := parse(line)
		if err != nil {
			tb.Fatalf("names.txt:%d: %v", n, err)
		}
		c.Line = n
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return cases
}

func parse(line string) (Case, error) {
	parts := strings.Split(line, "\t")
	if len(parts) != 3 {
		return Case{}, fmt.Errorf("want 3 tab-separated fields, got %d", len(parts))
	}
	c := Case{Language: parts[0]}
	var err error
	if c.Input, err = strconv.Unquote(parts[1]); err != nil {
		return c, fmt.Errorf("input %s: %w", parts[1], err)
	}
	if bad, ok := strings.CutPrefix(parts[2], "!"); ok {
		c.Bad, err = codePoints(bad)
		return c, err
	}
	c.Want, err = strconv.Unquote(parts[2])
	return c, err
}

func codePoints(s string) ([]rune, error) {
	var rs []rune
	for _, f := range strings.Fields(s) {
		n, err := strconv.ParseUint(strings.TrimPrefix(f, "U+"), 16, 32)
		if err != nil {
			return nil, fmt.Errorf("code point %q: %w", f, err)
		}
		rs = append(rs, rune(n))
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("no code points after !")
	}
	return rs, nil
}
