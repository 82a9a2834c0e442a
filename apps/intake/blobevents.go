package main

import (
	"context"
	"errors"

	"github.com/paychoreo/choreography/internal/blobevent"
	"github.com/paychoreo/choreography/internal/step"
)

// onBlobEvents handles one message of the blob-events queue: in Azure, Event Grid puts a
// Microsoft.Storage.BlobCreated event there for every blob written to File A Storage
// (locally, `choreo upload` plays Event Grid: Azurite emits no events). Each blob it names
// gets the scan's per-blob step, so a file is announced as soon as it lands; the cron scan
// stays as the safety net for an event that is lost, late or never sent.
//
// Ignored: events that are not BlobCreated, blobs of other containers, hidden names.
// A message that is not an event is dropped (retrying cannot fix it; the scan finds the
// blob). A technical failure returns an error: the message stays on the queue and comes
// back after the binding's visibility timeout.
func (in *intake) onBlobEvents(ctx context.Context, data []byte) error {
	evs, err := blobevent.Parse(data)
	if err != nil {
		in.app.Log.Warn("blob event ignored", "error", err.Error(), "stage", "intake", "outcome", "ignored")
		return nil
	}
	inbox, err := in.lister.Container(ctx, step.Inbox)
	if err != nil {
		return err
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	var errs []error
	for _, ev := range evs {
		container, name, ok := ev.Blob()
		if !ok || !ev.IsCreated() || (inbox != "" && container != inbox) || hidden(name) {
			continue
		}
		in.app.Log.Info("blob created event", "blob", name, "stage", "intake", "outcome", "event")
		errs = append(errs, in.consider(ctx, name))
	}
	return errors.Join(errs...)
}
