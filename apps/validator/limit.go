package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/step"
)

// usage is one sender's use of its daily limit: the total reserved and, per file, what it
// reserved. Both live under one key, changed only through its ETag, so that reserving
// and releasing are atomic and happen once per file whatever the redeliveries. (Dapr's
// Redis transactions neither roll back nor honour first-write, so nothing here relies on
// a transaction across keys.)
type usage struct {
	Used     payment.Amount            `json:"used"`
	Reserved map[string]payment.Amount `json:"reserved"` // file id -> amount
}

func usageKey(sender, day string) string { return "usage|" + sender + "|" + day }

// reservationKey points from a file to the usage key it reserved under, for release.
// It is written before reserving (validator.point), so a file without it has reserved
// nothing.
func reservationKey(fileID string) string { return "reservation|" + fileID }

// maxConflicts bounds the optimistic-concurrency loop; losing that often means heavy
// contention, and Dapr's retry policy takes over.
const maxConflicts = 50

// reserve adds the file's control sum to the sender's usage of the day unless that
// would exceed the daily limit: then it returns the LIMIT_EXCEEDED message.
func (v *validator) reserve(ctx context.Context, fileID, day string, s *refdata.Sender, sum payment.Amount) (string, error) {
	if s.DailyLimit <= 0 {
		return "", nil
	}
	key := usageKey(s.ID, day) // its pointer is written (point)
	msg := ""
	err := v.changeUsage(ctx, key, func(u *usage) bool {
		if _, done := u.Reserved[fileID]; done {
			return false // reserved by an earlier delivery
		}
		if u.Used+sum > s.DailyLimit {
			msg = fmt.Sprintf("file total %s on top of %s already accepted on %s exceeds the daily limit %s of %s",
				sum, u.Used, day, s.DailyLimit, s.ID)
			return false
		}
		u.Used += sum
		u.Reserved[fileID] = sum
		return true
	})
	return msg, err
}

// release gives a file's reservation back; a no-op when it has none (or gave it back).
func (v *validator) release(ctx context.Context, fileID string) error {
	var key string
	if _, found, err := v.app.Sidecar.GetState(ctx, step.AppState, reservationKey(fileID), &key); err != nil || !found {
		return err
	}
	err := v.changeUsage(ctx, key, func(u *usage) bool {
		amount, held := u.Reserved[fileID]
		if !held {
			return false
		}
		u.Used -= amount
		delete(u.Reserved, fileID)
		return true
	})
	if err != nil {
		return err
	}
	return v.app.Sidecar.DeleteState(ctx, step.AppState, reservationKey(fileID))
}

// usageLocks keeps this process's deliveries from racing each other on one usage record
// (a burst of one sender's files); the ETag still settles races between replicas.
var usageLocks step.KeyLocks

// changeUsage applies change to the usage record under its ETag, again on conflict;
// change returns false when there is nothing to write.
func (v *validator) changeUsage(ctx context.Context, key string, change func(*usage) bool) error {
	defer usageLocks.Lock(key)()
	for try := 0; try < maxConflicts; try++ {
		var u usage
		etag, found, err := v.app.Sidecar.GetState(ctx, step.AppState, key, &u)
		if err != nil {
			return err
		}
		if u.Reserved == nil {
			u.Reserved = map[string]payment.Amount{}
		}
		if !change(&u) {
			return nil
		}
		if found {
			err = v.app.Sidecar.UpdateState(ctx, step.AppState, key, etag, u)
		} else {
			err = v.app.Sidecar.CreateState(ctx, step.AppState, key, u)
		}
		if !errors.Is(err, step.ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("change usage %s: %w after %d tries", key, step.ErrConflict, maxConflicts)
}
