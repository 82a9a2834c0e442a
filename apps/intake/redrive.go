package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/paychoreo/choreography/internal/blobname"
	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

type redriveRequest struct {
	ID   string `json:"id"`
	By   string `json:"by"`
	Note string `json:"note"`
}

// redrive acts on a dead letter after a person fixed its cause, and records it:
//   - step: the file was compensated, so nothing is left to continue from; File A goes
//     back from quarantine to the inbox and is announced again as a new submission (its
//     new file id is in the audit trail);
//   - custody: intake files the finished file away again;
//   - arrival: the blob gets the per-blob step again (claimed and announced unless it
//     is claimed already or gone);
//   - compensation: file.failed is published again (same event id: the steps that did
//     their part skip it, the one that failed tries again).
func (in *intake) redrive(ctx context.Context, body []byte) (any, error) {
	var req redriveRequest
	if err := json.Unmarshal(body, &req); err != nil || req.ID == "" || req.By == "" {
		return nil, fmt.Errorf("%w: want {\"id\": ..., \"by\": ..., \"note\": ...}", step.ErrBadRequest)
	}
	var rec deadletter.Record
	_, found, err := in.app.Sidecar.GetState(ctx, step.DeadLetters, deadletter.Key(req.ID), &rec)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("%w: no dead letter %q", step.ErrBadRequest, req.ID)
	}
	if rec.Status != deadletter.StatusOpen {
		return nil, fmt.Errorf("%w: dead letter %s is %s, not open", step.ErrBadRequest, rec.ID, rec.Status)
	}
	done, err := in.redriveKind(ctx, rec)
	if err != nil {
		return nil, err
	}
	note := done
	if req.Note != "" {
		note = req.Note + "; " + done
	}
	if err := in.setStatus(ctx, rec.ID, deadletter.StatusRedriven, deadletter.Audit{Action: "redrive", By: req.By, Note: note}); err != nil {
		return nil, err
	}
	_, _, err = in.app.Sidecar.GetState(ctx, step.DeadLetters, deadletter.Key(rec.ID), &rec)
	return rec, err
}

func (in *intake) redriveKind(ctx context.Context, rec deadletter.Record) (string, error) {
	m := step.Message{ID: rec.EventID, Topic: rec.Topic, Data: rec.Event}
	switch rec.Kind {
	case deadletter.KindCustody:
		if err := in.retryCustodyOnce(ctx, m); err != nil {
			return "", err
		}
		return "finished file filed away", nil
	case deadletter.KindArrival:
		if rec.Blob == "" || unsafe(rec.Blob) {
			return "", fmt.Errorf("%w: dead letter %s names no blob of the inbox", step.ErrBadRequest, rec.ID)
		}
		outcome, err := in.consider(ctx, rec.Blob, noEventTime)
		if err != nil {
			return "", err
		}
		return "blob " + rec.Blob + ": " + outcome, nil
	case deadletter.KindCompensation:
		var ev events.Failed
		if err := json.Unmarshal(rec.Event, &ev); err != nil {
			return "", err
		}
		if err := in.app.Sidecar.Publish(ctx, events.FileFailed, ev.FileID, "", ev); err != nil {
			return "", err
		}
		return "file.failed published again for " + ev.FileID, nil
	}
	return in.restore(ctx, rec)
}

func (in *intake) retryCustodyOnce(ctx context.Context, m step.Message) error {
	switch m.Topic {
	case events.FileCreated:
		return in.onCreated(ctx, m)
	case events.FileRejected:
		return in.onRejected(ctx, m)
	}
	return fmt.Errorf("no custody handler for %s", m.Topic)
}

// restore brings a compensated File A back to the inbox under its original name and
// announces it as a new file. The claim is taken before the blob is written, so that no
// scan reads a half-written file.
func (in *intake) restore(ctx context.Context, rec deadletter.Record) (string, error) {
	quarantined := rec.FileID + "/" + blobname.Safe(rec.Blob)
	data, err := in.app.Sidecar.GetBlob(ctx, step.Quarantine, quarantined)
	if errors.Is(err, step.ErrNotFound) {
		return "", fmt.Errorf("%w: File A of %s is not in quarantine (compensation unfinished?)", step.ErrBadRequest, rec.FileID)
	}
	if err != nil {
		return "", err
	}
	c, err := in.claimContent(ctx, rec.Blob, data)
	if err != nil {
		return "", err
	}
	if c.FileID == "" {
		return "", fmt.Errorf("%w: a file named %q is already in the inbox", step.ErrBadRequest, rec.Blob)
	}
	if err := in.app.Sidecar.PutBlob(ctx, step.Inbox, rec.Blob, data); err != nil {
		return "", err
	}
	if err := in.announce(ctx, c); err != nil {
		return "", err
	}
	if err := in.app.Sidecar.DeleteBlob(ctx, step.Quarantine, quarantined); err != nil {
		return "", err
	}
	return fmt.Sprintf("File A restored to the inbox as %q, announced as new file %s", rec.Blob, c.FileID), nil
}
