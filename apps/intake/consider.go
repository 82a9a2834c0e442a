package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/paychoreo/choreography/internal/custody"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/store/daprstore"
)

// noEventTime marks a sighting by the scan: no event says when the blob was written.
var noEventTime time.Time

// seen is a blob's claim as read: whether there is one, and its content.
type seen struct {
	found bool
	claim custody.Claim
}

func (in *intake) readClaim(ctx context.Context, name string) (seen, error) {
	var s seen
	var err error
	_, s.found, err = in.app.Sidecar.GetState(ctx, step.AppState, custody.Key(name), &s.claim)
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

// prefetchFresh is how new an event must be for that read: a fresh event is most likely
// a new file. An older one waited in a backlog, where most events are repeats for files
// that have left the inbox since; reading those gone blobs fails, and every failure
// counts toward the inbox binding's circuit breaker (a 10,000-file burst opened it and
// the moves of live files failed with it).
const prefetchFresh = 5 * time.Second

// considerSized is consider for a blob whose event gives its size: a small one from a
// fresh event is fingerprinted while its claim is read.
func (in *intake) considerSized(ctx context.Context, name string, writtenAt time.Time, size int64) (string, error) {
	now := time.Now()
	fresh := !writtenAt.IsZero() && now.Sub(writtenAt) < prefetchFresh
	fp := in.fingerprinter(ctx, name, fresh && size > 0 && size < prefetchBelow)
	held, err := in.readClaim(ctx, name)
	if err != nil {
		return "", err
	}
	c := held.claim
	switch v := custody.Judge(c, held.found, writtenAt, now); v {
	case custody.Duplicate:
		return v, nil
	case custody.Again:
		return v, in.announce(ctx, c)
	}
	c, outcome, err := in.claim(ctx, name, held, fp)
	if err != nil || outcome != custody.Announced {
		return outcome, err
	}
	if err := step.SimulatedDownstream(ctx); err != nil {
		return "", err
	}
	return custody.Announced, in.announce(ctx, c)
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
func (in *intake) claim(ctx context.Context, name string, held seen, fp func() fingerprint) (custody.Claim, string, error) {
	f := fp()
	size, sum, err := f.size, f.sum, f.err
	if errors.Is(err, step.ErrNotFound) {
		if held.found {
			return custody.Claim{}, custody.Duplicate, nil // its file was filed away: a late event
		}
		return custody.Claim{}, custody.Gone, nil
	}
	if err != nil {
		return custody.Claim{}, "", err
	}
	c, err := in.claimSum(ctx, name, size, sum, held)
	if err != nil || c.FileID == "" {
		return c, custody.ClaimRace, err
	}
	return c, custody.Announced, nil
}

// claimContent records the claim of File A with the given content; an empty claim
// means another file holds the name.
func (in *intake) claimContent(ctx context.Context, name string, data []byte) (custody.Claim, error) {
	held, err := in.readClaim(ctx, name)
	if err != nil {
		return custody.Claim{}, err
	}
	sum := sha256.Sum256(data)
	return in.claimSum(ctx, name, int64(len(data)), hex.EncodeToString(sum[:]), held)
}

// claimSum is claimContent for content known by its size and SHA-256 (hex), over the
// claim as last read: if it changed since, custody.Take refuses and another file has it.
func (in *intake) claimSum(ctx context.Context, name string, size int64, sum string, held seen) (custody.Claim, error) {
	if !custody.Takes(held.claim, held.found) {
		return custody.Claim{}, nil // another file holds it
	}
	c := custody.New(name, size, sum, time.Now())
	c.TraceParent = step.StartTrace(ctx, "file claimed", c.FileID)
	taken, err := custody.Take(ctx, daprstore.NewState(in.app.Sidecar, step.AppState), c, held.claim, held.found)
	if !taken {
		return custody.Claim{}, err // another replica claimed it first, or the write failed
	}
	return c, nil
}

// announce publishes file.received for a claim. Its event id is the file's, so a second
// announcement of the same claim is a duplicate the steps recognise.
func (in *intake) announce(ctx context.Context, c custody.Claim) error {
	ev := events.Received{FileRef: events.FileRef{FileID: c.FileID, Blob: c.Blob, Size: c.Size, SHA256: c.SHA256},
		ReceivedAt: c.ClaimedAt}
	if err := in.app.Sidecar.Publish(ctx, events.FileReceived, c.FileID, c.TraceParent, ev); err != nil {
		return err
	}
	m := step.Message{ID: events.EventID(c.FileID, events.FileReceived), TraceParent: c.TraceParent}
	in.app.FileOutcome(m, c.FileID, "received", "blob", c.Blob, "size", c.Size)
	return nil
}
