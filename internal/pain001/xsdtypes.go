package pain001

import (
	"time"
	"unicode/utf8"

	"github.com/paychoreo/choreography/internal/payment"
)

// Limits of the XSD types File B uses, in the EPC132-08 2023 C2PSP schema. XSD lengths
// count characters, so the checks count runes, never bytes; escaping ("&" becomes
// "&amp;") does not change the count.
const (
	maxName       = 70  // Max140Text_EPC132-08_2023_V1.0_SCT_C2PSP: every Nm
	maxRemittance = 140 // Max140Text: RmtInf/Ustrd
	// ActiveOrHistoricCurrencyAndAmount_EPC...: minInclusive 0.01, maxInclusive
	// 999999999.99, fractionDigits 2 (Amount is whole cents, so always 2).
	minCents, maxCents payment.Amount = 1, 99_999_999_999
	// DecimalNumber (CtrlSum): totalDigits 18, fractionDigits 2.
	maxCtrlSum payment.Amount = 999_999_999_999_999_999
)

// textLen reports whether s has min to max characters (MaxNText: minLength 1).
func textLen(s string, min, max int) bool {
	n := utf8.RuneCountInString(s)
	return n >= min && n <= max
}

// isIBAN matches IBAN2007Identifier: [A-Z]{2,2}[0-9]{2,2}[a-zA-Z0-9]{1,30}.
func isIBAN(s string) bool {
	if len(s) < 5 || len(s) > 34 || !all(s[:2], upper) || !all(s[2:4], digit) {
		return false
	}
	return all(s[4:], func(c byte) bool { return upper(c) || digit(c) || c >= 'a' && c <= 'z' })
}

// isBIC matches BICFIDec2014Identifier:
// [A-Z0-9]{4,4}[A-Z]{2,2}[A-Z0-9]{2,2}([A-Z0-9]{3,3}){0,1}.
func isBIC(s string) bool {
	if len(s) != 8 && len(s) != 11 {
		return false
	}
	alnum := func(c byte) bool { return upper(c) || digit(c) }
	return all(s[:4], alnum) && all(s[4:6], upper) && all(s[6:], alnum)
}

// isDate matches the File A form YYYY-MM-DD of a real date, which ISODate (xs:date)
// accepts; xs:date has no year 0000.
func isDate(s string) bool {
	d, err := time.Parse(time.DateOnly, s)
	return err == nil && d.Year() >= 1
}

func all(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

func upper(c byte) bool { return c >= 'A' && c <= 'Z' }
func digit(c byte) bool { return c >= '0' && c <= '9' }
