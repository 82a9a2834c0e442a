package refdata

import (
	"fmt"
	"strings"

	"github.com/paychoreo/choreography/internal/epc"
	"github.com/paychoreo/choreography/internal/iban"
)

// Refusal is a reference table refused whole, with every reason: nothing of it is
// applied.
type Refusal struct {
	Reasons []string
}

func (r *Refusal) Error() string {
	return "refdata: table refused (" + plural(len(r.Reasons), "reason") + "):\n  " + strings.Join(r.Reasons, "\n  ")
}

// Check applies the rules of a reference table and returns a *Refusal with every
// broken one, or nil:
//   - at least one sender; every sender has an id, no id appears twice;
//   - a sender's max_file_amount is above 0 (0 would refuse all its files);
//   - every sender has an account; accounts are valid IBANs (ISO 13616) of a country
//     in the SEPA credit transfer scheme's scope (internal/iban), since File B is an
//     SCT pain.001 and its debtor account must be reachable by SCT;
//   - no account is listed twice under one sender, nor active under two senders (an
//     account moves by deactivating it under the first);
//   - no row carries a version: versions are given by apply.
func Check(t *Table) error {
	var c checker
	if len(t.Senders) == 0 {
		c.add("no senders")
	}
	first := map[string]int{}
	for i, s := range t.Senders {
		c.sender(i+1, &s, first)
	}
	c.activeAccounts(t)
	if len(c.reasons) == 0 {
		return nil
	}
	return &Refusal{Reasons: c.reasons}
}

// checkMerged checks the table a file would make with what it leaves out (Merge). The
// file passed Check; rows it leaves out were accepted when they came, and stay whatever
// the rules now say (deactivate retires them), so what is left to check is across rows.
func checkMerged(t *Table) error {
	var c checker
	c.activeAccounts(t)
	if len(c.reasons) == 0 {
		return nil
	}
	return &Refusal{Reasons: c.reasons}
}

type checker struct{ reasons []string }

func (c *checker) add(format string, a ...any) {
	c.reasons = append(c.reasons, fmt.Sprintf(format, a...))
}

// sender checks one row; n is its place in the file (1, 2, ...).
func (c *checker) sender(n int, s *Sender, first map[string]int) {
	if s.ID == "" {
		c.add("sender %d has no id", n)
		return
	}
	if at, dup := first[s.ID]; dup {
		c.add("sender %s appears twice (senders %d and %d)", s.ID, at, n)
	} else {
		first[s.ID] = n
	}
	if s.MaxFileAmount <= 0 {
		c.add("sender %s: max_file_amount must be above 0", s.ID)
	}
	// The name goes into File B (InitgPty/Nm, Dbtr/Nm): it must convert into the EPC
	// basic character set, or every file of the sender would carry its id instead.
	if bad := epc.Unconvertible(s.Name); len(bad) > 0 {
		c.add("sender %s: name holds %s, outside the EPC character set with no conversion (docs/epc-charset.md)", s.ID, describe(bad))
	}
	if s.Version != "" {
		c.add("sender %s: version %q is given by choreo refdata apply, not by the file", s.ID, s.Version)
	}
	if len(s.Accounts) == 0 {
		c.add("sender %s has no accounts", s.ID)
	}
	seen := map[string]bool{}
	for _, a := range s.Accounts {
		c.account(s.ID, a.IBAN)
		if seen[a.IBAN] {
			c.add("sender %s lists account %s twice", s.ID, a.IBAN)
		}
		seen[a.IBAN] = true
	}
}

func (c *checker) account(sender, account string) {
	if problem := iban.Check(account); problem != "" {
		c.add("sender %s: account %q is not a valid IBAN: %s", sender, account, problem)
		return
	}
	if !iban.ReachableBySCT(account) {
		c.add("sender %s: account %s is not reachable by SEPA credit transfer (%s is outside the SCT scheme's countries)",
			sender, account, iban.Country(account))
	}
}

// activeAccounts refuses an account active under two senders: a debtor account belongs
// to one customer, and the validator would accept it from both.
func (c *checker) activeAccounts(t *Table) {
	owner := map[string]string{}
	for _, s := range t.Senders {
		for _, a := range s.Accounts {
			if !a.Active || s.ID == "" {
				continue
			}
			if o, dup := owner[a.IBAN]; dup && o != s.ID {
				c.add("account %s is active under both %s and %s", a.IBAN, o, s.ID)
				continue
			}
			owner[a.IBAN] = s.ID
		}
	}
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func describe(runes []rune) string {
	out := make([]string, len(runes))
	for i, r := range runes {
		out[i] = epc.Describe(r)
	}
	return strings.Join(out, ", ")
}
