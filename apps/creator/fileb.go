package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"time"

	"github.com/paychoreo/choreography/internal/pain001"
	"github.com/paychoreo/choreography/internal/payment"
	"github.com/paychoreo/choreography/internal/step"
)

// Exactly one File B per accepted file. The name is claimed in state first (first write
// wins), so two files can never write the same File B, and a redelivery of a finished
// file writes nothing. File B is then published in two writes: the document, then its
// trigger file "<name>.ok" with the file id and the document's sha256. Downstream
// systems take a File B only once its trigger exists (the usual convention of bank file
// transfer), so a crash in the middle of writing the document never exposes half a
// File B; the retry overwrites it.
type ownership struct {
	FileID string `json:"file_id"`
	Ready  bool   `json:"ready"` // document and trigger written
	// SHA256 is File B's, hashed as it was written: a redelivery announces it again
	// without reading File B.
	SHA256 string `json:"sha256,omitempty"`
}

type trigger struct {
	FileID    string `json:"file_id"`
	SHA256    string `json:"sha256"`
	Size      int    `json:"size"`
	CreatedAt string `json:"created_at"`
}

func ownerKey(name string) string    { return "fileb-owner|" + name }
func fileBKey(fileID string) string  { return "fileb|" + fileID }
func triggerName(name string) string { return name + ".ok" }

// own claims File B's name for the file (first write wins), or finds that it already
// holds it. The pointer from the file to the name is written first, so compensation
// finds every name a file may have claimed.
func (c *creator) own(ctx context.Context, fileID, name string) (ownership, error) {
	if err := c.app.Sidecar.PutStateTTL(ctx, step.AppState, fileBKey(fileID), name, step.KeepFor); err != nil {
		return ownership{}, err
	}
	mine := ownership{FileID: fileID}
	err := c.app.Sidecar.CreateState(ctx, step.AppState, ownerKey(name), mine)
	if err == nil || !errors.Is(err, step.ErrConflict) {
		return mine, err
	}
	var held ownership
	if _, found, err := c.app.Sidecar.GetState(ctx, step.AppState, ownerKey(name), &held); err != nil || !found {
		return held, errors.Join(err, errors.New("file b owner vanished after a conflict"))
	}
	if held.FileID != fileID {
		return held, step.Permanentf("file b %s belongs to file %s; %s may not overwrite it", name, held.FileID, fileID)
	}
	return held, nil
}

// write renders File B straight into the request that writes it (the creator never
// holds File B whole), hashing it on the way for the trigger and file.created; it
// returns that SHA-256.
func (c *creator) write(ctx context.Context, fileID, name string, b *payment.Batches, created time.Time) (string, error) {
	var sum pain001.Written
	var renderErr error
	rctx, end := step.Work(ctx, "render File B", fileID) // rendered as it streams to the sidecar
	err := c.app.Sidecar.PutBlobFrom(rctx, step.Outbox, name, func(w io.Writer) error {
		sum, renderErr = pain001.RenderSummed(w, b, created)
		return renderErr
	})
	end(err)
	if renderErr != nil { // Render checks everything first: nothing was written
		return "", step.Permanentf("render pain.001 for %s: %w", fileID, renderErr)
	}
	if err != nil {
		return "", err
	}
	t := trigger{FileID: fileID, SHA256: sum.SHA256, Size: int(sum.Size),
		CreatedAt: time.Now().UTC().Format(time.RFC3339)}
	tb, _ := json.Marshal(t)
	if err := c.app.Sidecar.PutBlob(ctx, step.Outbox, triggerName(name), tb); err != nil {
		return "", err
	}
	ready := ownership{FileID: fileID, Ready: true, SHA256: sum.SHA256}
	return sum.SHA256, c.app.Sidecar.PutState(ctx, step.AppState, ownerKey(name), ready)
}

// onFailed removes the File B of a file that failed for good, if this file claimed it:
// the trigger first, so that downstream stops seeing it, then the document, then the
// claim on the name so that a resubmission can write it.
func (c *creator) onFailed(ctx context.Context, m step.Message) error {
	ev, err := c.app.Failed(ctx, m)
	if err != nil {
		return err
	}
	var name string
	if _, found, err := c.app.Sidecar.GetState(ctx, step.AppState, fileBKey(ev.FileID), &name); err != nil || !found {
		return err
	}
	var held ownership
	etag, found, err := c.app.Sidecar.GetState(ctx, step.AppState, ownerKey(name), &held)
	if err != nil {
		return err
	}
	if found && held.FileID == ev.FileID {
		for _, n := range []string{triggerName(name), name} {
			if err := c.app.Sidecar.DeleteBlob(ctx, step.Outbox, n); err != nil {
				return err
			}
		}
		if err := c.app.Sidecar.DeleteStateIf(ctx, step.AppState, ownerKey(name), etag); err != nil && !errors.Is(err, step.ErrConflict) {
			return err
		}
	}
	if err := c.app.Sidecar.DeleteState(ctx, step.AppState, fileBKey(ev.FileID)); err != nil {
		return err
	}
	c.app.FileOutcome(m, ev.FileID, "compensated", "undone", "file b "+name)
	return nil
}
