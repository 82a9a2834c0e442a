package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/pain001"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/step"
)

func setup(app *step.App) (step.Wiring, error) {
	c := &creator{app: app}
	return step.Wiring{Subscriptions: []step.Subscription{{
		Topic: events.FileAdapted, DeadLetterTopic: events.DeadLetterTopic("creator"), Handler: c.onAdapted,
	}}}, nil
}

type creator struct{ app *step.App }

func (c *creator) onAdapted(ctx context.Context, m step.Message) error {
	var ev events.Adapted
	if err := m.Decode(&ev); err != nil {
		return err
	}
	b, err := c.batches(ctx, ev)
	if step.IsPermanent(err) && c.exists(ctx, ev) {
		// Redelivered after File B was written and the staged data removed: announce
		// again under the same event id and stop there.
		return c.announce(ctx, m, ev, pain001.FileName(ev.SenderID, ev.FileReference))
	}
	if err != nil {
		return err
	}
	var doc bytes.Buffer
	if err := pain001.Render(&doc, b, time.Now().UTC().Truncate(time.Second)); err != nil {
		return step.Permanentf("render pain.001 for %s: %w", ev.FileID, err)
	}
	name := pain001.FileName(b.Sender.ID, b.FileReference)
	if err := c.app.Sidecar.PutBlob(ctx, step.Outbox, name, doc.Bytes()); err != nil {
		return err
	}
	if err := c.announce(ctx, m, ev, name); err != nil {
		return err
	}
	// Staged data goes last: until file.created is out, a redelivery must find it.
	for _, staged := range []string{ev.FileID + "/canonical.json", ev.Batches} {
		if err := c.app.Sidecar.DeleteBlob(ctx, step.Staging, staged); err != nil {
			return err
		}
	}
	c.app.Log.Info("file created", "file_id", ev.FileID, "event_id", m.ID, "stage", "creator",
		"outcome", "created", "file_b", name)
	return nil
}

// batches reads the staged batches. After a crash between deleting them and announcing,
// the redelivered event finds them gone; that is permanent, and the dead letter says so.
func (c *creator) batches(ctx context.Context, ev events.Adapted) (*payment.Batches, error) {
	raw, err := c.app.Sidecar.GetBlob(ctx, step.Staging, ev.Batches)
	if errors.Is(err, step.ErrNotFound) {
		return nil, step.Permanentf("batches %q of %s are missing: %w", ev.Batches, ev.FileID, err)
	}
	if err != nil {
		return nil, err
	}
	var b payment.Batches
	if err := json.Unmarshal(raw, &b); err != nil {
		return nil, step.Permanentf("decode batches of %s: %w", ev.FileID, err)
	}
	return &b, nil
}

func (c *creator) announce(ctx context.Context, m step.Message, ev events.Adapted, name string) error {
	next := events.Created{FileRef: ev.FileRef, SenderID: ev.SenderID, FileReference: ev.FileReference,
		NbOfTxs: ev.NbOfTxs, ControlSum: ev.ControlSum, MsgID: pain001.MsgID(ev.SenderID, ev.FileReference), FileB: name}
	return c.app.Sidecar.Publish(ctx, events.FileCreated, ev.FileID, m.TraceParent, next)
}

func (c *creator) exists(ctx context.Context, ev events.Adapted) bool {
	_, err := c.app.Sidecar.GetBlob(ctx, step.Outbox, pain001.FileName(ev.SenderID, ev.FileReference))
	return err == nil
}
