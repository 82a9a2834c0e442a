package pain001

import (
	"errors"
	"fmt"
	"time"

	"github.com/paychoreo/choreography/internal/epc"
	"github.com/paychoreo/choreography/internal/payment"
)

// ErrInvalid means the batches cannot make a schema-valid File B. Input that passed
// File A validation never causes it; it guards against corrupt or hand-made batches,
// and it is returned before a single byte is written.
var ErrInvalid = errors.New("pain001: batches do not fit pain.001.001.09")

// check runs every XSD restriction Render relies on, plus the totals, so that Render
// either writes a valid document or nothing at all.
func check(b *payment.Batches, created time.Time) error {
	if err := checkHeader(b, created); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	n, sum := 0, payment.Amount(0)
	for i := range b.Batches {
		if err := checkBatch(&b.Batches[i]); err != nil {
			return fmt.Errorf("%w: batch %d: %w", ErrInvalid, i+1, err)
		}
		n += len(b.Batches[i].Payments)
		sum += b.Batches[i].ControlSum
	}
	if n != b.NbOfTxs || sum != b.ControlSum {
		return fmt.Errorf("%w: totals %d/%s, batches hold %d/%s", ErrInvalid, b.NbOfTxs, b.ControlSum, n, sum)
	}
	if sum > maxCtrlSum {
		return fmt.Errorf("%w: control sum %s has more than 18 digits", ErrInvalid, sum)
	}
	return nil
}

func checkHeader(b *payment.Batches, created time.Time) error {
	switch {
	case !textLen(b.Sender.ID, 1, max35):
		return fmt.Errorf("sender id %q: want 1-35 characters", b.Sender.ID)
	case created.Year() < 1 || created.Year() > 9999:
		return fmt.Errorf("created %s: year out of range", created)
	case len(b.Batches) == 0:
		return errors.New("no batches: PmtInf is mandatory")
	}
	return nil
}

func checkBatch(bt *payment.Batch) error {
	switch {
	case len(bt.Payments) == 0:
		return errors.New("no payments: CdtTrfTxInf is mandatory")
	case !isIBAN(bt.DebtorIBAN):
		return fmt.Errorf("debtor_iban %q is not an IBAN2007Identifier", bt.DebtorIBAN)
	case !isDate(bt.ExecutionDate):
		return fmt.Errorf("execution_date %q is not YYYY-MM-DD", bt.ExecutionDate)
	}
	sum := payment.Amount(0)
	for i := range bt.Payments {
		p := &bt.Payments[i]
		if err := checkPayment(bt, p); err != nil {
			return fmt.Errorf("payment %d (line %d): %w", i+1, p.Line, err)
		}
		sum += p.Amount
	}
	if sum != bt.ControlSum {
		return fmt.Errorf("control sum %s, payments add up to %s", bt.ControlSum, sum)
	}
	return nil
}

func checkPayment(bt *payment.Batch, p *payment.Payment) error {
	switch {
	case p.DebtorIBAN != bt.DebtorIBAN || p.ExecutionDate != bt.ExecutionDate:
		return errors.New("debtor_iban or execution_date differs from its batch")
	case !textLen(p.EndToEndID, 1, max35):
		return fmt.Errorf("end_to_end_id %q: want 1-35 characters", p.EndToEndID)
	case p.Amount < minCents || p.Amount > maxCents:
		return fmt.Errorf("amount %s: want 0.01 to 999999999.99", p.Amount)
	case p.Currency != "EUR":
		return fmt.Errorf("currency %q: SEPA credit transfers are EUR only", p.Currency)
	case textProblem(p.CreditorName, 1, maxName) != "":
		return fmt.Errorf("creditor_name: %s", textProblem(p.CreditorName, 1, maxName))
	case !isIBAN(p.CreditorIBAN):
		return fmt.Errorf("creditor_iban %q is not an IBAN2007Identifier", p.CreditorIBAN)
	case p.CreditorBIC != "" && !isBIC(p.CreditorBIC):
		return fmt.Errorf("creditor_bic %q is not a BICFIDec2014Identifier", p.CreditorBIC)
	case textProblem(p.RemittanceInfo, 0, maxRemittance) != "":
		return fmt.Errorf("remittance_info: %s", textProblem(p.RemittanceInfo, 0, maxRemittance))
	}
	return nil
}

// textProblem says why s does not convert into the EPC basic set (internal/epc) with
// min to max characters, or "".
func textProblem(s string, min, max int) string {
	n, ok := epc.Len(s)
	switch {
	case !ok:
		bad := epc.Unconvertible(s)
		return fmt.Sprintf("%d characters without a conversion into the EPC basic set, the first %s", len(bad), epc.Describe(bad[0]))
	case n < min || n > max:
		return fmt.Sprintf("%d characters once converted into the EPC basic set, want %d-%d", n, min, max)
	}
	return ""
}
