package paymentfile

import (
	"fmt"
	"strings"
)

// Character classes of the identifier fields, as bits of charClass.
const (
	classUpper = 1 << iota
	classLower
	classDigit
	classDash
	classSlash
)

// maxIDLen is the length limit of every identifier field (ISO 20022 Max35Text).
const maxIDLen = 35

// charClass is a lookup table: the hot path checks 100,000s of identifiers, and a
// table is cheaper than a regexp or a chain of comparisons.
var charClass = func() (t [256]uint8) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = classUpper
		t[c+'a'-'A'] = classLower
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = classDigit
	}
	t['-'], t['/'] = classDash, classSlash
	return t
}()

// only reports whether every byte of s is in one of the classes.
func only(s string, classes uint8) bool {
	for i := 0; i < len(s); i++ {
		if charClass[s[i]]&classes == 0 {
			return false
		}
	}
	return true
}

func allDigits(s string) bool { return only(s, classDigit) }

// checkID is the rule of an identifier: 1 to maxIDLen characters from classes.
func checkID(s string, classes uint8, allowed string) string {
	switch {
	case !only(s, classes):
		return "may only contain " + allowed
	case s == "" || len(s) > maxIDLen: // bytes are characters here: all are ASCII
		return fmt.Sprintf("must be 1-%d characters, got %d", maxIDLen, len(s))
	}
	return ""
}

// checkE2EID also applies EPC's rule for identifiers with '/': not first, not last,
// never two in a row.
func checkE2EID(s string) string {
	if p := checkID(s, classUpper|classLower|classDigit|classDash|classSlash, "A-Z, a-z, 0-9, - and /"); p != "" {
		return p
	}
	switch {
	case s[0] == '/' || s[len(s)-1] == '/':
		return "must not start or end with / (EPC rule for SEPA identifiers)"
	case strings.Contains(s, "//"):
		return "must not contain // (EPC rule for SEPA identifiers)"
	}
	return ""
}

// checkBIC wants ISO 9362: bank code [A-Z]{4}, country [A-Z]{2}, location [A-Z0-9]{2},
// optional branch [A-Z0-9]{3}. Empty is allowed: the BIC is optional in SEPA.
func checkBIC(s string) string {
	switch {
	case s == "":
		return ""
	case len(s) != 8 && len(s) != 11:
		return fmt.Sprintf("must be empty or 8 or 11 characters, got %d", len(s))
	case !only(s[:6], classUpper) || !only(s[6:], classUpper|classDigit):
		return "must be 4 letters of bank code, 2 of country, 2 letters or digits of location and an optional 3 of branch, in capitals"
	}
	return ""
}
