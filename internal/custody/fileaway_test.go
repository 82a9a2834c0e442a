package custody

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/store"
)

// A final event moves File A once and releases its claim for ReleasedFor; a redelivery
// moves nothing; a file that ended the other way moves nothing and keeps its claim.
func TestFileAway(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	st := &store.Memory{Now: clock}
	c := New("a.csv", 10, "sum", now)
	if err := st.Create(ctx, Key("a.csv"), c, 0); err != nil {
		t.Fatal(err)
	}
	moves := 0
	move := func(context.Context) error { moves++; return nil }
	for i := 0; i < 2; i++ {
		got, err := FileAway(ctx, st, c.FileID, "a.csv", "created", time.Hour, move, clock)
		if err != nil || got != "created" || moves != 1 {
			t.Fatalf("delivery %d: %q, %v, %d moves", i+1, got, err, moves)
		}
	}
	var held Claim
	if found, _ := st.Get(ctx, Key("a.csv"), &held); !found || !ReleasedBy(held, found, c.FileID) {
		t.Fatalf("claim %+v not released", held)
	}
	if got, err := FileAway(ctx, st, c.FileID, "a.csv", "compensated", time.Hour, move, clock); err != nil || got != "created" || moves != 1 {
		t.Errorf("compensation after creation: %q, %v, %d moves", got, err, moves)
	}
	now = now.Add(ReleasedFor + time.Second)
	if found, _ := st.Get(ctx, Key("a.csv"), &held); found {
		t.Error("the released claim outlived ReleasedFor")
	}
}

// A move that fails leaves the claim held, and the decision made: the retry moves.
func TestFileAwayMoveFails(t *testing.T) {
	ctx := context.Background()
	st := &store.Memory{}
	c := claimed(t, st, "sum")
	down := errors.New("inbox down")
	if _, err := FileAway(ctx, st, c.FileID, "a.csv", "rejected", time.Hour, func(context.Context) error { return down }, time.Now); !errors.Is(err, down) {
		t.Fatalf("err %v", err)
	}
	var held Claim
	if st.Get(ctx, Key("a.csv"), &held); held.ReleasedAt != "" {
		t.Error("claim released though File A did not move")
	}
	moved := false
	if got, err := FileAway(ctx, st, c.FileID, "a.csv", "rejected", time.Hour, func(context.Context) error { moved = true; return nil }, time.Now); err != nil || got != "rejected" || !moved {
		t.Errorf("retry: %q, %v, moved %v", got, err, moved)
	}
}

// A claim taken by another file under the name is not released by this file's event.
func TestFileAwayLeavesAnotherFilesClaim(t *testing.T) {
	ctx := context.Background()
	st := &store.Memory{}
	other := claimed(t, st, "other")
	if _, err := FileAway(ctx, st, "f-mine", "a.csv", "created", time.Hour, func(context.Context) error { return nil }, time.Now); err != nil {
		t.Fatal(err)
	}
	var held Claim
	if st.Get(ctx, Key("a.csv"), &held); held.FileID != other.FileID || held.ReleasedAt != "" {
		t.Errorf("claim %+v; want the other file's, unreleased", held)
	}
}

func TestUnsafeNamesCannotLeaveTheInbox(t *testing.T) {
	for _, n := range []string{"/etc/passwd", "../x.csv", "a/../../x.csv", "a//b.csv", "./x.csv", "a\\b.csv", "x\x00.csv", "dir/"} {
		if !Unsafe(n) {
			t.Errorf("Unsafe(%q) = false", n)
		}
	}
	// Names the validator rejects (INVALID_BLOB_NAME) are not unsafe: they are picked up
	// and kept with their report.
	for _, n := range []string{"acme.csv", "nested/pay ment.csv", "Zahlungsdatei äöü.csv", "..hidden-ish.csv"} {
		if Unsafe(n) {
			t.Errorf("Unsafe(%q) = true", n)
		}
	}
}

// claimed is a new file's claim on a.csv, in st.
func claimed(t *testing.T, st store.State, sum string) Claim {
	t.Helper()
	c := New("a.csv", 10, sum, time.Now())
	if err := st.Create(context.Background(), Key("a.csv"), c, 0); err != nil {
		t.Fatal(err)
	}
	return c
}
