// Package iban checks International Bank Account Numbers (ISO 13616) and says whether an
// account can be reached by a SEPA credit transfer. It is plain code with no imports of
// ours: File A's validation (internal/paymentfile) and the reference table's checks
// (internal/refdata) both use it.
package iban

import "fmt"

// Check checks an IBAN in its electronic form (ISO 13616): capitals and digits, no
// spaces, a known country code, that country's length, and ISO 7064 MOD 97-10. It
// returns what is wrong, or "" for a valid IBAN.
func Check(s string) string {
	if len(s) < 4 || !upper(s[0]) || !upper(s[1]) {
		return "must start with a two-letter country code"
	}
	want := length(s)
	switch {
	case want == 0:
		return fmt.Sprintf("country code %s does not use IBANs", s[:2])
	case len(s) != want:
		return fmt.Sprintf("%s IBANs have %d characters, got %d", s[:2], want, len(s))
	case !digit(s[2]) || !digit(s[3]):
		return "check digits (characters 3 and 4) must be digits"
	case !alnum(s[4:]):
		return "may only contain capital letters and digits, without spaces"
	case mod97(s) != 1:
		return "check digits do not match (mod 97)"
	}
	return ""
}

// Country is the country code an IBAN starts with ("" when it has none).
func Country(s string) string {
	if len(s) < 2 || !upper(s[0]) || !upper(s[1]) {
		return ""
	}
	return s[:2]
}

func upper(c byte) bool { return c >= 'A' && c <= 'Z' }
func digit(c byte) bool { return c >= '0' && c <= '9' }

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !upper(s[i]) && !digit(s[i]) {
			return false
		}
	}
	return true
}

// mod97 computes the remainder of the IBAN's number: the first four characters moved
// to the end, each letter replaced by 10..35. Every D record of File A has two IBANs,
// so it reduces only now and then: r stays below 1e15*100+35, far under the int64 limit.
func mod97(s string) int64 {
	var r int64
	for _, part := range [2]string{s[4:], s[:4]} {
		for i := range len(part) {
			if c := part[i]; c >= 'A' {
				r = r*100 + int64(c-'A'+10)
			} else {
				r = r*10 + int64(c-'0')
			}
			if r >= 1e15 {
				r %= 97
			}
		}
	}
	return r % 97
}

// length is the IBAN length of the country s starts with, or 0 if the country has
// none. s must start with two capitals.
func length(s string) int {
	return int(lengthIndex[int(s[0]-'A')*26+int(s[1]-'A')])
}

// lengthIndex is lengths as an array, for a lookup without hashing.
var lengthIndex = func() (t [26 * 26]uint8) {
	for cc, n := range lengths {
		t[int(cc[0]-'A')*26+int(cc[1]-'A')] = n
	}
	return t
}()
