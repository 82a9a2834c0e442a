package main

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/paychoreo/choreography/internal/blobevent"
	"github.com/paychoreo/choreography/internal/custody"
	"github.com/paychoreo/choreography/internal/step"
)

// onBlobCreated is how a File A arrives: one blob.created event (Event Grid's
// BlobCreated, CloudEvents schema) per blob written to File A Storage; in Azure from
// Event Grid through a Service Bus topic, locally from inbox-watch or `choreo upload`.
// The intake replicas are competing consumers of the topic: whichever gets the event
// claims the blob (first write wins) and announces it, in parallel with the others.
//
// Every event is acknowledged once handled: a flood of events for one blob announces it
// once (the others are duplicates or lost claim races), an event for a blob that is gone
// changes nothing, and an event that names no blob of the inbox is logged and counted,
// never retried. Only a technical failure (state store, storage, broker) is retried
// under the delivery policy, then dead-lettered to the keeper.
func (in *intake) onBlobCreated(ctx context.Context, m step.Message) error {
	name, why, err := in.blobOf(ctx, m)
	if err != nil {
		return err
	}
	if why != "" {
		step.CountArrival(why)
		in.app.Log.Warn("blob event ignored", "event_id", m.ID, "reason", why, "stage", "intake", "outcome", why)
		return nil
	}
	outcome, err := in.considerSized(ctx, name, writtenAt(m), sizeOf(m))
	if err != nil {
		return err
	}
	step.CountArrival(outcome)
	switch outcome {
	case custody.Duplicate:
		return step.ErrDuplicate
	case custody.ClaimRace, custody.Gone:
		in.app.Log.Info("blob event: "+strings.ReplaceAll(outcome, "_", " "), "event_id", m.ID, "blob", name,
			"stage", "intake", "outcome", outcome)
	}
	return nil
}

// blobOf reads the blob an event names, or why the event names none to act on:
// not a BlobCreated event (ignored), no blob in its subject (malformed), a blob of
// another container (ignored), an upload in progress (ignored: hidden names), a name that
// could leave the inbox (unsafe_name). A name that only fails the blob-name rules goes on:
// the validator rejects it with INVALID_BLOB_NAME and File A is kept with its report.
func (in *intake) blobOf(ctx context.Context, m step.Message) (name, why string, err error) {
	if m.Type != blobevent.TypeBlobCreated {
		return "", "ignored", nil
	}
	container, name, ok := blobevent.Blob(m.Subject)
	if !ok {
		return "", "malformed", nil
	}
	if custody.Unsafe(name) {
		return "", "unsafe_name", nil
	}
	inbox, err := in.lister.Container(ctx, step.Inbox)
	if err != nil {
		return "", "", err
	}
	if (inbox != "" && container != inbox) || hidden(name) {
		return "", "ignored", nil
	}
	return name, "", nil
}

// sizeOf is the blob's size as the event gives it (data.contentLength); 0 when unknown.
func sizeOf(m step.Message) int64 {
	var d blobevent.Data
	if json.Unmarshal(m.Data, &d) != nil || d.ContentLength < 0 {
		return 0
	}
	return d.ContentLength
}

// writtenAt is when the event says its blob was written; zero when it does not say.
func writtenAt(m step.Message) time.Time {
	t, err := time.Parse(time.RFC3339Nano, m.Time)
	if err != nil {
		return time.Time{}
	}
	return t
}
