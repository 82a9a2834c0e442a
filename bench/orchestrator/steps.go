package main

import (
	"errors"
	"io"
	"time"

	"github.com/dapr/durabletask-go/workflow"

	"github.com/paychoreo/choreography/internal/adaption"
	"github.com/paychoreo/choreography/internal/blobname"
	"github.com/paychoreo/choreography/internal/creation"
	"github.com/paychoreo/choreography/internal/custody"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/staging"
	"github.com/paychoreo/choreography/internal/step"
	"github.com/paychoreo/choreography/internal/validation"
)

func (o *orchestrator) mark(fileID, outcome string, attrs ...any) {
	o.app.FileOutcome(step.Message{ID: fileID + "/workflow"}, fileID, outcome, attrs...)
}

// validate is the validator's onReceived: the same rules (internal/validation) decide,
// the canonical form is staged; or the report of every violation is written.
func (o *orchestrator) validate(actx workflow.ActivityContext) (any, error) {
	var ev events.Received
	if err := actx.GetInput(&ev); err != nil {
		return nil, step.Permanent(err)
	}
	ctx := actx.Context()
	if err := o.downstream["validate"].Call(ctx); err != nil { // as the step app does first
		return nil, err
	}
	d, err := o.rules.Check(ctx, ev)
	if err != nil {
		return nil, err
	}
	if !d.Accepted() {
		return o.reject(ctx, ev.FileRef, d)
	}
	accepted := validation.ValidatedEvent(ev.FileRef, d)
	err = o.app.Sidecar.PutBlobFrom(ctx, step.Staging, accepted.Canonical, func(w io.Writer) error {
		return staging.WriteFile(w, d.File)
	})
	if err != nil {
		return nil, err
	}
	o.mark(ev.FileID, "validated", "payments", len(d.File.Payments))
	return validated{Accepted: true, Event: accepted}, nil
}

// adapt is the adaptor's onValidated: the same rules (internal/adaption).
func (o *orchestrator) adapt(actx workflow.ActivityContext) (any, error) {
	var ev events.Validated
	if err := actx.GetInput(&ev); err != nil {
		return nil, step.Permanent(err)
	}
	ctx := actx.Context()
	if err := o.downstream["adapt"].Call(ctx); err != nil { // as the step app does first
		return nil, err
	}
	b, next, err := adaption.Adapt(ctx, o.staging, ev)
	if errors.Is(err, adaption.ErrBadInput) {
		return nil, step.Permanent(err)
	}
	if err != nil {
		return nil, err
	}
	if err := adaption.Stage(ctx, o.staging, next, b); err != nil {
		return nil, err
	}
	o.mark(ev.FileID, "adapted", "batches", next.BatchCount)
	return next, nil
}

// create is the creator's onAdapted: the same rules (internal/creation) write File B
// once; then the staged data is removed.
func (o *orchestrator) create(actx workflow.ActivityContext) (any, error) {
	var ev events.Adapted
	if err := actx.GetInput(&ev); err != nil {
		return nil, step.Permanent(err)
	}
	ctx := actx.Context()
	if err := o.downstream["create"].Call(ctx); err != nil { // as the step app does first
		return nil, err
	}
	c, err := o.creator.Create(ctx, ev)
	if creation.IsPermanent(err) {
		return nil, step.Permanent(err)
	}
	if err != nil {
		return nil, err
	}
	if err := o.creator.Cleanup(ctx, ev); err != nil {
		return nil, err
	}
	o.mark(ev.FileID, "created", "file_b", c.FileB)
	return c, nil
}

// release is intake's custody of a final file: File A out of the inbox, its claim
// released (custody.Release) as intake does.
func (o *orchestrator) release(actx workflow.ActivityContext) (any, error) {
	var req moveRequest
	if err := actx.GetInput(&req); err != nil {
		return nil, step.Permanent(err)
	}
	ctx := actx.Context()
	sc := o.app.Sidecar
	err := sc.CopyBlob(ctx, step.Inbox, req.Ref.Blob, req.Binding, req.Ref.FileID+"/"+blobname.Safe(req.Ref.Blob), req.Ref.SHA256)
	switch {
	case errors.Is(err, step.ErrNotFound), errors.Is(err, step.ErrContentChanged): // moved already, or replaced
	case err != nil:
		return nil, err
	default:
		if err := sc.DeleteBlob(ctx, step.Inbox, req.Ref.Blob); err != nil {
			return nil, err
		}
	}
	var c custody.Claim
	etag, found, err := sc.GetState(ctx, step.AppState, custody.Key(req.Ref.Blob), &c)
	if err != nil {
		return nil, err
	}
	if custody.Release(&c, found, req.Ref.FileID, time.Now()) {
		if err := sc.UpdateStateTTL(ctx, step.AppState, custody.Key(req.Ref.Blob), etag, c, custody.ReleasedFor); err != nil {
			return nil, err
		}
	}
	o.mark(req.Ref.FileID, "filed", "binding", req.Binding)
	return nil, nil
}
