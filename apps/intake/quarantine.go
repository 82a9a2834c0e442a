package main

import (
	"context"
	"encoding/json"
	"time"

	"github.com/paychoreo/choreography/internal/events"
	"github.com/paychoreo/choreography/internal/step"
)

// quarantineReason is written beside a compensated File A.
type quarantineReason struct {
	FileID       string `json:"file_id"`
	Blob         string `json:"blob"`
	Stage        string `json:"stage"`
	Topic        string `json:"topic"`
	Reason       string `json:"reason"`
	DeadLetterID string `json:"dead_letter_id"`
	At           string `json:"at"`
}

// onFailed is intake's part of compensation: File A leaves the inbox for
// quarantine/<file id>/ with reason.json, and its claim is released.
func (in *intake) onFailed(ctx context.Context, m step.Message) error {
	var ev events.Failed
	if err := m.Decode(&ev); err != nil {
		return err
	}
	why, _ := json.MarshalIndent(quarantineReason{FileID: ev.FileID, Blob: ev.Blob, Stage: ev.Stage, Topic: ev.Topic,
		Reason: ev.Reason, DeadLetterID: ev.DeadLetterID, At: time.Now().UTC().Format(time.RFC3339)}, "", "  ")
	if err := in.app.Sidecar.PutBlob(ctx, step.Quarantine, ev.FileID+"/reason.json", why); err != nil {
		return err
	}
	return in.release(ctx, m, ev.FileRef, step.Quarantine, "compensated")
}
