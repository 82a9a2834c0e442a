package main

import (
	"context"
	"slices"
	"time"

	"github.com/paychoreo/choreography/internal/deadletter"
	"github.com/paychoreo/choreography/internal/step"
)

// index adds a record id to the list of dead letters (step.Update).
func (in *intake) index(ctx context.Context, id string) error {
	_, err := step.Update(ctx, in.app.Sidecar, step.DeadLetters, deadletter.IndexKey, func(ids *[]string, _ bool) (step.Op, error) {
		if slices.Contains(*ids, id) {
			return step.Keep, nil
		}
		*ids = append(*ids, id)
		return step.Write, nil
	})
	return err
}

// setStatus changes a record's status and appends to its audit trail.
func (in *intake) setStatus(ctx context.Context, id, status string, a deadletter.Audit) error {
	_, err := step.Update(ctx, in.app.Sidecar, step.DeadLetters, deadletter.Key(id), func(rec *deadletter.Record, found bool) (step.Op, error) {
		if !found {
			return step.Keep, step.Permanentf("no dead letter %q", id)
		}
		a.At = time.Now().UTC().Format(time.RFC3339Nano)
		rec.Status, rec.Audit = status, append(rec.Audit, a)
		return step.Write, nil
	})
	return err
}
