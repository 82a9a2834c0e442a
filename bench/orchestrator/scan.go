package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dapr/durabletask-go/workflow"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

type orchestrator struct {
	app    *step.App
	lister *step.Lister
	wf     *workflow.Client
	// mu serialises scans with moves out of the inbox, as in intake.
	mu sync.Mutex
	// announced is intake's memory of announced blobs (apps/intake/scan.go).
	announced map[string]time.Time
}

// claim is intake's claim record, under the same key.
type claim struct {
	FileID    string `json:"file_id"`
	Blob      string `json:"blob"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	ClaimedAt string `json:"claimed_at"`
	Announced bool   `json:"announced"`
}

func claimKey(blob string) string { return "inbox|" + blob }

// scan is intake's scan: list, claim what is new, start a workflow for it.
func (o *orchestrator) scan(ctx context.Context, _ []byte) error {
	if !o.mu.TryLock() {
		return nil
	}
	defer o.mu.Unlock()
	names, err := o.lister.List(ctx, step.Inbox)
	if err != nil {
		return err
	}
	var errs []error
	now := time.Now()
	listed := map[string]bool{}
	for _, name := range names {
		if strings.HasPrefix(path.Base(name), ".") {
			continue
		}
		listed[name] = true
		if at, ok := o.announced[name]; ok && now.Sub(at) < 30*time.Second {
			continue
		}
		if err := o.consider(ctx, name); err != nil {
			errs = append(errs, err)
		}
	}
	for name := range o.announced {
		if !listed[name] {
			delete(o.announced, name)
		}
	}
	return errors.Join(errs...)
}

func (o *orchestrator) consider(ctx context.Context, name string) error {
	var c claim
	_, found, err := o.app.Sidecar.GetState(ctx, step.AppState, claimKey(name), &c)
	if err != nil {
		return err
	}
	if found && c.Announced {
		o.remember(name)
		return nil
	}
	if !found {
		size, sum, err := o.app.Sidecar.FingerprintBlob(ctx, step.Inbox, name)
		if errors.Is(err, step.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		c = claim{Blob: name, Size: size, SHA256: sum, ClaimedAt: now.Format(time.RFC3339Nano)}
		h := sha256.Sum256([]byte(name + "\x00" + c.SHA256 + "\x00" + strconv.FormatInt(now.UnixNano(), 10)))
		c.FileID = "f-" + hex.EncodeToString(h[:12])
		if err := o.app.Sidecar.CreateState(ctx, step.AppState, claimKey(name), c); err != nil {
			if errors.Is(err, step.ErrConflict) {
				return nil // another replica claimed it
			}
			return err
		}
	}
	in := events.Received{FileRef: events.FileRef{FileID: c.FileID, Blob: c.Blob, Size: c.Size, SHA256: c.SHA256},
		ReceivedAt: c.ClaimedAt}
	_, err = o.wf.ScheduleWorkflow(ctx, "pipeline", workflow.WithInstanceID(c.FileID), workflow.WithInput(in))
	if err != nil && !strings.Contains(err.Error(), "already exists") {
		return err
	}
	c.Announced = true
	o.app.FileOutcome(step.Message{ID: c.FileID + "/workflow"}, c.FileID, "received", "blob", c.Blob, "size", c.Size)
	if err := o.app.Sidecar.PutState(ctx, step.AppState, claimKey(c.Blob), c); err != nil {
		return err
	}
	o.remember(c.Blob)
	return nil
}

func (o *orchestrator) remember(name string) {
	if o.announced == nil {
		o.announced = map[string]time.Time{}
	}
	o.announced[name] = time.Now()
}
