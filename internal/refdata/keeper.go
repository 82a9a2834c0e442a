package refdata

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Errors of a change that was not made; nothing of it was applied.
var (
	ErrNoAuthor       = errors.New("refdata: a change needs who makes it (--by)")
	ErrBusy           = errors.New("refdata: another change of the table is under way")
	ErrUnknownSender  = errors.New("refdata: no such sender")
	ErrUnknownAccount = errors.New("refdata: no such account")
)

// A change is made in two steps, because Dapr's Redis transactions check ETags but do
// not roll back: first the new version's record is created (first write wins: of two
// concurrent changes, one gets v<N>, the other ErrBusy); then the rows, stamped v<N>,
// and the head move in one transaction, which readers see whole. A claim whose commit
// never came (the tool died) is discarded by the next change once it is staleAfter
// old; a commit is abandoned after commitWithin, well before.
const (
	commitWithin = 30 * time.Second
	staleAfter   = 2 * time.Minute
)

// Keeper changes the reference table in versions and reads its history.
type Keeper struct {
	Store Store
	Now   func() time.Time // time.Now when nil
}

func (k *Keeper) now() time.Time {
	if k.Now != nil {
		return k.Now()
	}
	return time.Now()
}

// Loaded is the current version and its table; Head{} and an empty table before v1.
func (k *Keeper) Loaded(ctx context.Context) (Head, *Table, error) {
	head, _, t, err := k.loaded(ctx)
	return head, t, err
}

func (k *Keeper) loaded(ctx context.Context) (head Head, etag string, t *Table, err error) {
	etag, found, err := k.Store.Get(ctx, HeadKey, &head)
	if err != nil || !found {
		return head, "", &Table{}, err
	}
	v, err := k.version(ctx, head.Number)
	if err != nil {
		return head, "", nil, err
	}
	return head, etag, v.Table, nil
}

func (k *Keeper) version(ctx context.Context, n int) (*Version, error) {
	var v Version
	_, found, err := k.Store.Get(ctx, VersionKey(n), &v)
	switch {
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", VersionName(n), err)
	case !found || v.Table == nil:
		return nil, fmt.Errorf("refdata: version %s is missing from the store", VersionName(n))
	}
	return &v, nil
}

// Diff plans applying file to the loaded table, without changing anything. The error is
// a *Refusal when the resulting table would break a rule.
func (k *Keeper) Diff(ctx context.Context, file *Table) (Head, *Plan, error) {
	head, t, err := k.Loaded(ctx)
	if err != nil {
		return head, nil, err
	}
	p, err := plan(t, file)
	return head, p, err
}

// plan merges a file into the loaded table; a refusal when either breaks a rule.
func plan(loaded, file *Table) (*Plan, error) {
	if err := Check(file); err != nil {
		return nil, err
	}
	p := Merge(loaded, file)
	return p, checkMerged(p.Table)
}

// Apply makes the file's changes a new version. It returns a nil Version, and changes
// nothing, when the file changes nothing.
func (k *Keeper) Apply(ctx context.Context, file *Table, m Meta) (*Version, *Plan, error) {
	return k.change(ctx, m, func(t *Table) (*Plan, error) { return plan(t, file) })
}

// Deactivate makes a new version in which the sender (or, with account, that account of
// the sender) is inactive: the validator then rejects its files (SENDER_INACTIVE,
// ACCOUNT_NOT_ALLOWED). Nothing changes when it is inactive already.
func (k *Keeper) Deactivate(ctx context.Context, sender, account string, m Meta) (*Version, *Plan, error) {
	return k.change(ctx, m, func(t *Table) (*Plan, error) {
		p := &Plan{Table: t.clone()}
		s := p.Table.sender(sender)
		if s == nil {
			return nil, fmt.Errorf("%w %q in the loaded table", ErrUnknownSender, sender)
		}
		active, which := &s.Active, ""
		if account != "" {
			active = nil
			for i := range s.Accounts {
				if strings.EqualFold(s.Accounts[i].IBAN, account) {
					active, which = &s.Accounts[i].Active, s.Accounts[i].IBAN
				}
			}
			if active == nil {
				return nil, fmt.Errorf("%w %q registered to sender %s", ErrUnknownAccount, account, sender)
			}
		}
		if *active {
			*active = false
			p.Changes = []Change{{Sender: sender, Account: which, Kind: KindChanged, Field: "active", From: "true", To: "false"}}
		}
		return p, nil
	})
}

// change plans a change on the loaded table and, if it changes something, makes it the
// next version: claimed first, then committed (see commitWithin).
func (k *Keeper) change(ctx context.Context, m Meta, plan func(*Table) (*Plan, error)) (*Version, *Plan, error) {
	if strings.TrimSpace(m.By) == "" {
		return nil, nil, ErrNoAuthor
	}
	head, etag, t, err := k.loaded(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := k.discardStale(ctx, head.Number+1); err != nil {
		return nil, nil, err
	}
	p, err := plan(t)
	if err != nil || !p.Changed() {
		return nil, p, err
	}
	n := head.Number + 1
	v := &Version{Version: VersionName(n), Number: n, By: m.By, Note: m.Note, At: timestamp(k.now()),
		Summary: Summarize(p.Changes), Changes: p.Changes, Table: p.Table}
	if err := k.Store.Create(ctx, VersionKey(n), v); err != nil {
		if errors.Is(err, ErrConflict) {
			return nil, p, fmt.Errorf("%w: %s was just taken by a concurrent change; see history, diff again", ErrBusy, v.Version)
		}
		return nil, p, fmt.Errorf("claim %s: %w", v.Version, err)
	}
	ctx, cancel := context.WithTimeout(ctx, commitWithin)
	defer cancel()
	return v, p, k.commit(ctx, v, etag)
}

// commit writes the version's rows and moves the head, in one transaction.
func (k *Keeper) commit(ctx context.Context, v *Version, headETag string) error {
	writes := make([]Write, 0, len(v.Table.Senders)+1)
	for _, s := range v.Table.Senders {
		s.Version = v.Version
		writes = append(writes, Write{Key: Key(s.ID), Value: s})
	}
	writes = append(writes, Write{Key: HeadKey, Value: Head{Version: v.Version, Number: v.Number, At: v.At, By: v.By}, ETag: headETag})
	err := k.Store.Commit(ctx, writes)
	if errors.Is(err, ErrConflict) {
		// The head moved: this claim was discarded as stale and a later change won. The
		// store wrote these rows all the same (no rollback): put the winner's back.
		return errors.Join(fmt.Errorf("%w: %s was not applied, it came too late", ErrBusy, v.Version), k.restore(ctx))
	}
	if err != nil {
		return fmt.Errorf("apply %s (the next change discards it after %s): %w", v.Version, staleAfter, err)
	}
	return nil
}

// restore writes the rows of the head's version again.
func (k *Keeper) restore(ctx context.Context) error {
	var head Head
	if _, found, err := k.Store.Get(ctx, HeadKey, &head); err != nil || !found {
		return err
	}
	v, err := k.version(ctx, head.Number)
	if err != nil {
		return err
	}
	writes := make([]Write, 0, len(v.Table.Senders))
	for _, s := range v.Table.Senders {
		s.Version = v.Version
		writes = append(writes, Write{Key: Key(s.ID), Value: s})
	}
	return k.Store.Commit(ctx, writes)
}

// discardStale removes version n's record if it is a claim that was never committed
// and is older than staleAfter; a younger one means a change is under way (ErrBusy).
func (k *Keeper) discardStale(ctx context.Context, n int) error {
	var claim Version
	etag, found, err := k.Store.Get(ctx, VersionKey(n), &claim)
	if err != nil || !found {
		return err
	}
	if at, _ := time.Parse(time.RFC3339, claim.At); k.now().Sub(at) < staleAfter {
		return fmt.Errorf("%w: %s by %s, claimed at %s; try again in a minute", ErrBusy, claim.Version, claim.By, claim.At)
	}
	if err := k.Store.DeleteIf(ctx, VersionKey(n), etag); err != nil {
		return fmt.Errorf("discard the stale claim of %s: %w", claim.Version, err)
	}
	return nil
}

// History lists every version, oldest first, without their tables.
func (k *Keeper) History(ctx context.Context) ([]Version, error) {
	head, _, _, err := k.loaded(ctx)
	if err != nil {
		return nil, err
	}
	vs := make([]Version, 0, head.Number)
	for n := 1; n <= head.Number; n++ {
		v, err := k.version(ctx, n)
		if err != nil {
			return nil, err
		}
		v.Table = nil
		vs = append(vs, *v)
	}
	return vs, nil
}
