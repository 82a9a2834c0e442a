package refdata

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)

func keeper(s Store, at time.Time) *Keeper {
	return &Keeper{Store: s, Now: func() time.Time { return at }}
}

func TestVersions(t *testing.T) {
	ctx, s := context.Background(), &Memory{}
	k := keeper(s, t0)
	v, _, err := k.Apply(ctx, table(t, v1), Meta{By: "alice", Note: "first load"})
	if err != nil || v == nil || v.Version != "v1" {
		t.Fatalf("apply v1: %v, %v", v, err)
	}
	if _, p, err := k.Diff(ctx, table(t, v1)); err != nil || p.Changed() {
		t.Errorf("diff of the loaded table: %v, %v", p.Changes, err)
	}
	if v, _, err := k.Apply(ctx, table(t, v1), Meta{By: "alice"}); err != nil || v != nil {
		t.Errorf("apply of the loaded table made %v, %v; want no version", v, err)
	}
	k.Now = func() time.Time { return t0.Add(time.Hour) }
	v, _, err = k.Apply(ctx, table(t, v2), Meta{By: "bob", Note: "ACME's new account"})
	if err != nil || v == nil || v.Version != "v2" {
		t.Fatalf("apply v2: %v, %v", v, err)
	}
	acme := row(t, s, "ACME")
	if acme.Version != "v2" || acme.DailyLimit.String() != "30000000.00" || len(acme.Accounts) != 3 {
		t.Errorf("ACME's row after v2: %+v", acme)
	}
	if g := row(t, s, "GLOBEX"); g.Version != "v2" || !g.Active {
		t.Errorf("GLOBEX (left out of v2's file) after v2: %+v, want kept, stamped v2", g)
	}
	h, err := k.History(ctx)
	if err != nil || len(h) != 2 {
		t.Fatalf("history: %v, %v", h, err)
	}
	if h[0].By != "alice" || h[0].Note != "first load" || h[0].At != "2026-12-04T09:00:00Z" || h[0].Summary != "2 senders added, 3 accounts added" ||
		h[1].By != "bob" || h[1].At != "2026-12-04T10:00:00Z" || h[1].Summary != "1 sender changed, 1 account added" || h[1].Table != nil {
		t.Errorf("history: %+v", h)
	}
}

func TestNoChangeWithoutAuthorOrWithARefusedTable(t *testing.T) {
	ctx, s := context.Background(), &Memory{}
	k := keeper(s, t0)
	if _, _, err := k.Apply(ctx, table(t, v1), Meta{Note: "who?"}); !errors.Is(err, ErrNoAuthor) {
		t.Errorf("apply without --by: %v", err)
	}
	if len(s.data) != 0 {
		t.Errorf("apply without --by wrote %d keys", len(s.data))
	}
	k.Apply(ctx, table(t, v1), Meta{By: "alice"})
	// GLOBEX's account moves to ACME while still active under GLOBEX: refused whole.
	moved := table(t, `{"senders": [{"id": "ACME", "name": "Acme", "active": true, "max_file_amount": "1.00",
	  "accounts": [{"iban": "`+ibanNL91+`", "active": true}]}]}`)
	_, _, err := k.Apply(ctx, moved, Meta{By: "alice"})
	var r *Refusal
	if !errors.As(err, &r) || len(r.Reasons) != 1 || !strings.Contains(r.Reasons[0], "active under both ACME and GLOBEX") {
		t.Errorf("apply of a table that makes an account active twice: %v", err)
	}
	if head, _, _ := k.Loaded(ctx); head.Version != "v1" || row(t, s, "ACME").MaxFileAmount.String() != "5000000.00" {
		t.Errorf("after a refused apply: head %v, ACME %+v", head, row(t, s, "ACME"))
	}
}

func TestDeactivate(t *testing.T) {
	ctx, s := context.Background(), &Memory{}
	k := keeper(s, t0)
	k.Apply(ctx, table(t, v1), Meta{By: "alice"})
	v, _, err := k.Deactivate(ctx, "ACME", strings.ToLower(ibanDE02), Meta{By: "carol", Note: "account closed"})
	if err != nil || v == nil || v.Version != "v2" || v.Changes[0].Account != ibanDE02 {
		t.Fatalf("deactivate an account: %+v, %v", v, err)
	}
	if reg, active := row(t, s, "ACME").Account(ibanDE02); !reg || active || !row(t, s, "ACME").Active {
		t.Errorf("ACME after its account's deactivation: %+v", row(t, s, "ACME"))
	}
	v, _, err = k.Deactivate(ctx, "GLOBEX", "", Meta{By: "carol", Note: "offboarded"})
	if err != nil || v == nil || v.Version != "v3" || v.Summary != "1 sender changed" {
		t.Fatalf("deactivate a sender: %+v, %v", v, err)
	}
	if g := row(t, s, "GLOBEX"); g.Active || g.Version != "v3" {
		t.Errorf("GLOBEX after deactivation: %+v", g)
	}
	if v, _, err := k.Deactivate(ctx, "GLOBEX", "", Meta{By: "carol"}); v != nil || err != nil {
		t.Errorf("deactivate an inactive sender: %v, %v; want no version", v, err)
	}
	if _, _, err := k.Deactivate(ctx, "NOBODY", "", Meta{By: "carol"}); !errors.Is(err, ErrUnknownSender) {
		t.Errorf("deactivate an unknown sender: %v", err)
	}
	if _, _, err := k.Deactivate(ctx, "ACME", ibanNL91, Meta{By: "carol"}); !errors.Is(err, ErrUnknownAccount) {
		t.Errorf("deactivate another sender's account: %v", err)
	}
}

// hooked runs a function once, at the first Create or Commit, before doing it: another
// change that comes in between.
type hooked struct {
	*Memory
	once             sync.Once
	onCreate, before func()
}

func (h *hooked) Create(ctx context.Context, key string, v any) error {
	if h.onCreate != nil {
		h.once.Do(h.onCreate)
	}
	return h.Memory.Create(ctx, key, v)
}

func (h *hooked) Commit(ctx context.Context, w []Write) error {
	if h.before != nil {
		h.once.Do(h.before)
	}
	return h.Memory.Commit(ctx, w)
}

func TestConcurrentChangesCannotBothWin(t *testing.T) {
	ctx, mem := context.Background(), &Memory{}
	keeper(mem, t0).Apply(ctx, table(t, v1), Meta{By: "alice"})
	s := &hooked{Memory: mem}
	s.onCreate = func() {
		if _, _, err := keeper(mem, t0).Deactivate(ctx, "GLOBEX", "", Meta{By: "carol"}); err != nil {
			t.Errorf("the change that comes first: %v", err)
		}
	}
	_, _, err := keeper(s, t0).Apply(ctx, table(t, v2), Meta{By: "bob"})
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("the change that comes second: %v, want ErrBusy", err)
	}
	if head, _, _ := keeper(mem, t0).Loaded(ctx); head.Version != "v2" ||
		row(t, mem, "ACME").DailyLimit.String() != "20000000.00" || row(t, mem, "GLOBEX").Active {
		t.Errorf("head %v, ACME %+v, GLOBEX %+v: want carol's v2 only", head, row(t, mem, "ACME"), row(t, mem, "GLOBEX"))
	}
}

func TestClaimsThatNeverCommit(t *testing.T) {
	ctx, s := context.Background(), &Memory{}
	keeper(s, t0).Apply(ctx, table(t, v1), Meta{By: "alice"})
	// A change claimed v2 and died before its commit.
	s.Create(ctx, VersionKey(2), Version{Version: "v2", Number: 2, By: "dead", At: timestamp(t0), Table: table(t, v2)})
	if _, _, err := keeper(s, t0.Add(time.Minute)).Apply(ctx, table(t, v2), Meta{By: "bob"}); !errors.Is(err, ErrBusy) {
		t.Errorf("a change while a fresh claim is pending: %v, want ErrBusy", err)
	}
	v, _, err := keeper(s, t0.Add(3*time.Minute)).Deactivate(ctx, "GLOBEX", "", Meta{By: "carol"})
	if err != nil || v.Version != "v2" || v.By != "carol" {
		t.Fatalf("a change after the claim went stale: %+v, %v", v, err)
	}
	if row(t, s, "ACME").DailyLimit.String() != "20000000.00" {
		t.Errorf("the dead claim's rows were applied: %+v", row(t, s, "ACME"))
	}
}

func TestACommitThatComesTooLateIsUndone(t *testing.T) {
	ctx, mem := context.Background(), &Memory{}
	keeper(mem, t0).Apply(ctx, table(t, v1), Meta{By: "alice"})
	s := &hooked{Memory: mem}
	// bob claims v2 and stalls; carol, minutes later, discards his claim and applies hers.
	s.before = func() {
		if _, _, err := keeper(mem, t0.Add(3*time.Minute)).Deactivate(ctx, "GLOBEX", "", Meta{By: "carol"}); err != nil {
			t.Errorf("carol's change: %v", err)
		}
	}
	if _, _, err := keeper(s, t0).Apply(ctx, table(t, v2), Meta{By: "bob"}); !errors.Is(err, ErrBusy) {
		t.Fatalf("bob's late commit: %v, want ErrBusy", err)
	}
	h, _ := keeper(mem, t0).History(ctx)
	if len(h) != 2 || h[1].By != "carol" || row(t, mem, "ACME").DailyLimit.String() != "20000000.00" ||
		row(t, mem, "GLOBEX").Active || row(t, mem, "ACME").Version != "v2" {
		t.Errorf("history %+v, ACME %+v: want carol's v2 and her rows back", h, row(t, mem, "ACME"))
	}
}

func TestRowsTheFileLeavesOutAreNotCheckedAgain(t *testing.T) {
	ctx, s := context.Background(), &Memory{}
	// v1 came when the rules were laxer: an account outside the SCT countries.
	old := &Table{Senders: []Sender{{ID: "OLD", MaxFileAmount: 100, Active: true,
		Accounts: []Account{{IBAN: "TR330006100519786457841326", Active: true}}}}}
	s.Create(ctx, VersionKey(1), Version{Version: "v1", Number: 1, By: "then", At: timestamp(t0), Table: old})
	s.Commit(ctx, []Write{{Key: HeadKey, Value: Head{Version: "v1", Number: 1}}})
	v, _, err := keeper(s, t0).Apply(ctx, table(t, v1), Meta{By: "alice"})
	if err != nil || v == nil || v.Version != "v2" || len(v.Table.Senders) != 3 {
		t.Errorf("apply beside a row of laxer days: %+v, %v", v, err)
	}
}
