package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/step"
)

// usage is how much of a sender's daily limit accepted files have reserved.
type usage struct {
	Used payment.Amount `json:"used"`
}

// reservation remembers what one file reserved, so that it is reserved once and
// released once, whatever the redeliveries.
type reservation struct {
	Key    string         `json:"key"` // usage key
	Amount payment.Amount `json:"amount"`
}

func usageKey(sender, day string) string  { return "usage|" + sender + "|" + day }
func reservationKey(fileID string) string { return "reservation|" + fileID }

// maxConflicts bounds the optimistic-concurrency loop; losing that often means heavy
// contention, and Dapr's retry policy takes over.
const maxConflicts = 20

// reserve adds the file's control sum to the sender's usage of the day, atomically with
// a reservation record, unless that would exceed the daily limit: then it returns the
// LIMIT_EXCEEDED message.
func (v *validator) reserve(ctx context.Context, fileID, day string, s *refdata.Sender, sum payment.Amount) (string, error) {
	if s.DailyLimit <= 0 {
		return "", nil
	}
	key := usageKey(s.ID, day)
	for try := 0; try < maxConflicts; try++ {
		var r reservation
		if _, found, err := v.app.Sidecar.GetState(ctx, step.AppState, reservationKey(fileID), &r); err != nil || found {
			return "", err // reserved by an earlier delivery
		}
		var u usage
		etag, _, err := v.app.Sidecar.GetState(ctx, step.AppState, key, &u)
		if err != nil {
			return "", err
		}
		if u.Used+sum > s.DailyLimit {
			return fmt.Sprintf("file total %s on top of %s already accepted on %s exceeds the daily limit %s of %s",
				sum, u.Used, day, s.DailyLimit, s.ID), nil
		}
		err = v.app.Sidecar.Transact(ctx, step.AppState,
			step.Op{Key: key, Value: usage{Used: u.Used + sum}, ETag: etag, Create: etag == ""},
			step.Op{Key: reservationKey(fileID), Value: reservation{Key: key, Amount: sum}, Create: true})
		if !errors.Is(err, step.ErrConflict) {
			return "", err
		}
	}
	return "", fmt.Errorf("reserve daily limit of %s: %w after %d tries", s.ID, step.ErrConflict, maxConflicts)
}

// release gives a file's reservation back; a no-op when it has none (or gave it back).
func (v *validator) release(ctx context.Context, fileID string) error {
	for try := 0; try < maxConflicts; try++ {
		var r reservation
		rtag, found, err := v.app.Sidecar.GetState(ctx, step.AppState, reservationKey(fileID), &r)
		if err != nil || !found {
			return err
		}
		var u usage
		etag, _, err := v.app.Sidecar.GetState(ctx, step.AppState, r.Key, &u)
		if err != nil {
			return err
		}
		err = v.app.Sidecar.Transact(ctx, step.AppState,
			step.Op{Key: r.Key, Value: usage{Used: u.Used - r.Amount}, ETag: etag, Create: etag == ""},
			step.Op{Key: reservationKey(fileID), Delete: true, ETag: rtag})
		if !errors.Is(err, step.ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("release reservation of %s: %w after %d tries", fileID, step.ErrConflict, maxConflicts)
}
