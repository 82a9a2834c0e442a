// Package refdata is the validator's reference table: the senders allowed to submit
// payment files, their debtor accounts and their limits. It is held in a Dapr state
// store, one key per sender, and loaded from a JSON file shipped in the repo.
package refdata

import (
	"strings"

	"github.com/paychoreo/choreography/internal/payment"
)

// Sender is one row of the reference table.
type Sender struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Active bool   `json:"active"`
	// MaxFileAmount caps the control sum of one file from this sender.
	MaxFileAmount payment.Amount `json:"max_file_amount"`
	// DailyLimit caps the sum of the files accepted from this sender on one day (UTC day
	// of receipt); 0 means no daily limit. Usage is reserved by the validator.
	DailyLimit payment.Amount `json:"daily_limit,omitempty"`
	Accounts   []Account      `json:"accounts"`
}

// Account is a debtor account registered to a sender.
type Account struct {
	IBAN   string `json:"iban"`
	Active bool   `json:"active"`
}

// Account reports whether iban is registered to the sender, and whether it is active.
func (s *Sender) Account(iban string) (registered, active bool) {
	for _, a := range s.Accounts {
		if strings.EqualFold(a.IBAN, iban) {
			return true, a.Active
		}
	}
	return false, false
}

// Key is the state-store key of a sender's row.
func Key(senderID string) string { return "sender|" + senderID }
