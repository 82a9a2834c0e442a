package custody

import (
	"context"
	"errors"
	"time"

	"github.com/paychoreo/choreography/internal/store"
)

// What became of one blob's arrival (an event or a scan's sighting); intake counts them
// in choreo_arrival_events_total.
const (
	Announced  = "announced"   // claimed here and announced: a new file
	Again      = "reannounced" // an old claim whose announcement may not have gone out
	Duplicate  = "duplicate"   // claimed already, or its file has left the inbox
	ClaimRace  = "claim_race"  // another replica claimed it between our read and write
	Gone       = "gone"        // no such blob (deleted or renamed before pickup)
	claimFresh = ""            // Judge: no claim stands; claim the blob as a new file
)

// Judge says what an arrival calls for, given the blob's claim as read (found false:
// none) and when its event says the blob was written (zero for a scan): Duplicate (a
// fresh claim, or one released after the blob was written), Again (a claim older than
// StaleAfter: announce it again under the same event id, the steps drop what they have),
// or "" : no claim stands, the blob is to be claimed as a new file.
func Judge(c Claim, found bool, writtenAt, now time.Time) string {
	switch {
	case found && c.ReleasedAt == "" && !c.Stale(now):
		return Duplicate
	case found && c.ReleasedAt == "":
		return Again
	case found && c.ReleasedAfter(writtenAt, now):
		return Duplicate // seen before it moved out: not a new file
	}
	return claimFresh
}

// Takes says whether a claim as read may be taken over by a new file: none at all, or
// a released one (a new file under the name of one that left).
func Takes(c Claim, found bool) bool { return !found || c.ReleasedAt != "" }

// ReleasedBy says the claim was released by fileID: its File A has left the inbox, so a
// redelivered final event of that file has nothing to move.
func ReleasedBy(c Claim, found bool, fileID string) bool {
	return found && c.FileID == fileID && c.ReleasedAt != ""
}

// Release marks a claim released once the file that holds it, fileID, left the inbox;
// false when there is nothing to change (another file's claim, or released already).
func Release(c *Claim, found bool, fileID string, now time.Time) bool {
	if !found || c.FileID != fileID || c.ReleasedAt != "" {
		return false
	}
	c.ReleasedAt = now.UTC().Format(time.RFC3339Nano)
	return true
}

// Take records c as the claim on its blob, given the claim as the caller read and
// judged it (held, found): no claim (c is written first-write-wins), or a released one
// (a new file under the name of one that left: c takes that claim over, and only that
// one). taken is false when another file got there first, or the claim changed since it
// was read: a claim released meanwhile was released after this blob was written, so the
// blob is the old file, not a new one. A taken-over claim is kept for as long as its file
// is in the inbox: the released claim was to expire, and a write through it would keep
// that expiry. A blob never claimed, the usual case, costs one write.
func Take(ctx context.Context, st store.State, c, held Claim, found bool) (taken bool, err error) {
	if !Takes(held, found) {
		return false, nil
	}
	if !found {
		err = st.Create(ctx, Key(c.Blob), c, 0)
		if errors.Is(err, store.ErrConflict) {
			return false, nil // another replica claimed it first
		}
		return err == nil, err
	}
	err = store.Update(ctx, st, Key(c.Blob), func(cur *Claim, now bool) (store.Op, error) {
		taken = now && cur.FileID == held.FileID && cur.ReleasedAt == held.ReleasedAt
		if !taken {
			return store.Keep, nil
		}
		*cur = c
		return store.Write, nil
	}, store.KeepFor(store.Forever))
	if errors.Is(err, store.ErrConflict) {
		return false, nil // lost every race: another replica holds it
	}
	return taken && err == nil, err
}
