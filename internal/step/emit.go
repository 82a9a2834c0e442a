package step

import (
	"context"
	"encoding/json"
	"fmt"
)

// A step that publishes its result first keeps it (emitted|<topic>|<file id> in its
// appstate), then publishes. At-least-once delivery can bring an event back after the
// step finished and the next steps consumed and cleaned up its input; such a late
// redelivery finds its input gone. Reemit tells it apart from a real loss: if the step's
// result is kept, it is published again (same event id: downstream drops it as a
// duplicate) and the delivery is done, instead of failing a finished file.

func emittedKey(topic, fileID string) string { return "emitted|" + topic + "|" + fileID }

// Emit keeps the result of a step for a file, then publishes it.
func (a *App) Emit(ctx context.Context, m Message, topic, fileID string, payload any) error {
	return a.EmitAfter(ctx, m, topic, fileID, payload, nil)
}

// EmitAfter is Emit for a step whose event points to output it writes first (a staged
// blob): the output and the kept result are written at the same time, then the event is
// published, so the hop waits for one round trip less. Keeping the result before its
// output exists is safe: if the output fails, so does the delivery, and its redelivery
// finds its input and does the work again; a kept result is only published again
// (Reemit) for a redelivery whose input is gone, which happens once the file is final.
// A nil write is Emit.
func (a *App) EmitAfter(ctx context.Context, m Message, topic, fileID string, payload any, write func(context.Context) error) error {
	wrote := make(chan error, 1)
	if write == nil {
		wrote <- nil
	} else {
		go func() { wrote <- write(ctx) }()
	}
	kept := a.Sidecar.markTTL(ctx, emittedKey(topic, fileID), payload, handledTTL)
	if err := <-wrote; err != nil {
		return err // the output's own error, as the step would have returned it
	}
	if kept != nil {
		return kept
	}
	return a.Sidecar.Publish(ctx, topic, fileID, m.TraceParent, payload)
}

// Reemit publishes again the kept result of the step for a file on the first of topics
// that has one; it reports whether it did.
func (a *App) Reemit(ctx context.Context, m Message, fileID string, topics ...string) (bool, error) {
	for _, topic := range topics {
		var kept json.RawMessage
		_, found, err := a.Sidecar.GetState(ctx, AppState, emittedKey(topic, fileID), &kept)
		if err != nil {
			return false, err
		}
		if found {
			if err := a.Sidecar.Publish(ctx, topic, fileID, m.TraceParent, kept); err != nil {
				return false, fmt.Errorf("publish %s of %s again: %w", topic, fileID, err)
			}
			a.Log.Info("late redelivery: result published again", "file_id", fileID, "event_id", m.ID,
				"topic", topic, "stage", a.Config.AppID, "outcome", "duplicate")
			return true, nil
		}
	}
	return false, nil
}
