package custody

import (
	"context"
	"time"

	"github.com/paychoreo/choreography/internal/store"
)

// FileAway files a finished File A away once its file ended as outcome (created,
// rejected or compensated), and returns the outcome that holds. Decide comes first (kept
// for keep): when the file was decided the other way (the keeper started compensating
// it first), File A follows that decision, never both, and nothing is moved. Else move
// takes File A out of the inbox, then the blob's claim is released (kept ReleasedFor).
// Every step tolerates having been done: a redelivered final event finds the claim
// released by this file and does not move again (reading the gone blob would only fail,
// and on the inbox binding every failure counts toward its circuit breaker).
func FileAway(ctx context.Context, st store.State, fileID, blob, outcome string, keep time.Duration,
	move func(ctx context.Context) error, now func() time.Time) (string, error) {
	decided, err := Decide(ctx, st, fileID, outcome, keep)
	if err != nil || decided != outcome {
		return decided, err
	}
	var c Claim
	found, err := st.Get(ctx, Key(blob), &c)
	if err != nil {
		return "", err
	}
	if ReleasedBy(c, found, fileID) {
		return outcome, nil
	}
	if err := move(ctx); err != nil {
		return "", err
	}
	err = store.Update(ctx, st, Key(blob), func(c *Claim, found bool) (store.Op, error) {
		if Release(c, found, fileID, now()) {
			return store.Write, nil
		}
		return store.Keep, nil
	}, store.KeepFor(ReleasedFor))
	if err != nil {
		return "", err
	}
	return outcome, nil
}
