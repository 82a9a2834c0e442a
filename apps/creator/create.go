package main

import (
	"context"
	"errors"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/pain001"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/staging"
	"github.com/paychoreo/choreography/internal/step"
)

func setup(app *step.App) (step.Wiring, error) {
	c := &creator{app: app}
	return step.Wiring{Subscriptions: []step.Subscription{
		{Topic: events.FileAdapted, Handler: c.onAdapted},
		{Topic: events.FileFailed, Handler: c.onFailed},
	}}, nil
}

type creator struct{ app *step.App }

func (c *creator) onAdapted(ctx context.Context, m step.Message) error {
	if err := step.SimulatedDownstream(ctx); err != nil { // the benchmark's core-banking call; off unless set
		return err
	}
	var ev events.Adapted
	if err := m.Decode(&ev); err != nil {
		return err
	}
	name := pain001.FileName(ev.SenderID, ev.FileReference)
	// Reading the batches has no effect, so it overlaps with claiming the name; a file
	// that turns out to be written already ignores what was read.
	batches := c.prefetch(ctx, ev)
	own, err := c.own(ctx, ev.FileID, name)
	if err != nil {
		return err
	}
	if own.Ready { // written by an earlier delivery: announce again, write nothing
		return c.finish(ctx, m, ev, name, own.SHA256)
	}
	b, err := batches()
	if err != nil {
		return err
	}
	wctx, end := step.Work(ctx, "write File B", ev.FileID)
	sum, err := c.write(wctx, ev.FileID, name, b, time.Now().UTC().Truncate(time.Second))
	end(err)
	if err != nil {
		return err
	}
	return c.finish(ctx, m, ev, name, sum)
}

// finish announces File B, then removes the staged data: until file.created is out, a
// redelivery must find it. fileBSHA256 is File B's SHA-256 as written (the evidence
// record keeps it).
func (c *creator) finish(ctx context.Context, m step.Message, ev events.Adapted, name, fileBSHA256 string) error {
	next := events.Created{FileRef: ev.FileRef, SenderID: ev.SenderID, FileReference: ev.FileReference,
		NbOfTxs: ev.NbOfTxs, ControlSum: ev.ControlSum, MsgID: pain001.MsgID(ev.SenderID, ev.FileReference), FileB: name,
		RefdataVersion: ev.RefdataVersion, FileBSHA256: fileBSHA256}
	if err := c.app.Sidecar.Publish(ctx, events.FileCreated, ev.FileID, m.TraceParent, next); err != nil {
		return err
	}
	if err := c.deleteStaged(ctx, staging.CanonicalName(ev.FileID), ev.Batches); err != nil {
		return err
	}
	c.app.FileOutcome(m, ev.FileID, "created", "file_b", name)
	return nil
}

func (c *creator) batches(ctx context.Context, ev events.Adapted) (*payment.Batches, error) {
	raw, err := c.app.Sidecar.GetBlobText(ctx, step.Staging, ev.Batches)
	if errors.Is(err, step.ErrNotFound) {
		return nil, step.Permanentf("batches %q of %s are missing: %w", ev.Batches, ev.FileID, err)
	}
	if err != nil {
		return nil, err
	}
	b, err := staging.DecodeBatches(raw)
	if err != nil {
		return nil, step.Permanentf("decode batches of %s: %w", ev.FileID, err)
	}
	return b, nil
}
