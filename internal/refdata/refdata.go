// Package refdata is the validator's reference table: the senders allowed to submit
// payment files, their debtor accounts and their limits. It is held in a Dapr state
// store, one key per sender, and changed from a JSON file (refdata/sample.json) in
// versions: every change is a new version v<N>, kept with who made it, why, when and
// what changed (keeper.go), and every row carries the version it belongs to, which the
// validator copies into its events.
//
// Keys in the refdata store, all in one Redis hash slot (see tag):
//
//	{refdata}|sender|<id>  one sender's row: Sender with its version (the validator reads it)
//	{refdata}|head         the current version: Head
//	{refdata}|v<N>         version N: who, when, why, what changed, and the whole table
package refdata

import (
	"strconv"
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
	// Version is the table version the row belongs to ("v3"), set when a version is
	// applied; a reference file leaves it out.
	Version string `json:"version,omitempty"`
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

// tag starts every key of the table with a Redis hash tag, which puts them all in one
// hash slot: a change writes rows and head in one transaction (MULTI), and a clustered
// Redis (Azure Managed Redis, which is Redis Enterprise) refuses a transaction across
// slots (CROSSSLOT).
const tag = "{refdata}|"

// Key is the state-store key of a sender's row.
func Key(senderID string) string { return tag + "sender|" + senderID }

// HeadKey is the state-store key of the current version (Head).
const HeadKey = tag + "head"

// VersionKey is the state-store key of version n (Version).
func VersionKey(n int) string { return tag + VersionName(n) }

// VersionName is how versions are named: v1, v2, ...
func VersionName(n int) string { return "v" + strconv.Itoa(n) }

// LoaderApp is the app id of apps/refdata-loader, which applies refdata/sample.json at the
// start of a local run, and the author of the versions it makes.
const LoaderApp = "refdata-loader"
