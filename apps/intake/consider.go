package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

// What became of one blob's arrival (an event or a scan's sighting); counted in
// choreo_arrival_events_total.
const (
	arrivedNew       = "announced"   // claimed here and announced: a new file
	arrivedAgain     = "reannounced" // an old claim whose announcement may not have gone out
	arrivedDuplicate = "duplicate"   // claimed already, or its file has left the inbox
	arrivedRace      = "claim_race"  // another replica claimed it between our read and write
	arrivedGone      = "gone"        // no such blob (deleted or renamed before pickup)
)

// noEventTime marks a sighting by the scan: no event says when the blob was written.
var noEventTime time.Time

// seen is a blob's claim as read: whether there is one, its ETag and content.
type seen struct {
	found bool
	etag  string
	claim claim
}

func (in *intake) readClaim(ctx context.Context, name string) (seen, error) {
	var s seen
	var err error
	s.etag, s.found, err = in.app.Sidecar.GetState(ctx, step.AppState, claimKey(name), &s.claim)
	return s, err
}

// consider is the per-blob step: claim the blob unless it is claimed (first write wins),
// then announce it. writtenAt is when the event says the blob was written (zero for a
// scan); it tells a new file under a just-released name from the old one seen late.
func (in *intake) consider(ctx context.Context, name string, writtenAt time.Time) (string, error) {
	return in.considerSized(ctx, name, writtenAt, 0)
}

// prefetchBelow bounds the blobs whose fingerprint is read at the same time as their
// claim: the pickup waits for one round trip instead of two, and a duplicate event
// wastes at most one read of a small blob.
const prefetchBelow = 1 << 20

// considerSized is consider for a blob whose event gives its size: a small one is
// fingerprinted while its claim is read.
func (in *intake) considerSized(ctx context.Context, name string, writtenAt time.Time, size int64) (string, error) {
	now := time.Now()
	fp := in.fingerprinter(ctx, name, size > 0 && size < prefetchBelow)
	held, err := in.readClaim(ctx, name)
	if err != nil {
		return "", err
	}
	c := held.claim
	switch {
	case held.found && c.ReleasedAt == "" && !c.stale(now):
		return arrivedDuplicate, nil
	case held.found && c.ReleasedAt == "":
		// claimed more than staleAfter ago and still in the inbox: a crash may have come
		// between the claim and its announcement. Announce again under the same event
		// id; the steps drop it if they have it already.
		return arrivedAgain, in.announce(ctx, c)
	case held.found && c.releasedAfter(writtenAt, now):
		return arrivedDuplicate, nil // seen before it moved out: not a new file
	}
	c, outcome, err := in.claim(ctx, name, held, fp)
	if err != nil || outcome != arrivedNew {
		return outcome, err
	}
	if err := step.SimulatedDownstream(ctx); err != nil {
		return "", err
	}
	return arrivedNew, in.announce(ctx, c)
}

// fingerprint is File A's size and SHA-256, read once as it streams.
type fingerprint struct {
	size int64
	sum  string
	err  error
}

// fingerprinter returns what reads the blob's fingerprint: started at once when prefetch
// is set (its result waits in a buffered channel if nobody asks), else on the call.
func (in *intake) fingerprinter(ctx context.Context, name string, prefetch bool) func() fingerprint {
	read := func() fingerprint {
		var f fingerprint
		f.size, f.sum, f.err = in.app.Sidecar.FingerprintBlob(ctx, step.Inbox, name)
		return f
	}
	if !prefetch {
		return read
	}
	ch := make(chan fingerprint, 1)
	go func() { ch <- read() }()
	return func() fingerprint { return <-ch }
}

// claim fingerprints File A and records the claim; first write wins. held is the claim
// as read before (none, or released).
func (in *intake) claim(ctx context.Context, name string, held seen, fp func() fingerprint) (claim, string, error) {
	f := fp()
	size, sum, err := f.size, f.sum, f.err
	if errors.Is(err, step.ErrNotFound) {
		if held.found {
			return claim{}, arrivedDuplicate, nil // its file was filed away: a late event
		}
		return claim{}, arrivedGone, nil
	}
	if err != nil {
		return claim{}, "", err
	}
	c, err := in.claimSum(ctx, name, size, sum, held)
	if err != nil || c.FileID == "" {
		return c, arrivedRace, err
	}
	return c, arrivedNew, nil
}

// claimContent records the claim of File A with the given content; an empty claim
// means another file holds the name.
func (in *intake) claimContent(ctx context.Context, name string, data []byte) (claim, error) {
	held, err := in.readClaim(ctx, name)
	if err != nil {
		return claim{}, err
	}
	sum := sha256.Sum256(data)
	return in.claimSum(ctx, name, int64(len(data)), hex.EncodeToString(sum[:]), held)
}

// claimSum is claimContent for content known by its size and SHA-256 (hex), over the
// claim as last read: if it changed since, the write conflicts and another replica has it.
func (in *intake) claimSum(ctx context.Context, name string, size int64, sum string, held seen) (claim, error) {
	now := time.Now().UTC()
	c := claim{Blob: name, Size: size, SHA256: sum,
		ClaimedAt: now.Format(time.RFC3339Nano)}
	c.FileID = newFileID(name, c.SHA256, now)
	c.TraceParent = step.StartTrace(ctx, "file claimed", c.FileID)
	var err error
	switch {
	case held.found && held.claim.ReleasedAt == "":
		return claim{}, nil // another file holds it
	case held.found: // a new file under the name of one that left: take over the old
		// claim, and keep it for as long as the new file is in the inbox (the released
		// claim was to expire; the store would keep that expiry through this write)
		err = in.app.Sidecar.UpdateStateTTL(ctx, step.AppState, claimKey(name), held.etag, c, step.Forever)
	default:
		err = in.app.Sidecar.CreateState(ctx, step.AppState, claimKey(name), c)
	}
	if errors.Is(err, step.ErrConflict) {
		return claim{}, nil // another replica claimed it first
	}
	return c, err
}

// announce publishes file.received for a claim. Its event id is the file's, so a second
// announcement of the same claim is a duplicate the steps recognise.
func (in *intake) announce(ctx context.Context, c claim) error {
	ev := events.Received{FileRef: events.FileRef{FileID: c.FileID, Blob: c.Blob, Size: c.Size, SHA256: c.SHA256},
		ReceivedAt: c.ClaimedAt}
	if err := in.app.Sidecar.Publish(ctx, events.FileReceived, c.FileID, c.TraceParent, ev); err != nil {
		return err
	}
	m := step.Message{ID: events.EventID(c.FileID, events.FileReceived), TraceParent: c.TraceParent}
	in.app.FileOutcome(m, c.FileID, "received", "blob", c.Blob, "size", c.Size)
	return nil
}
