package custody

import (
	"context"
	"testing"
	"time"

	"github.com/paychoreo/choreography/internal/store"
)

// A file ends one way only: whichever of release and compensation decides first holds,
// and the other is told so.
func TestDecideFirstWins(t *testing.T) {
	ctx := context.Background()
	st := &store.Memory{}
	got, err := Decide(ctx, st, "f-1", "compensated", time.Hour)
	if err != nil || got != "compensated" {
		t.Fatalf("first decision: %q, %v", got, err)
	}
	got, err = Decide(ctx, st, "f-1", "created", time.Hour)
	if err != nil || got != "compensated" {
		t.Fatalf("second decision: %q, %v; want the first to hold", got, err)
	}
	if got, err := Decide(ctx, st, "f-2", "created", time.Hour); err != nil || got != "created" {
		t.Fatalf("another file: %q, %v", got, err)
	}
}

// The decision is kept for the time asked, then forgotten.
func TestDecisionExpires(t *testing.T) {
	ctx := context.Background()
	now := time.Now()
	st := &store.Memory{Now: func() time.Time { return now }}
	if _, err := Decide(ctx, st, "f-1", "created", time.Minute); err != nil {
		t.Fatal(err)
	}
	now = now.Add(2 * time.Minute)
	if got, err := Decide(ctx, st, "f-1", "rejected", time.Minute); err != nil || got != "rejected" {
		t.Fatalf("after expiry: %q, %v", got, err)
	}
}
