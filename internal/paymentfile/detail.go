package paymentfile

import (
	"math"

	"github.com/paychoreo/choreography/internal/payment"
)

// Field positions in a D record.
const (
	dE2EID = 1 + iota
	dDebtorIBAN
	dExecutionDate
	dAmount
	dCurrency
	dCreditorName
	dCreditorIBAN
	dCreditorBIC
	dRemittanceInfo
)

// detail checks one D record with the right number of fields.
func (v *validator) detail(f []string) {
	v.checkE2EID(f[dE2EID])
	v.checkDebtorIBAN(f[dDebtorIBAN])
	v.check(detailFields[dExecutionDate], f[dExecutionDate], CodeInvalidDate, checkDate)
	amount := v.checkAmount(f[dAmount])
	v.check(detailFields[dCurrency], f[dCurrency], CodeInvalidCurrency, checkCurrency)
	v.checkFreeText(detailFields[dCreditorName], f[dCreditorName], CodeInvalidCreditorName, checkCreditorName, maxCreditorName)
	v.check(detailFields[dCreditorIBAN], f[dCreditorIBAN], CodeInvalidIBAN, checkIBAN)
	v.check(detailFields[dCreditorBIC], f[dCreditorBIC], CodeInvalidBIC, checkBIC)
	v.checkFreeText(detailFields[dRemittanceInfo], f[dRemittanceInfo], CodeInvalidRemittanceInfo, checkRemittanceInfo, maxRemittanceInfo)
	v.keep(f, amount)
}

// checkE2EID checks the line's end_to_end_id; a valid one names the line's violations.
func (v *validator) checkE2EID(id string) {
	name := detailFields[dE2EID]
	if !v.checkIdent(name, id, CodeInvalidE2EID, checkE2EID) {
		return
	}
	v.lineE2E = id
	if first, dup := v.e2e[id]; dup {
		v.rep.add(v.line, name, CodeDuplicateE2EID, "end_to_end_id %s is already used on line %d", show(id), first)
		return
	}
	v.e2e[id] = v.line
}

// checkDebtorIBAN checks the account against the sender's registered accounts, when
// the header named a known sender.
func (v *validator) checkDebtorIBAN(iban string) {
	name := detailFields[dDebtorIBAN]
	if !v.check(name, iban, CodeInvalidIBAN, checkIBAN) || v.sender == nil {
		return
	}
	switch registered, active := v.sender.Account(iban); {
	case !registered:
		v.rep.add(v.line, name, CodeAccountNotAllowed, "debtor_iban %s is not registered to sender %s", show(iban), v.sender.ID)
	case !active:
		v.rep.add(v.line, name, CodeAccountNotAllowed, "debtor_iban %s is registered to sender %s but not active", show(iban), v.sender.ID)
	}
}

// checkAmount adds a valid amount to the file total; an invalid one leaves the total
// unknown, so no control-sum mismatch is claimed on top of it.
func (v *validator) checkAmount(s string) payment.Amount {
	var a payment.Amount
	ok := v.check(detailFields[dAmount], s, CodeInvalidAmount, func(s string) (problem string) {
		a, problem = parseAmount(s)
		return problem
	})
	if !ok {
		v.sumOK = false
		return 0
	}
	// Saturate rather than wrap: only a file of many gigabytes could get here, and a
	// wrapped total could slip under the sender's limit.
	if a > math.MaxInt64-v.sum {
		v.sum = math.MaxInt64
	} else {
		v.sum += a
	}
	return a
}

// keep adds the payment to the canonical file while the file can still be accepted,
// and lets all payments go once it cannot, so a rejected file costs no more memory.
func (v *validator) keep(f []string, amount payment.Amount) {
	if !v.rep.empty() {
		v.file.Payments = nil
		return
	}
	v.file.Payments = append(v.file.Payments, payment.Payment{
		Line:           v.line,
		EndToEndID:     f[dE2EID],
		DebtorIBAN:     f[dDebtorIBAN],
		ExecutionDate:  f[dExecutionDate],
		Amount:         amount,
		Currency:       f[dCurrency],
		CreditorName:   f[dCreditorName],
		CreditorIBAN:   f[dCreditorIBAN],
		CreditorBIC:    f[dCreditorBIC],
		RemittanceInfo: f[dRemittanceInfo],
	})
}
