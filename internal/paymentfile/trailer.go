package paymentfile

import (
	"strconv"

	"github.com/paychoreo/choreography/internal/payment"
)

// Field positions in a T record.
const (
	tRecordCount = 1 + iota
	tControlSum
)

// trailer reads the first T record's figures; they are compared with the D records in
// checkTotals once the whole file has been read.
func (v *validator) trailer(f []string) {
	if v.check(trailerFields[tRecordCount], f[tRecordCount], CodeInvalidRecordCount, checkRecordCount) {
		v.trailerCount, _ = strconv.ParseInt(f[tRecordCount], 10, 64)
		v.trailerCountOK = true
	}
	var sum payment.Amount
	v.trailerSumOK = v.check(trailerFields[tControlSum], f[tControlSum], CodeInvalidAmount, func(s string) string {
		var err error
		if sum, err = payment.ParseAmount(s); err != nil {
			return "must be a plain decimal with a dot and at most 2 fraction digits"
		}
		return ""
	})
	v.trailerSum = sum
}

// checkRecordCount allows 18 digits at most, which always fits an int64.
func checkRecordCount(s string) string {
	if s == "" || len(s) > 18 || !allDigits(s) {
		return "must be the number of D records, in digits"
	}
	return ""
}

func (v *validator) checkTotals() {
	if v.trailerCountOK && v.trailerCount != int64(v.details) {
		v.rep.add(v.trailerLine, trailerFields[tRecordCount], CodeRecordCountMismatch,
			"record_count is %d but the file has %d D records", v.trailerCount, v.details)
	}
	if v.trailerSumOK && v.sumOK && v.trailerSum != v.sum {
		v.rep.add(v.trailerLine, trailerFields[tControlSum], CodeControlTotalMismatch,
			"control_sum is %s but the D amounts add up to %s", v.trailerSum, v.sum)
	}
}

// checkLimit compares the total of the valid amounts with the sender's per-file limit.
// With some amounts invalid that total is only a lower bound, which is enough to say
// the limit is exceeded.
func (v *validator) checkLimit() {
	s := v.sender
	if s == nil || s.MaxFileAmount <= 0 || v.sum <= s.MaxFileAmount {
		return
	}
	v.rep.add(0, trailerFields[tControlSum], CodeLimitExceeded,
		"the D amounts add up to %s, over sender %s's limit of %s per file", v.sum, s.ID, s.MaxFileAmount)
}
