package paymentfile

import (
	"fmt"
	"unicode/utf8"

	"github.com/paychoreo/choreography/internal/payment"
)

// The range of one payment's amount, in cents.
const (
	minAmount payment.Amount = 1
	maxAmount payment.Amount = 99999999999
)

// checkDate wants YYYY-MM-DD, a real day of the Gregorian calendar. Year 0000 is
// refused: XML Schema 1.0's xs:date, which File B must satisfy, has no year zero.
func checkDate(s string) string {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !allDigits(s[:4]) || !allDigits(s[5:7]) || !allDigits(s[8:]) {
		return "must be a date as YYYY-MM-DD"
	}
	y, m, d := atoi(s[:4]), atoi(s[5:7]), atoi(s[8:])
	if y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return "is not a real calendar date"
	}
	return ""
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// atoi reads a short string of digits already checked by allDigits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// parseAmount reads a payment amount exactly, never through a float.
func parseAmount(s string) (payment.Amount, string) {
	a, err := payment.ParseAmount(s)
	switch {
	case err != nil:
		return 0, "must be a plain decimal with a dot and at most 2 fraction digits"
	case a < minAmount || a > maxAmount:
		return 0, "must be from 0.01 to 999999999.99"
	}
	return a, ""
}

func checkCurrency(s string) string {
	if s != "EUR" {
		return "must be EUR: SEPA credit transfers are in euro only"
	}
	return ""
}

// The length limits of the free texts, in characters, as given and once converted into
// the EPC basic character set.
const (
	maxCreditorName   = 70
	maxRemittanceInfo = 140
)

func checkCreditorName(s string) string { return checkText(s, 1, maxCreditorName) }

func checkRemittanceInfo(s string) string { return checkText(s, 0, maxRemittanceInfo) }

// checkText counts characters, not bytes. Control characters are refused: most cannot
// be written in the XML of File B at all.
func checkText(s string, min, max int) string {
	if n := utf8.RuneCountInString(s); n < min || n > max {
		return fmt.Sprintf("must be %d-%d characters, got %d", min, max, n)
	}
	for _, r := range s {
		if control(r) {
			return fmt.Sprintf("contains the control character U+%04X", r)
		}
	}
	return ""
}
