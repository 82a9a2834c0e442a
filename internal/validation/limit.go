package validation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/refdata"
	"github.com/paychoreo/choreography/internal/store"
)

// usage is one sender's use of its daily limit: the total reserved, and only the files
// caught between two steps of a reservation or a release (applied to Used, their own
// reservation record not yet written). It stays small whatever the day's file count, so
// each file costs the same. Dapr's Redis transactions neither roll back nor honour
// first-write: a file's reservation is a sequence of conditional single-key writes,
// each safe to repeat after a crash (Reserve, Release).
type usage struct {
	Used      payment.Amount            `json:"used"`
	Reserving map[string]payment.Amount `json:"reserving,omitempty"` // added to Used, record not yet "reserved"
	Releasing map[string]payment.Amount `json:"releasing,omitempty"` // taken from Used, record not yet "released"
	// Legacy is the per-file map earlier versions kept: read as Reserving, so the files
	// reserved before an upgrade are released once, and emptied as they are.
	Legacy map[string]payment.Amount `json:"reserved,omitempty"`
}

// inBetween is what the record holds for a file caught between two steps of Reserve.
func (u *usage) inBetween(fileID string) (payment.Amount, bool) {
	if a, ok := u.Reserving[fileID]; ok {
		return a, true
	}
	a, ok := u.Legacy[fileID]
	return a, ok
}

func usageKey(sender, day string) string { return "usage|" + sender + "|" + day }

// usageDays is how many days after its day a usage record is kept: past them no file
// of that day is reserved or released any more.
const usageDays = 4

// usageTTL is how long the usage record of day is kept from now (at least a day).
func usageTTL(day string) time.Duration {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return usageDays * 24 * time.Hour
	}
	return max(time.Until(d.AddDate(0, 0, usageDays+1)), 24*time.Hour)
}

// reservationKey is a file's reservation record. point writes it (usage key only, with
// the step's KeepFor) before reserving, so a file without it has reserved nothing;
// Reserve marks it reserved once the amount is in Used, Release deletes it once the
// amount is back. Updates keep the TTL point gave it.
func reservationKey(fileID string) string { return "reservation|" + fileID }

// Reservation states.
const (
	pointed  = ""         // the usage key is known, nothing is known to be reserved
	reserved = "reserved" // the amount is in Used
	released = "released" // the amount was given back
)

type reservation struct {
	Usage  string         `json:"usage"`
	Amount payment.Amount `json:"amount,omitempty"`
	State  string         `json:"state,omitempty"`
}

// UnmarshalJSON also reads the bare usage key earlier versions wrote.
func (r *reservation) UnmarshalJSON(b []byte) error {
	var key string
	if json.Unmarshal(b, &key) == nil {
		*r = reservation{Usage: key}
		return nil
	}
	type plain reservation
	return json.Unmarshal(b, (*plain)(r))
}

// Reserve adds the file's control sum to the sender's usage of the day unless that
// would exceed the daily limit: then it returns the LIMIT_EXCEEDED message. A sender
// without a limit reserves nothing; a second reservation of one file changes nothing,
// also when an earlier delivery stopped between two steps:
//
//  1. the reservation record says reserved: done (clear what step 4 left);
//  2. usage: unless Reserving has the file, check the limit, add to Used, Reserving[file];
//  3. the reservation record: reserved, with the usage key and the amount;
//  4. usage: delete Reserving[file].
func Reserve(ctx context.Context, s store.State, fileID, day string, sender *refdata.Sender, sum payment.Amount) (string, error) {
	if sender.DailyLimit <= 0 {
		return "", nil
	}
	key := usageKey(sender.ID, day)
	var rec reservation
	if _, err := s.Get(ctx, reservationKey(fileID), &rec); err != nil {
		return "", err
	}
	if rec.State == reserved {
		return "", settle(ctx, s, key, fileID)
	}
	msg, amount, err := apply(ctx, s, key, fileID, day, sender, sum)
	if err != nil || msg != "" {
		return msg, err
	}
	err = store.Update(ctx, s, reservationKey(fileID), func(r *reservation, _ bool) (store.Op, error) {
		*r = reservation{Usage: key, Amount: amount, State: reserved}
		return store.Write, nil
	})
	if err != nil {
		return "", err
	}
	return "", settle(ctx, s, key, fileID)
}

// apply is Reserve's step 2: it returns the amount in Used for the file, or the
// LIMIT_EXCEEDED message. The day's first file creates the record with its TTL.
func apply(ctx context.Context, s store.State, key, fileID, day string, sender *refdata.Sender, sum payment.Amount) (string, payment.Amount, error) {
	for {
		msg, amount, missing := "", sum, false
		err := store.Update(ctx, s, key, func(u *usage, found bool) (store.Op, error) {
			msg, amount, missing = "", sum, !found
			if held, ok := u.inBetween(fileID); ok {
				amount = held // an earlier delivery got this far
				return store.Keep, nil
			}
			if u.Used+sum > sender.DailyLimit {
				msg, missing = fmt.Sprintf("file total %s on top of %s already accepted on %s exceeds the daily limit %s of %s",
					sum, u.Used, day, sender.DailyLimit, sender.ID), false
				return store.Keep, nil
			}
			if missing {
				return store.Keep, nil // created first, with its TTL
			}
			if u.Reserving == nil {
				u.Reserving = map[string]payment.Amount{}
			}
			u.Used += sum
			u.Reserving[fileID] = sum
			return store.Write, nil
		})
		if err != nil || !missing {
			return msg, amount, err
		}
		err = s.Create(ctx, key, usage{}, usageTTL(day))
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return "", 0, err
		}
	}
}

// settle clears the file's entries in usage once its reservation record says what they
// said; a no-op when there are none (the usage record is not created for it).
func settle(ctx context.Context, s store.State, key, fileID string) error {
	return store.Update(ctx, s, key, func(u *usage, _ bool) (store.Op, error) {
		_, a := u.inBetween(fileID)
		_, b := u.Releasing[fileID]
		if !a && !b {
			return store.Keep, nil
		}
		delete(u.Reserving, fileID)
		delete(u.Legacy, fileID)
		delete(u.Releasing, fileID)
		return store.Write, nil
	})
}

// Release gives a file's reservation back; a no-op when it has none (or gave it back).
// It is the mirror of Reserve, safe to repeat after a crash between any two steps:
//
//  1. no reservation record: nothing to give back;
//  2. reserved: usage: unless Releasing has the file, take the amount from Used,
//     Releasing[file]; then the record: released;
//     not reserved: usage: if Reserving has the file (Reserve stopped after its step 2),
//     take that amount from Used and delete the entry, in one write;
//  3. usage: delete the file's entries; then the reservation record.
func Release(ctx context.Context, s store.State, fileID string) error {
	var rec reservation
	if found, err := s.Get(ctx, reservationKey(fileID), &rec); err != nil || !found {
		return err
	}
	var err error
	switch rec.State {
	case reserved:
		err = giveBack(ctx, s, rec, fileID)
	case pointed:
		err = store.Update(ctx, s, rec.Usage, func(u *usage, _ bool) (store.Op, error) {
			amount, ok := u.inBetween(fileID)
			if !ok {
				return store.Keep, nil
			}
			u.Used -= amount
			delete(u.Reserving, fileID)
			delete(u.Legacy, fileID)
			return store.Write, nil
		})
	}
	if err == nil {
		err = settle(ctx, s, rec.Usage, fileID)
	}
	if err != nil {
		return err
	}
	return s.Delete(ctx, reservationKey(fileID))
}

// giveBack takes a reserved amount from Used once, then marks the record released.
func giveBack(ctx context.Context, s store.State, rec reservation, fileID string) error {
	err := store.Update(ctx, s, rec.Usage, func(u *usage, found bool) (store.Op, error) {
		if _, ok := u.Releasing[fileID]; ok || !found {
			return store.Keep, nil // taken by an earlier delivery, or the day expired
		}
		if u.Releasing == nil {
			u.Releasing = map[string]payment.Amount{}
		}
		u.Used -= rec.Amount
		u.Releasing[fileID] = rec.Amount
		return store.Write, nil
	})
	if err != nil {
		return err
	}
	return store.Update(ctx, s, reservationKey(fileID), func(r *reservation, found bool) (store.Op, error) {
		if !found || r.State != reserved {
			return store.Keep, nil
		}
		r.State = released
		return store.Write, nil
	})
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
