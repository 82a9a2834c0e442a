package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

type intake struct {
	app    *step.App
	lister *step.Lister
	// mu serialises scans with the moves out of the inbox, so a scan never sees a
	// file whose claim was just released while the file itself is still listed.
	mu sync.Mutex
	// announced holds the blobs whose claims this process saw announced, and when, so
	// that a scan does not read the claim of every file still in the inbox (a blob
	// event always reads it); see known.
	announced map[string]time.Time
}

// recheckAfter bounds how long a remembered announcement is trusted: another replica
// may have released the blob and a new file taken its name between two of our scans
// (the replica that released it forgot it and picks the new file up at once).
const recheckAfter = 30 * time.Second

// known says the blob's claim was seen announced recently; remember and forget keep the
// set. All three run under mu.
func (in *intake) known(name string, now time.Time) bool {
	at, ok := in.announced[name]
	return ok && now.Sub(at) < recheckAfter
}

func (in *intake) remember(name string, at time.Time) {
	if in.announced == nil {
		in.announced = map[string]time.Time{}
	}
	in.announced[name] = at
}

func (in *intake) forget(name string) { delete(in.announced, name) }

// scan runs on every cron tick. A tick that finds a scan still running returns at once.
func (in *intake) scan(ctx context.Context, _ []byte) error {
	if !in.mu.TryLock() {
		return nil
	}
	defer in.mu.Unlock()
	release, ok, err := in.lease(ctx, false)
	if err != nil || !ok {
		return err // another replica is scanning or moving: the next tick will do
	}
	defer release()
	names, err := in.lister.List(ctx, step.Inbox)
	if err != nil {
		return err
	}
	var errs []error
	now := time.Now()
	listed := make(map[string]bool, len(names))
	for _, name := range names {
		if hidden(name) {
			continue
		}
		listed[name] = true
		if in.known(name, now) {
			continue
		}
		if err := in.consider(ctx, name); err != nil {
			errs = append(errs, err)
		}
	}
	for name := range in.announced {
		if !listed[name] { // gone from the inbox
			in.forget(name)
		}
	}
	return errors.Join(errs...)
}

// hidden files are not payment files: uploads in progress (write ".name", then rename)
// and the storage helper's own marker.
func hidden(name string) bool { return strings.HasPrefix(path.Base(name), ".") }

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

func (in *intake) consider(ctx context.Context, name string) error {
	now := time.Now()
	held, err := in.readClaim(ctx, name)
	if err != nil {
		return err
	}
	c, found := held.claim, held.found
	if found && c.recentlyReleased(now) {
		return nil // listed just before it moved out: not a new file
	}
	if found && c.ReleasedAt == "" && !c.stale(now) {
		if c.Announced {
			in.remember(name, now)
		}
		return nil
	}
	if !found || c.ReleasedAt != "" {
		if c, err = in.claim(ctx, name, held); err != nil || c.FileID == "" {
			return err
		}
	}
	return in.announce(ctx, c)
}

// claim reads File A once, as it streams, to fingerprint it and records the claim;
// first write wins. held is the claim as read before (none, or released).
func (in *intake) claim(ctx context.Context, name string, held seen) (claim, error) {
	size, sum, err := in.app.Sidecar.FingerprintBlob(ctx, step.Inbox, name)
	if errors.Is(err, step.ErrNotFound) {
		return claim{}, nil // gone between list and get
	}
	if err != nil {
		return claim{}, err
	}
	return in.claimSum(ctx, name, size, sum, held)
}

// claimContent records the claim of File A with the given content; an empty claim
// means another replica holds it.
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
		ClaimedAt: now.Format(time.RFC3339Nano), TraceParent: step.NewTraceParent()}
	c.FileID = newFileID(name, c.SHA256, now)
	var err error
	switch {
	case held.found && held.claim.ReleasedAt == "":
		return claim{}, nil // another replica holds it
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

func (in *intake) announce(ctx context.Context, c claim) error {
	ev := events.Received{FileRef: events.FileRef{FileID: c.FileID, Blob: c.Blob, Size: c.Size, SHA256: c.SHA256},
		ReceivedAt: c.ClaimedAt}
	if err := in.app.Sidecar.Publish(ctx, events.FileReceived, c.FileID, c.TraceParent, ev); err != nil {
		return err
	}
	c.Announced = true
	m := step.Message{ID: events.EventID(c.FileID, events.FileReceived), TraceParent: c.TraceParent}
	in.app.FileOutcome(m, c.FileID, "received", "blob", c.Blob, "size", c.Size)
	if err := in.app.Sidecar.PutState(ctx, step.AppState, claimKey(c.Blob), c); err != nil {
		return err
	}
	in.remember(c.Blob, time.Now())
	return nil
}
