package payment

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Amount is an exact euro amount in cents. Amounts are parsed from text and printed as
// text; they never pass through a float.
type Amount int64

// ErrAmountFormat is returned for text that is not a plain decimal with at most two
// fraction digits.
var ErrAmountFormat = errors.New("payment: amount is not a plain decimal with at most 2 fraction digits")

// maxDigits bounds the integer part so that sums of many amounts cannot overflow int64.
const maxDigits = 15

// ParseAmount reads "1250", "1250.5" or "1250.00" into cents. No sign, no exponent, no
// thousands separator, dot as the decimal separator.
func ParseAmount(s string) (Amount, error) {
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || len(whole) > maxDigits || !digits(whole) || (hasDot && (frac == "" || len(frac) > 2 || !digits(frac))) {
		return 0, fmt.Errorf("%w: %q", ErrAmountFormat, s)
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q", ErrAmountFormat, s)
	}
	cents := w * 100
	if len(frac) == 1 {
		cents += int64(frac[0]-'0') * 10
	} else if len(frac) == 2 {
		cents += int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	}
	return Amount(cents), nil
}

// String prints the amount with exactly two fraction digits, as pain.001 expects.
func (a Amount) String() string {
	sign := ""
	v := int64(a)
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// MarshalText and UnmarshalText keep amounts exact in JSON: they travel as strings.
func (a Amount) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

func (a *Amount) UnmarshalText(b []byte) error {
	v, err := ParseAmount(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
