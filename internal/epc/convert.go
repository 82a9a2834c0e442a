package epc

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Basic reports whether every character of s is in the basic set.
func Basic(s string) bool {
	for i := 0; i < len(s); i++ {
		if !basic[s[i]] {
			return false
		}
	}
	return true
}

// Append appends s converted to dst. It stops at the first character without a
// conversion and reports false. It allocates nothing beyond dst's growth, so a writer
// can convert every field into one reused buffer.
func Append(dst []byte, s string) ([]byte, bool) {
	afterLetter := false
	for i := 0; i < len(s); {
		to, n, ok := next(s[i:], afterLetter)
		if !ok {
			return dst, false
		}
		dst = append(dst, to...)
		afterLetter = endsInLetter(to, afterLetter)
		i += n
	}
	return dst, true
}

// Len is the length of s converted, in characters (bytes: all are ASCII); ok is false
// when s holds a character without a conversion.
func Len(s string) (n int, ok bool) {
	afterLetter := false
	for i := 0; i < len(s); {
		to, size, ok := next(s[i:], afterLetter)
		if !ok {
			return 0, false
		}
		n += len(to)
		afterLetter = endsInLetter(to, afterLetter)
		i += size
	}
	return n, true
}

// Convert returns s converted into the basic set, or "" and the characters of s that
// have no conversion, each once, in the order they first appear.
func Convert(s string) (string, []rune) {
	if Basic(s) {
		return s, nil
	}
	out, ok := Append(make([]byte, 0, len(s)+8), s)
	if !ok {
		return "", Unconvertible(s)
	}
	return string(out), nil
}

// Unconvertible lists the characters of s that have no conversion, each once, in the
// order they first appear; nil when s converts.
func Unconvertible(s string) []rune {
	var bad []rune
	afterLetter := false
	for i := 0; i < len(s); {
		to, n, ok := next(s[i:], afterLetter)
		if !ok {
			r, _ := utf8.DecodeRuneInString(s[i:])
			if !contains(bad, r) {
				bad = append(bad, r)
			}
		}
		afterLetter = endsInLetter(to, afterLetter)
		i += n
	}
	return bad
}

// Describe names a character for a person: the character itself, quoted as Go quotes
// a rune (so an invisible one shows as an escape), and its code point, e.g. 'ü' (U+00FC).
func Describe(r rune) string {
	return fmt.Sprintf("%q (U+%04X)", r, r)
}

// next converts the character at the start of s; afterLetter says whether the text
// converted so far ends in a letter, which a combining accent needs. It returns the
// replacement, the size of the character in s, and false if it has no conversion.
func next(s string, afterLetter bool) (to string, size int, ok bool) {
	if c := s[0]; c < utf8.RuneSelf {
		if basic[c] {
			return s[:1], 1, true
		}
		to = ascii[c]
		return to, 1, to != ""
	}
	r, size := utf8.DecodeRuneInString(s)
	if combining(r) {
		return "", size, afterLetter
	}
	c, ok := table[r]
	if !ok {
		return "", size, false
	}
	if c.Title != "" && lowerNext(s[size:]) {
		return c.Title, size, true
	}
	return c.To, size, true
}

// combining reports a combining diacritical mark: "u" + U+0308 is "ü" decomposed
// (Unicode NFD), and converts as "ü" does, to "u".
func combining(r rune) bool { return r >= 0x300 && r <= 0x36f }

func lowerNext(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

func endsInLetter(to string, before bool) bool {
	if to == "" {
		return before
	}
	c := to[len(to)-1]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func contains(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}
