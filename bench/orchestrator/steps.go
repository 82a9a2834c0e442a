package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"time"

	"github.com/dapr/durabletask-go/workflow"

	"github.com/paychoreo/choreography/internal/batch"
	"github.com/paychoreo/choreography/internal/blobname"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/pain001"
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

// adapt is the adaptor's onValidated.
func (o *orchestrator) adapt(actx workflow.ActivityContext) (any, error) {
	var ev events.Validated
	if err := actx.GetInput(&ev); err != nil {
		return nil, step.Permanent(err)
	}
	ctx := actx.Context()
	if err := o.downstream["adapt"].Call(ctx); err != nil { // as the step app does first
		return nil, err
	}
	raw, err := o.app.Sidecar.GetBlobText(ctx, step.Staging, ev.Canonical)
	if err != nil {
		return nil, err
	}
	f, err := staging.DecodeFile(raw)
	if err != nil {
		return nil, step.Permanent(err)
	}
	b := batch.GroupInPlace(f) // f is not needed in file order after this
	staged := staging.BatchesName(ev.FileID)
	err = o.app.Sidecar.PutBlobFrom(ctx, step.Staging, staged, func(w io.Writer) error {
		return staging.WriteBatches(w, &b)
	})
	if err != nil {
		return nil, err
	}
	o.mark(ev.FileID, "adapted", "batches", len(b.Batches))
	return events.Adapted{FileRef: ev.FileRef, SenderID: ev.SenderID, FileReference: ev.FileReference,
		NbOfTxs: b.NbOfTxs, ControlSum: b.ControlSum, BatchCount: len(b.Batches), Batches: staged}, nil
}

// create is the creator's onAdapted: claim File B's name, render, write the document and
// its trigger, mark the claim ready, remove the staged data.
func (o *orchestrator) create(actx workflow.ActivityContext) (any, error) {
	var ev events.Adapted
	if err := actx.GetInput(&ev); err != nil {
		return nil, step.Permanent(err)
	}
	ctx := actx.Context()
	if err := o.downstream["create"].Call(ctx); err != nil { // as the step app does first
		return nil, err
	}
	sc := o.app.Sidecar
	name := pain001.FileName(ev.SenderID, ev.FileReference)
	type fetched struct {
		raw string
		err error
	}
	prefetch := make(chan fetched, 1) // as the creator: read the batches while claiming the name
	go func() {
		raw, err := sc.GetBlobText(ctx, step.Staging, ev.Batches)
		prefetch <- fetched{raw, err}
	}()
	ready, err := o.own(ctx, ev.FileID, name)
	if err != nil {
		return nil, err
	}
	if !ready {
		f := <-prefetch
		if f.err != nil {
			return nil, f.err
		}
		b, err := staging.DecodeBatches(f.raw)
		if err != nil {
			return nil, step.Permanent(err)
		}
		var sum pain001.Written
		var renderErr error
		err = sc.PutBlobFrom(ctx, step.Outbox, name, func(w io.Writer) error {
			sum, renderErr = pain001.RenderSummed(w, b, time.Now().UTC().Truncate(time.Second))
			return renderErr
		})
		if renderErr != nil {
			return nil, step.Permanent(renderErr)
		}
		if err != nil {
			return nil, err
		}
		t, _ := json.Marshal(map[string]any{"file_id": ev.FileID, "sha256": sum.SHA256,
			"size": sum.Size, "created_at": time.Now().UTC().Format(time.RFC3339)})
		if err := sc.PutBlob(ctx, step.Outbox, name+".ok", t); err != nil {
			return nil, err
		}
		if err := sc.PutState(ctx, step.AppState, "fileb-owner|"+name, ownership{FileID: ev.FileID, Ready: true}); err != nil {
			return nil, err
		}
	}
	for _, staged := range []string{staging.CanonicalName(ev.FileID), ev.Batches} {
		if err := sc.DeleteBlob(ctx, step.Staging, staged); err != nil {
			return nil, err
		}
	}
	o.mark(ev.FileID, "created", "file_b", name)
	return events.Created{FileRef: ev.FileRef, SenderID: ev.SenderID, FileReference: ev.FileReference,
		NbOfTxs: ev.NbOfTxs, ControlSum: ev.ControlSum, MsgID: pain001.MsgID(ev.SenderID, ev.FileReference), FileB: name}, nil
}

type ownership struct {
	FileID string `json:"file_id"`
	Ready  bool   `json:"ready"`
}

// own is the creator's first-write claim of File B's name.
func (o *orchestrator) own(ctx context.Context, fileID, name string) (ready bool, err error) {
	sc := o.app.Sidecar
	if err := sc.PutStateTTL(ctx, step.AppState, "fileb|"+fileID, name, step.KeepFor); err != nil {
		return false, err
	}
	err = sc.CreateState(ctx, step.AppState, "fileb-owner|"+name, ownership{FileID: fileID})
	if err == nil || !errors.Is(err, step.ErrConflict) {
		return false, err
	}
	var held ownership
	if _, _, err := sc.GetState(ctx, step.AppState, "fileb-owner|"+name, &held); err != nil {
		return false, err
	}
	if held.FileID != fileID {
		return false, step.Permanentf("file b %s belongs to file %s", name, held.FileID)
	}
	return held.Ready, nil
}

// release is intake's custody of a final file: File A out of the inbox, claim freed.
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
	var c claim
	if _, found, err := sc.GetState(ctx, step.AppState, claimKey(req.Ref.Blob), &c); err != nil {
		return nil, err
	} else if found && c.FileID == req.Ref.FileID {
		if err := sc.DeleteState(ctx, step.AppState, claimKey(req.Ref.Blob)); err != nil {
			return nil, err
		}
	}
	o.mark(req.Ref.FileID, "filed", "binding", req.Binding)
	return nil, nil
}
