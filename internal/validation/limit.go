package validation

import (
	"context"
	"fmt"

	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/store"
)

// usage is one sender's use of its daily limit: the total reserved and, per file, what it
// reserved. Both live under one key, changed only through store.Update, so that
// reserving and releasing are atomic and happen once per file whatever the
// redeliveries. (Dapr's Redis transactions neither roll back nor honour first-write, so
// nothing here relies on a transaction across keys.)
type usage struct {
	Used     payment.Amount            `json:"used"`
	Reserved map[string]payment.Amount `json:"reserved"` // file id -> amount
}

func usageKey(sender, day string) string { return "usage|" + sender + "|" + day }

// reservationKey points from a file to the usage key it reserved under, for release.
// It is written before reserving (point), so a file without it has reserved nothing.
func reservationKey(fileID string) string { return "reservation|" + fileID }

// Reserve adds the file's control sum to the sender's usage of the day unless that
// would exceed the daily limit: then it returns the LIMIT_EXCEEDED message. A sender
// without a limit reserves nothing; a second reservation of one file changes nothing.
func Reserve(ctx context.Context, s store.State, fileID, day string, sender *refdata.Sender, sum payment.Amount) (string, error) {
	if sender.DailyLimit <= 0 {
		return "", nil
	}
	msg := ""
	err := store.Update(ctx, s, usageKey(sender.ID, day), func(u *usage, _ bool) (store.Op, error) {
		msg = ""
		if _, done := u.Reserved[fileID]; done {
			return store.Keep, nil // reserved by an earlier delivery
		}
		if u.Used+sum > sender.DailyLimit {
			msg = fmt.Sprintf("file total %s on top of %s already accepted on %s exceeds the daily limit %s of %s",
				sum, u.Used, day, sender.DailyLimit, sender.ID)
			return store.Keep, nil
		}
		if u.Reserved == nil {
			u.Reserved = map[string]payment.Amount{}
		}
		u.Used += sum
		u.Reserved[fileID] = sum
		return store.Write, nil
	})
	return msg, err
}

// Release gives a file's reservation back; a no-op when it has none (or gave it back).
func Release(ctx context.Context, s store.State, fileID string) error {
	var key string
	if found, err := s.Get(ctx, reservationKey(fileID), &key); err != nil || !found {
		return err
	}
	err := store.Update(ctx, s, key, func(u *usage, _ bool) (store.Op, error) {
		amount, held := u.Reserved[fileID]
		if !held {
			return store.Keep, nil
		}
		u.Used -= amount
		delete(u.Reserved, fileID)
		return store.Write, nil
	})
	if err != nil {
		return err
	}
	return s.Delete(ctx, reservationKey(fileID))
}

// Compensate undoes what validation holds for a file that failed for good: the limit
// reservation goes back and the file reference is freed so that the sender can
// resubmit. Each undo is a no-op when there is nothing to undo.
func Compensate(ctx context.Context, s store.State, fileID string) error {
	if err := Release(ctx, s, fileID); err != nil {
		return err
	}
	return ReleaseReference(ctx, s, fileID)
}
