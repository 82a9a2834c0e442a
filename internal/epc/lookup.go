package epc

import "fmt"

// BasicSet is every character of the EPC basic character set.
const BasicSet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ "

// The lookups built from BasicSet and Table: bytes for the hot path (most text is
// ASCII), a map for the rest.
var (
	basic [256]bool
	ascii [128]string
	table = map[rune]Conversion{}
)

func init() {
	for i := 0; i < len(BasicSet); i++ {
		basic[BasicSet[i]] = true
	}
	if err := build(Table); err != nil {
		panic(err) // a broken table is a programming error; TestTable says which
	}
}

// build fills the lookups from rows, refusing a table that would map a character twice,
// convert a basic character, or produce one outside the basic set.
func build(rows []Conversion) error {
	for _, c := range rows {
		if c.To == "" || !Basic(c.To) || !Basic(c.Title) {
			return fmt.Errorf("epc: row %q: replacement %q/%q is not basic text", c.From, c.To, c.Title)
		}
		for _, r := range c.From {
			if _, dup := table[r]; dup || r < 128 && basic[r] {
				return fmt.Errorf("epc: %s is listed twice or is basic", Describe(r))
			}
			table[r] = c
			if r < 128 {
				ascii[r] = c.To
			}
		}
	}
	return nil
}
