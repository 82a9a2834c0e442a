package paymentfile

import "fmt"

// checkIBAN checks an IBAN in its electronic form (ISO 13616): capitals and digits, no
// spaces, a known country code, that country's length, and ISO 7064 MOD 97-10.
func checkIBAN(s string) string {
	if len(s) < 4 || !only(s[:2], classUpper) {
		return "must start with a two-letter country code"
	}
	want := ibanLength(s)
	switch {
	case want == 0:
		return fmt.Sprintf("country code %s does not use IBANs", s[:2])
	case len(s) != want:
		return fmt.Sprintf("%s IBANs have %d characters, got %d", s[:2], want, len(s))
	case !allDigits(s[2:4]):
		return "check digits (characters 3 and 4) must be digits"
	case !only(s[4:], classUpper|classDigit):
		return "may only contain capital letters and digits, without spaces"
	case mod97(s) != 1:
		return "check digits do not match (mod 97)"
	}
	return ""
}

// mod97 computes the remainder of the IBAN's number: the first four characters moved
// to the end, each letter replaced by 10..35. Every D record has two IBANs, so it
// reduces only now and then: r stays below 1e15*100+35, far under the int64 limit.
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

// ibanLength is the IBAN length of the country s starts with, or 0 if the country has
// none. s must start with two capitals.
func ibanLength(s string) int {
	return int(ibanLengthIndex[int(s[0]-'A')*26+int(s[1]-'A')])
}

// ibanLengthIndex is ibanLengths as an array, for a lookup without hashing.
var ibanLengthIndex = func() (t [26 * 26]uint8) {
	for cc, n := range ibanLengths {
		t[int(cc[0]-'A')*26+int(cc[1]-'A')] = n
	}
	return t
}()
