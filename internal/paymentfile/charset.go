package paymentfile

import (
	"fmt"
	"strings"

	"github.com/paychoreo/choreography/internal/epc"
)

// maxNamedChars is how many characters without a conversion a message names.
const maxNamedChars = 8

// checkIdent checks an identifier that File B carries as it is: its characters must
// have an EPC conversion (UNSUPPORTED_CHARACTER names those that do not), then its own
// rule applies. Its rule allows basic characters only, so one violation is enough.
func (v *validator) checkIdent(name, value, code string, r rule) bool {
	return v.utf8OK(name, value) && v.supported(name, value) && v.apply(name, value, code, r)
}

// checkFreeText checks a text that File B carries converted into the EPC basic set:
// its own rule (length, control characters), its characters, and, when both hold, its
// length once converted. The rule and the characters are separate problems, and both
// are reported.
func (v *validator) checkFreeText(name, value, code string, r rule, max int) {
	if !v.utf8OK(name, value) {
		return
	}
	ok := v.apply(name, value, code, r)
	if !v.supported(name, value) || !ok || ascii(value) {
		return // ASCII converts one for one: the length is already checked
	}
	if n, _ := epc.Len(value); n > max {
		v.rep.add(v.line, name, code, "%s %s is %d characters once converted into the EPC basic character set (docs/epc-charset.md), over %d",
			name, show(value), n, max)
	}
}

// supported reports the characters of a field that have no conversion into the EPC
// basic character set, and whether there are none. Control characters are left to the
// field's own rule, which names them already.
func (v *validator) supported(name, value string) bool {
	if ascii(value) {
		return true // every ASCII character but the controls converts
	}
	var bad []rune
	for _, r := range epc.Unconvertible(value) {
		if !control(r) {
			bad = append(bad, r)
		}
	}
	if len(bad) == 0 {
		return true
	}
	verb := "has"
	if len(bad) > 1 {
		verb = "have"
	}
	v.rep.add(v.line, name, CodeUnsupportedCharacter, "%s %s: %s %s no conversion into the EPC basic character set of SEPA (docs/epc-charset.md)",
		name, show(value), describe(bad), verb)
	return false
}

// describe names up to maxNamedChars characters.
func describe(rs []rune) string {
	var parts []string
	for i, r := range rs {
		if i == maxNamedChars {
			parts = append(parts, fmt.Sprintf("and %d more", len(rs)-i))
			break
		}
		parts = append(parts, epc.Describe(r))
	}
	return strings.Join(parts, ", ")
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// control is a C0 or C1 control character or DEL.
func control(r rune) bool { return r < 0x20 || r >= 0x7f && r < 0xa0 }
