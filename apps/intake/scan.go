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
}

// scan runs on every cron tick. A tick that finds a scan still running returns at once.
func (in *intake) scan(ctx context.Context, _ []byte) error {
	if !in.mu.TryLock() {
		return nil
	}
	defer in.mu.Unlock()
	names, err := in.lister.List(ctx, step.Inbox)
	if err != nil {
		return err
	}
	var errs []error
	for _, name := range names {
		if hidden(name) {
			continue
		}
		if err := in.consider(ctx, name); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// hidden files are not payment files: uploads in progress (write ".name", then rename)
// and the storage helper's own marker.
func hidden(name string) bool { return strings.HasPrefix(path.Base(name), ".") }

func (in *intake) consider(ctx context.Context, name string) error {
	var c claim
	_, found, err := in.app.Sidecar.GetState(ctx, step.AppState, claimKey(name), &c)
	if err != nil {
		return err
	}
	if found && !c.stale(time.Now()) {
		return nil
	}
	if !found {
		if c, err = in.claim(ctx, name); err != nil || c.FileID == "" {
			return err
		}
	}
	return in.announce(ctx, c)
}

// claim reads File A once to fingerprint it and records the claim; first write wins.
func (in *intake) claim(ctx context.Context, name string) (claim, error) {
	data, err := in.app.Sidecar.GetBlob(ctx, step.Inbox, name)
	if errors.Is(err, step.ErrNotFound) {
		return claim{}, nil // gone between list and get
	}
	if err != nil {
		return claim{}, err
	}
	return in.claimContent(ctx, name, data)
}

// claimContent records the claim of File A with the given content; an empty claim
// means another replica holds it.
func (in *intake) claimContent(ctx context.Context, name string, data []byte) (claim, error) {
	sum := sha256.Sum256(data)
	now := time.Now().UTC()
	c := claim{Blob: name, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]),
		ClaimedAt: now.Format(time.RFC3339Nano), TraceParent: step.NewTraceParent()}
	c.FileID = newFileID(name, c.SHA256, now)
	if err := in.app.Sidecar.CreateState(ctx, step.AppState, claimKey(name), c); err != nil {
		if errors.Is(err, step.ErrConflict) {
			return claim{}, nil // another replica claimed it
		}
		return claim{}, err
	}
	return c, nil
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
	return in.app.Sidecar.PutState(ctx, step.AppState, claimKey(c.Blob), c)
}
