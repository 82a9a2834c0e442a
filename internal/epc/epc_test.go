package epc

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/paychoreo/choreography/internal/epc/epctest"
)

// The table maps no character twice, never a basic one, only into the basic set; a
// title form is the capital form with its later letters in lower case.
func TestTable(t *testing.T) {
	seen := map[rune]bool{}
	for _, c := range Table {
		if c.From == "" || c.Source == "" {
			t.Errorf("row %+v: want characters and a source", c)
		}
		for _, r := range c.From {
			if seen[r] || strings.ContainsRune(BasicSet, r) {
				t.Errorf("%s is listed twice or is basic", Describe(r))
			}
			seen[r] = true
		}
		if !Basic(c.To) || c.To == "" || !Basic(c.Title) {
			t.Errorf("row %q: %q/%q", c.From, c.To, c.Title)
		}
		if c.Title != "" && (len(c.To) < 2 || c.Title != c.To[:1]+strings.ToLower(c.To[1:])) {
			t.Errorf("row %q: title %q does not fit %q", c.From, c.Title, c.To)
		}
	}
	if err := build(Table); err == nil {
		t.Error("building the table twice should find every row listed twice")
	}
}

// Every letter with a diacritic of Latin-1 Supplement and Latin Extended-A converts,
// except the few EPC217-08 gives no letter for either, which we leave unconverted.
func TestLatinLettersConvert(t *testing.T) {
	without := []rune{'ĸ', 'ŉ', 'ſ'}
	for r := rune(0xc0); r <= 0x17f; r++ {
		if !unicode.IsLetter(r) || slices.Contains(without, r) {
			continue
		}
		if _, ok := Convert(string(r)); ok != nil {
			t.Errorf("%s has no conversion", Describe(r))
		}
	}
}

func TestBasic(t *testing.T) {
	if !Basic(BasicSet) || !Basic("") {
		t.Error("the basic set is not basic")
	}
	for r := rune(0); r < 0x800; r++ {
		if got, want := Basic(string(r)), strings.ContainsRune(BasicSet, r); got != want {
			t.Errorf("Basic(%s) = %v", Describe(r), got)
		}
	}
}

// TestCorpus converts every name of testdata/names.txt.
func TestCorpus(t *testing.T) {
	for _, c := range epctest.Corpus(t) {
		got, bad := Convert(c.Input)
		if got != c.Want || !slices.Equal(bad, c.Bad) {
			t.Errorf("%s: Convert = %q, %U; want %q, %U", c, got, bad, c.Want, c.Bad)
		}
		if !slices.Equal(Unconvertible(c.Input), c.Bad) {
			t.Errorf("%s: Unconvertible = %U", c, Unconvertible(c.Input))
		}
		n, ok := Len(c.Input)
		out, appended := Append([]byte("x"), c.Input)
		if ok != c.Convertible() || appended != ok || ok && (n != len(c.Want) || string(out) != "x"+c.Want) {
			t.Errorf("%s: Len = %d, %v; Append = %q, %v", c, n, ok, out, appended)
		}
		if c.Convertible() && !Basic(got) {
			t.Errorf("%s: %q is not basic", c, got)
		}
	}
}

// Converting what is converted changes nothing.
func TestConvertIdempotent(t *testing.T) {
	for _, c := range Table {
		once, _ := Convert(c.From)
		if twice, _ := Convert(once); twice != once {
			t.Errorf("%q: %q, then %q", c.From, once, twice)
		}
	}
}

func TestDescribe(t *testing.T) {
	for r, want := range map[rune]string{'ü': "'ü' (U+00FC)", '\t': `'\t' (U+0009)`, '😀': "'😀' (U+1F600)", 0x200b: `'\u200b' (U+200B)`} {
		if got := Describe(r); got != want {
			t.Errorf("Describe(%U) = %s, want %s", r, got, want)
		}
	}
}

// Append and Len allocate nothing: File B's writer converts every name of a file of
// 100,000 payments into one buffer.
func TestAppendDoesNotAllocate(t *testing.T) {
	buf := make([]byte, 0, 256)
	s := "Ærø Øl & “Söhne” Þór Щастлива"
	if n := testing.AllocsPerRun(10, func() { buf, _ = Append(buf[:0], s); Len(s) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

func BenchmarkConvertName(b *testing.B) {
	buf := make([]byte, 0, 256)
	for b.Loop() {
		buf, _ = Append(buf[:0], "Bäckerei Müller & Söhne, Inh. Jürgen Weiß")
	}
}
