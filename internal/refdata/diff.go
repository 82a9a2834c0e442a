package refdata

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/paychoreo/choreography/internal/payment"
)

// Change is one difference between two versions of the table: a sender or an account
// added, or one field of it changed.
type Change struct {
	Sender  string `json:"sender"`
	Account string `json:"account,omitempty"` // the IBAN, when the change is an account's
	Kind    string `json:"kind"`              // KindAdded, KindChanged or KindKept
	Field   string `json:"field,omitempty"`   // for KindChanged: name, active, max_file_amount, daily_limit
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
}

// Kinds of Change. KindKept is no change: a sender or account of the loaded table that
// the file leaves out, kept as it is, since apply never removes (deactivate does).
const (
	KindAdded   = "added"
	KindChanged = "changed"
	KindKept    = "kept"
)

func (c Change) String() string {
	what := "sender " + c.Sender
	if c.Account != "" {
		what += " account " + c.Account
	}
	switch c.Kind {
	case KindAdded:
		return "+ " + what + ": added " + c.To
	case KindChanged:
		return fmt.Sprintf("~ %s: %s %s -> %s", what, c.Field, c.From, c.To)
	}
	return "= " + what + ": not in the file, kept as it is (apply never removes; choreo refdata deactivate)"
}

// Plan is what applying a file would do: the table that would result, what changes
// and what the file leaves out (kept).
type Plan struct {
	Table   *Table
	Changes []Change
	Kept    []Change
}

// Changed reports whether the plan changes anything.
func (p *Plan) Changed() bool { return len(p.Changes) > 0 }

// Merge plans applying file on top of loaded: every sender of the file replaces its row
// (or is added); senders and accounts the file leaves out are kept as they are. The
// result is sorted by sender id.
func Merge(loaded, file *Table) *Plan {
	p := &Plan{Table: loaded.clone()}
	for _, s := range file.Senders {
		old := p.Table.sender(s.ID)
		if old == nil {
			p.Table.Senders = append(p.Table.Senders, s)
			p.Changes = append(p.Changes, added(&s)...)
			continue
		}
		merged := s
		merged.Accounts = append([]Account(nil), s.Accounts...)
		for _, a := range old.Accounts {
			if !slices.ContainsFunc(s.Accounts, func(b Account) bool { return b.IBAN == a.IBAN }) {
				merged.Accounts = append(merged.Accounts, a)
				p.Kept = append(p.Kept, Change{Sender: s.ID, Account: a.IBAN, Kind: KindKept})
			}
		}
		p.Changes = append(p.Changes, compare(old, &merged)...)
		*old = merged
	}
	for _, s := range loaded.Senders {
		if file.sender(s.ID) == nil {
			p.Kept = append(p.Kept, Change{Sender: s.ID, Kind: KindKept})
		}
	}
	slices.SortStableFunc(p.Table.Senders, func(a, b Sender) int { return strings.Compare(a.ID, b.ID) })
	return p
}

// added is the changes of a new sender: itself and each of its accounts.
func added(s *Sender) []Change {
	cs := []Change{{Sender: s.ID, Kind: KindAdded, To: fmt.Sprintf("(%s, %s, max_file_amount %s, daily_limit %s)",
		s.Name, activeWord(s.Active), s.MaxFileAmount, dailyLimit(s.DailyLimit))}}
	for _, a := range s.Accounts {
		cs = append(cs, Change{Sender: s.ID, Account: a.IBAN, Kind: KindAdded, To: "(" + activeWord(a.Active) + ")"})
	}
	return cs
}

// compare lists the field changes from old to new of one sender and its accounts.
func compare(old, new *Sender) []Change {
	var cs []Change
	field := func(name, from, to string) {
		if from != to {
			cs = append(cs, Change{Sender: new.ID, Kind: KindChanged, Field: name, From: from, To: to})
		}
	}
	field("name", strconv.Quote(old.Name), strconv.Quote(new.Name))
	field("active", strconv.FormatBool(old.Active), strconv.FormatBool(new.Active))
	field("max_file_amount", old.MaxFileAmount.String(), new.MaxFileAmount.String())
	field("daily_limit", dailyLimit(old.DailyLimit), dailyLimit(new.DailyLimit))
	for _, a := range new.Accounts {
		registered, active := old.Account(a.IBAN)
		switch {
		case !registered:
			cs = append(cs, Change{Sender: new.ID, Account: a.IBAN, Kind: KindAdded, To: "(" + activeWord(a.Active) + ")"})
		case active != a.Active:
			cs = append(cs, Change{Sender: new.ID, Account: a.IBAN, Kind: KindChanged, Field: "active",
				From: strconv.FormatBool(active), To: strconv.FormatBool(a.Active)})
		}
	}
	return cs
}

// dailyLimit shows a daily limit; 0 is none.
func dailyLimit(a payment.Amount) string {
	if a == 0 {
		return "none"
	}
	return a.String()
}

func activeWord(active bool) string {
	if active {
		return "active"
	}
	return "inactive"
}

// Summarize counts changes for the history: "1 sender added, 2 accounts changed".
func Summarize(cs []Change) string {
	type key struct{ sender, account, kind string }
	seen := map[key]bool{}
	counts := map[string]int{}
	for _, c := range cs {
		k := key{c.Sender, c.Account, c.Kind}
		if c.Kind == KindKept || seen[k] {
			continue
		}
		seen[k] = true
		what := "sender"
		if c.Account != "" {
			what = "account"
		}
		counts[what+" "+c.Kind]++
	}
	var parts []string
	for _, what := range []string{"sender added", "sender changed", "account added", "account changed"} {
		if n := counts[what]; n > 0 {
			noun, verb, _ := strings.Cut(what, " ")
			parts = append(parts, plural(n, noun)+" "+verb)
		}
	}
	if len(parts) == 0 {
		return "no change"
	}
	return strings.Join(parts, ", ")
}
