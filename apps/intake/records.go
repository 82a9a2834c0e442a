package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/step"
)

// index adds a record id to the list of dead letters (optimistic concurrency).
func (in *intake) index(ctx context.Context, id string) error {
	for try := 0; try < 20; try++ {
		var ids []string
		etag, found, err := in.app.Sidecar.GetState(ctx, step.DeadLetters, deadletter.IndexKey, &ids)
		if err != nil || slices.Contains(ids, id) {
			return err
		}
		ids = append(ids, id)
		if found {
			err = in.app.Sidecar.UpdateState(ctx, step.DeadLetters, deadletter.IndexKey, etag, ids)
		} else {
			err = in.app.Sidecar.CreateState(ctx, step.DeadLetters, deadletter.IndexKey, ids)
		}
		if !errors.Is(err, step.ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("index dead letter %s: %w", id, step.ErrConflict)
}

// setStatus changes a record's status and appends to its audit trail.
func (in *intake) setStatus(ctx context.Context, id, status string, a deadletter.Audit) error {
	for try := 0; try < 20; try++ {
		var rec deadletter.Record
		etag, found, err := in.app.Sidecar.GetState(ctx, step.DeadLetters, deadletter.Key(id), &rec)
		if err != nil {
			return err
		}
		if !found {
			return step.Permanentf("no dead letter %q", id)
		}
		a.At = time.Now().UTC().Format(time.RFC3339Nano)
		rec.Status, rec.Audit = status, append(rec.Audit, a)
		err = in.app.Sidecar.UpdateState(ctx, step.DeadLetters, deadletter.Key(id), etag, rec)
		if !errors.Is(err, step.ErrConflict) {
			return err
		}
	}
	return fmt.Errorf("update dead letter %s: %w", id, step.ErrConflict)
}
