package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/paychoreo/choreography/internal/blobname"
	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/step"
)

type redriveRequest struct {
	ID   string `json:"id"`
	By   string `json:"by"`
	Note string `json:"note"`
}

// redrive acts on a dead letter after a person fixed its cause, and records it
// (deadletter.Keeper.Redrive says what each kind gets); a refusal is a bad request.
func (in *intake) redrive(ctx context.Context, body []byte) (any, error) {
	req, err := decode(body, func(r redriveRequest) bool { return r.ID != "" && r.By != "" },
		`{"id": ..., "by": ..., "note": ...}`)
	if err != nil {
		return nil, err
	}
	rec, err := in.keeper.Redrive(ctx, req.ID, req.By, req.Note)
	if errors.Is(err, deadletter.ErrRefused) {
		return nil, fmt.Errorf("%w: %s", step.ErrBadRequest, err)
	}
	if err != nil {
		return nil, permanent(err)
	}
	return rec, nil
}

// restore brings a compensated File A back to the inbox under its original name and
// announces it as a new file.
func (in *intake) restore(ctx context.Context, rec deadletter.Record) (string, error) {
	quarantined := rec.FileID + "/" + blobname.Safe(rec.Blob)
	data, err := in.app.Sidecar.GetBlob(ctx, step.Quarantine, quarantined)
	if errors.Is(err, step.ErrNotFound) {
		return "", fmt.Errorf("%w: File A of %s is not in quarantine (compensation unfinished?)", step.ErrBadRequest, rec.FileID)
	}
	if err != nil {
		return "", err
	}
	c, err := in.enter(ctx, rec.Blob, data)
	if err != nil {
		return "", err
	}
	if err := in.app.Sidecar.DeleteBlob(ctx, step.Quarantine, quarantined); err != nil {
		return "", err
	}
	return fmt.Sprintf("File A restored to the inbox as %q, announced as new file %s", rec.Blob, c.FileID), nil
}
