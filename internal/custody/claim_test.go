package custody

import (
	"context"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/store"
)

// A released claim stands for the file that left; a blob written after the release is a
// new file under the same name, and is claimed however soon it comes.
func TestReleasedClaimAgainstEventTime(t *testing.T) {
	now := time.Now()
	released := Claim{ReleasedAt: now.Add(-time.Second).UTC().Format(time.RFC3339Nano)}
	if !released.ReleasedAfter(now.Add(-2*time.Second), now) {
		t.Error("a blob written before the release was taken for a new file")
	}
	if released.ReleasedAfter(now.Add(-500*time.Millisecond), now) {
		t.Error("a blob written after the release was taken for the old file")
	}
	if !released.ReleasedAfter(time.Time{}, now) {
		t.Error("a scan within ReleasedGrace of the release took the old file for a new one")
	}
	if released.ReleasedAfter(time.Time{}, now.Add(ReleasedGrace)) {
		t.Error("a scan after ReleasedGrace still trusted the released claim")
	}
	if (Claim{}).ReleasedAfter(now, now) {
		t.Error("an unreleased claim counted as released")
	}
}

func TestClaimsGoStale(t *testing.T) {
	now := time.Now()
	c := Claim{ClaimedAt: now.UTC().Format(time.RFC3339Nano)}
	if c.Stale(now.Add(StaleAfter / 2)) {
		t.Error("a fresh claim is stale")
	}
	if !c.Stale(now.Add(StaleAfter + time.Second)) {
		t.Error("an old claim is not stale")
	}
	if !(Claim{ClaimedAt: "garbage"}).Stale(now) {
		t.Error("an unreadable claim time is not stale")
	}
}

// Judge's verdicts, one case each: a fresh claim is a duplicate, an old one is announced
// again, a release after the write makes the blob the old file, and a release before it
// (or no claim) leaves the blob to be claimed as a new file.
func TestJudge(t *testing.T) {
	now := time.Now()
	at := func(d time.Duration) string { return now.Add(d).UTC().Format(time.RFC3339Nano) }
	fresh := Claim{ClaimedAt: at(-time.Second)}
	old := Claim{ClaimedAt: at(-StaleAfter - time.Second)}
	released := Claim{ClaimedAt: at(-time.Hour), ReleasedAt: at(-time.Minute)}
	for _, tc := range []struct {
		name      string
		c         Claim
		found     bool
		writtenAt time.Time
		want      string
	}{
		{"no claim", Claim{}, false, now, claimFresh},
		{"fresh claim", fresh, true, now, Duplicate},
		{"stale claim", old, true, now, Again},
		{"released after the write", released, true, now.Add(-2 * time.Minute), Duplicate},
		{"released before the write", released, true, now.Add(-time.Second), claimFresh},
		{"released long before a scan", released, true, time.Time{}, claimFresh},
	} {
		if got := Judge(tc.c, tc.found, tc.writtenAt, now); got != tc.want {
			t.Errorf("%s: Judge = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestTakesAndRelease(t *testing.T) {
	now := time.Now()
	c := New("acme.csv", 10, "abc", now)
	if Takes(c, true) || !Takes(Claim{}, false) {
		t.Fatal("a standing claim was taken over, or a missing one was not")
	}
	if Release(&c, true, "f-other", now) {
		t.Error("another file's event released the claim")
	}
	if ReleasedBy(c, true, c.FileID) {
		t.Error("a standing claim counted as released")
	}
	if !Release(&c, true, c.FileID, now) || c.ReleasedAt == "" {
		t.Fatal("the claim's own file did not release it")
	}
	if !ReleasedBy(c, true, c.FileID) || ReleasedBy(c, true, "f-other") || ReleasedBy(c, false, c.FileID) {
		t.Error("ReleasedBy does not name the file that released the claim, and only it")
	}
	if Release(&c, true, c.FileID, now) {
		t.Error("a redelivered final event released the claim twice")
	}
	if !Takes(c, true) {
		t.Error("a released claim cannot be taken by a new file under the name")
	}
	if Release(&Claim{}, false, c.FileID, now) {
		t.Error("a missing claim was released")
	}
}

// Every submission gets its own id, even the same name and content again.
func TestNewFileIDs(t *testing.T) {
	now := time.Now()
	a, b := New("x.csv", 1, "s", now), New("x.csv", 1, "s", now.Add(time.Nanosecond))
	if a.FileID == b.FileID || a.FileID[:2] != "f-" || Key("x.csv") != "inbox|x.csv" {
		t.Errorf("ids %q and %q, key %q", a.FileID, b.FileID, Key("x.csv"))
	}
}

// Take claims a free blob, refuses one another file holds, and takes over the released
// claim it was given for good: the released claim's expiry does not carry over.
func TestTake(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	st := &store.Memory{Now: func() time.Time { return now }}
	first := New("a.csv", 10, "sum1", now)
	if taken, err := Take(ctx, st, first, Claim{}, false); !taken || err != nil {
		t.Fatalf("free blob: taken %v, %v", taken, err)
	}
	if taken, err := Take(ctx, st, New("a.csv", 10, "sum2", now), Claim{}, false); taken || err != nil {
		t.Fatalf("blob claimed by another replica since it was read: taken %v, %v; want refused", taken, err)
	}
	if taken, err := Take(ctx, st, New("a.csv", 10, "sum2", now), first, true); taken || err != nil {
		t.Fatalf("blob held by another file: taken %v, %v; want refused", taken, err)
	}
	released := first
	Release(&released, true, first.FileID, now)
	if err := st.Put(ctx, Key("a.csv"), released, ReleasedFor); err != nil {
		t.Fatal(err)
	}
	next := New("a.csv", 12, "sum3", now.Add(time.Minute))
	if taken, err := Take(ctx, st, next, released, true); !taken || err != nil {
		t.Fatalf("released claim: taken %v, %v; want taken over", taken, err)
	}
	now = now.Add(ReleasedFor + time.Hour)
	var held Claim
	if found, _ := st.Get(ctx, Key("a.csv"), &held); !found || held.FileID != next.FileID {
		t.Errorf("after the released claim's expiry: found %v, file %q; want the new file's claim kept", found, held.FileID)
	}
}

// A claim read as free, or as held, and released before Take writes: the blob is the
// file that just left (a late event for it), not a new file. Take must not claim it.
func TestTakeRefusesAClaimReleasedSinceItWasRead(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	st := &store.Memory{}
	first := New("a.csv", 10, "sum1", now)
	if err := st.Create(ctx, Key("a.csv"), first, 0); err != nil {
		t.Fatal(err)
	}
	released := first
	Release(&released, true, first.FileID, now)
	if err := st.Put(ctx, Key("a.csv"), released, ReleasedFor); err != nil {
		t.Fatal(err)
	}
	if taken, err := Take(ctx, st, New("a.csv", 10, "sum1", now), Claim{}, false); taken || err != nil {
		t.Errorf("read as free, released since: taken %v, %v; want refused", taken, err)
	}
	if taken, err := Take(ctx, st, New("a.csv", 10, "sum1", now), first, true); taken || err != nil {
		t.Errorf("read as held, released since: taken %v, %v; want refused", taken, err)
	}
}
